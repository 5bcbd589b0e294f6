package svg

import (
	"fmt"
	"image"
	"strings"
)

// clipCoverage returns the coverage of the clip path cp for an element
// whose user space maps to device space by m and whose bounding box is bb.
// A nil mask with a nil error means everything is clipped away.
func (r *renderer) clipCoverage(cp *node, m matrix, bb rectF, bbOK bool, bounds image.Rectangle) (*image.Alpha, error) {
	if !r.enter(cp) {
		return nil, nil
	}
	defer r.leave(cp)
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	cm := m.mul(r.transformOf(cp))
	if strings.TrimSpace(cp.attr("clipPathUnits")) == "objectBoundingBox" {
		if !bbOK || bb.empty() {
			return nil, nil
		}
		cm = cm.mul(rectMatrix(bb))
	}
	base := r.d.styleOf(cp)
	var out *image.Alpha
	for _, c := range cp.children {
		if !displayed(c) {
			continue
		}
		st := r.d.cascade(base, c)
		if !st.visible {
			continue
		}
		shape := c
		childM := cm.mul(r.transformOf(c))
		if c.tag == "use" {
			t := r.useTarget(c)
			if t == nil || !isShape(t.tag) {
				continue
			}
			childM = childM.mul(translate(lengthAttr(c, "x", r.d.vbW, 0), lengthAttr(c, "y", r.d.vbH, 0))).mul(r.transformOf(t))
			shape = t
		}
		if !isShape(shape.tag) {
			continue
		}
		cov := r.ras.coverage(r.d.shapeGeometry(shape), childM, st.clipEvenOdd, bounds)
		if cov == nil {
			continue
		}
		if inner := r.reference(c, "clip-path", "clipPath"); inner != nil {
			ib, ibOK := r.bbox(c, identity, 0)
			ic, err := r.clipCoverage(inner, cm.mul(r.transformOf(c)), ib, ibOK, cov.Rect)
			if err != nil {
				return nil, err
			}
			if ic == nil {
				continue
			}
			cov = intersectMasks(cov, ic)
		}
		if out == nil {
			out = cov
			continue
		}
		if !cov.Rect.In(out.Rect) {
			grown := image.NewAlpha(out.Rect.Union(cov.Rect))
			unionInto(grown, out)
			out = grown
		}
		unionInto(out, cov)
	}
	if out == nil {
		return nil, nil
	}
	if outer := r.reference(cp, "clip-path", "clipPath"); outer != nil {
		oc, err := r.clipCoverage(outer, m, bb, bbOK, out.Rect)
		if err != nil || oc == nil {
			return nil, err
		}
		out = intersectMasks(out, oc)
	}
	return out, nil
}

// region returns the area of a mask or filter in the user space of the
// element that uses it. unitsAttr names its units attribute; the default
// units are objectBoundingBox and the default area is the bounding box
// grown by 10% on each side.
func (r *renderer) region(n *node, unitsAttr string, bb rectF, bbOK bool) (rectF, bool) {
	if strings.TrimSpace(n.attr(unitsAttr)) == "userSpaceOnUse" {
		vw, vh := r.d.vbW, r.d.vbH
		reg := rectF{
			lengthAttr(n, "x", vw, -0.1*vw), lengthAttr(n, "y", vh, -0.1*vh),
			lengthAttr(n, "width", vw, 1.2*vw), lengthAttr(n, "height", vh, 1.2*vh),
		}
		return reg, !reg.empty()
	}
	if !bbOK || bb.empty() {
		return rectF{}, false
	}
	reg := rectF{
		bb.x + fractionAttr(n, "x", -0.1)*bb.w, bb.y + fractionAttr(n, "y", -0.1)*bb.h,
		fractionAttr(n, "width", 1.2) * bb.w, fractionAttr(n, "height", 1.2) * bb.h,
	}
	return reg, !reg.empty()
}

// applyMask multiplies the layer by the mask mk: the luminance of the
// mask's content times its alpha (mask-type luminance, the default) or its
// alpha alone, within the mask region.
func (r *renderer) applyMask(layer *image.RGBA, mk *node, region rectF, m matrix, bb rectF, bbOK bool) error {
	if !r.enter(mk) {
		return nil
	}
	defer r.leave(mk)
	cov := r.ras.coverage(rectSegs(region), m, false, layer.Rect)
	if cov == nil {
		clear(layer.Pix)
		return nil
	}
	ml, err := r.newLayer(cov.Rect)
	if err != nil {
		return err
	}
	defer r.release(ml)
	cm := m
	if strings.TrimSpace(mk.attr("maskContentUnits")) == "objectBoundingBox" {
		if !bbOK || bb.empty() {
			clear(layer.Pix)
			return nil
		}
		cm = m.mul(rectMatrix(bb))
	}
	st := r.d.styleOf(mk)
	for _, c := range mk.children {
		if err := r.renderNode(ml, c, cm, st); err != nil {
			return err
		}
	}
	alphaOnly := strings.TrimSpace(mk.attr("mask-type")) == "alpha"
	for y := cov.Rect.Min.Y; y < cov.Rect.Max.Y; y++ {
		cv := cov.Pix[cov.PixOffset(cov.Rect.Min.X, y):][:cov.Rect.Dx()]
		px := ml.Pix[ml.PixOffset(cov.Rect.Min.X, y):][:4*cov.Rect.Dx()]
		for x := range cv {
			p := px[4*x : 4*x+4 : 4*x+4]
			var v float64
			switch {
			case alphaOnly:
				v = float64(p[3])
			case st.linearMask && p[3] > 0:
				a := float64(p[3])
				v = a * (0.2125*toLinear(float64(p[0])/a) + 0.7154*toLinear(float64(p[1])/a) + 0.0721*toLinear(float64(p[2])/a))
			default:
				// Luminance of premultiplied values is luminance × alpha.
				v = 0.2125*float64(p[0]) + 0.7154*float64(p[1]) + 0.0721*float64(p[2])
			}
			cv[x] = uint8(div255(uint32(cv[x]) * uint32(min(v+0.5, 255))))
		}
	}
	multiplyMask(layer, cov)
	return nil
}

// applyFilter runs the primitives of the filter f over the layer and
// clears what lies outside the filter region. feColorMatrix is drawn;
// other primitives pass their input through, with a warning.
func (r *renderer) applyFilter(layer *image.RGBA, f *node, region rectF, m matrix) error {
	source := cloneRGBA(layer)
	results := map[string]*image.RGBA{}
	prev := source
	primitives := 0
	for _, c := range f.children {
		if !strings.HasPrefix(c.tag, "fe") {
			continue
		}
		primitives++
		in := r.filterInput(c, source, prev, results)
		out := in
		switch c.tag {
		case "feColorMatrix":
			cm, ok := colorMatrixOf(c)
			if !ok {
				r.d.warn.once(fmt.Sprintf("invalid feColorMatrix %q ignored", short(c.attr("values"))))
			}
			out = cloneRGBA(in)
			applyColorMatrix(out, cm, r.d.styleOf(c).linearFilters)
		default:
			r.d.warn.once(fmt.Sprintf("unsupported filter primitive <%s> passed through", c.tag))
		}
		if res := strings.TrimSpace(c.attr("result")); res != "" {
			results[res] = out
		}
		prev = out
	}
	if primitives == 0 {
		// A filter without primitives leaves the element transparent.
		clear(layer.Pix)
		return nil
	}
	copy(layer.Pix, prev.Pix)
	if cov := r.ras.coverage(rectSegs(region), m, false, layer.Rect); cov != nil {
		multiplyMask(layer, cov)
	} else {
		clear(layer.Pix)
	}
	return nil
}

// filterInput resolves the in attribute of a primitive.
func (r *renderer) filterInput(c *node, source, prev *image.RGBA, results map[string]*image.RGBA) *image.RGBA {
	in := strings.TrimSpace(c.attr("in"))
	switch in {
	case "":
		return prev
	case "SourceGraphic":
		return source
	case "SourceAlpha":
		a := cloneRGBA(source)
		for i := 0; i < len(a.Pix); i += 4 {
			a.Pix[i], a.Pix[i+1], a.Pix[i+2] = 0, 0, 0
		}
		return a
	}
	if res, ok := results[in]; ok {
		return res
	}
	r.d.warn.once(fmt.Sprintf("unsupported filter input %q", short(in)))
	return prev
}

func cloneRGBA(src *image.RGBA) *image.RGBA {
	out := image.NewRGBA(src.Rect)
	for y := src.Rect.Min.Y; y < src.Rect.Max.Y; y++ {
		copy(out.Pix[out.PixOffset(src.Rect.Min.X, y):][:4*src.Rect.Dx()], src.Pix[src.PixOffset(src.Rect.Min.X, y):][:4*src.Rect.Dx()])
	}
	return out
}

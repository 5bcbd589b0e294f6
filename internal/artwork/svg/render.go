package svg

import (
	"context"
	"fmt"
	"image"
	"math"
	"strings"
)

// renderer draws one document once.
type renderer struct {
	ctx    context.Context
	d      *Document
	ras    rasterizer
	active map[*node]bool // references being drawn, against cycles

	// steps counts the nodes visited, up to maxSteps, against the
	// amplification of references (a <use> of a group of <use>s...).
	steps, maxSteps int
	// layerPix counts the pixels of the live layers, up to maxLayers.
	layerPix, maxLayers int64

	info     Info
	bestArea float64
}

func newRenderer(ctx context.Context, d *Document) *renderer {
	return &renderer{ctx: ctx, d: d, active: map[*node]bool{}, maxSteps: 8 * d.lim.MaxElements}
}

// renderRoot draws the root element; m maps the root viewport, in CSS
// pixels, to device pixels, and clip is the device area to draw.
func (r *renderer) renderRoot(dst *image.RGBA, clip image.Rectangle, m matrix) error {
	if clip.Empty() {
		return nil
	}
	target := dst.SubImage(clip).(*image.RGBA)
	r.maxLayers = 24*int64(clip.Dx())*int64(clip.Dy()) + 1<<20
	return r.renderNode(target, r.d.root, m, defaultStyle)
}

// renderable reports whether an element draws where it stands in the tree.
func renderable(tag string) bool {
	switch tag {
	case "svg", "g", "a", "switch", "path", "rect", "circle", "ellipse",
		"polygon", "polyline", "line", "image", "use":
		return true
	}
	return false
}

func isShape(tag string) bool {
	switch tag {
	case "path", "rect", "circle", "ellipse", "polygon", "polyline", "line":
		return true
	}
	return false
}

// transformOf returns n's transform attribute.
func (r *renderer) transformOf(n *node) matrix {
	s, ok := n.attrs["transform"]
	if !ok {
		return identity
	}
	m, ok := parseTransform(s)
	if !ok {
		r.d.warn.once(fmt.Sprintf("invalid transform %q ignored", short(s)))
	}
	return m
}

func displayed(n *node) bool { return strings.TrimSpace(n.attr("display")) != "none" }

// effects are the non-inherited properties that need an isolated layer.
type effects struct {
	opacity            float64
	clip, mask, filter *node
}

func (fx effects) isolated() bool { return fx.clip != nil || fx.mask != nil || fx.filter != nil }

func (r *renderer) effectsOf(n *node) effects {
	fx := effects{opacity: opacityAttr(n.attr("opacity"), 1)}
	fx.clip = r.reference(n, "clip-path", "clipPath")
	fx.mask = r.reference(n, "mask", "mask")
	fx.filter = r.reference(n, "filter", "filter")
	return fx
}

// reference resolves a url(#id) property to an element of the given tag.
// Broken references are ignored, as browsers do, with a warning.
func (r *renderer) reference(n *node, prop, tag string) *node {
	v := strings.TrimSpace(n.attr(prop))
	if v == "" || v == "none" {
		return nil
	}
	id, ok := refID(v)
	if !ok {
		r.d.warn.once(fmt.Sprintf("unsupported %s value %q ignored", prop, short(v)))
		return nil
	}
	t := r.d.ids[id]
	if t == nil || t.tag != tag {
		r.d.warn.once(fmt.Sprintf("%s reference #%s is not a <%s>, ignored", prop, short(id), tag))
		return nil
	}
	return t
}

// enter marks a referenced element as being drawn; it reports false on a
// reference cycle.
func (r *renderer) enter(n *node) bool {
	if r.active[n] {
		r.d.warn.once(fmt.Sprintf("reference cycle through <%s>", n.tag))
		return false
	}
	r.active[n] = true
	return true
}

func (r *renderer) leave(n *node) { delete(r.active, n) }

// renderNode draws n, whose parent's user space maps to device space by
// ctm, with the inherited style inh.
func (r *renderer) renderNode(dst *image.RGBA, n *node, ctm matrix, inh style) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if r.steps++; r.steps > r.maxSteps {
		return fmt.Errorf("%w: more than %d elements drawn", ErrLimit, r.maxSteps)
	}
	if !renderable(n.tag) || !displayed(n) {
		return nil
	}
	st := r.d.cascade(inh, n)
	m := ctm.mul(r.transformOf(n))
	if det := m.det(); det == 0 || !finite(det) {
		return nil
	}
	fx := r.effectsOf(n)
	if fx.opacity <= 0 {
		return nil
	}
	leaf := isShape(n.tag) || n.tag == "image"
	if !fx.isolated() && (fx.opacity >= 1 || leaf) {
		return r.paint(dst, n, m, st, fx.opacity)
	}
	return r.paintIsolated(dst, n, m, st, fx)
}

// paintIsolated draws n into a layer, applies its filter, clip path, mask
// and opacity, in that order, and composites the layer onto dst.
func (r *renderer) paintIsolated(dst *image.RGBA, n *node, m matrix, st style, fx effects) error {
	bounds := dst.Rect
	bb, bbOK := r.bbox(n, identity, 0)
	var clipCov *image.Alpha
	if fx.clip != nil {
		var err error
		clipCov, err = r.clipCoverage(fx.clip, m, bb, bbOK, bounds)
		if err != nil || clipCov == nil {
			return err
		}
		bounds = bounds.Intersect(clipCov.Rect)
	}
	var filterRegion, maskRegion rectF
	if fx.filter != nil {
		var ok bool
		if filterRegion, ok = r.region(fx.filter, "filterUnits", bb, bbOK); !ok {
			return nil
		}
		bounds = bounds.Intersect(pixelRect(bboxOf(filterRegion.corners(m))))
	}
	if fx.mask != nil {
		var ok bool
		if maskRegion, ok = r.region(fx.mask, "maskUnits", bb, bbOK); !ok {
			return nil
		}
		bounds = bounds.Intersect(pixelRect(bboxOf(maskRegion.corners(m))))
	}
	if bounds.Empty() {
		return nil
	}
	layer, err := r.newLayer(bounds)
	if err != nil {
		return err
	}
	defer r.release(layer)
	if err := r.paint(layer, n, m, st, 1); err != nil {
		return err
	}
	if fx.filter != nil {
		if err := r.applyFilter(layer, fx.filter, filterRegion, m); err != nil {
			return err
		}
	}
	if clipCov != nil {
		multiplyMask(layer, clipCov)
	}
	if fx.mask != nil {
		if err := r.applyMask(layer, fx.mask, maskRegion, m, bb, bbOK); err != nil {
			return err
		}
	}
	compositeOver(dst, layer, nil, alpha8(fx.opacity))
	return nil
}

func alpha8(v float64) uint32 { return uint32(min(max(v*255+0.5, 0), 255)) }

// paint draws the content of n in its user space, mapped by m, with
// opacity folded into its paint (for leaves) or 1.
func (r *renderer) paint(dst *image.RGBA, n *node, m matrix, st style, opacity float64) error {
	switch n.tag {
	case "g", "a":
		return r.paintChildren(dst, n, m, st)
	case "switch":
		for _, c := range n.children {
			if renderable(c.tag) && displayed(c) {
				return r.renderNode(dst, c, m, st)
			}
		}
		return nil
	case "svg":
		return r.paintViewport(dst, n, m, st)
	case "image":
		if !st.visible {
			return nil
		}
		return r.drawImage(dst, n, m, opacity)
	case "use":
		return r.paintUse(dst, n, m, st)
	}
	if isShape(n.tag) {
		r.fillShape(dst, n, m, st, opacity)
	}
	return nil
}

func (r *renderer) paintChildren(dst *image.RGBA, n *node, m matrix, st style) error {
	for _, c := range n.children {
		if err := r.renderNode(dst, c, m, st); err != nil {
			return err
		}
	}
	return nil
}

// viewportOf returns the viewport of an <svg> element in its parent's user
// space and the transform from its content to that space.
func (r *renderer) viewportOf(n *node) (rectF, matrix) {
	var vp rectF
	if n == r.d.root {
		vp = rectF{0, 0, r.d.Width, r.d.Height}
	} else {
		vp = rectF{
			lengthAttr(n, "x", r.d.vbW, 0), lengthAttr(n, "y", r.d.vbH, 0),
			lengthAttr(n, "width", r.d.vbW, r.d.vbW), lengthAttr(n, "height", r.d.vbH, r.d.vbH),
		}
	}
	if vb, ok := parseViewBox(n.attr("viewBox")); ok {
		return vp, parseAspect(n.attr("preserveAspectRatio")).fit(vb, vp.x, vp.y, vp.w, vp.h)
	}
	return vp, translate(vp.x, vp.y)
}

// paintViewport draws an <svg> element: its content fitted into its
// viewport, clipped to it unless overflow is visible. The root's viewport
// clip is the render rectangle itself.
func (r *renderer) paintViewport(dst *image.RGBA, n *node, m matrix, st style) error {
	vp, content := r.viewportOf(n)
	cm := m.mul(content)
	ov := strings.TrimSpace(n.attr("overflow"))
	if n == r.d.root || ov == "visible" || ov == "auto" {
		return r.paintChildren(dst, n, cm, st)
	}
	if vp.empty() {
		return nil
	}
	cov := r.ras.coverage(rectSegs(vp), m, false, dst.Rect)
	if cov == nil {
		return nil
	}
	layer, err := r.newLayer(cov.Rect)
	if err != nil {
		return err
	}
	defer r.release(layer)
	if err := r.paintChildren(layer, n, cm, st); err != nil {
		return err
	}
	compositeOver(dst, layer, cov, 255)
	return nil
}

// paintUse draws the element a <use> references, translated by x and y.
func (r *renderer) paintUse(dst *image.RGBA, n *node, m matrix, st style) error {
	t := r.useTarget(n)
	if t == nil || !r.enter(t) {
		return nil
	}
	defer r.leave(t)
	m = m.mul(translate(lengthAttr(n, "x", r.d.vbW, 0), lengthAttr(n, "y", r.d.vbH, 0)))
	if t.tag == "symbol" {
		return r.paintChildren(dst, t, m.mul(r.transformOf(t)), r.d.cascade(st, t))
	}
	return r.renderNode(dst, t, m, st)
}

func (r *renderer) useTarget(n *node) *node {
	href := n.attr("href")
	id, ok := refID(href)
	if !ok {
		r.d.warn.once("<use> of an external resource ignored")
		return nil
	}
	t := r.d.ids[id]
	if t == nil {
		r.d.warn.once(fmt.Sprintf("<use> reference #%s not found", short(id)))
	}
	return t
}

// fillShape fills a shape element.
func (r *renderer) fillShape(dst *image.RGBA, n *node, m matrix, st style, opacity float64) {
	if !st.visible {
		return
	}
	c, ok := r.resolvePaint(st)
	if !ok {
		return
	}
	cov := r.ras.coverage(r.d.shapeGeometry(n), m, st.evenOdd, dst.Rect)
	if cov == nil {
		return
	}
	fillCoverage(dst, cov, c.premul(st.fillOpacity*opacity))
}

// resolvePaint returns the colour of the fill, ok false for none.
func (r *renderer) resolvePaint(st style) (rgba, bool) {
	p := st.fill
	switch p.kind {
	case paintColor:
		return p.color, p.color.a > 0
	case paintCurrent:
		return st.color, st.color.a > 0
	case paintRef:
		if t := r.d.ids[p.ref]; t != nil && (t.tag == "linearGradient" || t.tag == "radialGradient") {
			if c, ok := r.gradientColor(t); ok {
				r.d.warn.once("gradient drawn as a flat colour")
				return c, true
			}
		}
		if p.fallback != nil {
			return r.resolvePaint(style{fill: *p.fallback, color: st.color})
		}
		r.d.warn.once(fmt.Sprintf("unsupported paint url(#%s) drawn as none", short(p.ref)))
	}
	return rgba{}, false
}

// gradientColor averages the stops of a gradient, following one href to
// the gradient that holds them.
func (r *renderer) gradientColor(g *node) (rgba, bool) {
	for range 2 {
		var sum rgba
		n := 0
		for _, s := range g.children {
			if s.tag != "stop" {
				continue
			}
			c, ok := parseColor(s.attr("stop-color"))
			if !ok {
				c = rgba{a: 1}
			}
			a := c.a * opacityAttr(s.attr("stop-opacity"), 1)
			sum = rgba{sum.r + c.r*a, sum.g + c.g*a, sum.b + c.b*a, sum.a + a}
			n++
		}
		if n > 0 {
			if sum.a == 0 {
				return rgba{}, false
			}
			return rgba{sum.r / sum.a, sum.g / sum.a, sum.b / sum.a, sum.a / float64(n)}, true
		}
		id, ok := refID(g.attr("href"))
		if !ok || r.d.ids[id] == nil {
			break
		}
		g = r.d.ids[id]
	}
	return rgba{}, false
}

// newLayer allocates a transparent layer, within the renderer's budget.
func (r *renderer) newLayer(b image.Rectangle) (*image.RGBA, error) {
	px := int64(b.Dx()) * int64(b.Dy())
	if r.layerPix+px > r.maxLayers {
		return nil, fmt.Errorf("%w: too many nested layers", ErrLimit)
	}
	r.layerPix += px
	return image.NewRGBA(b), nil
}

func (r *renderer) release(l *image.RGBA) {
	r.layerPix -= int64(l.Rect.Dx()) * int64(l.Rect.Dy())
}

// rectSegs returns the outline of a rectangle.
func rectSegs(v rectF) []seg {
	return rectPath(v.x, v.y, v.w, v.h, 0, 0, false, false)
}

// bbox returns the bounding box of n's geometry under m (n's own
// transform excluded), ok false when n has none.
func (r *renderer) bbox(n *node, m matrix, depth int) (rectF, bool) {
	// Counted like drawing, against reference amplification; the next
	// renderNode reports the limit.
	if r.steps++; depth > r.d.lim.MaxDepth || r.steps > r.maxSteps {
		return rectF{}, false
	}
	switch {
	case isShape(n.tag):
		return segsBBox(r.d.shapeGeometry(n), m)
	case n.tag == "image":
		vp := imageViewport(n, r.d)
		return bboxOf(vp.corners(m)), true
	case n.tag == "use":
		t := r.useTarget(n)
		if t == nil || !r.enter(t) {
			return rectF{}, false
		}
		defer r.leave(t)
		m = m.mul(translate(lengthAttr(n, "x", r.d.vbW, 0), lengthAttr(n, "y", r.d.vbH, 0)))
		return r.bbox(t, m.mul(r.transformOf(t)), depth+1)
	case n.tag == "svg" && n != r.d.root:
		_, content := r.viewportOf(n)
		m = m.mul(content)
	}
	var out rectF
	found := false
	for _, c := range n.children {
		if !renderable(c.tag) || !displayed(c) {
			continue
		}
		b, ok := r.bbox(c, m.mul(r.transformOf(c)), depth+1)
		if !ok {
			continue
		}
		if !found {
			out, found = b, true
			continue
		}
		x0, y0 := math.Min(out.x, b.x), math.Min(out.y, b.y)
		x1, y1 := math.Max(out.x+out.w, b.x+b.w), math.Max(out.y+out.h, b.y+b.h)
		out = rectF{x0, y0, x1 - x0, y1 - y0}
	}
	return out, found
}

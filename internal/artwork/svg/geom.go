package svg

import "math"

// kappa places the control points of a cubic quarter circle.
const kappa = 0.5522847498307936

// shapeGeometry returns the geometry of a shape element in its user space,
// computing it once. Percentages resolve against the root viewBox.
func (d *Document) shapeGeometry(n *node) []seg {
	if n.geomDone {
		return n.geom
	}
	n.geomDone = true
	vw, vh := d.vbW, d.vbH
	diag := math.Hypot(vw, vh) / math.Sqrt2
	switch n.tag {
	case "path":
		segs, ok := parsePath(n.attr("d"))
		if !ok {
			d.warn.add("invalid path data (drawn up to the error)")
		}
		n.geom = segs
	case "rect":
		x, y := lengthAttr(n, "x", vw, 0), lengthAttr(n, "y", vh, 0)
		w, h := lengthAttr(n, "width", vw, 0), lengthAttr(n, "height", vh, 0)
		rx, rxok := parseLength(n.attr("rx"))
		ry, ryok := parseLength(n.attr("ry"))
		n.geom = rectPath(x, y, w, h, rx.resolve(vw), ry.resolve(vh), rxok, ryok)
	case "circle":
		r := lengthAttr(n, "r", diag, 0)
		n.geom = ellipsePath(lengthAttr(n, "cx", vw, 0), lengthAttr(n, "cy", vh, 0), r, r)
	case "ellipse":
		n.geom = ellipsePath(lengthAttr(n, "cx", vw, 0), lengthAttr(n, "cy", vh, 0),
			lengthAttr(n, "rx", vw, 0), lengthAttr(n, "ry", vh, 0))
	case "polygon", "polyline":
		v := parseNumbers(n.attr("points"))
		for i := 0; i+1 < len(v); i += 2 {
			op := byte('L')
			if i == 0 {
				op = 'M'
			}
			n.geom = append(n.geom, seg{op: op, p: [3]pt{{v[i], v[i+1]}}})
		}
		if n.tag == "polygon" && len(n.geom) > 0 {
			n.geom = append(n.geom, seg{op: 'Z'})
		}
	}
	return n.geom
}

func rectPath(x, y, w, h, rx, ry float64, rxok, ryok bool) []seg {
	if !(w > 0 && h > 0) {
		return nil
	}
	switch {
	case rxok && !ryok:
		ry = rx
	case ryok && !rxok:
		rx = ry
	}
	rx, ry = min(max(rx, 0), w/2), min(max(ry, 0), h/2)
	if rx == 0 || ry == 0 {
		return []seg{
			{op: 'M', p: [3]pt{{x, y}}}, {op: 'L', p: [3]pt{{x + w, y}}},
			{op: 'L', p: [3]pt{{x + w, y + h}}}, {op: 'L', p: [3]pt{{x, y + h}}}, {op: 'Z'},
		}
	}
	kx, ky := rx*kappa, ry*kappa
	r, b := x+w, y+h
	return []seg{
		{op: 'M', p: [3]pt{{x + rx, y}}},
		{op: 'L', p: [3]pt{{r - rx, y}}},
		{op: 'C', p: [3]pt{{r - rx + kx, y}, {r, y + ry - ky}, {r, y + ry}}},
		{op: 'L', p: [3]pt{{r, b - ry}}},
		{op: 'C', p: [3]pt{{r, b - ry + ky}, {r - rx + kx, b}, {r - rx, b}}},
		{op: 'L', p: [3]pt{{x + rx, b}}},
		{op: 'C', p: [3]pt{{x + rx - kx, b}, {x, b - ry + ky}, {x, b - ry}}},
		{op: 'L', p: [3]pt{{x, y + ry}}},
		{op: 'C', p: [3]pt{{x, y + ry - ky}, {x + rx - kx, y}, {x + rx, y}}},
		{op: 'Z'},
	}
}

func ellipsePath(cx, cy, rx, ry float64) []seg {
	if !(rx > 0 && ry > 0) {
		return nil
	}
	kx, ky := rx*kappa, ry*kappa
	return []seg{
		{op: 'M', p: [3]pt{{cx + rx, cy}}},
		{op: 'C', p: [3]pt{{cx + rx, cy + ky}, {cx + kx, cy + ry}, {cx, cy + ry}}},
		{op: 'C', p: [3]pt{{cx - kx, cy + ry}, {cx - rx, cy + ky}, {cx - rx, cy}}},
		{op: 'C', p: [3]pt{{cx - rx, cy - ky}, {cx - kx, cy - ry}, {cx, cy - ry}}},
		{op: 'C', p: [3]pt{{cx + kx, cy - ry}, {cx + rx, cy - ky}, {cx + rx, cy}}},
		{op: 'Z'},
	}
}

// segsBBox returns the exact bounding box of the path under m: curves
// count by their extrema, not their control points.
func segsBBox(segs []seg, m matrix) (rectF, bool) {
	var pts []pt
	var cur pt
	for _, s := range segs {
		switch s.op {
		case 'M', 'L':
			cur = m.apply(s.p[0])
			pts = append(pts, cur)
		case 'Q':
			c, p := m.apply(s.p[0]), m.apply(s.p[1])
			// A quadratic is a cubic with control points 2/3 of the way.
			c1 := pt{cur.x + 2.0/3*(c.x-cur.x), cur.y + 2.0/3*(c.y-cur.y)}
			c2 := pt{p.x + 2.0/3*(c.x-p.x), p.y + 2.0/3*(c.y-p.y)}
			pts = cubicExtrema(pts, cur, c1, c2, p)
			cur = p
		case 'C':
			c1, c2, p := m.apply(s.p[0]), m.apply(s.p[1]), m.apply(s.p[2])
			pts = cubicExtrema(pts, cur, c1, c2, p)
			cur = p
		}
	}
	if len(pts) == 0 {
		return rectF{}, false
	}
	return bboxOf(pts), true
}

// cubicExtrema appends the end point of the cubic and its points where
// either coordinate's derivative vanishes.
func cubicExtrema(pts []pt, p0, p1, p2, p3 pt) []pt {
	pts = append(pts, p3)
	at := func(t float64) pt {
		u := 1 - t
		return pt{
			u*u*u*p0.x + 3*u*u*t*p1.x + 3*u*t*t*p2.x + t*t*t*p3.x,
			u*u*u*p0.y + 3*u*u*t*p1.y + 3*u*t*t*p2.y + t*t*t*p3.y,
		}
	}
	for _, c := range [2][4]float64{{p0.x, p1.x, p2.x, p3.x}, {p0.y, p1.y, p2.y, p3.y}} {
		// Derivative / 3: a·t² + b·t + k.
		a := -c[0] + 3*c[1] - 3*c[2] + c[3]
		b := 2 * (c[0] - 2*c[1] + c[2])
		k := c[1] - c[0]
		for _, t := range quadRoots(a, b, k) {
			if t > 0 && t < 1 {
				pts = append(pts, at(t))
			}
		}
	}
	return pts
}

func quadRoots(a, b, c float64) []float64 {
	if math.Abs(a) < 1e-12 {
		if math.Abs(b) < 1e-12 {
			return nil
		}
		return []float64{-c / b}
	}
	disc := b*b - 4*a*c
	if disc < 0 {
		return nil
	}
	s := math.Sqrt(disc)
	return []float64{(-b + s) / (2 * a), (-b - s) / (2 * a)}
}

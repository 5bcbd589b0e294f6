package svg

import (
	"math"
	"strings"

	"golang.org/x/image/math/f64"
)

// matrix is an affine transform: x' = a·x + c·y + e, y' = b·x + d·y + f.
type matrix struct{ a, b, c, d, e, f float64 }

var identity = matrix{a: 1, d: 1}

// mul returns m·n: n applies first, then m.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		a: m.a*n.a + m.c*n.b,
		b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d,
		d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e,
		f: m.b*n.e + m.d*n.f + m.f,
	}
}

func (m matrix) apply(p pt) pt {
	return pt{m.a*p.x + m.c*p.y + m.e, m.b*p.x + m.d*p.y + m.f}
}

func (m matrix) det() float64 { return m.a*m.d - m.b*m.c }

// scales returns the lengths of the images of the unit x and y vectors.
func (m matrix) scales() (sx, sy float64) {
	return math.Hypot(m.a, m.b), math.Hypot(m.c, m.d)
}

func (m matrix) aff3() f64.Aff3 { return f64.Aff3{m.a, m.c, m.e, m.b, m.d, m.f} }

func translate(x, y float64) matrix { return matrix{a: 1, d: 1, e: x, f: y} }

func scale(x, y float64) matrix { return matrix{a: x, d: y} }

// rectMatrix maps the unit square onto the rectangle r.
func rectMatrix(r rectF) matrix { return matrix{a: r.w, d: r.h, e: r.x, f: r.y} }

// parseTransform reads a transform list. ok is false for an invalid list,
// which the caller ignores as a whole, as browsers do.
func parseTransform(s string) (matrix, bool) {
	m := identity
	sc := scanner{s: s}
	for {
		sc.skipSep()
		if sc.done() {
			return m, true
		}
		start := sc.i
		for sc.i < len(sc.s) && (sc.s[sc.i] >= 'a' && sc.s[sc.i] <= 'z' || sc.s[sc.i] >= 'A' && sc.s[sc.i] <= 'Z') {
			sc.i++
		}
		name := sc.s[start:sc.i]
		sc.skipSpace()
		if sc.done() || sc.s[sc.i] != '(' {
			return identity, false
		}
		sc.i++
		var args []float64
		for {
			sc.skipSep()
			if sc.done() {
				return identity, false
			}
			if sc.s[sc.i] == ')' {
				sc.i++
				break
			}
			v, ok := sc.number()
			if !ok || len(args) == 6 {
				return identity, false
			}
			args = append(args, v)
		}
		t, ok := transformFunc(strings.TrimSpace(name), args)
		if !ok {
			return identity, false
		}
		m = m.mul(t)
	}
}

func transformFunc(name string, a []float64) (matrix, bool) {
	switch {
	case name == "matrix" && len(a) == 6:
		return matrix{a[0], a[1], a[2], a[3], a[4], a[5]}, true
	case name == "translate" && len(a) == 1:
		return translate(a[0], 0), true
	case name == "translate" && len(a) == 2:
		return translate(a[0], a[1]), true
	case name == "scale" && len(a) == 1:
		return scale(a[0], a[0]), true
	case name == "scale" && len(a) == 2:
		return scale(a[0], a[1]), true
	case name == "rotate" && (len(a) == 1 || len(a) == 3):
		s, c := math.Sincos(a[0] * math.Pi / 180)
		r := matrix{a: c, b: s, c: -s, d: c}
		if len(a) == 3 {
			r = translate(a[1], a[2]).mul(r).mul(translate(-a[1], -a[2]))
		}
		return r, true
	case name == "skewX" && len(a) == 1:
		return matrix{a: 1, c: math.Tan(a[0] * math.Pi / 180), d: 1}, true
	case name == "skewY" && len(a) == 1:
		return matrix{a: 1, b: math.Tan(a[0] * math.Pi / 180), d: 1}, true
	}
	return identity, false
}

// pt is a point.
type pt struct{ x, y float64 }

// rectF is a rectangle in user or device units.
type rectF struct{ x, y, w, h float64 }

func (r rectF) empty() bool { return !(r.w > 0 && r.h > 0) }

// bboxOf returns the bounding box of the points.
func bboxOf(pts []pt) rectF {
	if len(pts) == 0 {
		return rectF{}
	}
	x0, y0, x1, y1 := pts[0].x, pts[0].y, pts[0].x, pts[0].y
	for _, p := range pts[1:] {
		x0, y0 = min(x0, p.x), min(y0, p.y)
		x1, y1 = max(x1, p.x), max(y1, p.y)
	}
	return rectF{x0, y0, x1 - x0, y1 - y0}
}

// corners returns the four corners of r under m.
func (r rectF) corners(m matrix) []pt {
	return []pt{
		m.apply(pt{r.x, r.y}), m.apply(pt{r.x + r.w, r.y}),
		m.apply(pt{r.x + r.w, r.y + r.h}), m.apply(pt{r.x, r.y + r.h}),
	}
}

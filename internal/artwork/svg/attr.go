package svg

import (
	"strconv"
	"strings"
)

// length is a parsed <length> or <percentage>.
type length struct {
	v       float64 // in user units, or a fraction when percent
	percent bool
}

// parseLength reads a number with an optional absolute unit or %.
func parseLength(s string) (length, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return length{}, false
	}
	if strings.HasSuffix(s, "%") {
		v, err := strconv.ParseFloat(strings.TrimSpace(s[:len(s)-1]), 64)
		if err != nil || !finite(v) {
			return length{}, false
		}
		return length{v: v / 100, percent: true}, true
	}
	unit := 1.0
	for _, u := range []struct {
		suffix string
		px     float64
	}{{"px", 1}, {"pt", 4.0 / 3}, {"pc", 16}, {"mm", 96 / 25.4}, {"cm", 96 / 2.54}, {"in", 96}, {"em", 16}, {"ex", 8}} {
		if strings.HasSuffix(s, u.suffix) {
			s, unit = strings.TrimSpace(s[:len(s)-len(u.suffix)]), u.px
			break
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !finite(v) {
		return length{}, false
	}
	return length{v: v * unit}, true
}

// resolve turns a length into user units; percentages are of ref.
func (l length) resolve(ref float64) float64 {
	if l.percent {
		return l.v * ref
	}
	return l.v
}

// lengthAttr reads a length attribute of n, resolved against ref, or def
// when it is absent or invalid.
func lengthAttr(n *node, name string, ref, def float64) float64 {
	l, ok := parseLength(n.attr(name))
	if !ok {
		return def
	}
	return l.resolve(ref)
}

// fractionAttr reads an objectBoundingBox coordinate: a number or a
// percentage, both as a fraction of the box.
func fractionAttr(n *node, name string, def float64) float64 {
	l, ok := parseLength(n.attr(name))
	if !ok {
		return def
	}
	return l.v
}

// numberAttr reads a plain number attribute.
func numberAttr(n *node, name string, def float64) float64 {
	v, err := strconv.ParseFloat(strings.TrimSpace(n.attr(name)), 64)
	if err != nil || !finite(v) {
		return def
	}
	return v
}

// opacityAttr reads an opacity: a number or percentage clamped to [0, 1].
func opacityAttr(s string, def float64) float64 {
	l, ok := parseLength(s)
	if !ok {
		return def
	}
	return min(max(l.v, 0), 1)
}

// parseNumbers reads a list of numbers separated by white space and/or
// commas; it stops at the first invalid token.
func parseNumbers(s string) []float64 {
	var out []float64
	sc := scanner{s: s}
	for {
		sc.skipSep()
		if sc.done() {
			return out
		}
		v, ok := sc.number()
		if !ok {
			return out
		}
		out = append(out, v)
	}
}

type viewBox struct{ x, y, w, h float64 }

func parseViewBox(s string) (viewBox, bool) {
	v := parseNumbers(s)
	if len(v) != 4 || !(v[2] > 0) || !(v[3] > 0) {
		return viewBox{}, false
	}
	return viewBox{v[0], v[1], v[2], v[3]}, true
}

// aspect is a parsed preserveAspectRatio.
type aspect struct {
	none  bool
	ax    float64 // 0 (min), 0.5 (mid) or 1 (max)
	ay    float64
	slice bool
}

func parseAspect(s string) aspect {
	a := aspect{ax: 0.5, ay: 0.5}
	f := strings.Fields(s)
	if len(f) > 0 && f[0] == "defer" {
		f = f[1:]
	}
	if len(f) == 0 {
		return a
	}
	if f[0] == "none" {
		a.none = true
		return a
	}
	if len(f[0]) == 8 {
		pos := map[string]float64{"Min": 0, "Mid": 0.5, "Max": 1}
		x, xok := pos[f[0][1:4]]
		y, yok := pos[f[0][5:8]]
		if xok && yok && f[0][0] == 'x' && f[0][4] == 'Y' {
			a.ax, a.ay = x, y
		}
	}
	if len(f) > 1 && f[1] == "slice" {
		a.slice = true
	}
	return a
}

// fit returns the transform that maps the box vb into the viewport
// (x, y, w, h) following a.
func (a aspect) fit(vb viewBox, x, y, w, h float64) matrix {
	sx, sy := w/vb.w, h/vb.h
	if !a.none {
		s := min(sx, sy)
		if a.slice {
			s = max(sx, sy)
		}
		sx, sy = s, s
	}
	tx := x - vb.x*sx
	ty := y - vb.y*sy
	if !a.none {
		tx += (w - vb.w*sx) * a.ax
		ty += (h - vb.h*sy) * a.ay
	}
	return matrix{a: sx, d: sy, e: tx, f: ty}
}

// refID returns the id in "url(#id)" or "#id".
func refID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "url(") {
		end := strings.IndexByte(s, ')')
		if end < 0 {
			return "", false
		}
		s = strings.Trim(strings.TrimSpace(s[4:end]), `'"`)
	}
	if len(s) < 2 || s[0] != '#' {
		return "", false
	}
	return s[1:], true
}

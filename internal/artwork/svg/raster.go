package svg

import (
	"image"
	"image/draw"
	"math"

	"golang.org/x/image/vector"
)

// flattenTolerance is the largest distance, in device pixels, between a
// curve and the lines that replace it.
const flattenTolerance = 0.2

// maxCurvePieces bounds the lines one curve is cut into.
const maxCurvePieces = 512

// line is a segment in device space.
type line struct{ x0, y0, x1, y1 float64 }

// rasterizer turns paths into coverage masks with x/image/vector.
type rasterizer struct {
	z     vector.Rasterizer
	lines []line
	subs  []int // start index in lines of each subpath
}

// coverage returns the coverage of the path filled under m, within bounds,
// or nil when nothing is covered. The even-odd rule is computed per
// subpath: the coverages of the subpaths, each filled with the non-zero
// rule, are combined with exclusive or.
func (r *rasterizer) coverage(segs []seg, m matrix, evenOdd bool, bounds image.Rectangle) *image.Alpha {
	r.flatten(segs, m)
	if len(r.lines) == 0 {
		return nil
	}
	rect := r.linesBounds(0, len(r.lines)).Intersect(bounds)
	if rect.Empty() {
		return nil
	}
	if !evenOdd || len(r.subs) == 1 {
		return r.fill(rect, 0, len(r.lines))
	}
	var out *image.Alpha
	for i, start := range r.subs {
		end := len(r.lines)
		if i+1 < len(r.subs) {
			end = r.subs[i+1]
		}
		sr := r.linesBounds(start, end).Intersect(rect)
		if sr.Empty() {
			continue
		}
		a := r.fill(sr, start, end)
		if out == nil {
			out = image.NewAlpha(rect)
		}
		for y := sr.Min.Y; y < sr.Max.Y; y++ {
			src := a.Pix[a.PixOffset(sr.Min.X, y):][:sr.Dx()]
			dst := out.Pix[out.PixOffset(sr.Min.X, y):][:sr.Dx()]
			for x, s := range src {
				d := uint32(dst[x])
				v := uint32(s)
				dst[x] = uint8(d + v - 2*div255(d*v))
			}
		}
	}
	return out
}

// fill rasterises lines[start:end] with the non-zero rule into a new mask
// covering rect.
func (r *rasterizer) fill(rect image.Rectangle, start, end int) *image.Alpha {
	w, h := rect.Dx(), rect.Dy()
	r.z.Reset(w, h)
	fw, fh := float64(w), float64(h)
	ox, oy := float64(rect.Min.X), float64(rect.Min.Y)
	for _, l := range r.lines[start:end] {
		r.addLine(l.x0-ox, l.y0-oy, l.x1-ox, l.y1-oy, fw, fh)
	}
	out := image.NewAlpha(image.Rect(0, 0, w, h))
	r.z.DrawOp = draw.Src
	r.z.Draw(out, out.Bounds(), image.Opaque, image.Point{})
	out.Rect = rect
	return out
}

// addLine feeds one line to the rasterizer, clipped to the rows [0, h]
// and with x clamped to [0, w]. Parts above or below the mask change no
// pixel; parts left or right of it act as if they lay on its edge, which
// is what clamping after splitting at x = 0 and x = w gives. This keeps
// the rasterizer's fixed-point arithmetic in range for any input.
func (r *rasterizer) addLine(x0, y0, x1, y1, w, h float64) {
	dy := y1 - y0
	if dy == 0 {
		return
	}
	ta, tb := -y0/dy, (h-y0)/dy
	t0, t1 := max(0, min(ta, tb)), min(1, max(ta, tb))
	if !(t0 < t1) {
		return
	}
	dx := x1 - x0
	ts := [4]float64{t0, 0, 0, t1}
	n := 1
	if dx != 0 {
		for _, edge := range [2]float64{0, w} {
			if t := (edge - x0) / dx; t > t0 && t < t1 {
				ts[n] = t
				n++
			}
		}
		if n == 3 && ts[1] > ts[2] {
			ts[1], ts[2] = ts[2], ts[1]
		}
	}
	ts[n] = t1
	at := func(t float64) (float32, float32) {
		x := min(max(x0+t*dx, 0), w)
		y := min(max(y0+t*dy, 0), h)
		return float32(x), float32(y)
	}
	for i := 0; i < n; i++ {
		ax, ay := at(ts[i])
		bx, by := at(ts[i+1])
		r.z.MoveTo(ax, ay)
		r.z.LineTo(bx, by)
	}
}

// flatten transforms the path by m and cuts it into closed polygons of
// lines, one subpath each. Non-finite points drop their segments.
func (r *rasterizer) flatten(segs []seg, m matrix) {
	r.lines = r.lines[:0]
	r.subs = r.subs[:0]
	var cur, start pt
	open := false
	closeSub := func() {
		if open && cur != start {
			r.add(cur, start)
		}
		open = false
		cur = start
	}
	for _, s := range segs {
		switch s.op {
		case 'M':
			closeSub()
			start = m.apply(s.p[0])
			cur = start
		case 'Z':
			closeSub()
			continue
		}
		if !open {
			r.subs = append(r.subs, len(r.lines))
			open = true
		}
		switch s.op {
		case 'L':
			p := m.apply(s.p[0])
			r.add(cur, p)
			cur = p
		case 'Q':
			c, p := m.apply(s.p[0]), m.apply(s.p[1])
			dd := math.Hypot(cur.x-2*c.x+p.x, cur.y-2*c.y+p.y)
			n := pieces(0.25 * dd)
			prev := cur
			for i := 1; i <= n; i++ {
				t := float64(i) / float64(n)
				u := 1 - t
				q := pt{u*u*cur.x + 2*u*t*c.x + t*t*p.x, u*u*cur.y + 2*u*t*c.y + t*t*p.y}
				if i == n {
					q = p
				}
				r.add(prev, q)
				prev = q
			}
			cur = p
		case 'C':
			c1, c2, p := m.apply(s.p[0]), m.apply(s.p[1]), m.apply(s.p[2])
			dd := max(math.Hypot(cur.x-2*c1.x+c2.x, cur.y-2*c1.y+c2.y),
				math.Hypot(c1.x-2*c2.x+p.x, c1.y-2*c2.y+p.y))
			n := pieces(0.75 * dd)
			prev := cur
			for i := 1; i <= n; i++ {
				t := float64(i) / float64(n)
				u := 1 - t
				q := pt{
					u*u*u*cur.x + 3*u*u*t*c1.x + 3*u*t*t*c2.x + t*t*t*p.x,
					u*u*u*cur.y + 3*u*u*t*c1.y + 3*u*t*t*c2.y + t*t*t*p.y,
				}
				if i == n {
					q = p
				}
				r.add(prev, q)
				prev = q
			}
			cur = p
		}
	}
	closeSub()
	// Drop subpaths left without lines.
	subs := r.subs[:0]
	for i, s := range r.subs {
		end := len(r.lines)
		if i+1 < len(r.subs) {
			end = r.subs[i+1]
		}
		if end > s {
			subs = append(subs, s)
		}
	}
	r.subs = subs
}

// pieces returns how many lines a curve needs (Wang's formula), given its
// scaled second difference.
func pieces(dd float64) int {
	n := math.Ceil(math.Sqrt(dd / flattenTolerance))
	if !(n >= 1) {
		return 1
	}
	return int(min(n, maxCurvePieces))
}

func (r *rasterizer) add(a, b pt) {
	if !finite(a.x) || !finite(a.y) || !finite(b.x) || !finite(b.y) || a == b {
		return
	}
	r.lines = append(r.lines, line{a.x, a.y, b.x, b.y})
}

// linesBounds returns the pixels touched by lines[start:end].
func (r *rasterizer) linesBounds(start, end int) image.Rectangle {
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, l := range r.lines[start:end] {
		x0, x1 = min(x0, l.x0, l.x1), max(x1, l.x0, l.x1)
		y0, y1 = min(y0, l.y0, l.y1), max(y1, l.y0, l.y1)
	}
	return pixelRect(rectF{x0, y0, x1 - x0, y1 - y0})
}

// pixelRect returns the pixels that r touches, clamped to a range that
// image.Rectangle arithmetic cannot overflow.
func pixelRect(r rectF) image.Rectangle {
	const lim = 1 << 24
	c := func(v float64) int {
		if math.IsNaN(v) {
			return 0
		}
		return int(min(max(v, -lim), lim))
	}
	return image.Rect(c(math.Floor(r.x)), c(math.Floor(r.y)), c(math.Ceil(r.x+r.w)), c(math.Ceil(r.y+r.h)))
}

// div255 divides by 255 with rounding, for v ≤ 255·255.
func div255(v uint32) uint32 {
	v += 128
	return (v + v>>8) >> 8
}

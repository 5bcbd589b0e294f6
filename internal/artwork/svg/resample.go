package svg

import (
	"image"
	"math"
)

// Images drawn without rotation or skew, the usual case, are resampled by
// resampleAxis: a separable Catmull-Rom filter with weights computed once
// per row and column and exact sub-pixel placement, several times faster
// than x/image/draw's general affine transform, which evaluates the kernel
// at every pixel.

// axisTaps holds, for each output pixel along one axis, the source indices
// and normalised weights of its filter.
type axisTaps struct {
	start []int // into idx and w, one per output pixel, plus an end
	idx   []int
	w     []float32
}

// catmullRom is the Catmull-Rom cubic (B = 0, C = 0.5), support 2.
func catmullRom(t float64) float64 {
	t = math.Abs(t)
	switch {
	case t < 1:
		return (1.5*t-2.5)*t*t + 1
	case t < 2:
		return ((-0.5*t+2.5)*t-4)*t + 2
	}
	return 0
}

// newAxisTaps computes the filters for output pixels [d0, d1) of an axis
// mapped by device = s·u + t from a source of n pixels. The kernel widens
// by 1/|s| when shrinking; indices past the edges clamp to them.
func newAxisTaps(d0, d1, n int, s, t float64) axisTaps {
	fs := max(1, 1/math.Abs(s))
	support := 2 * fs
	var a axisTaps
	for i := d0; i < d1; i++ {
		a.start = append(a.start, len(a.idx))
		u := (float64(i)+0.5-t)/s - 0.5
		// Past the edges, indices clamp: taps more than two pixels out
		// are left out, which bounds the work for extreme reductions.
		k0 := max(int(math.Floor(max(u-support, -3))), -3) + 1
		k1 := min(int(math.Floor(min(u+support, float64(n+2)))), n+2)
		first := len(a.w)
		var sum float64
		for k := k0; k <= k1; k++ {
			w := catmullRom((float64(k) - u) / fs)
			if w == 0 {
				continue
			}
			a.idx = append(a.idx, min(max(k, 0), n-1))
			a.w = append(a.w, float32(w))
			sum += w
		}
		if sum != 0 {
			for j := first; j < len(a.w); j++ {
				a.w[j] = float32(float64(a.w[j]) / sum)
			}
		}
	}
	a.start = append(a.start, len(a.idx))
	return a
}

// resampleAxis fills dst with src mapped by x = sx·u + tx, y = sy·v + ty
// from source pixel coordinates (u, v) to device pixels.
func resampleAxis(dst, src *image.RGBA, sx, tx, sy, ty float64) {
	r := dst.Rect
	w, h := r.Dx(), r.Dy()
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	xt := newAxisTaps(r.Min.X, r.Max.X, sw, sx, tx)
	yt := newAxisTaps(r.Min.Y, r.Max.Y, sh, sy, ty)
	if len(yt.idx) == 0 || len(xt.idx) == 0 {
		return
	}
	// Source rows that any output row reads.
	rowLo, rowHi := sh, -1
	for _, k := range yt.idx {
		rowLo, rowHi = min(rowLo, k), max(rowHi, k)
	}
	// Horizontal pass over those rows, into float rows of width w.
	tmp := make([]float32, (rowHi-rowLo+1)*w*4)
	for row := rowLo; row <= rowHi; row++ {
		s := src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+row):][:4*sw]
		out := tmp[(row-rowLo)*w*4:][:w*4]
		for i := range w {
			var cr, cg, cb, ca float32
			for j := xt.start[i]; j < xt.start[i+1]; j++ {
				p := s[4*xt.idx[j]:][:4]
				wt := xt.w[j]
				cr += wt * float32(p[0])
				cg += wt * float32(p[1])
				cb += wt * float32(p[2])
				ca += wt * float32(p[3])
			}
			o := out[4*i:][:4]
			o[0], o[1], o[2], o[3] = cr, cg, cb, ca
		}
	}
	// Vertical pass into dst, clamped to premultiplied range.
	acc := make([]float32, w*4)
	for y := range h {
		clear(acc)
		for j := yt.start[y]; j < yt.start[y+1]; j++ {
			in := tmp[(yt.idx[j]-rowLo)*w*4:][:w*4]
			wt := yt.w[j]
			for i, v := range in {
				acc[i] += wt * v
			}
		}
		d := dst.Pix[dst.PixOffset(r.Min.X, r.Min.Y+y):][:4*w]
		for i := 0; i < 4*w; i += 4 {
			a := min(max(acc[i+3], 0), 255)
			d[i+0] = uint8(min(max(acc[i+0], 0), a) + 0.5)
			d[i+1] = uint8(min(max(acc[i+1], 0), a) + 0.5)
			d[i+2] = uint8(min(max(acc[i+2], 0), a) + 0.5)
			d[i+3] = uint8(a + 0.5)
		}
	}
}

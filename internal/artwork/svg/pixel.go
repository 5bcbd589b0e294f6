package svg

import "image"

// The drawing surfaces are *image.RGBA, premultiplied, 8 bits a channel,
// in sRGB: the way browsers composite SVG.

// fillCoverage paints the premultiplied colour c through the coverage mask.
func fillCoverage(dst *image.RGBA, cov *image.Alpha, c [4]uint32) {
	r := cov.Rect.Intersect(dst.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		m := cov.Pix[cov.PixOffset(r.Min.X, y):][:r.Dx()]
		d := dst.Pix[dst.PixOffset(r.Min.X, y):][:4*r.Dx()]
		for x, mv := range m {
			if mv == 0 {
				continue
			}
			k := uint32(mv)
			sa := div255(c[3] * k)
			inv := 255 - sa
			p := d[4*x : 4*x+4 : 4*x+4]
			p[0] = uint8(div255(c[0]*k) + div255(uint32(p[0])*inv))
			p[1] = uint8(div255(c[1]*k) + div255(uint32(p[1])*inv))
			p[2] = uint8(div255(c[2]*k) + div255(uint32(p[2])*inv))
			p[3] = uint8(sa + div255(uint32(p[3])*inv))
		}
	}
}

// compositeOver draws src over dst, scaled by the mask (nil: opaque) and
// by alpha in [0, 255]. Colour channels are clamped to alpha, so that src
// pixels out of premultiplied range cannot wrap around.
func compositeOver(dst, src *image.RGBA, mask *image.Alpha, alpha uint32) {
	r := src.Rect.Intersect(dst.Rect)
	if mask != nil {
		r = r.Intersect(mask.Rect)
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		s := src.Pix[src.PixOffset(r.Min.X, y):][:4*r.Dx()]
		d := dst.Pix[dst.PixOffset(r.Min.X, y):][:4*r.Dx()]
		var m []uint8
		if mask != nil {
			m = mask.Pix[mask.PixOffset(r.Min.X, y):][:r.Dx()]
		}
		for x := 0; x < r.Dx(); x++ {
			k := alpha
			if m != nil {
				k = div255(uint32(m[x]) * alpha)
			}
			sp := s[4*x : 4*x+4 : 4*x+4]
			sa := uint32(sp[3])
			if k == 0 || sa == 0 {
				continue
			}
			sr, sg, sb := min(uint32(sp[0]), sa), min(uint32(sp[1]), sa), min(uint32(sp[2]), sa)
			if k != 255 {
				sr, sg, sb, sa = div255(sr*k), div255(sg*k), div255(sb*k), div255(sa*k)
			}
			dp := d[4*x : 4*x+4 : 4*x+4]
			if sa == 255 {
				dp[0], dp[1], dp[2], dp[3] = uint8(sr), uint8(sg), uint8(sb), 255
				continue
			}
			inv := 255 - sa
			dp[0] = uint8(sr + div255(uint32(dp[0])*inv))
			dp[1] = uint8(sg + div255(uint32(dp[1])*inv))
			dp[2] = uint8(sb + div255(uint32(dp[2])*inv))
			dp[3] = uint8(sa + div255(uint32(dp[3])*inv))
		}
	}
}

// multiplyMask scales every pixel of layer by the mask; pixels outside the
// mask become transparent.
func multiplyMask(layer *image.RGBA, mask *image.Alpha) {
	r := layer.Rect
	in := r.Intersect(mask.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		d := layer.Pix[layer.PixOffset(r.Min.X, y):][:4*r.Dx()]
		if y < in.Min.Y || y >= in.Max.Y {
			clear(d)
			continue
		}
		clear(d[:4*(in.Min.X-r.Min.X)])
		clear(d[4*(in.Max.X-r.Min.X):])
		m := mask.Pix[mask.PixOffset(in.Min.X, y):][:in.Dx()]
		row := d[4*(in.Min.X-r.Min.X):]
		for x, v := range m {
			if v == 255 {
				continue
			}
			k := uint32(v)
			p := row[4*x : 4*x+4 : 4*x+4]
			p[0] = uint8(div255(uint32(p[0]) * k))
			p[1] = uint8(div255(uint32(p[1]) * k))
			p[2] = uint8(div255(uint32(p[2]) * k))
			p[3] = uint8(div255(uint32(p[3]) * k))
		}
	}
}

// intersectMasks returns the product of two masks on a's rectangle.
func intersectMasks(a, b *image.Alpha) *image.Alpha {
	out := image.NewAlpha(a.Rect)
	r := a.Rect.Intersect(b.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := out.PixOffset(x, y)
			out.Pix[i] = uint8(div255(uint32(a.Pix[i]) * uint32(b.Pix[b.PixOffset(x, y)])))
		}
	}
	return out
}

// unionInto adds the coverage of src to dst: d + s − d·s.
func unionInto(dst, src *image.Alpha) {
	r := dst.Rect.Intersect(src.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		s := src.Pix[src.PixOffset(r.Min.X, y):][:r.Dx()]
		d := dst.Pix[dst.PixOffset(r.Min.X, y):][:r.Dx()]
		for x, v := range s {
			dv := uint32(d[x])
			d[x] = uint8(dv + uint32(v) - div255(dv*uint32(v)))
		}
	}
}

package svg

import (
	"image"
	"math"
	"strings"
)

// colorMatrixOf returns the 4×5 matrix of an feColorMatrix, row by row,
// applied to straight colour in [0, 1]. ok is false for invalid values,
// which give the identity.
func colorMatrixOf(n *node) (m [20]float64, ok bool) {
	id := [20]float64{0: 1, 6: 1, 12: 1, 18: 1}
	v := parseNumbers(n.attr("values"))
	switch strings.TrimSpace(n.attr("type")) {
	case "", "matrix":
		if _, has := n.attrs["values"]; !has {
			return id, true
		}
		if len(v) != 20 {
			return id, false
		}
		copy(m[:], v)
		return m, true
	case "saturate":
		s := 1.0
		if len(v) == 1 {
			s = v[0]
		}
		return [20]float64{
			0.213 + 0.787*s, 0.715 - 0.715*s, 0.072 - 0.072*s, 0, 0,
			0.213 - 0.213*s, 0.715 + 0.285*s, 0.072 - 0.072*s, 0, 0,
			0.213 - 0.213*s, 0.715 - 0.715*s, 0.072 + 0.928*s, 0, 0,
			0, 0, 0, 1, 0,
		}, len(v) <= 1
	case "hueRotate":
		a := 0.0
		if len(v) == 1 {
			a = v[0] * math.Pi / 180
		}
		s, c := math.Sincos(a)
		return [20]float64{
			0.213 + c*0.787 - s*0.213, 0.715 - c*0.715 - s*0.715, 0.072 - c*0.072 + s*0.928, 0, 0,
			0.213 - c*0.213 + s*0.143, 0.715 + c*0.285 + s*0.140, 0.072 - c*0.072 - s*0.283, 0, 0,
			0.213 - c*0.213 - s*0.787, 0.715 - c*0.715 + s*0.715, 0.072 + c*0.928 + s*0.072, 0, 0,
			0, 0, 0, 1, 0,
		}, len(v) <= 1
	case "luminanceToAlpha":
		return [20]float64{15: 0.2125, 16: 0.7154, 17: 0.0721}, true
	}
	return id, false
}

// applyColorMatrix transforms every pixel of img, in linearRGB when linear
// is set, else on the sRGB values directly.
func applyColorMatrix(img *image.RGBA, m [20]float64, linear bool) {
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		row := img.Pix[img.PixOffset(img.Rect.Min.X, y):][:4*img.Rect.Dx()]
		for i := 0; i < len(row); i += 4 {
			p := row[i : i+4 : i+4]
			var c [4]float64
			if p[3] > 0 {
				a := float64(p[3])
				c = [4]float64{float64(p[0]) / a, float64(p[1]) / a, float64(p[2]) / a, a / 255}
				if linear {
					c[0], c[1], c[2] = toLinear(c[0]), toLinear(c[1]), toLinear(c[2])
				}
			}
			var o [4]float64
			for k := range 4 {
				row := m[5*k : 5*k+5]
				o[k] = min(max(row[0]*c[0]+row[1]*c[1]+row[2]*c[2]+row[3]*c[3]+row[4], 0), 1)
			}
			if linear {
				o[0], o[1], o[2] = fromLinear(o[0]), fromLinear(o[1]), fromLinear(o[2])
			}
			a := o[3] * 255
			p[0] = uint8(o[0]*a + 0.5)
			p[1] = uint8(o[1]*a + 0.5)
			p[2] = uint8(o[2]*a + 0.5)
			p[3] = uint8(a + 0.5)
		}
	}
}

// toLinear converts an sRGB component in [0, 1] to linear light.
func toLinear(v float64) float64 {
	v = min(max(v, 0), 1)
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// fromLinear converts a linear component in [0, 1] to sRGB.
func fromLinear(v float64) float64 {
	if v <= 0.0031308 {
		return v * 12.92
	}
	return 1.055*math.Pow(v, 1/2.4) - 0.055
}

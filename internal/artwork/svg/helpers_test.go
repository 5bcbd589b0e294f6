package svg

import (
	"context"
	"image"
	"image/color"
	"image/draw"
	"path/filepath"
	"testing"
)

// corpusDir holds the real images of the Minumeco site.
var corpusDir = filepath.Join("..", "..", "..", "..", "shared", "corpus", "minumeco")

// render parses src and draws it over a w×h canvas of colour bg.
func render(t testing.TB, src string, w, h int, bg color.Color) (*image.RGBA, *Document) {
	t.Helper()
	d, err := Parse([]byte(src), Limits{})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Rect, image.NewUniform(bg), image.Point{}, draw.Src)
	if _, err := d.Render(context.Background(), dst, dst.Rect); err != nil {
		t.Fatalf("render: %v", err)
	}
	return dst, d
}

// at returns the pixel at x, y as 8-bit premultiplied channels.
func at(img *image.RGBA, x, y int) [4]uint8 {
	i := img.PixOffset(x, y)
	return [4]uint8(img.Pix[i : i+4])
}

// near reports whether two pixels differ by at most tol in every channel.
func near(a, b [4]uint8, tol int) bool {
	for i := range a {
		d := int(a[i]) - int(b[i])
		if d < -tol || d > tol {
			return false
		}
	}
	return true
}

// halve averages 2×2 blocks.
func halve(src *image.RGBA) *image.RGBA {
	w, h := src.Rect.Dx()/2, src.Rect.Dy()/2
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			for c := range 4 {
				s := int(src.Pix[src.PixOffset(2*x, 2*y)+c]) + int(src.Pix[src.PixOffset(2*x+1, 2*y)+c]) +
					int(src.Pix[src.PixOffset(2*x, 2*y+1)+c]) + int(src.Pix[src.PixOffset(2*x+1, 2*y+1)+c])
				out.Pix[out.PixOffset(x, y)+c] = uint8((s + 2) / 4)
			}
		}
	}
	return out
}

// compare returns the mean absolute difference per colour channel, in
// 1/255 units, and the fraction of pixels where a channel differs by more
// than 40, over the rectangle r.
func compare(a, b *image.RGBA, r image.Rectangle) (mean, bigFrac float64) {
	var sum, n, big int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i, j := a.PixOffset(x, y), b.PixOffset(x, y)
			worst := 0
			for c := range 3 {
				d := int(a.Pix[i+c]) - int(b.Pix[j+c])
				d = max(d, -d)
				sum += d
				worst = max(worst, d)
			}
			n++
			if worst > 40 {
				big++
			}
		}
	}
	return float64(sum) / float64(3*n), float64(big) / float64(n)
}

func toRGBA(m image.Image) *image.RGBA {
	out := image.NewRGBA(m.Bounds())
	draw.Draw(out, out.Rect, m, m.Bounds().Min, draw.Src)
	return out
}

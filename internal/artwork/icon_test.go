package artwork

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func TestIcon(t *testing.T) {
	// A wide red source: the icon is square, red in the middle, and
	// letterboxed with the background above and below.
	src := image.NewRGBA(image.Rect(0, 0, 400, 200))
	for i := 0; i < len(src.Pix); i += 4 {
		src.Pix[i], src.Pix[i+3] = 255, 255
	}
	var in bytes.Buffer
	if err := png.Encode(&in, src); err != nil {
		t.Fatal(err)
	}
	p, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, side := range []int{IconSmall, IconTouch} {
		b, err := p.Icon(context.Background(), in.Bytes(), side)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%d px: not a PNG: %v", side, err)
		}
		if got := img.Bounds().Size(); got != image.Pt(side, side) {
			t.Errorf("size %v, want %dx%d", got, side, side)
		}
		r, g, bl, _ := img.At(side/2, side/2).RGBA()
		if r>>8 < 240 || g>>8 > 15 || bl>>8 > 15 {
			t.Errorf("%d px: middle %v, want red", side, img.At(side/2, side/2))
		}
		if c := color.RGBAModel.Convert(img.At(side/2, 0)).(color.RGBA); c != (color.RGBA{255, 255, 255, 255}) {
			t.Errorf("%d px: top %v, want the white background", side, c)
		}
	}
	if _, err := p.Icon(context.Background(), []byte("not an image"), IconSmall); err == nil {
		t.Error("no error for a source that is not an image")
	}
}

package artwork

import (
	"image"
	"image/draw"

	xdraw "golang.org/x/image/draw"
)

// preShrinkFactor is the reduction from which resample shrinks with
// ApproxBiLinear first.
const preShrinkFactor = 4

// resample draws src scaled to r over dst. Up to a 4× reduction it uses
// Catmull-Rom alone (x/image/draw widens the kernel when shrinking, so the
// result is properly filtered). Beyond, it first shrinks with
// ApproxBiLinear to twice the target size, then finishes with Catmull-Rom:
// BenchmarkResample measured 1620→320 px at 23 ms against 116 ms and
// 6000→1400 px at 0.47 s against 1.39 s, for a mean difference from an
// exact box average of 0.75/255 against 0.58/255 on a corpus photo and
// 5.0/255 against 4.5/255 on a fine stripe pattern.
func resample(dst *image.RGBA, r image.Rectangle, src image.Image) {
	b := src.Bounds()
	if b.Size() == r.Size() {
		// Catmull-Rom's weights are 1 at a sample and 0 at its
		// neighbours, so at scale 1 it only copies; x/image/draw would
		// still allocate 32 bytes per pixel (63 MB at 1400×1400).
		draw.Draw(dst, r, src, b.Min, draw.Over)
		return
	}
	if b.Dx() < preShrinkFactor*r.Dx() || b.Dy() < preShrinkFactor*r.Dy() {
		resampleDirect(dst, r, src)
		return
	}
	mid := image.NewRGBA(image.Rect(0, 0, 2*r.Dx(), 2*r.Dy()))
	xdraw.ApproxBiLinear.Scale(mid, mid.Rect, src, b, xdraw.Src, nil)
	xdraw.CatmullRom.Scale(dst, r, mid, mid.Rect, xdraw.Over, nil)
}

// resampleDirect draws src scaled to r over dst with Catmull-Rom alone.
func resampleDirect(dst *image.RGBA, r image.Rectangle, src image.Image) {
	xdraw.CatmullRom.Scale(dst, r, src, src.Bounds(), xdraw.Over, nil)
}

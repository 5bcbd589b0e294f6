package artwork

import (
	"context"
	"fmt"
	"image"
	"image/draw"
	"math"
)

// spec is the shape of one rendition.
type spec struct {
	kind string
	w, h int // h 0: from the source's aspect ratio
	fit  Fit
}

func (p *Processor) specs() []spec {
	return []spec{
		{kind: KindSquare, w: p.opt.Square, h: p.opt.Square, fit: p.opt.Fit},
		{kind: KindWide, w: WideWidth, h: WideHeight, fit: p.opt.WideFit},
		{kind: KindSmall, w: SmallWidth, fit: Letterbox},
	}
}

// placement returns the canvas size for a source of size sw×sh and the
// rectangle the source is scaled to, which overflows the canvas when
// cropping. The scale is the same along both axes, up to the rounding of
// the rectangle to whole pixels.
func placement(sw, sh float64, s spec) (w, h int, r image.Rectangle) {
	w, h = s.w, s.h
	if h == 0 {
		h = min(max(1, int(math.Round(float64(w)*sh/sw))), maxSmallHeight)
	}
	k := math.Min(float64(w)/sw, float64(h)/sh)
	if s.fit == Crop {
		k = math.Max(float64(w)/sw, float64(h)/sh)
	}
	dw := max(1, int(math.Round(sw*k)))
	dh := max(1, int(math.Round(sh*k)))
	if s.fit != Crop {
		dw, dh = min(dw, w), min(dh, h)
	}
	x0 := (w - dw) / 2
	y0 := (h - dh) / 2
	return w, h, image.Rect(x0, y0, x0+dw, y0+dh)
}

// render decodes a source and makes its renditions.
func (p *Processor) render(ctx context.Context, data []byte) Result {
	src, format, err := p.open(data)
	if err != nil {
		return Result{Format: format, Err: err}
	}
	res := Result{Format: format}
	sw, sh := src.size()
	for _, s := range p.specs() {
		w, h, r := placement(sw, sh, s)
		canvas := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(canvas, canvas.Rect, image.NewUniform(p.opt.Background), image.Point{}, draw.Src)
		up, err := src.drawInto(ctx, canvas, r)
		if err != nil {
			return Result{Format: format, Err: fmt.Errorf("draw %s: %w", s.kind, err)}
		}
		jpg, err := encodeJPEG(canvas, p.opt.MaxJPEGBytes)
		if err != nil {
			return Result{Format: format, Err: fmt.Errorf("encode %s: %w", s.kind, err)}
		}
		res.Renditions = append(res.Renditions, Rendition{
			Kind: s.kind, Data: jpg, Type: "image/jpeg", Width: w, Height: h, Upscaled: up,
		})
	}
	if s, ok := src.(svgSource); ok {
		res.Warnings = s.doc.Warnings()
	}
	return res
}

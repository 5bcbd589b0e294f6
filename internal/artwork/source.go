package artwork

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif"  // GIF sources
	_ "image/jpeg" // JPEG sources
	_ "image/png"  // PNG sources
	"math"

	_ "golang.org/x/image/webp" // WebP sources

	"github.com/feedcast/feedcast/internal/artwork/svg"
)

// source is a decoded image that can be drawn at any size.
type source interface {
	// size returns the intrinsic size in pixels.
	size() (w, h float64)
	// drawInto draws the source scaled to the rectangle r over dst; r may
	// extend past dst. upscaled reports an enlargement.
	drawInto(ctx context.Context, dst *image.RGBA, r image.Rectangle) (upscaled bool, err error)
}

// open checks the limits and decodes a source; it returns its format.
func (p *Processor) open(data []byte) (source, string, error) {
	if len(data) == 0 {
		return nil, "", fmt.Errorf("%w: empty file", ErrFormat)
	}
	if n := int64(len(data)); n > p.opt.MaxBytes {
		return nil, "", fmt.Errorf("%w: %d bytes, over the %d-byte limit", ErrLimit, n, p.opt.MaxBytes)
	}
	if looksLikeSVG(data) {
		doc, err := svg.Parse(data, svg.Limits{
			MaxBytes:    p.opt.MaxBytes,
			MaxElements: p.opt.MaxSVGElements,
			MaxDepth:    p.opt.MaxSVGDepth,
			MaxPixels:   p.opt.MaxPixels,
		})
		if err != nil {
			return nil, "svg", fmt.Errorf("parse svg: %w", err)
		}
		return svgSource{doc}, "svg", nil
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if errors.Is(err, image.ErrFormat) {
		return nil, "", fmt.Errorf("%w: not jpeg, png, gif, webp or svg", ErrFormat)
	}
	if err != nil {
		return nil, format, fmt.Errorf("decode %s header: %w", format, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, format, fmt.Errorf("decode %s header: %w: size %dx%d", format, ErrFormat, cfg.Width, cfg.Height)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > p.opt.MaxPixels {
		return nil, format, fmt.Errorf("%w: %s of %dx%d pixels (%.1f Mpx), over the %.1f Mpx limit",
			ErrLimit, format, cfg.Width, cfg.Height, float64(px)/1e6, float64(p.opt.MaxPixels)/1e6)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, format, fmt.Errorf("decode %s: %w", format, err)
	}
	return rasterSource{normalize(img)}, format, nil
}

// looksLikeSVG reports whether data starts, after an optional byte order
// mark, white space, an XML declaration and comments, with markup that
// holds an <svg element in its first 4 KiB.
func looksLikeSVG(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = bytes.TrimLeft(data, " \t\r\n")
	if len(data) == 0 || data[0] != '<' {
		return false
	}
	head := data[:min(len(data), 4096)]
	return bytes.Contains(head, []byte("<svg"))
}

// normalize converts images the resampler has no fast path for to RGBA.
func normalize(img image.Image) image.Image {
	switch img.(type) {
	case *image.RGBA, *image.NRGBA, *image.YCbCr, *image.Gray:
		return img
	}
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Rect, img, b.Min, draw.Src)
	return out
}

// rasterSource is a decoded bitmap.
type rasterSource struct{ img image.Image }

func (s rasterSource) size() (float64, float64) {
	b := s.img.Bounds()
	return float64(b.Dx()), float64(b.Dy())
}

func (s rasterSource) drawInto(ctx context.Context, dst *image.RGBA, r image.Rectangle) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	b := s.img.Bounds()
	resample(dst, r, s.img)
	return r.Dx() > b.Dx() || r.Dy() > b.Dy(), nil
}

// svgSource is a parsed SVG document, drawn at each rendition's size.
type svgSource struct{ doc *svg.Document }

func (s svgSource) size() (float64, float64) { return s.doc.Width, s.doc.Height }

// upscaleTolerance ignores the rounding of sizes when judging enlargement.
const upscaleTolerance = 1.01

func (s svgSource) drawInto(ctx context.Context, dst *image.RGBA, r image.Rectangle) (bool, error) {
	info, err := s.doc.Render(ctx, dst, r)
	if err != nil {
		return false, err
	}
	return info.ImageScale > upscaleTolerance && !math.IsInf(info.ImageScale, 0), nil
}

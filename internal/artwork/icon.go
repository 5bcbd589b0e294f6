package artwork

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/png"
)

// Icon sizes of a site: the browser tab's icon and the home-screen icon
// of phones (apple-touch-icon).
const (
	IconSmall = 32
	IconTouch = 180
)

// Icon renders a source as a square PNG of side pixels, letterboxed on
// the background colour: a site's icon.
func (p *Processor) Icon(ctx context.Context, data []byte, side int) ([]byte, error) {
	if side <= 0 || side > DefaultSquare {
		return nil, fmt.Errorf("icon: side %d out of range", side)
	}
	src, _, err := p.open(data)
	if err != nil {
		return nil, err
	}
	sw, sh := src.size()
	_, _, r := placement(sw, sh, spec{w: side, h: side, fit: Letterbox})
	canvas := image.NewRGBA(image.Rect(0, 0, side, side))
	draw.Draw(canvas, canvas.Rect, image.NewUniform(p.opt.Background), image.Point{}, draw.Src)
	if _, err := src.drawInto(ctx, canvas, r); err != nil {
		return nil, fmt.Errorf("icon: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, canvas); err != nil {
		return nil, fmt.Errorf("icon: %w", err)
	}
	return buf.Bytes(), nil
}

// Package svg rasterises the subset of SVG that design tools such as Canva
// export: paths and basic shapes filled with flat colours, embedded raster
// images, groups with transforms and opacity, clip paths, luminance and alpha
// masks, and feColorMatrix filters.
//
// Anything outside that subset (text, strokes, gradients, other filter
// primitives, CSS style sheets) is skipped or approximated and reported as a
// warning; the rest of the picture is still drawn. Parse and Render bound
// their work with Limits so that hostile input cannot exhaust memory, and
// Render stops when its context is cancelled.
//
// Known approximations: the even-odd fill rule is computed per subpath
// (exact for shapes whose subpaths do not cross themselves, such as glyphs
// and icons with holes); gradients are drawn with a flat colour averaged from
// their stops; percentages resolve against the root viewBox.
package svg

import (
	"context"
	"errors"
	"fmt"
	"image"
	"sync"
)

// Limits bound the work done on one document. Zero fields take the defaults
// given in DefaultLimits.
type Limits struct {
	// MaxBytes is the largest accepted document.
	MaxBytes int64
	// MaxElements is the largest number of elements, skipped ones included.
	MaxElements int
	// MaxDepth is the deepest element nesting.
	MaxDepth int
	// MaxPixels bounds the intrinsic size, each embedded image and the sum
	// of the embedded images' sizes, checked before decoding.
	MaxPixels int64
}

// DefaultLimits are the limits used for zero fields.
var DefaultLimits = Limits{
	MaxBytes:    20 << 20,
	MaxElements: 100_000,
	MaxDepth:    64,
	MaxPixels:   50_000_000,
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxElements <= 0 {
		l.MaxElements = DefaultLimits.MaxElements
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultLimits.MaxPixels
	}
	return l
}

var (
	// ErrNotSVG reports a document whose root element is not <svg>.
	ErrNotSVG = errors.New("not an svg document")
	// ErrLimit reports a document that exceeds one of its Limits.
	ErrLimit = errors.New("over limit")
)

// Document is a parsed SVG document. Its methods are safe for concurrent
// use, but renders of one document run one at a time.
type Document struct {
	// Width and Height are the intrinsic size in CSS pixels: the root's
	// width and height, else its viewBox size, else 300×150.
	Width, Height float64

	root  *node
	ids   map[string]*node
	vbW   float64 // root viewBox size, for percentages
	vbH   float64
	lim   Limits
	mu    sync.Mutex
	warn  warnings
	cache imageCache
}

// Info describes one render.
type Info struct {
	// ImageScale is the scale, in device pixels per image pixel, at which
	// the embedded raster image covering the largest area was drawn; 0 if
	// none was drawn. Above 1, that image was enlarged.
	ImageScale float64
}

// Warnings lists what was skipped or approximated while parsing and
// rendering, one line per kind, with counts.
func (d *Document) Warnings() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.warn.list()
}

// Render draws the document over dst, its intrinsic viewport (Width ×
// Height) scaled to the rectangle r and the viewBox fitted into that
// viewport following the root's preserveAspectRatio. Parts of r outside dst
// are not drawn. The caller keeps r's aspect ratio close to the intrinsic
// size's.
func (d *Document) Render(ctx context.Context, dst *image.RGBA, r image.Rectangle) (Info, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if r.Empty() {
		return Info{}, nil
	}
	rd := newRenderer(ctx, d)
	m := matrix{
		a: float64(r.Dx()) / d.Width, d: float64(r.Dy()) / d.Height,
		e: float64(r.Min.X), f: float64(r.Min.Y),
	}
	if err := rd.renderRoot(dst, r.Intersect(dst.Bounds()), m); err != nil {
		return Info{}, fmt.Errorf("render: %w", err)
	}
	return rd.info, nil
}

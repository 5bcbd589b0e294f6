// Package artwork turns episode images into the artwork that podcast apps
// and feed readers accept.
//
// From one source image (JPEG, PNG, GIF, WebP or SVG) a Processor makes
// three JPEG renditions: the square artwork Apple requires for itunes:image
// (RGB, 1400 to 3000 pixels a side, under 512 KB), a 1280×720 image for
// media:thumbnail and the Atom and JSON Feed images, and a small image 320
// pixels wide for widgets and index pages. Sources are never distorted:
// they are letterboxed or centre-cropped. SVG is drawn by the svg
// subpackage at the size each rendition needs.
//
// The work on every image is bounded (source size, pixel count checked
// before decoding, SVG size and nesting, time), results are cached on disk
// by content, and ProcessAll spreads a batch over the available cores with
// outputs that do not depend on the number of workers.
package artwork

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/feedcast/feedcast/internal/artwork/svg"
)

// version changes whenever the output for given settings changes; it is
// part of the cache key.
const version = "artwork/1"

// Errors the processing of one image can wrap.
var (
	// ErrLimit reports a source over one of the Options' limits.
	ErrLimit = svg.ErrLimit
	// ErrFormat reports a source in no supported format.
	ErrFormat = errors.New("unsupported image format")
	// ErrTimeout reports an image that took longer than Options.Timeout.
	ErrTimeout = errors.New("timed out")
	// ErrJPEGSize reports a rendition still over Options.MaxJPEGBytes at
	// the lowest quality allowed.
	ErrJPEGSize = errors.New("jpeg too large")
)

// Rendition kinds.
const (
	KindSquare = "square" // itunes:image, podcast:image
	KindWide   = "wide"   // 16:9: media:thumbnail, Atom and JSON Feed images
	KindSmall  = "small"  // 320 pixels wide, the source's aspect ratio
)

// Rendition is one output image. Its Data is shared between results of
// identical sources and must not be modified.
type Rendition struct {
	Kind          string
	Data          []byte
	Type          string // media type: image/jpeg
	Width, Height int
	// Upscaled is set when the source (for SVG: its main embedded image)
	// had fewer pixels than the rendition and was enlarged.
	Upscaled bool
}

// Result is the outcome for one source image.
type Result struct {
	// Renditions are the square, wide and small images, in that order.
	Renditions []Rendition
	// Format is the source format: jpeg, png, gif, webp or svg.
	Format string
	// Warnings list what an SVG source used that is not drawn exactly.
	Warnings []string
	Err      error
}

// Rendition returns the rendition of the given kind, if any.
func (r Result) Rendition(kind string) (Rendition, bool) {
	for _, x := range r.Renditions {
		if x.Kind == kind {
			return x, true
		}
	}
	return Rendition{}, false
}

// Stats count the work done by a Processor.
type Stats struct {
	Encoded   int // images decoded and encoded
	CacheHits int // images read from the disk cache
	Shared    int // results copied from an identical job in the same batch
	Failed    int // images that gave an error
}

// Job is one image of a batch.
type Job struct {
	Name string // for messages: a path or URL
	Data []byte
}

// Processor makes renditions. It is safe for concurrent use.
type Processor struct {
	opt      Options
	settings string
	cache    *diskCache

	encoded, hits, shared, failed atomic.Int64
}

// New returns a Processor with the given options.
func New(opt Options) (*Processor, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("artwork options: %w", err)
	}
	p := &Processor{opt: opt, settings: opt.outputSettings()}
	if opt.CacheDir != "" {
		p.cache = &diskCache{dir: opt.CacheDir}
	}
	return p, nil
}

// Stats returns the counters so far.
func (p *Processor) Stats() Stats {
	return Stats{
		Encoded:   int(p.encoded.Load()),
		CacheHits: int(p.hits.Load()),
		Shared:    int(p.shared.Load()),
		Failed:    int(p.failed.Load()),
	}
}

// Process makes the renditions of one source image; name is used in
// messages. Errors name the image.
//
// The work runs in its own goroutine, bounded by Options.Timeout and ctx.
// When either ends first, Process returns an error at once and the
// goroutine finishes in the background: an SVG render stops at its next
// element, a raster decode runs to its end (its size is bounded by
// MaxPixels) and its result is dropped.
func (p *Processor) Process(ctx context.Context, name string, data []byte) Result {
	res := p.process(ctx, data, p.key(data))
	if res.Err != nil {
		p.failed.Add(1)
		res.Err = named(name, res.Err)
	}
	return res
}

// named wraps err with the name of the image.
func named(name string, err error) error { return fmt.Errorf("artwork %s: %w", name, err) }

// key returns the cache key of a source under the processor's settings.
func (p *Processor) key(data []byte) string {
	sum := sha256.Sum256(data)
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%x\n", version, p.settings, sum)
	return hex.EncodeToString(h.Sum(nil))
}

// process makes or loads the renditions of data; its errors do not name
// the image.
func (p *Processor) process(ctx context.Context, data []byte, key string) Result {
	if p.cache != nil {
		if res, ok := p.cache.load(key); ok {
			p.hits.Add(1)
			return res
		}
	}
	ctx, cancel := context.WithTimeout(ctx, p.opt.Timeout)
	defer cancel()
	done := make(chan Result, 1)
	go func() { done <- p.render(ctx, data) }()
	var res Result
	select {
	case res = <-done:
	case <-ctx.Done():
		res = Result{Err: ctx.Err()}
	}
	if errors.Is(res.Err, context.DeadlineExceeded) {
		res.Err = fmt.Errorf("%w after %v", ErrTimeout, p.opt.Timeout)
	}
	if res.Err != nil {
		return Result{Format: res.Format, Warnings: res.Warnings, Err: res.Err}
	}
	p.encoded.Add(1)
	if p.cache != nil {
		if err := p.cache.store(key, res); err != nil {
			res.Warnings = append(res.Warnings, fmt.Sprintf("cache not written: %v", err))
		}
	}
	return res
}

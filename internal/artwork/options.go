package artwork

import (
	"errors"
	"fmt"
	"image/color"
	"time"
)

// Fit says how a source that does not have the rendition's shape is fitted.
type Fit uint8

const (
	// FitDefault takes the rendition's default: Letterbox for the square
	// artwork, Crop for the 16:9 image.
	FitDefault Fit = iota
	// Letterbox shows the whole source and fills the bars with the
	// background colour.
	Letterbox
	// Crop fills the rendition and cuts the overflow, centred.
	Crop
)

func (f Fit) String() string {
	switch f {
	case Letterbox:
		return "letterbox"
	case Crop:
		return "crop"
	}
	return "default"
}

// Sizes of the renditions.
const (
	DefaultSquare = 1400 // Apple's minimum
	MaxSquare     = 3000 // Apple's maximum
	WideWidth     = 1280
	WideHeight    = 720
	SmallWidth    = 320
	// maxSmallHeight bounds the small rendition of a very tall source,
	// which is letterboxed beyond a 1:10 aspect ratio.
	maxSmallHeight = 10 * SmallWidth
)

// Options configure a Processor. Zero fields take the defaults noted.
type Options struct {
	// Square is the side of the square artwork, 1400 to 3000; 0 is 1400.
	Square int
	// Fit fits the source into the square: Letterbox (default) or Crop.
	Fit Fit
	// WideFit fits the source into the 16:9 image: Crop (default) or
	// Letterbox.
	WideFit Fit
	// Background is the opaque colour under transparent sources and in
	// letterbox bars; the zero value is white.
	Background color.RGBA

	// MaxBytes is the largest source accepted; 0 is 20 MiB.
	MaxBytes int64
	// MaxPixels is the largest source, in pixels, checked before decoding
	// (for SVG: the intrinsic size and the embedded images); 0 is 50 Mpx.
	MaxPixels int64
	// Timeout bounds the work on one image; 0 is 20 s.
	Timeout time.Duration
	// MaxJPEGBytes is the size every rendition must stay under; the JPEG
	// quality is lowered from 90 down to 60 until it does. 0 is 512 000
	// bytes, Apple's 512 KB whichever way a kilobyte is counted.
	MaxJPEGBytes int
	// MaxSVGElements and MaxSVGDepth bound SVG documents; 0 is 100 000
	// elements and a depth of 64.
	MaxSVGElements int
	MaxSVGDepth    int

	// CacheDir holds the disk cache; "" disables it.
	CacheDir string
	// Workers is the number of images ProcessAll works on at once; 0 is
	// runtime.GOMAXPROCS(0).
	Workers int
}

const (
	defaultMaxBytes     = 20 << 20
	defaultMaxPixels    = 50_000_000
	defaultTimeout      = 20 * time.Second
	defaultMaxJPEGBytes = 512_000
)

var white = color.RGBA{255, 255, 255, 255}

// withDefaults fills zero fields and checks the others.
func (o Options) withDefaults() (Options, error) {
	if o.Square == 0 {
		o.Square = DefaultSquare
	}
	if o.Square < DefaultSquare || o.Square > MaxSquare {
		return o, fmt.Errorf("square size %d is outside %d..%d", o.Square, DefaultSquare, MaxSquare)
	}
	if o.Fit == FitDefault {
		o.Fit = Letterbox
	}
	if o.WideFit == FitDefault {
		o.WideFit = Crop
	}
	if o.Fit > Crop || o.WideFit > Crop {
		return o, errors.New("unknown fit")
	}
	switch {
	case o.Background == color.RGBA{}:
		o.Background = white
	case o.Background.A != 255:
		return o, fmt.Errorf("background %v is not opaque", o.Background)
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = defaultMaxBytes
	}
	if o.MaxPixels <= 0 {
		o.MaxPixels = defaultMaxPixels
	}
	if o.Timeout <= 0 {
		o.Timeout = defaultTimeout
	}
	if o.MaxJPEGBytes <= 0 {
		o.MaxJPEGBytes = defaultMaxJPEGBytes
	}
	if o.Workers < 0 {
		return o, fmt.Errorf("workers %d is negative", o.Workers)
	}
	return o, nil
}

// outputSettings describes every option that changes the output bytes:
// it is part of the cache key.
func (o Options) outputSettings() string {
	b := o.Background
	return fmt.Sprintf("square=%d fit=%s wide=%s bg=%02x%02x%02x jpeg<%d",
		o.Square, o.Fit, o.WideFit, b.R, b.G, b.B, o.MaxJPEGBytes)
}

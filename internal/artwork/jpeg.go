package artwork

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
)

// JPEG qualities tried, best first, until the image fits.
const (
	startQuality = 90
	minQuality   = 60
	qualityStep  = 5
)

// jfif is a JFIF APP0 segment declaring 72×72 dots per inch, which Apple
// asks of artwork; Go's encoder writes none.
var jfif = []byte{
	0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00,
	0x01, 0x01, // version 1.1
	0x01,                   // units: dots per inch
	0x00, 0x48, 0x00, 0x48, // 72 × 72
	0x00, 0x00, // no thumbnail
}

// encodeJPEG encodes img as a baseline YCbCr JPEG under maxBytes, lowering
// the quality step by step.
func encodeJPEG(img image.Image, maxBytes int) ([]byte, error) {
	var buf bytes.Buffer
	for q := startQuality; q >= minQuality; q -= qualityStep {
		buf.Reset()
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
			return nil, fmt.Errorf("jpeg: %w", err)
		}
		if buf.Len()+len(jfif) < maxBytes {
			b := buf.Bytes()
			out := make([]byte, 0, len(b)+len(jfif))
			out = append(out, b[:2]...) // SOI
			out = append(out, jfif...)
			return append(out, b[2:]...), nil
		}
	}
	return nil, fmt.Errorf("%w: %d bytes at quality %d, over %d", ErrJPEGSize, buf.Len()+len(jfif), minQuality, maxBytes)
}

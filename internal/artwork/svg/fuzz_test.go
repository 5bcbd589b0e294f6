package svg

import (
	"context"
	"image"
	"testing"
	"time"
)

// FuzzSVG parses and renders arbitrary input under tight limits: no input
// may panic or run away. Seeds are under testdata/fuzz/FuzzSVG. Run with
//
//	go test -run '^$' -fuzz FuzzSVG -fuzztime 45s ./internal/artwork/svg
func FuzzSVG(f *testing.F) {
	f.Add([]byte(doc(`<rect width="40" height="40" fill="red"/>`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		// An input still running after 20 s crashes the worker, so that
		// the fuzzer reports it instead of stalling.
		watchdog := time.AfterFunc(20*time.Second, func() { panic("svg input still running after 20s") })
		defer watchdog.Stop()
		d, err := Parse(data, Limits{MaxBytes: 1 << 16, MaxElements: 500, MaxDepth: 32, MaxPixels: 1 << 20})
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		dst := image.NewRGBA(image.Rect(0, 0, 32, 24))
		if _, err := d.Render(ctx, dst, image.Rect(-5, -3, 37, 27)); err != nil {
			return
		}
		_ = d.Warnings()
	})
}

package artwork

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkProcess makes the three renditions of one corpus image per
// kind, without a cache.
func BenchmarkProcess(b *testing.B) {
	for _, bc := range []struct{ kind, path string }{
		{"webp", "podcasts/referents/episode-1-les-impacts/podcast-minumechos-episode1.webp"},
		{"png", "podcasts/referents/saison2-episode5-DiploIA/MiNumEco_Podcast_DiploIA.png"},
		{"svg", "videos/paroles-d-experts/parolesdexperts-episode3-ecoconception-cybersecurite/site_video_virginie1.svg"},
	} {
		b.Run(bc.kind, func(b *testing.B) {
			data, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(bc.path)))
			if err != nil {
				b.Skip("corpus not available:", err)
			}
			p, err := New(Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if res := p.Process(context.Background(), bc.path, data); res.Err != nil {
					b.Fatal(res.Err)
				}
			}
		})
	}
}

// BenchmarkResample compares Catmull-Rom alone with resample, which
// shrinks with ApproxBiLinear first beyond a 4× reduction.
func BenchmarkResample(b *testing.B) {
	for _, bc := range []struct {
		name     string
		src, dst int
	}{
		{"1620to1400", 1620, 1400},
		{"1620to320", 1620, 320},
		{"6000to1400", 6000, 1400},
	} {
		src := image.NewYCbCr(image.Rect(0, 0, bc.src, bc.src), image.YCbCrSubsampleRatio420)
		for i := range src.Y {
			src.Y[i] = uint8(i * 7)
		}
		dst := image.NewRGBA(image.Rect(0, 0, bc.dst, bc.dst))
		for _, m := range []struct {
			name string
			f    func(*image.RGBA, image.Rectangle, image.Image)
		}{{"catmullrom", resampleDirect}, {"chosen", resample}} {
			b.Run(bc.name+"/"+m.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					m.f(dst, dst.Rect, src)
				}
			})
		}
	}
}

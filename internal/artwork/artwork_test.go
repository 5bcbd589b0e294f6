package artwork

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// checkApple checks the square artwork against Apple's rules: a JPEG in
// RGB (YCbCr, not CMYK or grey), square, 1400 to 3000 pixels, 72 dpi,
// under 512 KB.
func checkApple(t *testing.T, r Rendition) {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatalf("square: %v", err)
	}
	if format != "jpeg" || r.Type != "image/jpeg" {
		t.Errorf("square: format %s, type %s", format, r.Type)
	}
	if cfg.ColorModel != color.YCbCrModel {
		t.Errorf("square: colour model %v, want YCbCr", cfg.ColorModel)
	}
	if cfg.Width != cfg.Height || cfg.Width < 1400 || cfg.Width > 3000 {
		t.Errorf("square: %dx%d", cfg.Width, cfg.Height)
	}
	if cfg.Width != r.Width || cfg.Height != r.Height {
		t.Errorf("square: decoded %dx%d, reported %dx%d", cfg.Width, cfg.Height, r.Width, r.Height)
	}
	if len(r.Data) >= 512_000 {
		t.Errorf("square: %d bytes", len(r.Data))
	}
	if !bytes.HasPrefix(r.Data, []byte{0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 1, 0, 72, 0, 72}) {
		t.Errorf("square: no JFIF header at 72 dpi: % x", r.Data[:20])
	}
}

// checkSize decodes a rendition and checks its size.
func checkSize(t *testing.T, r Rendition, w, h int) {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatalf("%s: %v", r.Kind, err)
	}
	if format != "jpeg" || cfg.Width != w || cfg.Height != h || r.Width != w || r.Height != h {
		t.Errorf("%s: %s %dx%d (reported %dx%d), want jpeg %dx%d", r.Kind, format, cfg.Width, cfg.Height, r.Width, r.Height, w, h)
	}
}

// newProcessor returns a processor for opt; without a timeout set, it
// allows a minute per image, for slow race-detector runs on busy machines.
func newProcessor(t testing.TB, opt Options) *Processor {
	t.Helper()
	if opt.Timeout == 0 {
		opt.Timeout = time.Minute
	}
	p, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	p := newProcessor(t, Options{})
	for _, path := range corpusFiles(t) {
		rel, _ := filepath.Rel(corpusDir, path)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			res := p.Process(context.Background(), rel, data)
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("warnings: %q", res.Warnings)
			}
			if len(res.Renditions) != 3 {
				t.Fatalf("%d renditions", len(res.Renditions))
			}
			sq, _ := res.Rendition(KindSquare)
			checkApple(t, sq)
			wide, _ := res.Rendition(KindWide)
			checkSize(t, wide, 1280, 720)
			// The small image keeps the source's aspect ratio.
			small, _ := res.Rendition(KindSmall)
			cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
			var sw, sh float64
			if err == nil {
				sw, sh = float64(cfg.Width), float64(cfg.Height)
			} else {
				sw, sh = 390, 220 // every corpus SVG
			}
			wantH := int(math.Round(320 * sh / sw))
			checkSize(t, small, 320, wantH)
		})
	}
}

// solid returns a w×h PNG of one colour.
func solid(t testing.TB, w, h int, c color.Color) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pixel decodes a JPEG rendition and returns its colour at x, y.
func pixel(t *testing.T, r Rendition, x, y int) color.RGBA {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatal(err)
	}
	cr, cg, cb, _ := img.At(x, y).RGBA()
	return color.RGBA{uint8(cr >> 8), uint8(cg >> 8), uint8(cb >> 8), 255}
}

func similar(a, b color.RGBA) bool {
	d := func(x, y uint8) bool { return math.Abs(float64(x)-float64(y)) <= 12 }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

func TestFit(t *testing.T) {
	t.Parallel()
	red := color.RGBA{255, 0, 0, 255}
	navy := color.RGBA{0, 0, 128, 255}
	wide := solid(t, 2000, 500, red) // 4:1
	tests := []struct {
		name  string
		opt   Options
		kind  string
		probe image.Point
		want  color.RGBA
	}{
		{"square letterbox bar", Options{}, KindSquare, image.Pt(700, 100), color.RGBA{255, 255, 255, 255}},
		{"square letterbox content", Options{}, KindSquare, image.Pt(700, 700), red},
		{"square letterbox custom background", Options{Background: navy}, KindSquare, image.Pt(700, 100), navy},
		{"square crop", Options{Fit: Crop}, KindSquare, image.Pt(700, 100), red},
		{"wide crop by default", Options{}, KindWide, image.Pt(640, 20), red},
		{"wide letterbox", Options{WideFit: Letterbox}, KindWide, image.Pt(640, 20), color.RGBA{255, 255, 255, 255}},
		{"wide letterbox content", Options{WideFit: Letterbox}, KindWide, image.Pt(640, 360), red},
		{"transparent source on background", Options{Background: navy}, KindSmall, image.Pt(10, 10), navy},
	}
	transparent := solid(t, 400, 400, color.NRGBA{255, 0, 0, 0})
	// One Process per distinct source and options.
	type key struct {
		opt         Options
		transparent bool
	}
	results := map[key]Result{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := key{tc.opt, strings.HasPrefix(tc.name, "transparent")}
			res, ok := results[k]
			if !ok {
				src := wide
				if k.transparent {
					src = transparent
				}
				res = newProcessor(t, tc.opt).Process(context.Background(), "test.png", src)
				results[k] = res
			}
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			r, _ := res.Rendition(tc.kind)
			if got := pixel(t, r, tc.probe.X, tc.probe.Y); !similar(got, tc.want) {
				t.Errorf("%s at %v = %v, want %v", tc.kind, tc.probe, got, tc.want)
			}
		})
	}
}

// TestNoDistortion draws a circle and checks that it stays round in every
// rendition: its width and height, measured on the output, agree.
func TestNoDistortion(t *testing.T) {
	t.Parallel()
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><circle cx="150" cy="50" r="40" fill="#000"/></svg>`
	for _, fit := range []Fit{Letterbox, Crop} {
		res := newProcessor(t, Options{Fit: fit, WideFit: fit}).Process(context.Background(), "circle.svg", []byte(svg))
		if res.Err != nil {
			t.Fatal(res.Err)
		}
		for _, r := range res.Renditions {
			img, err := jpeg.Decode(bytes.NewReader(r.Data))
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			var box image.Rectangle
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					if v, _, _, _ := img.At(x, y).RGBA(); v < 0x8000 {
						box = box.Union(image.Rect(x, y, x+1, y+1))
					}
				}
			}
			if d := box.Dx() - box.Dy(); d < -2 || d > 2 || box.Dx() < 10 {
				t.Errorf("%s %s: circle measures %dx%d", fit, r.Kind, box.Dx(), box.Dy())
			}
		}
	}
}

func TestUpscaled(t *testing.T) {
	t.Parallel()
	p := newProcessor(t, Options{})
	small := p.Process(context.Background(), "small.png", solid(t, 500, 500, color.Black))
	big := p.Process(context.Background(), "big.png", solid(t, 2000, 2000, color.Black))
	if small.Err != nil || big.Err != nil {
		t.Fatal(small.Err, big.Err)
	}
	for _, r := range small.Renditions {
		if want := r.Kind != KindSmall; r.Upscaled != want {
			t.Errorf("500 px source, %s: Upscaled %v", r.Kind, r.Upscaled)
		}
	}
	for _, r := range big.Renditions {
		if r.Upscaled {
			t.Errorf("2000 px source, %s: Upscaled", r.Kind)
		}
	}
}

// pngHeader returns the signature and header chunk of a PNG claiming
// w×h pixels, with no image data.
func pngHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32([]byte("IHDR"), w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8-bit RGB
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, 13)
	out = append(out, ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr))
}

func TestDecompressionBomb(t *testing.T) {
	p := newProcessor(t, Options{})
	start := time.Now()
	res := p.Process(context.Background(), "bomb.png", pngHeader(100000, 100000))
	if el := time.Since(start); el > time.Second {
		t.Errorf("refusing took %v", el)
	}
	if !errors.Is(res.Err, ErrLimit) {
		t.Fatalf("error %v, want ErrLimit", res.Err)
	}
	for _, want := range []string{"bomb.png", "100000x100000", "10000.0 Mpx", "50.0 Mpx"} {
		if !strings.Contains(res.Err.Error(), want) {
			t.Errorf("error %q lacks %q", res.Err, want)
		}
	}
}

func TestBrokenInputs(t *testing.T) {
	p := newProcessor(t, Options{})
	valid := map[string][]byte{"png": solid(t, 64, 48, color.RGBA{0, 128, 255, 255})}
	var jb bytes.Buffer
	jpeg.Encode(&jb, image.NewRGBA(image.Rect(0, 0, 64, 48)), nil)
	valid["jpeg"] = jb.Bytes()
	valid["svg"] = []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="red"/></svg>`)
	for _, f := range corpusFiles(t)[:3] {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		valid[filepath.Base(f)] = data
	}
	for name, data := range valid {
		for _, n := range []int{1, 8, 20, 33, len(data) / 2, len(data) * 9 / 10} {
			if n <= 0 || n >= len(data) {
				continue
			}
			res := p.Process(context.Background(), name, data[:n])
			if res.Err == nil {
				t.Errorf("%s truncated to %d bytes: no error", name, n)
			} else if !strings.Contains(res.Err.Error(), name) {
				t.Errorf("error %q does not name the image", res.Err)
			}
		}
	}
	for name, data := range map[string][]byte{
		"empty":   nil,
		"text":    []byte("hello, world"),
		"html":    []byte("<html><body>no</body></html>"),
		"svg-ish": []byte("<svg"),
		"zero":    pngHeader(0, 10),
	} {
		if res := p.Process(context.Background(), name, data); res.Err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSourceTooLarge(t *testing.T) {
	p := newProcessor(t, Options{MaxBytes: 1000})
	res := p.Process(context.Background(), "big.png", solid(t, 300, 300, color.NRGBA{1, 2, 3, 4}))
	if !errors.Is(res.Err, ErrLimit) || !strings.Contains(res.Err.Error(), "1000-byte limit") {
		t.Errorf("error %v", res.Err)
	}
	res = newProcessor(t, Options{MaxPixels: 1000}).Process(context.Background(), "many.png", solid(t, 100, 100, color.Black))
	if !errors.Is(res.Err, ErrLimit) || !strings.Contains(res.Err.Error(), "100x100") {
		t.Errorf("error %v", res.Err)
	}
}

func TestTimeout(t *testing.T) {
	// Many large overlapping layers: slow enough to time out at 1 ms.
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="3000">`)
	for range 200 {
		b.WriteString(`<g opacity="0.5"><rect width="3000" height="3000" fill="red"/></g>`)
	}
	b.WriteString(`</svg>`)
	p := newProcessor(t, Options{Timeout: time.Millisecond})
	start := time.Now()
	res := p.Process(context.Background(), "slow.svg", []byte(b.String()))
	if el := time.Since(start); el > 500*time.Millisecond {
		t.Errorf("returned after %v", el)
	}
	if !errors.Is(res.Err, ErrTimeout) || !strings.Contains(res.Err.Error(), "slow.svg") {
		t.Errorf("error %v, want ErrTimeout naming the image", res.Err)
	}
}

func TestJPEGSizeLimit(t *testing.T) {
	t.Parallel()
	// No 1400×1400 JPEG fits in 2000 bytes, even of a flat colour.
	res := newProcessor(t, Options{MaxJPEGBytes: 2000}).Process(context.Background(), "flat.png", solid(t, 8, 8, color.Black))
	if !errors.Is(res.Err, ErrJPEGSize) || !strings.Contains(res.Err.Error(), "encode square") {
		t.Errorf("error %v, want ErrJPEGSize", res.Err)
	}
	// Noise compresses badly: a limit that quality 90 misses and a lower
	// quality meets.
	img := image.NewRGBA(image.Rect(0, 0, 200, 200))
	seed := uint32(1)
	for i := range img.Pix {
		seed = seed*1664525 + 1013904223
		img.Pix[i] = uint8(seed >> 24)
	}
	data, err := encodeJPEG(img, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	limit := len(data) * 3 / 4
	got, err := encodeJPEG(img, limit)
	if err != nil || len(got) >= limit {
		t.Errorf("%d bytes, error %v, want under %d", len(got), err, limit)
	}
	if _, err := encodeJPEG(img, len(data)/10); !errors.Is(err, ErrJPEGSize) {
		t.Errorf("a tenth of the size: error %v, want ErrJPEGSize", err)
	}
}

func TestOptions(t *testing.T) {
	for _, opt := range []Options{
		{Square: 1000}, {Square: 4000}, {Background: color.RGBA{1, 2, 3, 4}}, {Fit: 9}, {Workers: -1},
	} {
		if _, err := New(opt); err == nil {
			t.Errorf("New(%+v) succeeded", opt)
		}
	}
	if raceEnabled {
		return // the 3000-pixel encode is slow under the race detector
	}
	res := newProcessor(t, Options{Square: 3000}).Process(context.Background(), "a.png", solid(t, 10, 10, color.Black))
	if r, _ := res.Rendition(KindSquare); r.Width != 3000 || r.Height != 3000 {
		t.Errorf("square %dx%d, want 3000", r.Width, r.Height)
	}
}

// TestResampleSameSize: at scale 1, resample copies, and gives what
// Catmull-Rom gives (its weights are 1 at a sample, 0 at the others).
func TestResampleSameSize(t *testing.T) {
	src := image.NewNRGBA(image.Rect(3, 5, 3+97, 5+61))
	seed := uint32(1)
	for i := range src.Pix {
		seed = seed*1664525 + 1013904223
		src.Pix[i] = byte(seed >> 24)
	}
	for i := 3; i < len(src.Pix); i += 4 {
		src.Pix[i] = 255 // opaque, as decoded artwork is once flattened
	}
	r := image.Rect(10, 20, 10+97, 20+61)
	got := image.NewRGBA(image.Rect(0, 0, 120, 90))
	want := image.NewRGBA(got.Rect)
	resample(got, r, src)
	resampleDirect(want, r, src)
	if !bytes.Equal(got.Pix, want.Pix) {
		t.Fatal("a same-size resample differs from Catmull-Rom's")
	}
	if c := got.RGBAAt(10, 20); c.R != src.Pix[0] || c.G != src.Pix[1] || c.B != src.Pix[2] {
		t.Fatalf("top-left pixel %v, source %v", c, src.Pix[:4])
	}
}

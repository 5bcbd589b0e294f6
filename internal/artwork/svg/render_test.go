package svg

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

var (
	red         = [4]uint8{255, 0, 0, 255}
	green       = [4]uint8{0, 128, 0, 255}
	blue        = [4]uint8{0, 0, 255, 255}
	white       = [4]uint8{255, 255, 255, 255}
	transparent = [4]uint8{}
)

func doc(body string) string {
	return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40" viewBox="0 0 40 40">` + body + `</svg>`
}

// probe is an expected pixel of a 40×40 render.
type probe struct {
	x, y int
	want [4]uint8
}

func TestFeatures(t *testing.T) {
	// A 2×1 PNG: red then blue.
	var buf bytes.Buffer
	two := image.NewRGBA(image.Rect(0, 0, 2, 1))
	two.Set(0, 0, color.RGBA{255, 0, 0, 255})
	two.Set(1, 0, color.RGBA{0, 0, 255, 255})
	if err := png.Encode(&buf, two); err != nil {
		t.Fatal(err)
	}
	pngURI := "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())

	tests := []struct {
		name   string
		body   string
		probes []probe
	}{
		{"rect and colour forms", `<rect width="20" height="40" fill="#f00"/><rect x="20" width="20" height="20" fill="rgb(0,0,255)"/><rect x="20" y="20" width="20" height="20" fill="green"/>`,
			[]probe{{5, 5, red}, {30, 5, blue}, {30, 30, green}}},
		{"default fill is black", `<path d="M0 0H40V40H0Z"/>`, []probe{{20, 20, [4]uint8{0, 0, 0, 255}}}},
		{"fill none and inheritance", `<g fill="blue"><rect width="20" height="40"/><rect x="20" width="20" height="40" fill="none"/></g>`,
			[]probe{{5, 5, blue}, {30, 5, transparent}}},
		{"style attribute wins", `<rect width="40" height="40" fill="red" style="fill: #0000ff"/>`, []probe{{20, 20, blue}}},
		{"fill-opacity", `<rect width="40" height="40" fill="#0000ff" fill-opacity="0.5"/>`, []probe{{20, 20, [4]uint8{0, 0, 128, 128}}}},
		{"group opacity isolates", `<g opacity="0.5"><rect width="40" height="40" fill="red"/><rect width="40" height="40" fill="blue"/></g>`,
			[]probe{{20, 20, [4]uint8{0, 0, 128, 128}}}},
		{"relative path commands", `<path d="m10 10 h20 v20 h-20 z" fill="red"/>`, []probe{{20, 20, red}, {5, 5, transparent}, {35, 35, transparent}}},
		{"quadratic and smooth curves", `<path d="M0 20 Q10 0 20 20 T40 20 V40 H0 Z" fill="red"/>`, []probe{{10, 30, red}, {30, 36, red}, {30, 25, transparent}, {10, 8, transparent}}},
		{"cubic and smooth cubic", `<path d="M0 20 C0 0 20 0 20 20 S40 40 40 20 V40 H0Z" fill="red"/>`, []probe{{2, 38, red}, {10, 8, red}, {30, 26, transparent}}},
		{"arc", `<path d="M0 20 A20 20 0 0 1 40 20 Z" fill="red"/>`, []probe{{20, 5, red}, {20, 30, transparent}, {2, 3, transparent}}},
		{"relative arc", `<path d="M0 20 a20 20 0 0 0 40 0 z" fill="red"/>`, []probe{{20, 35, red}, {20, 10, transparent}}},
		{"nonzero keeps a same-direction inner square", `<path d="M0 0H40V40H0Z M10 10H30V30H10Z" fill="red"/>`, []probe{{20, 20, red}}},
		{"nonzero opposite direction makes a hole", `<path d="M0 0H40V40H0Z M10 10V30H30V10Z" fill="red"/>`, []probe{{20, 20, transparent}, {5, 5, red}}},
		{"evenodd makes a hole", `<path d="M0 0H40V40H0Z M10 10H30V30H10Z" fill="red" fill-rule="evenodd"/>`, []probe{{20, 20, transparent}, {5, 5, red}}},
		{"translate and scale", `<g transform="translate(20 0) scale(2 1)"><rect width="10" height="40" fill="red"/></g>`,
			[]probe{{10, 20, transparent}, {30, 20, red}}},
		{"rotate about a point", `<rect width="20" height="40" fill="red" transform="rotate(90 20 20)"/>`, []probe{{20, 5, red}, {20, 35, transparent}}},
		{"matrix", `<rect width="20" height="20" fill="red" transform="matrix(1 0 0 1 20 20)"/>`, []probe{{30, 30, red}, {10, 10, transparent}}},
		{"clip path", `<clipPath id="c"><rect width="20" height="40"/></clipPath><rect width="40" height="40" fill="red" clip-path="url(#c)"/>`,
			[]probe{{5, 20, red}, {35, 20, transparent}}},
		{"clip path in bounding box units", `<clipPath id="c" clipPathUnits="objectBoundingBox"><rect width="0.5" height="1"/></clipPath><rect x="20" width="20" height="40" fill="red" clip-path="url(#c)"/>`,
			[]probe{{25, 20, red}, {35, 20, transparent}}},
		{"clip-rule evenodd", `<clipPath id="c"><path d="M0 0H40V40H0Z M10 10H30V30H10Z" clip-rule="evenodd"/></clipPath><rect width="40" height="40" fill="red" clip-path="url(#c)"/>`,
			[]probe{{20, 20, transparent}, {5, 5, red}}},
		{"luminance mask", `<mask id="m"><rect width="20" height="40" fill="white"/><rect x="20" width="20" height="40" fill="black"/></mask><rect width="40" height="40" fill="red" mask="url(#m)"/>`,
			[]probe{{5, 20, red}, {35, 20, transparent}}},
		{"grey mask halves", `<mask id="m" maskUnits="userSpaceOnUse" x="0" y="0" width="40" height="40"><rect width="40" height="40" fill="#808080"/></mask><rect width="40" height="40" fill="red" mask="url(#m)"/>`,
			[]probe{{20, 20, [4]uint8{128, 0, 0, 128}}}},
		{"alpha mask", `<mask id="m" mask-type="alpha"><rect width="40" height="40" fill="black" fill-opacity="0.5"/></mask><rect width="40" height="40" fill="red" mask="url(#m)"/>`,
			[]probe{{20, 20, [4]uint8{128, 0, 0, 128}}}},
		{"luminance to alpha filter, as in the corpus", `<filter id="a" x="0%" y="0%" width="100%" height="100%"><feColorMatrix values="0 0 0 0 1 0 0 0 0 1 0 0 0 0 1 0.2126 0.7152 0.0722 0 0" color-interpolation-filters="sRGB"/></filter><rect width="40" height="40" fill="red" filter="url(#a)"/>`,
			[]probe{{20, 20, [4]uint8{54, 54, 54, 54}}}},
		{"filter in linearRGB", `<filter id="a"><feColorMatrix values="0.5 0 0 0 0 0 1 0 0 0 0 0 1 0 0 0 0 0 1 0"/></filter><rect width="40" height="40" fill="red" filter="url(#a)"/>`,
			[]probe{{20, 20, [4]uint8{188, 0, 0, 255}}}},
		{"filter in sRGB", `<filter id="a" color-interpolation-filters="sRGB"><feColorMatrix values="0.5 0 0 0 0 0 1 0 0 0 0 0 1 0 0 0 0 0 1 0"/></filter><rect width="40" height="40" fill="red" filter="url(#a)"/>`,
			[]probe{{20, 20, [4]uint8{128, 0, 0, 255}}}},
		{"filter region clips", `<filter id="a" x="0" y="0" width="0.5" height="1"><feColorMatrix type="saturate" values="1"/></filter><rect width="40" height="40" fill="red" filter="url(#a)"/>`,
			[]probe{{10, 20, red}, {30, 20, transparent}}},
		{"image stretched with preserveAspectRatio none", `<image width="40" height="40" preserveAspectRatio="none" href="` + pngURI + `"/>`,
			[]probe{{5, 20, red}, {35, 20, blue}}},
		{"image meet is centred", `<image width="40" height="40" xlink:href="` + pngURI + `"/>`,
			[]probe{{5, 5, transparent}, {5, 20, red}, {35, 20, blue}, {20, 35, transparent}}},
		{"image slice is clipped", `<image x="10" width="20" height="40" preserveAspectRatio="xMidYMid slice" href="` + pngURI + `"/>`,
			[]probe{{5, 20, transparent}, {9, 20, transparent}, {31, 20, transparent}, {35, 20, transparent}}},
		{"use", `<defs><rect id="r" width="20" height="20" fill="red"/></defs><use href="#r" x="20" y="20"/>`,
			[]probe{{30, 30, red}, {10, 10, transparent}}},
		{"nested svg viewBox and clip", `<svg x="20" width="20" height="20" viewBox="0 0 10 10"><rect width="20" height="20" fill="red"/></svg>`,
			[]probe{{30, 10, red}, {10, 10, transparent}, {30, 30, transparent}}},
		{"display none", `<rect width="40" height="40" fill="red" display="none"/>`, []probe{{20, 20, transparent}}},
		{"circle and ellipse", `<circle cx="10" cy="10" r="8" fill="red"/><ellipse cx="30" cy="30" rx="8" ry="4" fill="blue"/>`,
			[]probe{{10, 10, red}, {1, 1, transparent}, {30, 30, blue}, {30, 36, transparent}}},
		{"polygon", `<polygon points="0,0 40,0 0,40" fill="red"/>`, []probe{{5, 5, red}, {35, 35, transparent}}},
		{"rounded rect", `<rect width="40" height="40" rx="10" fill="red"/>`, []probe{{20, 20, red}, {0, 0, transparent}}},
		{"gradient as flat colour", `<linearGradient id="g"><stop offset="0" stop-color="#ff0000"/><stop offset="1" stop-color="#0000ff"/></linearGradient><rect width="40" height="40" fill="url(#g)"/>`,
			[]probe{{20, 20, [4]uint8{128, 0, 128, 255}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img, _ := render(t, doc(tc.body), 40, 40, color.Transparent)
			for _, p := range tc.probes {
				if got := at(img, p.x, p.y); !near(got, p.want, 3) {
					t.Errorf("pixel %d,%d = %v, want %v", p.x, p.y, got, p.want)
				}
			}
		})
	}
}

// pngHeader returns the signature and header chunk of a PNG claiming
// w×h pixels, with no image data.
func pngHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32([]byte("IHDR"), w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 0, 0, 0, 0) // 8-bit greyscale
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, 13)
	out = append(out, ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr))
}

// TestRelativeEqualsAbsolute draws the same outline with absolute and
// relative commands.
func TestRelativeEqualsAbsolute(t *testing.T) {
	abs := doc(`<path d="M5 5 L35 5 C35 20 20 35 5 35 Q12 20 5 5 Z" fill="red"/>`)
	rel := doc(`<path d="m5 5 l30 0 c0 15 -15 30 -30 30 q7 -15 0 -30 z" fill="red"/>`)
	a, _ := render(t, abs, 40, 40, color.Transparent)
	b, _ := render(t, rel, 40, 40, color.Transparent)
	if !bytes.Equal(a.Pix, b.Pix) {
		t.Error("relative and absolute paths differ")
	}
}

func TestWarnings(t *testing.T) {
	_, d := render(t, doc(`<text x="1" y="10">hi</text><text>again</text><rect width="4" height="4" stroke="red" foo="1"/><g filter="url(#missing)"/>`), 40, 40, color.Transparent)
	got := strings.Join(d.Warnings(), "\n")
	for _, want := range []string{"unsupported element <text> (2 times)", "stroke not drawn", "unsupported attribute foo", "filter reference #missing"} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings %q lack %q", got, want)
		}
	}
}

func TestReferenceCycles(t *testing.T) {
	src := doc(`<mask id="m"><use href="#u"/></mask><g id="u" mask="url(#m)"><rect width="40" height="40" fill="red"/></g><use href="#u"/>` +
		`<clipPath id="c" clip-path="url(#c)"><rect width="10" height="10"/></clipPath><rect width="40" height="40" clip-path="url(#c)"/>` +
		`<g id="self"><use href="#self"/></g>`)
	_, d := render(t, src, 40, 40, color.Transparent)
	if !strings.Contains(strings.Join(d.Warnings(), "\n"), "reference cycle") {
		t.Errorf("no cycle warning: %q", d.Warnings())
	}
}

func TestLimits(t *testing.T) {
	bomb := base64.StdEncoding.EncodeToString(pngHeader(100000, 100000))
	tests := []struct {
		name string
		src  string
		lim  Limits
		want string
	}{
		{"bytes", doc(`<rect/>`), Limits{MaxBytes: 10}, "bytes"},
		{"elements", doc(strings.Repeat(`<g/>`, 50)), Limits{MaxElements: 20}, "more than 20 elements"},
		{"depth", doc(strings.Repeat(`<g>`, 70) + strings.Repeat(`</g>`, 70)), Limits{}, "deeper than 64"},
		{"intrinsic size", `<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"/>`, Limits{}, "intrinsic size"},
		{"embedded image", doc(`<image width="10" height="10" href="data:image/png;base64,` + bomb + `"/>`), Limits{}, "embedded image 100000x100000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse([]byte(tc.src), tc.lim)
			if err == nil {
				dst := image.NewRGBA(image.Rect(0, 0, 10, 10))
				_, err = d.Render(context.Background(), dst, dst.Rect)
			}
			if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want ErrLimit mentioning %q", err, tc.want)
			}
		})
	}
}

func TestNotSVG(t *testing.T) {
	for _, src := range []string{`<html/>`, ``, `<svg`, `<svg xmlns="http://www.w3.org/2000/svg"><g></svg>`} {
		if _, err := Parse([]byte(src), Limits{}); err == nil {
			t.Errorf("Parse(%q) succeeded", src)
		}
	}
}

func TestCancel(t *testing.T) {
	d, err := Parse([]byte(doc(`<rect width="40" height="40"/>`)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dst := image.NewRGBA(image.Rect(0, 0, 40, 40))
	if _, err := d.Render(ctx, dst, dst.Rect); !errors.Is(err, context.Canceled) {
		t.Errorf("render after cancel: %v", err)
	}
}

// TestRenderScales checks that a render at any size lands in the same
// places: a half-red, half-blue document at a few sizes and offsets.
func TestRenderScales(t *testing.T) {
	src := doc(`<rect width="20" height="40" fill="red"/><rect x="20" width="20" height="40" fill="blue"/>`)
	d, err := Parse([]byte(src), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []image.Rectangle{image.Rect(0, 0, 400, 400), image.Rect(-100, 0, 300, 400), image.Rect(7, 3, 17, 13)} {
		t.Run(fmt.Sprint(r), func(t *testing.T) {
			dst := image.NewRGBA(image.Rect(0, 0, 400, 400))
			if _, err := d.Render(context.Background(), dst, r); err != nil {
				t.Fatal(err)
			}
			q := r.Dx() / 4
			left := image.Pt(r.Min.X+q, r.Min.Y+2*q)
			right := image.Pt(r.Max.X-q, r.Min.Y+2*q)
			if left.In(dst.Rect) && at(dst, left.X, left.Y) != red {
				t.Errorf("left %v = %v", left, at(dst, left.X, left.Y))
			}
			if right.In(dst.Rect) && at(dst, right.X, right.Y) != blue {
				t.Errorf("right %v = %v", right, at(dst, right.X, right.Y))
			}
			if p := r.Max.Add(image.Pt(1, 1)); p.In(dst.Rect) && at(dst, p.X, p.Y) != transparent {
				t.Errorf("outside %v = %v", p, at(dst, p.X, p.Y))
			}
		})
	}
}

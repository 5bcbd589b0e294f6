package svg

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Thresholds against Chromium, at 195×110. The corpus renders measure
// about 0.7/255 and 0.01%; dropping the masks or the clip paths of these
// files raises them to 1.8–25/255 and 0.6–21%.
const (
	maxMeanDiff = 2.0   // mean absolute difference per channel, /255
	maxBigFrac  = 0.002 // pixels with a channel off by more than 40
)

var chromiumCases = []struct{ name, dir string }{
	{"site_video_virginie1", "videos/paroles-d-experts/parolesdexperts-episode3-ecoconception-cybersecurite"},
	{"Site_podcast_FabienneTatot", "podcasts/referents/saison2-episode1-IA-Tatot"},
	{"site_video_seriereferents_enjeux", "videos/serie-referents/episode-2-les-enjeux"},
	{"site_video_fadilaleturcq", "videos/paroles-d-experts/Experts-S2E9-FadilaLeturcq"},
}

func readCorpus(t *testing.T, dir, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(dir), name+".svg"))
	if os.IsNotExist(err) {
		t.Skip("corpus not available")
	}
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// renderHalf draws an SVG at its intrinsic size over white and halves it,
// as the Chromium references were made.
func renderHalf(t *testing.T, data []byte) *image.RGBA {
	t.Helper()
	d, err := Parse(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	w, h := int(math.Round(d.Width)), int(math.Round(d.Height))
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Rect, image.White, image.Point{}, draw.Src)
	if _, err := d.Render(context.Background(), dst, dst.Rect); err != nil {
		t.Fatal(err)
	}
	if ws := d.Warnings(); len(ws) > 0 {
		t.Errorf("warnings on a corpus file: %q", ws)
	}
	return halve(dst)
}

func TestChromiumReference(t *testing.T) {
	for _, c := range chromiumCases {
		t.Run(c.name, func(t *testing.T) {
			data := readCorpus(t, c.dir, c.name)
			f, err := os.Open(filepath.Join("testdata", "chromium", c.name+".png"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			ref, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			got := renderHalf(t, data)
			if got.Rect != ref.Bounds() {
				t.Fatalf("render is %v, reference %v", got.Rect, ref.Bounds())
			}
			mean, big := compare(got, toRGBA(ref), got.Rect)
			t.Logf("mean difference %.2f/255, %.3f%% of pixels off by more than 40", mean, 100*big)
			if mean > maxMeanDiff || big > maxBigFrac {
				t.Errorf("render differs from Chromium: mean %.2f/255 (max %.1f), %.3f%% off (max %.1f%%)",
					mean, maxMeanDiff, 100*big, 100*maxBigFrac)
			}
		})
	}
}

// TestChromiumReferenceDetects checks that the comparison catches a wrong
// render: the same file drawn without its masks.
func TestChromiumReferenceDetects(t *testing.T) {
	c := chromiumCases[0]
	data := readCorpus(t, c.dir, c.name)
	f, err := os.Open(filepath.Join("testdata", "chromium", c.name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ref, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	unmasked := bytes.ReplaceAll(data, []byte(` mask="url(`), []byte(` data-mask="url(`))
	got := renderHalf(t, unmasked)
	mean, big := compare(got, toRGBA(ref), got.Rect)
	if mean <= maxMeanDiff && big <= maxBigFrac {
		t.Errorf("a render without masks passes the comparison: mean %.2f/255, %.3f%%", mean, 100*big)
	}
}

// TestEmbeddedImage compares a downscaled render with the embedded PNG
// that is its main content: the photo of virginie1, drawn through
// matrix(...) inside the viewBox. The reference averages the PNG's pixels
// over each output pixel (a box filter, independent of the renderer's
// resampling), in the part of the photo that no clip or mask hides.
func TestEmbeddedImage(t *testing.T) {
	c := chromiumCases[0]
	data := readCorpus(t, c.dir, c.name)
	// The largest image drawn in the body, with its group's transform.
	re := regexp.MustCompile(`<g transform="matrix\(([^)]*)\)"><image x="0" y="0" width="(\d+)" xlink:href="data:image/png;base64,([^"]+)" height="(\d+)"`)
	var best [][]byte
	bestArea := 0
	for _, m := range re.FindAllSubmatch(data, -1) {
		w, _ := strconv.Atoi(string(m[2]))
		h, _ := strconv.Atoi(string(m[4]))
		if w*h > bestArea {
			best, bestArea = m, w*h
		}
	}
	if best == nil {
		t.Fatal("no embedded png found")
	}
	var mat [6]float64
	for i, f := range strings.Split(string(best[1]), ",") {
		mat[i], _ = strconv.ParseFloat(strings.TrimSpace(f), 64)
	}
	raw, err := base64.StdEncoding.DecodeString(string(best[3]))
	if err != nil {
		t.Fatal(err)
	}
	photo, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	src := toRGBA(photo)

	d, err := Parse(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	const w, h = 195, 110
	got := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(got, got.Rect, image.White, image.Point{}, draw.Src)
	if _, err := d.Render(context.Background(), got, got.Rect); err != nil {
		t.Fatal(err)
	}
	// viewBox 0 0 292.5 165 into 195×110: a uniform scale.
	k := float64(w) / 292.5
	sx, sy := mat[0]*k, mat[3]*k
	tx, ty := mat[4]*k, mat[5]*k
	sum := make([][4]float64, w*h)
	cnt := make([]float64, w*h)
	for v := range src.Rect.Dy() {
		for u := range src.Rect.Dx() {
			x := int(math.Floor(sx*(float64(u)+0.5) + tx))
			y := int(math.Floor(sy*(float64(v)+0.5) + ty))
			if x < 0 || y < 0 || x >= w || y >= h {
				continue
			}
			p := src.Pix[src.PixOffset(u, v):]
			for c := range 4 {
				sum[y*w+x][c] += float64(p[c])
			}
			cnt[y*w+x]++
		}
	}
	ref := image.NewRGBA(got.Rect)
	for i := range sum {
		for c := range 4 {
			if cnt[i] > 0 {
				ref.Pix[4*i+c] = uint8(sum[i][c]/cnt[i] + 0.5)
			}
		}
	}
	// The photo's clip path starts at x = 109.6 in the viewBox and the
	// masked shape on the left ends at 140; compare from 145 to the clip's
	// right and bottom edges (291.4, 164), one pixel in.
	region := image.Rect(int(math.Ceil(145*k)), 1, int(291.37*k)-1, int(164*k)-1)
	mean, big := compare(got, ref, region)
	t.Logf("photo region %v: mean difference %.2f/255, %.3f%% off by more than 40", region, mean, 100*big)
	if mean > 3 || big > 0.002 {
		t.Errorf("render differs from the embedded image: mean %.2f/255, %.3f%%", mean, 100*big)
	}
}

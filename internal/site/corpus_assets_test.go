package site

import (
	"bytes"
	"encoding/json"
	"image"
	"image/jpeg"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// localPath maps a published URL under https://example.org/ to its file.
func localPath(t *testing.T, out, u string) string {
	t.Helper()
	p, ok := strings.CutPrefix(u, "https://example.org/")
	if !ok {
		t.Fatalf("%s is not under the base URL", u)
	}
	p, err := url.PathUnescape(p)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(out, filepath.FromSlash(p))
}

// TestCorpusArtworkAndTranscripts decodes every published artwork and
// reads every transcript of the real corpus's build.
func TestCorpusArtworkAndTranscripts(t *testing.T) {
	out, _, _ := corpusBuild(t)
	f := parseFeed(t, filepath.Join(out, "feed.xml"))

	checked := map[string]bool{}
	for _, it := range f.Items {
		if it.ITunesExt == nil || it.ITunesExt.Image == "" {
			t.Errorf("%s: no itunes:image", it.Title)
			continue
		}
		p := localPath(t, out, it.ITunesExt.Image)
		if checked[p] {
			continue
		}
		checked[p] = true
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// Apple: JPEG or PNG, RGB, square, 1400 to 3000 px, under 512 KB.
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || format != "jpeg" {
			t.Errorf("%s: %s artwork (%v)", it.Title, format, err)
			continue
		}
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", it.Title, err)
			continue
		}
		if _, ok := img.(*image.YCbCr); !ok {
			t.Errorf("%s: artwork is %T, not an RGB (YCbCr) JPEG", it.Title, img)
		}
		if cfg.Width != cfg.Height || cfg.Width < 1400 || cfg.Width > 3000 || len(data) >= 512_000 {
			t.Errorf("%s: artwork %dx%d, %d bytes", it.Title, cfg.Width, cfg.Height, len(data))
		}
	}
	// 48 episode images, counting twice an image two episodes share, and
	// the show's artwork for the two whose image is missing.
	if len(checked) < 40 {
		t.Errorf("only %d distinct artworks", len(checked))
	}

	transcripts := 0
	for _, it := range f.Items {
		types := map[string]string{}
		for _, tr := range it.Extensions["podcast"]["transcript"] {
			types[tr.Attrs["type"]] = tr.Attrs["url"]
		}
		if len(types) == 0 {
			continue
		}
		transcripts++
		for _, typ := range []string{"text/html", "text/plain", "application/json"} {
			if types[typ] == "" {
				t.Errorf("%s: no %s transcript", it.Title, typ)
			}
		}
		data, err := os.ReadFile(localPath(t, out, types["application/json"]))
		if err != nil {
			t.Fatal(err)
		}
		checkJSONTranscript(t, it.Title, data)
	}
	if transcripts != 30 {
		t.Errorf("%d episodes with transcripts, want 30", transcripts)
	}
}

// checkJSONTranscript checks the Podcasting 2.0 JSON transcript format:
// {"version":"1.0.0","segments":[{"speaker"?,"startTime"?,"endTime"?,"body"}]}.
func checkJSONTranscript(t *testing.T, name string, data []byte) {
	t.Helper()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	var version string
	if err := json.Unmarshal(doc["version"], &version); err != nil || version != "1.0.0" {
		t.Errorf("%s: version %s", name, doc["version"])
	}
	var segs []map[string]any
	if err := json.Unmarshal(doc["segments"], &segs); err != nil || len(segs) == 0 {
		t.Errorf("%s: segments %v (%d)", name, err, len(segs))
		return
	}
	for i, s := range segs {
		for k, v := range s {
			switch k {
			case "speaker", "body":
				if _, ok := v.(string); !ok {
					t.Errorf("%s: segment %d: %s is %T", name, i, k, v)
				}
			case "startTime", "endTime":
				if _, ok := v.(float64); !ok {
					t.Errorf("%s: segment %d: %s is %T", name, i, k, v)
				}
			default:
				t.Errorf("%s: segment %d: unknown key %q", name, i, k)
			}
		}
		if b, _ := s["body"].(string); strings.TrimSpace(b) == "" {
			t.Errorf("%s: segment %d has no body", name, i)
		}
	}
}

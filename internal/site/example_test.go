package site

import (
	"bytes"
	"context"
	"encoding/json"
	"image/jpeg"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/episode"

	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/media"
)

// The bundled example show (../../feedcast.yaml, ../../content,
// ../../public) is what a newcomer's first "feedcast serve" shows: a
// podcast whose every episode podcast apps list and play.

// exampleNow is after the example's episodes' dates.
var exampleNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func buildExample(t *testing.T, out, cache string) *Result {
	t.Helper()
	cfg, err := config.Load(filepath.Join("..", "..", "feedcast.yaml"), false)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Cache = cache
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{
		Config:  cfg,
		Content: openDir(t, filepath.Join("..", "..", "content")).FS(),
		Static:  openDir(t, filepath.Join("..", "..", "public")).FS(),
		Out:     out,
		Now:     func() time.Time { return exampleNow },
		Version: "test",
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// probeFile reads a media file with internal/media.
func probeFile(t *testing.T, p string) media.Info {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	info, err := media.Probe(f, st.Size(), p)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// itunesSeconds reads an itunes:duration: seconds, MM:SS or HH:MM:SS.
func itunesSeconds(t *testing.T, s string) float64 {
	t.Helper()
	var total float64
	for _, part := range strings.Split(s, ":") {
		n, err := strconv.ParseFloat(part, 64)
		if err != nil {
			t.Fatalf("itunes:duration %q: %v", s, err)
		}
		total = total*60 + n
	}
	return total
}

// jsonChapters is a JSON Chapters file as podcast apps read it.
type jsonChapters struct {
	Version  string `json:"version"`
	Chapters []struct {
		StartTime float64 `json:"startTime"`
		Title     string  `json:"title"`
	} `json:"chapters"`
}

// publishedFile maps a URL of the build to its file in out.
func publishedFile(t *testing.T, out, base, u string) string {
	t.Helper()
	rel, ok := strings.CutPrefix(u, base)
	if !ok {
		t.Fatalf("%s is not under %s", u, base)
	}
	return filepath.Join(out, filepath.FromSlash(rel))
}

func podcastAttr(it *gofeed.Item, name, attr string) string {
	for _, e := range it.Extensions["podcast"][name] {
		return e.Attrs[attr]
	}
	return ""
}

// TestExampleShow builds the bundled example and reads its feed with
// gofeed: every episode has an enclosure with its file's length and
// type, an itunes:duration within 1 s of internal/media's reading, a
// chapters file with the chapters embedded in the MP3, a transcript,
// and the artwork made from the cover embedded in the MP3. The readiness
// check says nothing of missing media.
func TestExampleShow(t *testing.T) {
	root := filepath.Join("..", "..", "content")
	mp3s := map[string]string{} // file name -> path
	episodes := 0
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case d.IsDir() || p == filepath.Join(root, "README.md"):
		case episode.IsEpisodeFile(d.Name()) && strings.HasSuffix(p, ".md"):
			episodes++
		case strings.HasSuffix(p, ".mp3"):
			mp3s[d.Name()] = p
		}
		return nil
	})
	if episodes < 3 || len(mp3s) != episodes {
		t.Fatalf("the example has %d episodes and %d MP3 files, want at least 3, one each", episodes, len(mp3s))
	}

	out := filepath.Join(t.TempDir(), "site")
	cache := t.TempDir()
	res := buildExample(t, out, cache)
	if res.Published != episodes || res.Skipped != 0 || res.Held != 0 || res.NoMedia != 0 {
		t.Errorf("published %d, skipped %d, held %d, without media %d; want %d 0 0 0", res.Published, res.Skipped, res.Held, res.NoMedia, episodes)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %v", d.Error())
	}
	// The local base_url is the one finding expected.
	for _, f := range res.Readiness {
		if f.Key != "base_url" {
			t.Errorf("readiness: %s: %s: %s (%v)", f.Kind, f.Key, f.Msg, f.Files)
		}
	}

	feedXML := filepath.Join(out, "feed.xml")
	f := parseFeed(t, feedXML)
	if len(f.Items) != episodes {
		t.Fatalf("feed.xml has %d items, want %d", len(f.Items), episodes)
	}
	base := "http://127.0.0.1:8080/"
	showImage := ""
	if f.ITunesExt != nil {
		showImage = f.ITunesExt.Image
	}
	for _, it := range f.Items {
		if len(it.Enclosures) != 1 {
			t.Errorf("%s: %d enclosures, want 1", it.Title, len(it.Enclosures))
			continue
		}
		enc := it.Enclosures[0]
		src := mp3s[path.Base(enc.URL)]
		if src == "" {
			t.Errorf("%s: enclosure %s is none of the example's MP3 files", it.Title, enc.URL)
			continue
		}
		st, err := os.Stat(src)
		if err != nil {
			t.Fatal(err)
		}
		info := probeFile(t, src)
		if enc.Length != strconv.FormatInt(st.Size(), 10) || enc.Type != "audio/mpeg" || info.Type != "audio/mpeg" {
			t.Errorf("%s: enclosure length %s type %s, want %d audio/mpeg (probed %s)", it.Title, enc.Length, enc.Type, st.Size(), info.Type)
		}
		if published, err := os.ReadFile(publishedFile(t, out, base, enc.URL)); err != nil || int64(len(published)) != st.Size() {
			t.Errorf("%s: the enclosure is not published whole: %v", it.Title, err)
		}
		if it.ITunesExt == nil || it.ITunesExt.Duration == "" {
			t.Errorf("%s: no itunes:duration", it.Title)
		} else if d := itunesSeconds(t, it.ITunesExt.Duration); math.Abs(d-info.Duration.Seconds()) > 1 {
			t.Errorf("%s: itunes:duration %s, media reads %v", it.Title, it.ITunesExt.Duration, info.Duration)
		}
		if info.Duration < 10*time.Second || info.Duration > 30*time.Second {
			t.Errorf("%s: lasts %v, want 10 to 30 s", it.Title, info.Duration)
		}

		// Chapters: the embedded ones, as a JSON Chapters file.
		if len(info.Chapters) < 2 {
			t.Errorf("%s: %d chapters embedded in %s, want 2 or more", it.Title, len(info.Chapters), src)
		}
		cu := podcastAttr(it, "chapters", "url")
		if cu == "" || podcastAttr(it, "chapters", "type") != "application/json+chapters" {
			t.Errorf("%s: no podcast:chapters of type application/json+chapters", it.Title)
		} else {
			data, err := os.ReadFile(publishedFile(t, out, base, cu))
			if err != nil {
				t.Fatal(err)
			}
			var jc jsonChapters
			if err := json.Unmarshal(data, &jc); err != nil {
				t.Fatalf("%s: %v", cu, err)
			}
			if len(jc.Chapters) != len(info.Chapters) {
				t.Errorf("%s: %d chapters, the MP3 has %d", cu, len(jc.Chapters), len(info.Chapters))
			} else {
				for i, c := range jc.Chapters {
					want := info.Chapters[i]
					if c.Title != want.Title || math.Abs(c.StartTime-want.Start.Seconds()) > 0.001 {
						t.Errorf("%s: chapter %d is %.3f %q, the MP3's %v %q", cu, i, c.StartTime, c.Title, want.Start, want.Title)
					}
				}
			}
		}

		// A timed transcript.
		if tu := podcastAttr(it, "transcript", "url"); tu == "" || podcastAttr(it, "transcript", "type") != "text/vtt" {
			t.Errorf("%s: first podcast:transcript %q is not a WebVTT file", it.Title, tu)
		} else if _, err := os.Stat(publishedFile(t, out, base, tu)); err != nil {
			t.Errorf("%s: %v", it.Title, err)
		}

		// The artwork: made from the cover embedded in the MP3.
		if info.Cover == nil {
			t.Errorf("%s: %s has no cover art", it.Title, src)
		}
		img := ""
		if it.ITunesExt != nil {
			img = it.ITunesExt.Image
		}
		if img == "" || img == showImage || !strings.HasPrefix(path.Base(img), "square-") {
			t.Errorf("%s: itunes:image %q, want the episode's own artwork (the show's is %q)", it.Title, img, showImage)
		} else {
			r, err := os.Open(publishedFile(t, out, base, img))
			if err != nil {
				t.Fatal(err)
			}
			c, err := jpeg.DecodeConfig(r)
			r.Close()
			if err != nil || c.Width != 1400 || c.Height != 1400 {
				t.Errorf("%s: %s: %v, %dx%d, want a 1400x1400 JPEG", it.Title, img, err, c.Width, c.Height)
			}
		}
	}

	// Built again into another folder with the same cache, the covers'
	// renditions come from the cache, and the feeds are the same bytes.
	out2 := filepath.Join(t.TempDir(), "site")
	res2 := buildExample(t, out2, cache)
	if res2.ImagesEncoded != 0 || res2.ImagesCached != res.ImagesEncoded+res.ImagesCached {
		t.Errorf("second build: %d images encoded, %d from the cache; want 0 and %d", res2.ImagesEncoded, res2.ImagesCached, res.ImagesEncoded+res.ImagesCached)
	}
	a, _ := os.ReadFile(feedXML)
	b, _ := os.ReadFile(filepath.Join(out2, "feed.xml"))
	if !bytes.Equal(a, b) {
		t.Error("feed.xml differs between two builds of the example")
	}
}

// The chapters of the front matter and of the chapters file beside the
// episode win over those embedded in the media file, which win over the
// body's list; an image of the episode's own wins over the embedded
// cover; a media file without cover art leaves the show's artwork,
// without a warning.
func TestMediaChaptersAndCover(t *testing.T) {
	withCover, err := os.ReadFile(filepath.Join("..", "..", "content", "podcast", "01-bienvenue.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	noCover, err := os.ReadFile(filepath.Join("..", "..", "testdata", "audioshow", "episodes", "02-mesurer.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	ep := func(title, date, audio, more, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ndate: " + date + "\naudio: " + audio + "\n" + more + "---\n" + body)}
	}
	content := fstest.MapFS{
		"fm.md":              ep("Front matter", "2025-01-10", "fm.mp3", "chapters:\n  - start: 0\n    title: From the front matter\n", "0:00 Body\n"),
		"fm.mp3":             {Data: withCover},
		"side.md":            ep("Sidecar", "2025-01-11", "side.mp3", "", "0:00 Body\n"),
		"side.mp3":           {Data: withCover},
		"side.chapters.json": {Data: []byte(`{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "From the file beside"}]}`)},
		"emb.md":             ep("Embedded", "2025-01-12", "emb.mp3", "", "0:00 Body\n1:00 Body end\n"),
		"emb.mp3":            {Data: withCover},
		"img.md":             ep("Own image", "2025-01-13", "img.mp3", "image: img.png\n", ""),
		"img.mp3":            {Data: withCover},
		"img.png":            {Data: tinyPNG},
		"none.md":            ep("No cover", "2025-01-14", "none.mp3", "", "0:00 Body\n2:00 Body end\n"),
		"none.mp3":           {Data: noCover},
	}
	out := filepath.Join(t.TempDir(), "site")
	res, err := runBuild(t, content, staticFS(), out, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %v", d.Error())
	}
	f := parseFeed(t, filepath.Join(out, "feed.xml"))
	base := "https://example.org/show/"
	items := map[string]*gofeed.Item{}
	for _, it := range f.Items {
		items[it.Title] = it
	}
	chapterTitles := func(title string) []string {
		it := items[title]
		if it == nil {
			t.Fatalf("no item %q", title)
		}
		u := podcastAttr(it, "chapters", "url")
		if u == "" {
			return nil
		}
		data, err := os.ReadFile(publishedFile(t, out, base, u))
		if err != nil {
			t.Fatal(err)
		}
		var jc jsonChapters
		if err := json.Unmarshal(data, &jc); err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, c := range jc.Chapters {
			titles = append(titles, c.Title)
		}
		return titles
	}
	var embedded []string
	for _, c := range probeFile(t, filepath.Join("..", "..", "content", "podcast", "01-bienvenue.mp3")).Chapters {
		embedded = append(embedded, c.Title)
	}
	for title, want := range map[string][]string{
		"Front matter": {"From the front matter"},
		"Sidecar":      {"From the file beside"},
		"Embedded":     embedded,
		"No cover":     {"Body", "Body end"}, // no chapters in the file: the body's list
	} {
		if got := chapterTitles(title); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: chapters %q, want %q", title, got, want)
		}
	}

	image := func(title string) string {
		if it := items[title]; it != nil && it.ITunesExt != nil {
			return it.ITunesExt.Image
		}
		return ""
	}
	show := f.ITunesExt.Image
	// The three episodes with the same cover and no image of their own
	// share its renditions' names (named after their content); the one
	// with its own image has others.
	cover := path.Base(image("Embedded"))
	if image("Embedded") == show || path.Base(image("Front matter")) != cover || path.Base(image("Sidecar")) != cover {
		t.Errorf("the embedded cover is not the artwork of the episodes without an image: %q %q %q (show %q)", image("Embedded"), image("Front matter"), image("Sidecar"), show)
	}
	if img := image("Own image"); img == show || path.Base(img) == cover {
		t.Errorf("Own image: itunes:image %q, want its own image's rendition", img)
	}
	if img := image("No cover"); img != show {
		t.Errorf("No cover: itunes:image %q, want the show's %q", img, show)
	}
}

// "feedcast check" reads the example as a build does: its episodes'
// relative links resolve against base_url, and every episode has its
// media file.
func TestCheckExample(t *testing.T) {
	cfg, err := config.Load(filepath.Join("..", "..", "feedcast.yaml"), false)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	res, err := Check(Options{
		Config:  cfg,
		Content: openDir(t, filepath.Join("..", "..", "content")).FS(),
		Static:  openDir(t, filepath.Join("..", "..", "public")).FS(),
		Now:     func() time.Time { return exampleNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Published < 3 || res.NoMedia != 0 || len(res.Diagnostics) != 0 {
		t.Errorf("published %d, without media %d, diagnostics %v; want 3 or more, 0, none", res.Published, res.NoMedia, res.Diagnostics)
	}
	for _, f := range res.Readiness {
		if f.Key != "base_url" {
			t.Errorf("readiness: %s: %s: %s (%v)", f.Kind, f.Key, f.Msg, f.Files)
		}
	}
}

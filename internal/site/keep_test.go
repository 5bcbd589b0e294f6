package site

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/internal/cache"
	"github.com/feedcast/feedcast/internal/config"
)

// keepShow writes a show of three episodes to disk. The second has a
// local media file, a local image and a transcript in its body, so that
// it has files of its own beside its page.
func keepShow(t *testing.T) (content string) {
	t.Helper()
	content = filepath.Join(t.TempDir(), "content")
	writeFile(t, filepath.Join(content, "ep1.md"), []byte("---\ntitle: Un\ndate: 2025-01-01\naudio: {url: \"https://media.example.org/1.mp3\", length: 1000}\n---\nPremier.\n"))
	writeFile(t, filepath.Join(content, "ep2.md"), []byte(keepEp2("Deux")))
	writeFile(t, filepath.Join(content, "ep2.mp3"), keepMP3())
	writeFile(t, filepath.Join(content, "ep2.png"), tinyPNG)
	writeFile(t, filepath.Join(content, "ep3.md"), []byte("---\ntitle: Trois\ndate: 2025-01-03\naudio: {url: \"https://media.example.org/3.mp3\", length: 1000}\n---\nTroisième.\n"))
	return content
}

// keepMP3 is an MPEG audio file of 20 frames (128 kbit/s, 44.1 kHz).
func keepMP3() []byte {
	frame := make([]byte, 417)
	copy(frame, []byte{0xff, 0xfb, 0x90, 0x00})
	return bytes.Repeat(frame, 20)
}

func keepEp2(title string) string {
	return "---\ntitle: " + title + "\ndate: 2025-01-02\naudio: ep2.mp3\nimage: ep2.png\n---\nLe **deuxième** épisode.\n\n## Transcription\n\n**Jane :** Bonjour et bienvenue.\n"
}

// keepBuild builds content into out, with the build cache cache ("" for
// none), at the given time.
func keepBuild(t *testing.T, content, out, cache string, now time.Time) *Result {
	t.Helper()
	return keepBuildWith(t, content, out, cache, now, "test")
}

// keepBuildWith is keepBuild by the program of the given version.
func keepBuildWith(t *testing.T, content, out, cache string, now time.Time, version string) *Result {
	t.Helper()
	c := config.Default()
	c.Title = "Keep"
	c.Language = "fr"
	c.BaseURL = "https://example.org/show/"
	c.IDAuthority = "example.org,2025"
	c.Cache = cache
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(content)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	res, err := Run(context.Background(), Options{Config: c, Content: root.FS(), Out: out, Now: func() time.Time { return now }, Version: version})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// keptItem is what a listener's app sees of an item.
type keptItem struct {
	Title, Content, Link, Enclosure, Image string
}

// feedItems parses the three feeds of out with gofeed and returns their
// items by guid, each format apart.
func feedItems(t *testing.T, out string) map[string]keptItem {
	t.Helper()
	items := map[string]keptItem{}
	for _, name := range []string{"feed.xml", "atom.xml", "feed.json"} {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, it := range f.Items {
			k := keptItem{Title: it.Title, Content: it.Content + it.Description, Link: it.Link}
			for _, e := range it.Enclosures {
				k.Enclosure += e.URL + " " + e.Length + " "
			}
			if it.Image != nil {
				k.Image = it.Image.URL
			}
			items[name+" "+it.GUID] = k
		}
	}
	return items
}

// ep2Files returns the files of the output folder under the second
// episode's folder.
func ep2Files(t *testing.T, out string) []string {
	t.Helper()
	var files []string
	for p := range outputFiles(t, out) {
		if strings.Contains(p, "/ep2/") {
			files = append(files, p)
		}
	}
	slices.Sort(files)
	return files
}

func TestKeepLastGoodVersion(t *testing.T) {
	defer func(w time.Duration) { racyWindow = w }(racyWindow)
	racyWindow = 100 * time.Millisecond
	content := keepShow(t)
	dir := t.TempDir()
	out, cacheDir := filepath.Join(dir, "site"), filepath.Join(dir, "cacheDir")
	first := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	res := keepBuild(t, content, out, cacheDir, first)
	if res.Published != 3 || res.Skipped != 0 || res.Kept != 0 || len(res.Diagnostics) != 0 {
		t.Fatalf("first build: %d published, %d skipped, %d kept, %v", res.Published, res.Skipped, res.Kept, res.Diagnostics)
	}
	good := feedItems(t, out)
	files := ep2Files(t, out)
	for _, want := range []string{"episodes/ep2/index.html", "episodes/ep2/ep2.mp3", "episodes/ep2/transcript.html"} {
		if !slices.Contains(files, want) {
			t.Fatalf("the first build has no %s: %v", want, files)
		}
	}
	if len(good) != 9 {
		t.Fatalf("%d items in the three feeds, want 9", len(good))
	}

	// Each way a file stops being an episode: its last good version is
	// published, the same items and the same files.
	for _, broken := range []struct{ name, text, field string }{
		{"colon in title", strings.Replace(keepEp2("Deux"), "title: Deux", "title: Épisode 6 : le retour", 1), "front matter"},
		{"no date", strings.Replace(keepEp2("Deux"), "date: 2025-01-02\n", "", 1), "date"},
		{"no title", strings.Replace(keepEp2("Deux"), "title: Deux\n", "", 1), "title"},
		{"bad date", strings.Replace(keepEp2("Deux"), "2025-01-02", "2025-13-45", 1), "date"},
		{"binary", "---\ntitle: Deux\x00\x01\x02\n", "file"},
	} {
		t.Run(broken.name, func(t *testing.T) {
			writeFile(t, filepath.Join(content, "ep2.md"), []byte(broken.text))
			for i := range 2 {
				// Every file old enough to be trusted: the second build
				// finds nothing changed, and does nothing.
				settle()
				res := keepBuild(t, content, out, cacheDir, first.Add(time.Hour))
				if res.Unchanged != (i == 1) {
					t.Errorf("build %d: unchanged %v", i+1, res.Unchanged)
				}
				if res.Published != 3 || res.Skipped != 1 || res.Kept != 1 {
					t.Errorf("build %d: %d published, %d skipped, %d kept, want 3, 1, 1", i+1, res.Published, res.Skipped, res.Kept)
				}
				var kept []string
				for _, d := range res.Diagnostics {
					if errors.Is(d.Err, cache.ErrKept) {
						kept = append(kept, d.Error())
					} else if !d.Warning {
						t.Errorf("build %d: an error is left: %v", i+1, d)
					}
				}
				if len(kept) != 1 || !strings.HasPrefix(kept[0], "ep2.md:") || !strings.Contains(kept[0], ": the version built on 2025-06-01 14:00 CEST is kept until the file is fixed") {
					t.Errorf("build %d: the kept file's diagnostics: %q", i+1, kept)
				}
				if got := feedItems(t, out); !maps.Equal(got, good) {
					t.Errorf("build %d: the feeds changed:\n%v\nwant\n%v", i+1, got, good)
				}
				if got := ep2Files(t, out); !slices.Equal(got, files) {
					t.Errorf("build %d: the episode's files are %v, want %v", i+1, got, files)
				}
			}
		})
	}

	// Strict still fails.
	c := config.Default()
	c.Title, c.Language, c.BaseURL, c.IDAuthority, c.Cache = "Keep", "fr", "https://example.org/show/", "example.org,2025", cacheDir
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(content)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if _, err := Run(context.Background(), Options{Config: c, Content: root.FS(), Out: out, Now: func() time.Time { return first }, Strict: true, Version: "test"}); !errors.Is(err, ErrStrict) {
		t.Errorf("strict build with a kept file: %v, want %v", err, ErrStrict)
	}

	// The output folder lost, the kept version is rendered again (the
	// others have no files of their own) from its HTML in the cache: the
	// same items, the same files.
	os.RemoveAll(out)
	res = keepBuild(t, content, out, cacheDir, first.Add(time.Hour))
	if got := feedItems(t, out); res.Kept != 1 || res.Rendered != 1 || !maps.Equal(got, good) {
		t.Errorf("output folder lost: %d kept, %d rendered; feeds:\n%v\nwant\n%v", res.Kept, res.Rendered, got, good)
	}
	if got := ep2Files(t, out); !slices.Equal(got, files) {
		t.Errorf("output folder lost: the episode's files are %v, want %v", got, files)
	}

	// A new program (another version) renders everything again, and
	// keeps the last good version.
	res = keepBuildWith(t, content, out, cacheDir, first.Add(time.Hour), "test-2")
	if got := feedItems(t, out); res.Kept != 1 || res.Rendered != 3 || !maps.Equal(got, good) {
		t.Errorf("new program: %d kept, %d rendered; feeds:\n%v\nwant\n%v", res.Kept, res.Rendered, got, good)
	}

	// Its media file gone meanwhile, the published copy is kept.
	os.Remove(filepath.Join(content, "ep2.mp3"))
	res = keepBuild(t, content, out, cacheDir, first.Add(2*time.Hour))
	if res.Kept != 1 {
		t.Errorf("media file gone: %d kept", res.Kept)
	}
	if got := feedItems(t, out); !maps.Equal(got, good) {
		t.Errorf("media file gone: the feeds changed:\n%v\nwant\n%v", got, good)
	}
	if got := ep2Files(t, out); !slices.Equal(got, files) {
		t.Errorf("media file gone: the episode's files are %v, want %v", got, files)
	}
	writeFile(t, filepath.Join(content, "ep2.mp3"), keepMP3())

	// Fixed, the file is published as it now is.
	writeFile(t, filepath.Join(content, "ep2.md"), []byte(keepEp2("Deux, corrigé")))
	res = keepBuild(t, content, out, cacheDir, first.Add(3*time.Hour))
	if res.Published != 3 || res.Skipped != 0 || res.Kept != 0 || len(res.Diagnostics) != 0 {
		t.Errorf("fixed: %d published, %d skipped, %d kept, %v", res.Published, res.Skipped, res.Kept, res.Diagnostics)
	}
	fixed := feedItems(t, out)
	titles := 0
	for k, it := range fixed {
		if it.Title == "Deux, corrigé" {
			titles++
			if !strings.Contains(it.Content, "deuxième") {
				t.Errorf("fixed: item %s: %+v", k, it)
			}
		}
	}
	if titles != 3 {
		t.Errorf("fixed: %d items have the new title, want 3: %v", titles, fixed)
	}

	// Broken again, the fixed version is the one kept; with a newer
	// build time.
	writeFile(t, filepath.Join(content, "ep2.md"), []byte("---\ntitle: [\n---\n"))
	res = keepBuild(t, content, out, cacheDir, first.Add(4*time.Hour))
	if got := feedItems(t, out); res.Kept != 1 || !maps.Equal(got, fixed) {
		t.Errorf("broken again: %d kept, feeds:\n%v\nwant\n%v", res.Kept, got, fixed)
	}
	if d := res.Diagnostics; len(d) == 0 || !strings.Contains(d[0].Error(), "the version built on 2025-06-01 17:00 CEST is kept") {
		t.Errorf("broken again: %v", d)
	}

	// A new file that never was an episode is skipped, nothing kept.
	writeFile(t, filepath.Join(content, "ep4.md"), []byte("---\ntitle: Quatre\n---\nSans date.\n"))
	res = keepBuild(t, content, out, cacheDir, first.Add(5*time.Hour))
	if res.Published != 3 || res.Skipped != 2 || res.Kept != 1 {
		t.Errorf("never good: %d published, %d skipped, %d kept, want 3, 2, 1", res.Published, res.Skipped, res.Kept)
	}
	for _, d := range res.Diagnostics {
		if d.Path == "ep4.md" && (d.Warning || errors.Is(d.Err, cache.ErrKept)) {
			t.Errorf("never good: %v", d)
		}
	}

	// Deleted, the episode goes, and its files.
	os.Remove(filepath.Join(content, "ep2.md"))
	res = keepBuild(t, content, out, cacheDir, first.Add(6*time.Hour))
	if res.Published != 2 || res.Skipped != 1 || res.Kept != 0 {
		t.Errorf("deleted: %d published, %d skipped, %d kept, want 2, 1, 0", res.Published, res.Skipped, res.Kept)
	}
	if got := feedItems(t, out); len(got) != 6 {
		t.Errorf("deleted: %d items, want 6", len(got))
	}
	if got := ep2Files(t, out); len(got) != 0 {
		t.Errorf("deleted: files left: %v", got)
	}
	// And a file written again at its path is a new file.
	writeFile(t, filepath.Join(content, "ep2.md"), []byte("---\ntitle: [\n---\n"))
	if res = keepBuild(t, content, out, cacheDir, first.Add(7*time.Hour)); res.Published != 2 || res.Kept != 0 {
		t.Errorf("written again broken: %d published, %d kept", res.Published, res.Kept)
	}
}

// TestKeepNoCache checks that without a build cache a broken file is
// skipped, its episode gone, and the message says nothing was kept.
func TestKeepNoCache(t *testing.T) {
	content := keepShow(t)
	out := filepath.Join(t.TempDir(), "site")
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	keepBuild(t, content, out, "", now)
	writeFile(t, filepath.Join(content, "ep2.md"), []byte(strings.Replace(keepEp2("Deux"), "date: 2025-01-02\n", "", 1)))
	res := keepBuild(t, content, out, "", now)
	if res.Published != 2 || res.Skipped != 1 || res.Kept != 0 {
		t.Errorf("%d published, %d skipped, %d kept, want 2, 1, 0", res.Published, res.Skipped, res.Kept)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Warning || !strings.Contains(res.Diagnostics[0].Error(), "ep2.md:1: date: missing: an episode needs a release date: no build cache to keep its last good version") {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	if got := feedItems(t, out); len(got) != 6 {
		t.Errorf("%d items, want 6", len(got))
	}
	if got := ep2Files(t, out); len(got) != 0 {
		t.Errorf("files left: %v", got)
	}
}

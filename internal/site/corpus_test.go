package site

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/internal/config"
)

// corpusDir is the real corpus, beside the repository (CI has it too).
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "minumeco")

func openDir(t *testing.T, dir string) *os.Root {
	t.Helper()
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// sharedCorpus is one build of the corpus that several tests read: images
// make a cold build take seconds.
var sharedCorpus struct {
	once       sync.Once
	dir        string
	out, cache string
	res        *Result
}

// corpusBuild returns the shared build's output folder, cache and result.
func corpusBuild(t *testing.T) (out, cache string, res *Result) {
	t.Helper()
	// Each test skips on its own: a Skip inside the Once would skip only
	// the first caller, and fail the others.
	skipWithoutCorpus(t)
	c := &sharedCorpus
	c.once.Do(func() {
		dir, err := os.MkdirTemp("", "feedcast-corpus-")
		if err != nil {
			t.Fatal(err)
		}
		c.dir, c.out, c.cache = dir, filepath.Join(dir, "site"), filepath.Join(dir, "cache")
		c.res = buildCorpus(t, c.out, c.cache)
	})
	if c.res == nil {
		t.Fatal("the shared corpus build failed")
	}
	return c.out, c.cache, c.res
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedCorpus.dir != "" {
		os.RemoveAll(sharedCorpus.dir)
	}
	os.Exit(code)
}

// skipWithoutCorpus skips the test when the real corpus is absent (a
// fresh clone has no ../shared beside it).
func skipWithoutCorpus(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("real corpus not found at %s", corpusDir)
	}
}

func buildCorpus(t *testing.T, out, cache string) *Result {
	t.Helper()
	skipWithoutCorpus(t)
	cfg, err := config.Load(filepath.Join("..", "..", "feedcast.yaml"), false)
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL = "https://example.org/"
	cfg.Cache = cache
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{
		Config:  cfg,
		Content: openDir(t, corpusDir).FS(),
		Static:  openDir(t, filepath.Join("..", "..", "public")).FS(),
		Out:     out,
		Now:     func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) },
		Version: "test",
		// Under the race detector, on a busy machine, one image can take
		// longer than the default 20 s: the test checks the images, not
		// the time limit.
		ImageTimeout: 5 * time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCorpus(t *testing.T) {
	out, _, res := corpusBuild(t)

	// 52 Markdown files: the licence is not an episode (a note, not a
	// skipped file), and one of the two copies of "Le rôle de la DINUM"
	// is a twin.
	if res.Published != 50 || res.Skipped != 0 || res.Twins != 1 || res.Held != 0 {
		t.Errorf("published %d skipped %d twins %d held %d, want 50 0 1 0", res.Published, res.Skipped, res.Twins, res.Held)
	}
	var warnings []string
	for _, d := range res.Diagnostics {
		warnings = append(warnings, d.Error())
	}
	all := strings.Join(warnings, "\n")
	for _, want := range []string{
		"LICENSE.Etalab-2.0.md",
		"site_video_webinaire_datacenter.svg",
		"site_video_webinaire_collectivites.svg",
		"publications/videos-serie-referents/episode-4-role-DINUM.md",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no diagnostic names %s; got:\n%s", want, all)
		}
	}
	if strings.Contains(all, "vignette-miniserie-episode4.webp") {
		t.Errorf("the twin's missing image is reported although the twin is not published:\n%s", all)
	}

	root := parseFeed(t, filepath.Join(out, "feed.xml"))
	if len(root.Items) != 50 {
		t.Errorf("root feed has %d items, want 50", len(root.Items))
	}
	seen := map[string]bool{}
	withTranscript := 0
	for _, it := range root.Items {
		if seen[it.GUID] {
			t.Errorf("duplicate guid %s", it.GUID)
		}
		seen[it.GUID] = true
		if len(it.Extensions["podcast"]["transcript"]) > 0 {
			withTranscript++
		}
		if it.PublishedParsed == nil || it.Link == "" || it.Title == "" {
			t.Errorf("item %q lacks a date, link or title", it.Title)
		}
	}
	// Transcripts: 29 files with {% transcription %}, and 1 with a
	// "## Transcription" section; of the other three such sections, two
	// only say "Transcription à venir" and one is the twin's.
	if withTranscript != 30 {
		t.Errorf("%d items link a transcript, want 30", withTranscript)
	}

	series, _ := filepath.Glob(filepath.Join(out, "series", "*", "feed.xml"))
	if len(series) != 7 {
		t.Errorf("%d series feeds, want 7: %v", len(series), series)
	}
	tags, _ := filepath.Glob(filepath.Join(out, "tags", "*", "feed.json"))
	if len(tags) < 10 {
		t.Errorf("only %d tag feeds", len(tags))
	}
	// Every feed of every format parses, and holds its items once.
	docs, _ := filepath.Glob(filepath.Join(out, "*", "*", "*.*"))
	docs = append(docs, filepath.Join(out, "feed.xml"), filepath.Join(out, "atom.xml"), filepath.Join(out, "feed.json"))
	sort.Strings(docs)
	parser := gofeed.NewParser()
	for _, p := range docs {
		base := filepath.Base(p)
		if base != "feed.xml" && base != "atom.xml" && base != "feed.json" {
			continue
		}
		r, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.Parse(r)
		r.Close()
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if len(f.Items) == 0 {
			t.Errorf("%s has no items", p)
		}
		ids := map[string]bool{}
		for _, it := range f.Items {
			if ids[it.GUID] {
				t.Errorf("%s: duplicate id %s", p, it.GUID)
			}
			ids[it.GUID] = true
		}
	}
}

func TestCorpusTwiceIsIdentical(t *testing.T) {
	a, cache, first := corpusBuild(t)
	b := filepath.Join(t.TempDir(), "b")
	second := buildCorpus(t, b, cache)
	// 48 episode images found (two are missing), and the show's artwork.
	if first.ImagesEncoded+first.ImagesCached == 0 || second.ImagesEncoded != 0 || second.ImagesCached != first.ImagesEncoded+first.ImagesCached {
		t.Errorf("images: first build %d encoded, %d cached; second %d encoded, %d cached; want the second to encode none",
			first.ImagesEncoded, first.ImagesCached, second.ImagesEncoded, second.ImagesCached)
	}
	if diff := compareTrees(t, a, b); diff != "" {
		t.Error(diff)
	}
}

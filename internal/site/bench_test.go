package site

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/config"
)

// benchShow returns a content tree of n episodes made from the real
// corpus's files, each copy in its own folder, with their images.
func benchShow(b *testing.B, n int) fstest.MapFS {
	b.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skipf("real corpus not found at %s", corpusDir)
	}
	src := os.DirFS(corpusDir)
	var eps, assets []string
	fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if filepath.Ext(p) == ".md" && d.Name() != "LICENSE.Etalab-2.0.md" {
			eps = append(eps, p)
		} else if filepath.Ext(p) != ".md" {
			assets = append(assets, p)
		}
		return nil
	})
	data := map[string][]byte{}
	for _, p := range append(eps, assets...) {
		d, err := fs.ReadFile(src, p)
		if err != nil {
			b.Fatal(err)
		}
		data[p] = d
	}
	m := fstest.MapFS{}
	for i := 0; i < n; i++ {
		p := eps[i%len(eps)]
		// Copies keep their title, date and player: they are twins, and
		// the build would publish one of each. A number in the title
		// makes each its own episode.
		text := strings.Replace(string(data[p]), "title:", fmt.Sprintf("title: %d -", i), 1)
		m[fmt.Sprintf("copy%04d/%s", i, p)] = &fstest.MapFile{Data: []byte(text)}
	}
	for i := 0; i*len(eps) < n; i++ {
		for _, a := range assets {
			m[fmt.Sprintf("copy%04d/%s", i, a)] = &fstest.MapFile{Data: data[a]}
		}
	}
	return m
}

// BenchmarkRead reads and renders 1,000 episode files.
func BenchmarkRead(b *testing.B) {
	show := benchShow(b, 1000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		eps, _ := episode.Read(show, nil, episode.Options{Location: time.UTC})
		if len(eps) != 1000 {
			b.Fatalf("%d episodes", len(eps))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/episode")
}

// benchFeed returns the show's feed of its episodes rendered as a build
// renders them: full sanitised content, no cache of encoded items.
func benchFeed(b *testing.B, show fstest.MapFS, cfg *config.Config) *feed.Feed {
	b.Helper()
	eps, _ := episode.Read(show, nil, episode.Options{Location: cfg.Location})
	base, _ := url.Parse(cfg.BaseURL)
	html := newContentHTML(base, cfg.Language)
	f := &feed.Feed{ID: "tag:example.org,2025:feed", Title: cfg.Title, Language: cfg.Language, URLs: map[string]string{}}
	for _, w := range writers {
		f.URLs[w.format.Name] = cfg.BaseURL + w.format.File
	}
	for i, e := range eps {
		it := &feed.Item{
			ID: fmt.Sprintf("tag:example.org,2025:episodes/%d", i), Title: e.Title, URL: cfg.BaseURL + "episodes/" + strconv.Itoa(i) + "/",
			Summary: e.Description, Published: e.Date, Updated: e.Date, Tags: e.Tags,
		}
		it.ContentHTML = html.render(e.HTML, playerLink{Href: it.URL, Title: e.Title, Kind: "video"})
		f.Items = append(f.Items, it)
	}
	f.Updated = newest(f.Items)
	return f
}

// BenchmarkWrite writes the show's three feeds of 1,000 episodes with full
// content, encoding every item.
func BenchmarkWrite(b *testing.B) {
	show := benchShow(b, 1000)
	f := benchFeed(b, show, benchConfig(b))
	if len(f.Items) != 1000 {
		b.Fatalf("%d items", len(f.Items))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, w := range writers {
			if err := w.write(io.Discard, f); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/episode")
}

// BenchmarkRender renders 1,000 episodes already read, as a build does:
// the sanitised content of each, and its item encoded in each format.
func BenchmarkRender(b *testing.B) {
	show := benchShow(b, 1000)
	cfg := benchConfig(b)
	eps, _ := episode.Read(show, nil, episode.Options{Location: cfg.Location})
	base, _ := url.Parse(cfg.BaseURL)
	html := newContentHTML(base, cfg.Language)
	// One capture per writer, reused as the build reuses them (newCapture).
	var captures [numFormats]*capture
	for w := range captures {
		captures[w] = &capture{items: map[*feed.Item][]byte{}}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		items := make([]*feed.Item, len(eps))
		for i, e := range eps {
			it := &feed.Item{ID: "tag:example.org,2025:" + e.Path, Title: e.Title, URL: cfg.BaseURL, Summary: e.Description, Published: e.Date}
			it.ContentHTML = html.render(e.HTML, playerLink{Href: it.URL, Title: e.Title, Kind: "video"})
			it.CleanContent()
			items[i] = it
		}
		for w, wr := range writers {
			c := captures[w]
			clear(c.items)
			c.buf = c.buf[:0]
			if err := wr.write(io.Discard, &feed.Feed{ID: "tag:x,2000:f", Language: cfg.Language, Items: items, Fragments: c}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/episode")
}

// diskShow writes benchShow to a folder: signatures and the build cache
// need real files.
func diskShow(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "content")
	for p, f := range benchShow(b, n) {
		name := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(name, f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// benchBuild builds the show of content into out with the cache.
func benchBuild(b *testing.B, content, out, cache string) *Result {
	b.Helper()
	cfg := benchConfig(b)
	cfg.Cache = cache
	root, err := os.OpenRoot(content)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	res, err := Run(context.Background(), Options{Config: cfg, Content: root.FS(), Out: out, Now: func() time.Time { return fixedNow.AddDate(2, 0, 0) }, PaceGC: true})
	if err != nil {
		b.Fatal(err)
	}
	if res.Published != 1000 {
		b.Fatalf("%d published", res.Published)
	}
	return res
}

// BenchmarkBuild is a whole build of 1,000 episodes into a new output
// folder, with an empty build cache: read, render, every feed of the show,
// its series and tags, pages, transcripts, images (their renditions come
// from the image cache, as they do after a first build).
func BenchmarkBuild(b *testing.B) {
	content := diskShow(b, 1000)
	cache, tmp := b.TempDir(), b.TempDir()
	benchBuild(b, content, filepath.Join(tmp, "first"), cache) // fills the image cache
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		b.StopTimer()
		os.RemoveAll(filepath.Join(cache, "build"))
		i++
		b.StartTimer()
		benchBuild(b, content, filepath.Join(tmp, strconv.Itoa(i)), cache)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/episode")
}

// BenchmarkRebuild builds again a show of 1,000 episodes where nothing
// changed: it checks the inputs and the output folder, and writes nothing.
func BenchmarkRebuild(b *testing.B) {
	defer func(w time.Duration) { racyWindow = w }(racyWindow)
	racyWindow = 100 * time.Millisecond
	content, cache := diskShow(b, 1000), b.TempDir()
	out := filepath.Join(b.TempDir(), "site")
	time.Sleep(racyWindow)
	benchBuild(b, content, out, cache)
	time.Sleep(racyWindow)
	benchBuild(b, content, out, cache) // trusts the folders' times from now on
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if res := benchBuild(b, content, out, cache); !res.Unchanged || res.FilesWritten != 0 {
			b.Fatalf("unchanged %v, %d files written", res.Unchanged, res.FilesWritten)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/episode")
}

// BenchmarkRebuildOne builds again a show of 1,000 episodes where one
// episode changed.
func BenchmarkRebuildOne(b *testing.B) {
	defer func(w time.Duration) { racyWindow = w }(racyWindow)
	racyWindow = 100 * time.Millisecond
	content, cache := diskShow(b, 1000), b.TempDir()
	out := filepath.Join(b.TempDir(), "site")
	var changed string
	filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err == nil && changed == "" && strings.HasSuffix(p, ".md") {
			changed = p
		}
		return err
	})
	original, err := os.ReadFile(changed)
	if err != nil {
		b.Fatal(err)
	}
	time.Sleep(racyWindow)
	benchBuild(b, content, out, cache)
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		text := strings.Replace(string(original), "title:", fmt.Sprintf("title: v%d", i), 1)
		if err := os.WriteFile(changed, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if res := benchBuild(b, content, out, cache); res.Rendered != 1 {
			b.Fatalf("%d episodes rendered", res.Rendered)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/episode")
}

func benchConfig(b *testing.B) *config.Config {
	c := config.Default()
	c.Title = "Bench"
	c.Language = "fr"
	c.BaseURL = "https://example.org/"
	c.Cache = b.TempDir()
	if err := c.Validate(); err != nil {
		b.Fatal(err)
	}
	return c
}

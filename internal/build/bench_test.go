package build

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/feedcast/feedcast/episode"
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

// BenchmarkWrite writes the show's three feeds of 1,000 episodes with full
// content, from episodes already read.
func BenchmarkWrite(b *testing.B) {
	show := benchShow(b, 1000)
	cfg := benchConfig(b)
	eps, _ := episode.Read(show, nil, episode.Options{Location: cfg.Location})
	base, _ := url.Parse(cfg.BaseURL)
	s := &site{cfg: cfg, base: base, content: show, html: newContentHTML(base, cfg.Language), files: map[string]file{}}
	f := s.feed(s.groups(s.items(eps, s.slugs(eps)))[0])
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

// BenchmarkBuild is a whole build of 1,000 episodes: read, render, every
// feed of the show, its series and tags, transcripts, images, written to
// disk and swapped in.
func BenchmarkBuild(b *testing.B) {
	show := benchShow(b, 1000)
	cfg := benchConfig(b)
	out := filepath.Join(b.TempDir(), "site")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := Run(context.Background(), Options{Config: cfg, Content: show, Out: out, Now: func() time.Time { return fixedNow.AddDate(2, 0, 0) }})
		if err != nil {
			b.Fatal(err)
		}
		if res.Published != 1000 {
			b.Fatalf("%d published", res.Published)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/episode")
}

func benchConfig(b *testing.B) *config.Config {
	c := config.Default()
	c.Title = "Bench"
	c.Language = "fr"
	c.BaseURL = "https://example.org/"
	if err := c.Validate(); err != nil {
		b.Fatal(err)
	}
	return c
}

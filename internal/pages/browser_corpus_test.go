package pages_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/feedcast/feedcast/internal/pages"
)

// TestBrowserCorpus opens the pages of the real corpus, with the feeds the
// build wrote, in a real browser.
func TestBrowserCorpus(t *testing.T) {
	ctx := newBrowser(t)
	a := newSite(t)
	site, out := corpusSite(t, a.URL+"/")
	files, err := pages.Files(site)
	if err != nil {
		t.Fatal(err)
	}
	// The build does not link the stylesheet yet: add the instruction
	// that rss.Write and atom.Write write for feed.Feed.Stylesheet.
	pi := []byte(xml.Header + `<?xml-stylesheet type="text/xsl" href="` + a.URL + "/" + pages.StylesheetPath + `"?>` + "\n")
	err = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".xml") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		if !bytes.Contains(b, []byte("xml-stylesheet")) {
			b = bytes.Replace(b, []byte(xml.Header), pi, 1)
		}
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	a.dir = out
	a.set(files)
	var titles []string
	for _, e := range site.Episodes {
		titles = append(titles, e.Item.Title)
	}

	t.Run("index", func(t *testing.T) {
		do(t, ctx, chromedp.Navigate(a.URL+"/"), chromedp.WaitVisible(chromedp.CSS("ol.cards")), loadAll(".cards img"))
		if got := eval[[]string](t, ctx, texts(".cards h3")); !slices.Equal(got, titles[:30]) {
			t.Errorf("episode titles shown %q, want %q", got, titles[:30])
		}
		imgs := eval[[]shownImage](t, ctx, images(".cards img"))
		if len(imgs) < 25 {
			t.Errorf("only %d thumbnails", len(imgs))
		}
		checkImages(t, imgs, len(imgs))
		shoot(t, ctx, "corpus-index.png")
	})

	t.Run("episode", func(t *testing.T) {
		e := site.Episodes[0]
		do(t, ctx, chromedp.Navigate(a.URL+"/episodes/"+e.Slug+"/"), chromedp.WaitVisible(chromedp.CSS("h1")))
		if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != e.Item.Title {
			t.Errorf("h1 %q, want %q", h1, e.Item.Title)
		}
		shoot(t, ctx, "corpus-episode.png")
	})

	t.Run("feed.xml", func(t *testing.T) {
		do(t, ctx, chromedp.Navigate(a.URL+"/feed.xml"))
		if !eval[bool](t, ctx, `typeof XSLTProcessor !== 'undefined'`) {
			t.Skip("this Chromium has no XSLT any more")
		}
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS("h1")))
		if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != site.Show.Title {
			t.Errorf("h1 %q, want %q", h1, site.Show.Title)
		}
		if got := eval[[]string](t, ctx, texts(".items h3")); !slices.Equal(got, titles) {
			t.Errorf("feed page shows %d episodes, want %d", len(got), len(titles))
		}
		shoot(t, ctx, "corpus-feed-xml.png")
	})
}

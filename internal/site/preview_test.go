package site

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Every RSS and Atom document gets a preview page beside it, and links
// the CSS style sheet after the XSLT one; a second build with the same
// inputs keeps the previews as they are; a feeds-only build writes
// neither.
func TestPreviews(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, err := runBuild(t, showFS(), staticFS(), out, false); err != nil {
		t.Fatal(err)
	}
	var feeds []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && (d.Name() == "feed.xml" || d.Name() == "atom.xml") {
			feeds = append(feeds, p)
		}
		return nil
	})
	if len(feeds) < 4 {
		t.Fatalf("%d XML feeds", len(feeds))
	}
	for _, p := range feeds {
		rel, _ := filepath.Rel(out, p)
		url := "https://example.org/show/" + filepath.ToSlash(rel)
		page, err := os.ReadFile(p + ".html")
		if err != nil {
			t.Errorf("no preview page: %v", err)
			continue
		}
		if !bytes.Contains(page, []byte(`id="feed-url" type="url" value="`+url+`"`)) {
			t.Errorf("%s.html does not show the feed's URL %s", rel, url)
		}
		doc, _ := os.ReadFile(p)
		const pis = `<?xml-stylesheet type="text/xsl" href="https://example.org/show/feed.xsl"?>` + "\n" +
			`<?xml-stylesheet type="text/css" href="https://example.org/show/feed.css"?>` + "\n"
		if !bytes.Contains(doc, []byte(pis)) {
			t.Errorf("%s: no XSLT then CSS instruction:\n%.300s", rel, doc)
		}
	}
	if css, err := os.ReadFile(filepath.Join(out, "feed.css")); err != nil || !strings.Contains(string(css), "flux de podcast") {
		t.Errorf("feed.css: %v\n%.200s", err, css)
	}
	if _, err := os.Stat(filepath.Join(out, "feed.json.html")); err == nil {
		t.Error("a JSON feed has a preview page")
	}
	before, _ := os.Stat(filepath.Join(out, "feed.xml.html"))
	if _, err := runBuild(t, showFS(), staticFS(), out, false); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(filepath.Join(out, "feed.xml.html"))
	if !os.SameFile(before, after) {
		t.Error("an unchanged preview page was written again")
	}

	cfg := testConfig(t)
	cfg.FeedsOnly = true
	only := filepath.Join(t.TempDir(), "site")
	if _, err := Run(context.Background(), Options{Config: cfg, Content: showFS(), Static: staticFS(), Out: only, Now: func() time.Time { return fixedNow }, Version: "test"}); err != nil {
		t.Fatal(err)
	}
	doc, _ := os.ReadFile(filepath.Join(only, "feed.xml"))
	if _, err := os.Stat(filepath.Join(only, "feed.xml.html")); err == nil || bytes.Contains(doc, []byte("xml-stylesheet")) {
		t.Error("a feeds-only build has previews or style sheets")
	}
}

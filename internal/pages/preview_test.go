package pages_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/pages"
)

// The preview page of a feed document: its items, the URL to copy (the
// feed's own for an archive page), escaped text, the same bytes every
// time, and errors for what cannot be shown.
func TestPreview(t *testing.T) {
	const base = "https://example.org/show/"
	fx := newFixture(base)
	f := fx.feeds[""]
	slugs := make([]string, len(f.Items))
	for i, e := range fx.site.Episodes {
		slugs[i] = e.Slug
	}
	doc := pages.PreviewDoc{Feed: f, Format: feed.Atom, Set: fx.site.Feeds[0], Slugs: slugs}
	a, err := pages.Preview(fx.site, doc)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pages.Preview(fx.site, doc)
	if !bytes.Equal(a, b) {
		t.Error("two renderings differ")
	}
	page := string(a)
	for _, want := range []string{
		`value="` + base + `atom.xml"`,
		`<link rel="canonical" href="` + base + `atom.xml">`,
		`href="` + base + `episodes/ete/"`,
		`L’été &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; « sobriété »`,
		`Un épisode d’été, en mp3.`,
		`>1er mars 2025</time>`,
		`Ceci est un flux de podcast`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>alert") {
		t.Error("a title is markup")
	}
	if n := strings.Count(page, `<li class="item">`); n != len(f.Items) {
		t.Errorf("%d items shown, want %d", n, len(f.Items))
	}
	checkPage(t, fx.site, "atom.xml.html", a)

	// An archive page: the URL to copy is the subscription document's.
	arch := *f
	arch.URLs = map[string]string{"rss": base + "archive/1/feed.xml", "atom": base + "archive/1/atom.xml", "json": base + "archive/1/feed.json"}
	arch.History = feed.History{Archive: true, Current: f.URLs}
	doc.Feed = &arch
	b, err = pages.Preview(fx.site, doc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `value="`+base+`atom.xml"`) || !strings.Contains(string(b), "page d’archive") {
		t.Errorf("archive page preview:\n%s", b)
	}

	doc.Feed, doc.Slugs = f, slugs[1:]
	if _, err := pages.Preview(fx.site, doc); err == nil {
		t.Error("no error for missing slugs")
	}
	doc.Slugs = slugs
	doc.Format = feed.Format{Name: "other"}
	if _, err := pages.Preview(fx.site, doc); err == nil {
		t.Error("no error for a format without a URL")
	}
	if got := pages.PreviewPath("series/x/feed.xml"); got != "series/x/feed.xml.html" {
		t.Errorf("PreviewPath = %q", got)
	}
}

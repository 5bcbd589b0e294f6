package pages_test

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/pages"
)

// parseHTML parses a page.
func parseHTML(t *testing.T, name string, doc []byte) *html.Node {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return root
}

// findAll returns the elements of n's subtree named tag ("" for all).
func findAll(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (tag == "" || n.Data == tag) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

var urlPattern = regexp.MustCompile(`https?://[^\s"'<>]+`)

// siteURLs are the outside URLs a page may link to: those of the show,
// its feeds and its episodes, and those in the episodes' HTML.
func siteURLs(s *pages.Site) map[string]bool {
	ok := map[string]bool{s.Show.HomePageURL: true}
	for _, u := range directoryPages {
		ok[u] = true
	}
	for _, f := range s.Feeds {
		ok[f.RSS], ok[f.Atom], ok[f.JSON] = true, true, true
	}
	if s.Show.Image != nil {
		ok[s.Show.Image.URL] = true
	}
	for _, sh := range s.Shows {
		ok[sh.Feeds.RSS], ok[sh.Feeds.Atom], ok[sh.Feeds.JSON], ok[sh.HomePage] = true, true, true, true
		for _, im := range []*feed.Image{sh.Artwork, sh.Thumb} {
			if im != nil {
				ok[im.URL] = true
			}
		}
		if id := sh.Directories.Apple; id != "" {
			ok["https://podcasts.apple.com/podcast/id"+id] = true
		}
	}
	for _, e := range s.Episodes {
		it := e.Item
		ok[it.URL] = true
		if it.Image != nil {
			ok[it.Image.URL] = true
		}
		for _, im := range it.Images {
			ok[im.URL] = true
		}
		if it.Enclosure != nil {
			ok[it.Enclosure.URL] = true
		}
		if it.Player != nil {
			ok[it.Player.URL], ok[it.Player.PageURL] = true, true
		}
		for _, tr := range it.Transcripts {
			ok[tr.URL] = true
		}
		for _, pe := range it.Persons {
			ok[pe.URL], ok[pe.Img] = true, true
		}
		for _, u := range urlPattern.FindAllString(it.ContentHTML+string(e.TranscriptHTML), -1) {
			ok[html.UnescapeString(u)] = true
		}
	}
	return ok
}

// appSchemes are the links that open a feed in a podcast app.
var appSchemes = []string{"podcast://", "pktc://subscribe/", "overcast://x-callback-url/add?url=", "https://antennapod.org/deeplink/subscribe?",
	"podcastaddict://", "castro://subscribe/"}

// directoryPages are the show's pages in directories that the fixture
// configures.
var directoryPages = []string{"https://podcasts.apple.com/podcast/id1759375669", "https://open.spotify.com/show/4rOoJ6Egrf8K2IrywzwOMk", "https://podcastindex.org/podcast/920666", "https://fountain.fm/show/abc"}

// checkPage checks what every HTML page must be: parsed, in the site's
// language, titled, with alt text on every image, the discovery links of
// the show's feeds, no inline script, style or event handler, unique ids
// that labels point to, one h1, and links only to the site or to the
// show's own outside URLs.
func checkPage(t *testing.T, s *pages.Site, name string, doc []byte) *html.Node {
	t.Helper()
	root := parseHTML(t, name, doc)
	if !bytes.HasPrefix(doc, []byte("<!DOCTYPE html>\n")) {
		t.Errorf("%s: no doctype", name)
	}
	htmlEl := findAll(root, "html")[0]
	if lang, _ := attr(htmlEl, "lang"); lang != s.Lang {
		t.Errorf("%s: lang %q, want %q", name, lang, s.Lang)
	}
	if titles := findAll(root, "title"); len(titles) != 1 || textOf(titles[0]) == "" {
		t.Errorf("%s: want one non-empty title", name)
	}
	if h1 := findAll(root, "h1"); len(h1) != 1 || textOf(h1[0]) == "" {
		t.Errorf("%s: %d h1, want one with text", name, len(h1))
	}
	for _, img := range findAll(root, "img") {
		if _, ok := attr(img, "alt"); !ok {
			src, _ := attr(img, "src")
			t.Errorf("%s: img %s has no alt", name, src)
		}
	}
	alternates := map[string]string{}
	for _, l := range findAll(root, "link") {
		if rel, _ := attr(l, "rel"); rel == "alternate" {
			typ, _ := attr(l, "type")
			alternates[typ], _ = attr(l, "href")
		}
	}
	show := s.Feeds[0]
	want := map[string]string{"application/rss+xml": show.RSS, "application/atom+xml": show.Atom, "application/feed+json": show.JSON}
	for typ, href := range want {
		if alternates[typ] != href {
			t.Errorf("%s: discovery link %s = %q, want %q", name, typ, alternates[typ], href)
		}
	}
	if len(findAll(root, "style")) > 0 {
		t.Errorf("%s: has a style element", name)
	}
	for _, sc := range findAll(root, "script") {
		src, _ := attr(sc, "src")
		if !strings.HasPrefix(src, s.BaseURL) || sc.FirstChild != nil {
			t.Errorf("%s: script %q is not an empty script of the site", name, src)
		}
	}
	ids := map[string]bool{}
	external := siteURLs(s)
	for _, el := range findAll(root, "") {
		for _, a := range el.Attr {
			switch {
			case strings.HasPrefix(a.Key, "on"):
				t.Errorf("%s: <%s %s> event handler", name, el.Data, a.Key)
			case a.Key == "style":
				t.Errorf("%s: <%s style> inline style", name, el.Data)
			case a.Key == "id":
				if ids[a.Val] {
					t.Errorf("%s: id %q used twice", name, a.Val)
				}
				ids[a.Val] = true
			case a.Key == "href" || a.Key == "src" || a.Key == "poster" || a.Key == "action":
				if !linkAllowed(s, external, a.Val) {
					t.Errorf("%s: <%s %s=%q> points outside the site", name, el.Data, a.Key, a.Val)
				}
			}
		}
	}
	for _, el := range findAll(root, "") {
		for _, key := range []string{"for", "aria-labelledby", "aria-describedby"} {
			if v, ok := attr(el, key); ok {
				for _, id := range strings.Fields(v) {
					if !ids[id] {
						t.Errorf("%s: <%s %s=%q> names no element", name, el.Data, key, id)
					}
				}
			}
		}
	}
	for _, a := range findAll(root, "a") {
		if textOf(a) == "" {
			if imgs := findAll(a, "img"); len(imgs) == 0 {
				href, _ := attr(a, "href")
				t.Errorf("%s: link %s has no text", name, href)
			}
		}
	}
	return root
}

func linkAllowed(s *pages.Site, external map[string]bool, v string) bool {
	if strings.HasPrefix(v, "#") || strings.HasPrefix(v, s.BaseURL) || external[v] {
		return true
	}
	for _, p := range appSchemes {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	if u, err := url.Parse(v); err == nil && u.Scheme == "" && u.Host == "" {
		return true // relative to the page, so on the site
	}
	return false
}

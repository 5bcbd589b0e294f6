package pages_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/pages"
)

// withShows makes two shows of the fixture's episodes: "Saison 1"'s
// episodes are an English show with its own artwork and directory id,
// the first episode a French show with no artwork of its own. It
// returns the English show's episodes' slugs.
func withShows(fx *fixture) []string {
	s := fx.site
	urls := func(slug string) (string, string, string) {
		d := base + "shows/" + slug + "/"
		return d + "feed.xml", d + "atom.xml", d + "feed.json"
	}
	series := s.Feeds[1].Episodes
	en := pages.Show{
		Feeds:       pages.FeedSet{Kind: pages.KindShow, Name: "Sober Talks", Slug: "sober-talks", Count: len(series)},
		Description: "Short talks <on> sober digital services.",
		Lang:        "en",
		Artwork:     &feed.Image{URL: base + "shows/sober-talks/artwork/square.jpg", Width: 1400, Height: 1400},
		Thumb:       &feed.Image{URL: base + "shows/sober-talks/artwork/small.jpg", Width: 320, Height: 320},
		HomePage:    "https://talks.example.org/",
		Directories: pages.Directories{Apple: "42"},
		Episodes:    slices.Clone(series),
	}
	en.Feeds.RSS, en.Feeds.Atom, en.Feeds.JSON = urls("sober-talks")
	fr := pages.Show{
		Feeds:    pages.FeedSet{Kind: pages.KindShow, Name: "Été", Slug: "ete", Count: 1},
		Artwork:  s.Show.Image,
		Episodes: []int{0},
	}
	fr.Feeds.RSS, fr.Feeds.Atom, fr.Feeds.JSON = urls("ete")
	s.Shows = []pages.Show{en, fr}
	var slugs []string
	for _, i := range series {
		slugs = append(slugs, s.Episodes[i].Slug)
	}
	return slugs
}

// byClass returns the elements of the tag whose class attribute is class.
func byClass(root *html.Node, tag, class string) []*html.Node {
	var out []*html.Node
	for _, n := range findAll(root, tag) {
		if c, _ := attr(n, "class"); c == class {
			out = append(out, n)
		}
	}
	return out
}

// alternates returns the page's feed discovery links by media type.
func alternates(root *html.Node) map[string]string {
	out := map[string]string{}
	for _, l := range findAll(root, "link") {
		if rel, _ := attr(l, "rel"); rel == "alternate" {
			typ, _ := attr(l, "type")
			out[typ], _ = attr(l, "href")
		}
	}
	return out
}

// TestShowPage checks a show's page: in the show's language, its title,
// description, small artwork, only its episodes, its own feeds in the
// subscribe box and the discovery links, and its own directory page
// (not the network's).
func TestShowPage(t *testing.T) {
	fx := newFixture(base)
	slugs := withShows(fx)
	files := render(t, fx.site)
	const name = "shows/sober-talks/index.html"
	doc, ok := files[name]
	if !ok {
		t.Fatalf("no %s", name)
	}
	root := parseHTML(t, name, doc)
	sh := fx.site.Shows[0]
	if lang, _ := attr(findAll(root, "html")[0], "lang"); lang != "en" {
		t.Errorf("lang %q, want the show's en", lang)
	}
	if h1 := findAll(root, "h1"); len(h1) != 1 || textOf(h1[0]) != "Sober Talks" {
		t.Errorf("h1 %v, want the show's title", h1)
	}
	text := textOf(root)
	for _, want := range []string{"Show", "Short talks <on> sober digital services.", fmt.Sprintf("%d episodes", len(slugs)), "Subscribe"} {
		if !strings.Contains(text, want) {
			t.Errorf("%s does not say %q", name, want)
		}
	}
	if strings.Contains(string(doc), "<on>") {
		t.Error("the description is not escaped")
	}
	var imgs []string
	for _, img := range findAll(findAll(root, "header")[0], "img") {
		src, _ := attr(img, "src")
		imgs = append(imgs, src)
	}
	if !slices.Equal(imgs, []string{sh.Thumb.URL}) {
		t.Errorf("header images %q, want the show's small artwork", imgs)
	}
	var want []string
	for _, s := range slugs {
		want = append(want, base+"episodes/"+s+"/")
	}
	if got := cardLinks(t, name, root); !slices.Equal(got, want) {
		t.Errorf("episodes %q, want the show's %q", got, want)
	}
	var inputs []string
	for _, in := range findAll(root, "input") {
		v, _ := attr(in, "value")
		inputs = append(inputs, v)
	}
	if !slices.Equal(inputs, []string{sh.Feeds.RSS}) {
		t.Errorf("feed fields %q, want the show's RSS feed", inputs)
	}
	if alt := alternates(root); alt["application/rss+xml"] != sh.Feeds.RSS || alt["application/atom+xml"] != sh.Feeds.Atom || alt["application/feed+json"] != sh.Feeds.JSON {
		t.Errorf("discovery links %v, want the show's feeds", alt)
	}
	var hrefs []string
	for _, a := range findAll(root, "a") {
		h, _ := attr(a, "href")
		hrefs = append(hrefs, h)
	}
	for _, h := range []string{"https://podcasts.apple.com/podcast/id42", sh.HomePage, sh.Feeds.Atom} {
		if !slices.Contains(hrefs, h) {
			t.Errorf("no link to %s", h)
		}
	}
	if slices.Contains(hrefs, "https://podcasts.apple.com/podcast/id1759375669") {
		t.Error("the show's page links the network's Apple Podcasts page")
	}
	for _, l := range findAll(root, "link") {
		if r, _ := attr(l, "rel"); r == "canonical" {
			if c, _ := attr(l, "href"); c != base+"shows/sober-talks/" {
				t.Errorf("canonical %q, want the show's page", c)
			}
		}
	}

	// The French show, with the site's artwork: in French.
	root = parseHTML(t, "shows/ete/index.html", files["shows/ete/index.html"])
	if lang, _ := attr(findAll(root, "html")[0], "lang"); lang != "fr" {
		t.Errorf("shows/ete: lang %q, want the site's fr", lang)
	}
	if !strings.Contains(textOf(root), "Émission") || !strings.Contains(textOf(root), "1 épisode") {
		t.Errorf("shows/ete: not in French: %q", textOf(root))
	}
	if got := cardLinks(t, "shows/ete", root); !slices.Equal(got, []string{base + "episodes/ete/"}) {
		t.Errorf("shows/ete: episodes %q", got)
	}
}

// TestShowPaging checks that a long show's page is paged as a series'.
func TestShowPaging(t *testing.T) {
	fx := newFixture(base)
	withShows(fx)
	sh := &fx.site.Shows[0]
	for n := 0; len(fx.site.Episodes) < 110; n++ {
		e := fx.site.Episodes[len(fx.site.Episodes)-1]
		e.Slug = fmt.Sprintf("more-%d", n)
		fx.site.Episodes = append(fx.site.Episodes, e)
		sh.Episodes = append(sh.Episodes, len(fx.site.Episodes)-1)
	}
	files := render(t, fx.site)
	var all []string
	for k, p := range []string{"shows/sober-talks/index.html", "shows/sober-talks/page/2/index.html", "shows/sober-talks/page/3/index.html"} {
		doc, ok := files[p]
		if !ok {
			t.Fatalf("no %s", p)
		}
		root := parseHTML(t, p, doc)
		links := cardLinks(t, p, root)
		if want := min(pages.ListSize, len(sh.Episodes)-k*pages.ListSize); len(links) != want {
			t.Errorf("%s: %d episodes, want %d", p, len(links), want)
		}
		if !strings.Contains(textOf(root), fmt.Sprintf("Page %d of 3", k+1)) {
			t.Errorf("%s: does not say which page it is", p)
		}
		all = append(all, links...)
	}
	if len(all) != len(sh.Episodes) {
		t.Errorf("the pages list %d episodes, want %d", len(all), len(sh.Episodes))
	}
	if _, ok := files["shows/sober-talks/page/4/index.html"]; ok {
		t.Error("an empty fourth page was written")
	}
}

// TestIndexListsShows checks the home page's list of shows, with their
// small artwork, and their subscribe boxes; a site without shows has no
// such list.
func TestIndexListsShows(t *testing.T) {
	fx := newFixture(base)
	plain := render(t, fx.site)["index.html"]
	if bytes.Contains(plain, []byte(`id="shows"`)) {
		t.Error("a site without shows lists shows")
	}
	withShows(fx)
	doc := render(t, fx.site)["index.html"]
	root := checkPage(t, fx.site, "index.html", doc)
	var section *html.Node
	for _, s := range findAll(root, "section") {
		if l, _ := attr(s, "aria-labelledby"); l == "shows" {
			section = s
		}
	}
	if section == nil {
		t.Fatal("no section of shows")
	}
	if h := findAll(section, "h2"); len(h) != 1 || textOf(h[0]) != "Émissions" {
		t.Errorf("heading %v, want Émissions", h)
	}
	type tile struct{ title, href, img string }
	var got []tile
	for _, li := range findAll(section, "li") {
		a := findAll(findAll(li, "h3")[0], "a")[0]
		var x tile
		x.title = textOf(a)
		x.href, _ = attr(a, "href")
		if imgs := findAll(li, "img"); len(imgs) == 1 {
			x.img, _ = attr(imgs[0], "src")
		}
		got = append(got, x)
	}
	want := []tile{
		{"Sober Talks", base + "shows/sober-talks/", fx.site.Shows[0].Thumb.URL},
		{"Été", base + "shows/ete/", fx.site.Show.Image.URL},
	}
	if !slices.Equal(got, want) {
		t.Errorf("shows %+v, want %+v", got, want)
	}
	// The subscribe section has each show's feed.
	var inputs []string
	for _, in := range findAll(root, "input") {
		v, _ := attr(in, "value")
		inputs = append(inputs, v)
	}
	for _, sh := range fx.site.Shows {
		if !slices.Contains(inputs, sh.Feeds.RSS) {
			t.Errorf("no subscribe box for %s", sh.Feeds.RSS)
		}
	}
}

// TestEpisodeLinksItsShow checks that a show's episode's page links its
// show and offers the show's feeds, and that an episode of the top level
// links none.
func TestEpisodeLinksItsShow(t *testing.T) {
	fx := newFixture(base)
	slugs := withShows(fx)
	files := render(t, fx.site)
	p := "episodes/" + slugs[0] + "/index.html"
	root := parseHTML(t, p, files[p])
	links := byClass(root, "a", "show-name")
	if len(links) != 1 {
		t.Fatalf("%s: %d links to a show, want 1", p, len(links))
	}
	if h, _ := attr(links[0], "href"); h != base+"shows/sober-talks/" || textOf(links[0]) != "Sober Talks" {
		t.Errorf("%s: show link %q %q", p, h, textOf(links[0]))
	}
	var inputs []string
	for _, in := range findAll(root, "input") {
		v, _ := attr(in, "value")
		inputs = append(inputs, v)
	}
	if !slices.Contains(inputs, fx.site.Shows[0].Feeds.RSS) || slices.Contains(inputs, fx.site.Feeds[0].RSS) {
		t.Errorf("%s: feed fields %q, want the show's feed", p, inputs)
	}
	if alt := alternates(root); alt["application/rss+xml"] != fx.site.Shows[0].Feeds.RSS {
		t.Errorf("%s: RSS discovery link %q, want the show's", p, alt["application/rss+xml"])
	}
	p = "episodes/dailymotion/index.html"
	if root := checkPage(t, fx.site, p, files[p]); len(byClass(root, "a", "show-name")) != 0 {
		t.Errorf("%s: an episode of no show links a show", p)
	}
}

// opmlOutline is an OPML 2.0 outline, nested.
type opmlOutline struct {
	Type     string        `xml:"type,attr"`
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr"`
	XMLURL   string        `xml:"xmlUrl,attr"`
	HTMLURL  string        `xml:"htmlUrl,attr"`
	Language string        `xml:"language,attr"`
	Outlines []opmlOutline `xml:"outline"`
}

// checkOutlines applies OPML 2.0's rules to outlines (opml.org/spec2.opml):
// every outline has a text; a subscription (type rss) has an xmlUrl; an
// outline without type holds others.
func checkOutlines(t *testing.T, outlines []opmlOutline) {
	t.Helper()
	for _, o := range outlines {
		switch {
		case o.Text == "":
			t.Errorf("outline %+v has no text", o)
		case o.Type == "rss" && (!strings.HasPrefix(o.XMLURL, "https://") || len(o.Outlines) > 0):
			t.Errorf("subscription %q: xmlUrl %q, %d children", o.Text, o.XMLURL, len(o.Outlines))
		case o.Type == "" && len(o.Outlines) == 0:
			t.Errorf("outline %q is neither a subscription nor a group", o.Text)
		case o.Type != "" && o.Type != "rss":
			t.Errorf("outline %q: type %q", o.Text, o.Type)
		}
		checkOutlines(t, o.Outlines)
	}
}

// TestOPMLGroupsShows checks that feeds.opml lists the site's feeds
// first, then one group per show holding its feed.
func TestOPMLGroupsShows(t *testing.T) {
	fx := newFixture(base)
	withShows(fx)
	doc := render(t, fx.site)["feeds.opml"]
	strictDecode(t, "feeds.opml", doc)
	var o struct {
		Version string        `xml:"version,attr"`
		Body    []opmlOutline `xml:"body>outline"`
	}
	if err := xml.Unmarshal(doc, &o); err != nil {
		t.Fatal(err)
	}
	if o.Version != "2.0" {
		t.Errorf("version %q", o.Version)
	}
	checkOutlines(t, o.Body)
	n := len(fx.site.Feeds)
	if len(o.Body) != n+len(fx.site.Shows) {
		t.Fatalf("%d outlines, want %d feeds and %d shows", len(o.Body), n, len(fx.site.Shows))
	}
	for i, f := range fx.site.Feeds {
		if o.Body[i].Type != "rss" || o.Body[i].XMLURL != f.RSS {
			t.Errorf("outline %d: %+v, want the feed %s first", i, o.Body[i], f.RSS)
		}
	}
	for j, sh := range fx.site.Shows {
		g := o.Body[n+j]
		if g.Type != "" || g.Text != sh.Feeds.Name || len(g.Outlines) != 1 {
			t.Errorf("show %d: group %+v", j, g)
			continue
		}
		sub := g.Outlines[0]
		if sub.Type != "rss" || sub.XMLURL != sh.Feeds.RSS || sub.Text != sh.Feeds.Name || sub.Language != map[int]string{0: "en", 1: "fr"}[j] {
			t.Errorf("show %d: subscription %+v", j, sub)
		}
	}
	if sub := o.Body[n].Outlines[0]; sub.HTMLURL != "https://talks.example.org/" {
		t.Errorf("htmlUrl %q, want the show's home page", sub.HTMLURL)
	}
	if sub := o.Body[n+1].Outlines[0]; sub.HTMLURL != base+"shows/ete/" {
		t.Errorf("htmlUrl %q, want the show's page", sub.HTMLURL)
	}
}

// TestShowErrors checks the shows' consistency checks.
func TestShowErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(*pages.Site)
		want   string
	}{
		{"slug twice", func(s *pages.Site) { s.Shows[1].Feeds.Slug = s.Shows[0].Feeds.Slug }, "used twice"},
		{"no slug", func(s *pages.Site) { s.Shows[1].Feeds.Slug = "" }, "not a folder name"},
		{"series kind", func(s *pages.Site) { s.Shows[0].Feeds.Kind = pages.KindSeries }, "not a show's"},
		{"relative feed", func(s *pages.Site) { s.Shows[0].Feeds.RSS = "/feed.xml" }, "http(s)"},
		{"episode out of range", func(s *pages.Site) { s.Shows[0].Episodes = append(s.Shows[0].Episodes, len(s.Episodes)) }, "not in the site's"},
		{"episode of two shows", func(s *pages.Site) { s.Shows[1].Episodes = append(s.Shows[1].Episodes, s.Shows[0].Episodes[0]) }, "another show's"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(base)
			withShows(fx)
			tt.change(fx.site)
			_, err := pages.Files(fx.site)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

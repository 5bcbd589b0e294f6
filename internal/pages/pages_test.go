package pages_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/feedcast/feedcast/internal/pages"
)

const base = "https://podcast.example.org/"

func render(t *testing.T, s *pages.Site) map[string][]byte {
	t.Helper()
	files, err := pages.Files(s)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestFiles(t *testing.T) {
	fx := newFixture(base)
	files := render(t, fx.site)
	want := []string{"404.html", "copy.js", "embed.html", "feed.css", "feed.xsl", "feeds.opml", "index.html", "player.js", "style.css", "widget.js",
		"series/saison-1/index.html", "tags/ecoconception/index.html", "tags/video/index.html"}
	for _, e := range fx.site.Episodes {
		want = append(want, "episodes/"+e.Slug+"/index.html")
	}
	slices.Sort(want)
	if got := slices.Sorted(maps.Keys(files)); !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
	again := render(t, newFixture(base).site)
	for p, b := range files {
		if !bytes.Equal(b, again[p]) {
			t.Errorf("%s differs between two renders of the same site", p)
		}
	}
	for p, b := range files {
		if strings.HasSuffix(p, ".html") {
			checkPage(t, fx.site, p, b)
		}
	}
}

func TestIndex(t *testing.T) {
	fx := newFixture(base)
	doc := render(t, fx.site)["index.html"]
	root := parseHTML(t, "index.html", doc)
	cards := findAll(findAll(root, "ol")[0], "li")
	if len(cards) != len(fx.site.Episodes) {
		t.Fatalf("%d episodes listed, want %d", len(cards), len(fx.site.Episodes))
	}
	first := cards[0]
	if got := textOf(findAll(first, "h3")[0]); got != hostile {
		t.Errorf("first title %q, want %q", got, hostile)
	}
	if bytes.Contains(doc, []byte("<script>alert")) {
		t.Error("a title's markup reached the page")
	}
	a := findAll(first, "a")[0]
	if href, _ := attr(a, "href"); href != base+"episodes/ete/" {
		t.Errorf("first episode links to %q", href)
	}
	img := findAll(first, "img")[0]
	if src, _ := attr(img, "src"); src != base+"episodes/ete/cover-320.png" {
		t.Errorf("thumbnail %q, want the 320 px rendition", src)
	}
	// The thumbnail is a link to the episode too, hidden from screen
	// readers and the keyboard, which have the title's link.
	thumbLink := img.Parent
	if href, _ := attr(thumbLink, "href"); thumbLink.Data != "a" || href != base+"episodes/ete/" {
		t.Errorf("thumbnail in <%s href=%q>, want a link to the episode", thumbLink.Data, href)
	}
	if h, _ := attr(thumbLink, "aria-hidden"); h != "true" {
		t.Error("the thumbnail's link is not hidden from screen readers")
	}
	if ti, _ := attr(thumbLink, "tabindex"); ti != "-1" {
		t.Error("the thumbnail's link is in the tab order")
	}
	if alt, ok := attr(img, "alt"); !ok || alt != "" {
		t.Errorf("thumbnail alt %q, want empty: the link is hidden", alt)
	}
	tm := findAll(first, "time")[0]
	if dt, _ := attr(tm, "datetime"); dt != "2025-03-21T10:00:00+01:00" || textOf(tm) != "21 mars 2025" {
		t.Errorf("date %q %q", dt, textOf(tm))
	}
	if got := textOf(findAll(cards[len(cards)-1], "time")[0]); got != "1er mars 2025" {
		t.Errorf("date of the first of the month %q", got)
	}
	inputs := map[string]bool{}
	for _, in := range findAll(root, "input") {
		v, _ := attr(in, "value")
		_, ro := attr(in, "readonly")
		inputs[v] = ro
	}
	for _, f := range fx.site.Feeds {
		if !inputs[f.RSS] {
			t.Errorf("no read-only field holds %s", f.RSS)
		}
		for _, u := range []string{f.Atom, f.JSON} {
			if !bytes.Contains(doc, []byte(`href="`+u+`"`)) {
				t.Errorf("no link to %s", u)
			}
		}
	}
	hrefs := map[string]bool{}
	for _, a := range findAll(root, "a") {
		href, _ := attr(a, "href")
		hrefs[href] = true
	}
	for _, want := range []string{
		"podcast://podcast.example.org/feed.xml",
		"pktc://subscribe/podcast.example.org/series/saison-1/feed.xml",
		"overcast://x-callback-url/add?url=https%3A%2F%2Fpodcast.example.org%2Ftags%2Fvideo%2Ffeed.xml",
		"https://antennapod.org/deeplink/subscribe?title=Num%C3%A9rique+%26+sobri%C3%A9t%C3%A9&url=https%3A%2F%2Fpodcast.example.org%2Ffeed.xml",
		base + "feeds.opml",
		"#main",
	} {
		if !hrefs[want] {
			t.Errorf("index.html has no link to %s", want)
		}
	}
	for _, want := range []string{
		`<button type="button" class="button" data-copy="feed-0" data-copied="Adresse copiée" hidden>Copier</button>`,
		`<a class="skip" href="#main">Aller au contenu</a>`,
		`<main id="main"`,
	} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("index.html has no %s", want)
		}
	}
}

func TestIndexListsThirty(t *testing.T) {
	fx := newFixture(base)
	for len(fx.site.Episodes) < 40 {
		e := fx.site.Episodes[len(fx.site.Episodes)-1]
		e.Slug += "x"
		fx.site.Episodes = append(fx.site.Episodes, e)
	}
	root := parseHTML(t, "index.html", render(t, fx.site)["index.html"])
	if n := len(findAll(findAll(root, "ol")[0], "li")); n != 30 {
		t.Errorf("%d episodes listed, want 30", n)
	}
	if !strings.Contains(textOf(root), "Les 40 épisodes sont dans les flux") {
		t.Error("the home page does not say where the other episodes are")
	}
}

func TestEpisodePages(t *testing.T) {
	fx := newFixture(base)
	files := render(t, fx.site)
	page := func(slug string) (*html.Node, string) {
		doc := files["episodes/"+slug+"/index.html"]
		return parseHTML(t, slug, doc), string(doc)
	}

	root, doc := page("ete")
	audio := findAll(root, "audio")
	if len(audio) != 1 {
		t.Fatal("the mp3 episode has no audio element")
	}
	if src, _ := attr(audio[0], "src"); src != base+"episodes/ete/ete.mp3" {
		t.Errorf("audio src %q", src)
	}
	if p, _ := attr(audio[0], "preload"); p != "none" {
		t.Errorf("audio preload %q, want none", p)
	}
	if _, ok := attr(audio[0], "controls"); !ok {
		t.Error("audio has no controls")
	}
	for _, want := range []string{
		"<cite>Alice :</cite>", "<strong>numérique responsable</strong>", "Durée : 45 min",
		`<time datetime="2025-03-21T10:00:00&#43;01:00">21 mars 2025</time>`, "Télécharger le fichier (MP3)",
		`href="` + base + `tags/ecoconception/"`, `<a class="older" href="` + base + `episodes/dailymotion/">`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("mp3 episode page has no %s", want)
		}
	}
	if got := textOf(findAll(root, "h1")[0]); got != hostile {
		t.Errorf("h1 %q", got)
	}
	if len(findAll(root, "iframe")) != 0 {
		t.Error("an episode with its own file embeds a player")
	}

	root, doc = page("dailymotion")
	frames := findAll(root, "iframe")
	if len(frames) != 1 {
		t.Fatalf("Dailymotion episode: %d iframes", len(frames))
	}
	for key, want := range map[string]string{"src": "https://www.dailymotion.com/embed/video/x9zn3e0", "loading": "lazy", "title": "Lecteur : Dailymotion : la sobriété numérique", "height": "360"} {
		if got, _ := attr(frames[0], key); got != want {
			t.Errorf("Dailymotion iframe %s = %q, want %q", key, got, want)
		}
	}
	for _, want := range []string{`href="https://www.dailymotion.com/video/x9zn3e0">Voir sur Dailymotion</a>`, `href="` + base + `episodes/dailymotion/transcript.vtt">Transcription (WebVTT)</a>`} {
		if !strings.Contains(doc, want) {
			t.Errorf("Dailymotion page has no %s", want)
		}
	}

	root, doc = page("acast")
	frames = findAll(root, "iframe")
	if len(frames) != 1 {
		t.Fatalf("Acast episode: %d iframes", len(frames))
	}
	if h, _ := attr(frames[0], "height"); h != "190" || !strings.Contains(doc, `class="player player-short"`) {
		t.Errorf("Acast player is not short: height %q", h)
	}
	if !strings.Contains(doc, `<a href="https://www.example.org/actualites/acast/">Page d’origine de l’épisode</a>`) {
		t.Error("Acast page does not link the episode's own page")
	}

	root, _ = page("video-mp4")
	video := findAll(root, "video")
	if len(video) != 1 {
		t.Fatal("the mp4 episode has no video element")
	}
	if poster, _ := attr(video[0], "poster"); poster != base+"episodes/video-mp4/thumb.png" {
		t.Errorf("video poster %q", poster)
	}
}

func TestOPML(t *testing.T) {
	fx := newFixture(base)
	doc := render(t, fx.site)["feeds.opml"]
	var o struct {
		XMLName xml.Name `xml:"opml"`
		Version string   `xml:"version,attr"`
		Head    struct {
			Title       string `xml:"title"`
			DateCreated string `xml:"dateCreated"`
		} `xml:"head"`
		Outlines []struct {
			Type    string `xml:"type,attr"`
			Text    string `xml:"text,attr"`
			Title   string `xml:"title,attr"`
			XMLURL  string `xml:"xmlUrl,attr"`
			HTMLURL string `xml:"htmlUrl,attr"`
		} `xml:"body>outline"`
	}
	strictDecode(t, "feeds.opml", doc)
	if err := xml.Unmarshal(doc, &o); err != nil {
		t.Fatal(err)
	}
	if o.Version != "2.0" || o.Head.Title != fx.site.Show.Title {
		t.Errorf("version %q title %q", o.Version, o.Head.Title)
	}
	created, err := time.Parse(time.RFC1123Z, o.Head.DateCreated)
	if err != nil || !created.Equal(fx.site.Show.Updated) {
		t.Errorf("dateCreated %q (%v), want the show's last change %v", o.Head.DateCreated, err, fx.site.Show.Updated)
	}
	if len(o.Outlines) != len(fx.site.Feeds) {
		t.Fatalf("%d outlines, want %d", len(o.Outlines), len(fx.site.Feeds))
	}
	for i, f := range fx.site.Feeds {
		got := o.Outlines[i]
		if got.Type != "rss" || got.XMLURL != f.RSS || got.HTMLURL != "https://www.example.org/" || got.Text == "" || got.Text != got.Title {
			t.Errorf("outline %d = %+v for %+v", i, got, f)
		}
	}
	if o.Outlines[1].Text != "Numérique & sobriété – Saison 1" {
		t.Errorf("series outline %q", o.Outlines[1].Text)
	}
}

// strictDecode reads every token of an XML document.
func strictDecode(t *testing.T, name string, doc []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	for {
		if _, err := d.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

func TestStylesheet(t *testing.T) {
	for _, lang := range []string{"fr", "en-GB"} {
		fx := newFixture(base)
		fx.site.Lang = lang
		doc := render(t, fx.site)["feed.xsl"]
		strictDecode(t, "feed.xsl", doc)
		var root struct {
			XMLName xml.Name
			Version string `xml:"version,attr"`
		}
		if err := xml.Unmarshal(doc, &root); err != nil {
			t.Fatal(err)
		}
		if root.XMLName.Space != "http://www.w3.org/1999/XSL/Transform" || root.XMLName.Local != "stylesheet" || root.Version != "1.0" {
			t.Errorf("root %v version %q", root.XMLName, root.Version)
		}
		want := []string{`href="` + base + `style.css"`, `src="` + base + `copy.js"`}
		if lang == "fr" {
			want = append(want, "Copiez cette adresse dans votre application de podcasts", `test="$m = 8">août<`)
		} else {
			want = append(want, "Copy this URL into your podcast app", `test="$m = 8">August<`)
		}
		for _, w := range want {
			if !bytes.Contains(doc, []byte(w)) {
				t.Errorf("%s stylesheet has no %s", lang, w)
			}
		}
		if bytes.Contains(doc, []byte("[[")) {
			t.Error("the stylesheet template was not filled")
		}
	}
}

func TestEnglish(t *testing.T) {
	fx := newFixture(base)
	fx.site.Lang = "en"
	files := render(t, fx.site)
	for p, b := range files {
		if strings.HasSuffix(p, ".html") {
			checkPage(t, fx.site, p, b)
		}
	}
	for _, want := range []string{"Latest episodes", "21 March 2025", "Subscribe", "Skip to content"} {
		if !bytes.Contains(files["index.html"], []byte(want)) {
			t.Errorf("English index.html has no %q", want)
		}
	}
}

func TestFilesErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(*pages.Site)
		want   string
	}{
		{"no show", func(s *pages.Site) { s.Show = nil }, "no show"},
		{"relative base", func(s *pages.Site) { s.BaseURL = "/podcast/" }, "base url"},
		{"no trailing slash", func(s *pages.Site) { s.BaseURL = "https://example.org/podcast" }, "base url"},
		{"no feeds", func(s *pages.Site) { s.Feeds = nil }, "first feed set"},
		{"javascript feed", func(s *pages.Site) { s.Feeds[1].RSS = "javascript:alert(1)" }, "http(s)"},
		{"slug with a slash", func(s *pages.Site) { s.Episodes[0].Slug = "a/b" }, "not a folder name"},
		{"slug twice", func(s *pages.Site) { s.Episodes[1].Slug = s.Episodes[0].Slug }, "used twice"},
		{"no item", func(s *pages.Site) { s.Episodes[0].Item = nil }, "no item"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(base)
			tt.change(fx.site)
			_, err := pages.Files(fx.site)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestScriptsBuildNodes checks the scripts' source: one IIFE each, and
// nothing that parses strings as HTML or code.
func TestScriptsBuildNodes(t *testing.T) {
	files := render(t, newFixture(base).site)
	forbidden := regexp.MustCompile(`innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setTimeout\('|createContextualFragment|DOMParser`)
	for _, name := range []string{"widget.js", "copy.js", "player.js"} {
		src := string(files[name])
		if m := forbidden.FindString(src); m != "" {
			t.Errorf("%s uses %s", name, m)
		}
		code := strings.TrimSpace(src[strings.Index(src, "*/")+2:])
		if !strings.HasPrefix(code, "(() => {\n  'use strict';") || !strings.HasSuffix(code, "})();") {
			t.Errorf("%s is not one strict IIFE", name)
		}
	}
	if n := len(files["widget.js"]); n > 10000 {
		t.Errorf("widget.js is %d bytes", n)
	}
}

package pages_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/feedcast/feedcast/internal/pages"
)

// cardLinks returns the episode URLs of a list's cards, checking that
// each card's thumbnail links where its title does.
func cardLinks(t *testing.T, name string, root *html.Node) []string {
	t.Helper()
	var out []string
	for _, li := range findAll(root, "li") {
		if c, _ := attr(li, "class"); c != "card" {
			continue
		}
		title := findAll(findAll(li, "h3")[0], "a")[0]
		href, _ := attr(title, "href")
		out = append(out, href)
		for _, img := range findAll(li, "img") {
			if a := img.Parent; a.Data != "a" {
				t.Errorf("%s: card %q: thumbnail not in a link", name, href)
			} else if h, _ := attr(a, "href"); h != href {
				t.Errorf("%s: card %q: thumbnail links to %q", name, href, h)
			}
		}
	}
	return out
}

// TestListPages checks the page of a series and of a tag: its episodes,
// newest first, its subscribe box with its own feed, the show's artwork,
// and the tag links of the episode pages that open it.
func TestListPages(t *testing.T) {
	fx := newFixture(base)
	files := render(t, fx.site)
	for _, f := range fx.site.Feeds[1:] {
		dir := "series/"
		if f.Kind == pages.KindTag {
			dir = "tags/"
		}
		name := dir + f.Slug + "/index.html"
		doc, ok := files[name]
		if !ok {
			t.Errorf("no %s", name)
			continue
		}
		root := checkPage(t, fx.site, name, doc)
		if got := textOf(findAll(root, "h1")[0]); got != f.Name {
			t.Errorf("%s: h1 %q, want %q", name, got, f.Name)
		}
		var want []string
		for _, i := range f.Episodes {
			want = append(want, base+"episodes/"+fx.site.Episodes[i].Slug+"/")
		}
		if got := cardLinks(t, name, root); !slices.Equal(got, want) {
			t.Errorf("%s: episodes %q, want %q", name, got, want)
		}
		var rss string
		for _, in := range findAll(root, "input") {
			rss, _ = attr(in, "value")
		}
		if rss != f.RSS {
			t.Errorf("%s: the subscribe box offers %q, want the list's own feed %q", name, rss, f.RSS)
		}
		if !strings.Contains(string(doc), `href="`+f.Atom+`"`) || !strings.Contains(string(doc), `href="`+f.JSON+`"`) {
			t.Errorf("%s: no link to the Atom and JSON feeds", name)
		}
		if src, _ := attr(findAll(root, "img")[0], "src"); src != fx.site.Show.Image.URL {
			t.Errorf("%s: first image %q, want the show's artwork", name, src)
		}
		if c, _ := attr(findAll(root, "link")[1], "href"); !strings.Contains(string(doc), `<link rel="canonical" href="`+base+dir+f.Slug+`/">`) {
			t.Errorf("%s: canonical %q", name, c)
		}
	}
	// The Vidéo tag link of an episode opens the tag's page.
	ep := string(files["episodes/video-mp4/index.html"])
	if !strings.Contains(ep, `<a href="`+base+`tags/video/">Vidéo</a>`) {
		t.Error("the episode's tag does not link to the tag's page")
	}
	// The home page's series box links the series' page.
	if !strings.Contains(string(files["index.html"]), `href="`+base+`series/saison-1/"`) {
		t.Error("the home page does not link the series' page")
	}
}

// TestListPaging checks a long list: 50 episodes a page, page k at
// page/k/, the links between pages, and one card per episode overall.
func TestListPaging(t *testing.T) {
	fx := newFixture(base)
	tag := &fx.site.Feeds[len(fx.site.Feeds)-1]
	for n := 0; len(fx.site.Episodes) < 123; n++ {
		e := fx.site.Episodes[len(fx.site.Episodes)-1]
		e.Slug = fmt.Sprintf("more-%d", n)
		fx.site.Episodes = append(fx.site.Episodes, e)
		tag.Episodes = append(tag.Episodes, len(fx.site.Episodes)-1)
	}
	tag.Count = len(tag.Episodes)
	files := render(t, fx.site)
	dir := "tags/" + tag.Slug + "/"
	pagePaths := []string{dir + "index.html", dir + "page/2/index.html", dir + "page/3/index.html"}
	pageURLs := []string{base + dir, base + dir + "page/2/", base + dir + "page/3/"}
	var all []string
	for k, p := range pagePaths {
		doc, ok := files[p]
		if !ok {
			t.Fatalf("no %s", p)
		}
		root := checkPage(t, fx.site, p, doc)
		links := cardLinks(t, p, root)
		if want := min(pages.ListSize, len(tag.Episodes)-k*pages.ListSize); len(links) != want {
			t.Errorf("%s: %d episodes, want %d", p, len(links), want)
		}
		all = append(all, links...)
		if !strings.Contains(textOf(root), fmt.Sprintf("Page %d sur 3", k+1)) {
			t.Errorf("%s: does not say which page it is", p)
		}
		rel := map[string]string{}
		for _, a := range findAll(root, "a") {
			if r, ok := attr(a, "rel"); ok {
				rel[r], _ = attr(a, "href")
			}
		}
		if k > 0 && rel["prev"] != pageURLs[k-1] {
			t.Errorf("%s: previous page %q, want %q", p, rel["prev"], pageURLs[k-1])
		}
		if k < 2 && rel["next"] != pageURLs[k+1] {
			t.Errorf("%s: next page %q, want %q", p, rel["next"], pageURLs[k+1])
		}
	}
	var want []string
	for _, i := range tag.Episodes {
		want = append(want, base+"episodes/"+fx.site.Episodes[i].Slug+"/")
	}
	if !slices.Equal(all, want) {
		t.Errorf("the pages list %d episodes, want the tag's %d in order", len(all), len(want))
	}
	if _, ok := files[dir+"page/4/index.html"]; ok {
		t.Error("an empty fourth page was written")
	}
	if _, ok := files[dir+"page/1/index.html"]; ok {
		t.Error("page 1 was written twice")
	}
}

// TestNotFoundPage checks the 404 page: absolute links only (it is sent
// for any path), a way home, and the latest episodes.
func TestNotFoundPage(t *testing.T) {
	fx := newFixture(base)
	doc := render(t, fx.site)["404.html"]
	root := checkPage(t, fx.site, "404.html", doc)
	if got := textOf(findAll(root, "h1")[0]); got != "Page introuvable" {
		t.Errorf("h1 %q", got)
	}
	for _, el := range findAll(root, "") {
		for _, a := range el.Attr {
			if (a.Key == "href" || a.Key == "src") && !strings.HasPrefix(a.Val, "#") && !strings.Contains(a.Val, "://") {
				t.Errorf("relative %s=%q would break at another path", a.Key, a.Val)
			}
		}
	}
	if !strings.Contains(string(doc), `class="button" href="`+base+`"`) {
		t.Error("no link back home")
	}
	if n := len(cardLinks(t, "404.html", root)); n != 4 {
		t.Errorf("%d latest episodes, want 4", n)
	}
}

// TestEpisodeDetails checks what an episode page tells besides its
// content: season and episode numbers, people with their roles and
// pictures, every transcript format.
func TestEpisodeDetails(t *testing.T) {
	fx := newFixture(base)
	doc := string(render(t, fx.site)["episodes/ete/index.html"])
	root := parseHTML(t, "ete", []byte(doc))
	var meta string
	for _, p := range findAll(root, "p") {
		if c, _ := attr(p, "class"); c == "meta" {
			meta = textOf(p)
		}
	}
	if !strings.HasSuffix(meta, "Saison 2 · Épisode 5") {
		t.Errorf("meta %q, want the season and episode numbers", meta)
	}
	var people []string
	for _, sec := range findAll(root, "section") {
		if c, _ := attr(sec, "class"); c == "people" {
			for _, li := range findAll(sec, "li") {
				people = append(people, strings.Join(strings.Fields(textOf(li)), " "))
			}
			if img := findAll(sec, "img"); len(img) != 1 {
				t.Errorf("%d pictures of people, want 1", len(img))
			}
		}
	}
	if want := []string{"Alice Martin Animation", "Bob Durand Invité·e"}; !slices.Equal(people, want) {
		t.Errorf("people %q, want %q", people, want)
	}
	if !strings.Contains(doc, `<a href="https://www.example.org/equipe/alice">Alice Martin</a>`) {
		t.Error("the person's page is not linked")
	}
	for _, want := range []string{"Transcription (HTML)", "Transcription (TXT)", "Transcription (JSON)", "Transcription (SRT)"} {
		if !strings.Contains(doc, want) {
			t.Errorf("no link %q", want)
		}
	}
	if !strings.Contains(doc, "<cite>Alice :</cite>") {
		t.Error("the transcript itself is not shown beside its files")
	}
	// An Acast player's page link says listen; it is left out when the
	// description links the same page.
	pl := fx.site.Episodes[2].Item.Player
	pl.PageURL = "https://shows.acast.com/paroles/episodes/episode-1"
	acast := string(render(t, fx.site)["episodes/acast/index.html"])
	if !strings.Contains(acast, `<a href="`+pl.PageURL+`">Écouter sur Acast</a>`) || strings.Contains(acast, "Voir sur") {
		t.Error("an audio player's link does not say listen")
	}
	fx.site.Episodes[2].Item.ContentHTML = `<p><a href="` + pl.PageURL + `">L’épisode sur Acast</a></p>`
	acast = string(render(t, fx.site)["episodes/acast/index.html"])
	if n := strings.Count(acast, `href="`+pl.PageURL+`"`); n != 1 {
		t.Errorf("%d links to the player's page, want 1", n)
	}
}

package site

import (
	"context"
	"encoding/xml"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// cardTitles returns the titles of a page's cards (and tiles), in order.
var cardTitle = regexp.MustCompile(`<h3><a href="([^"]+)">([^<]+)</a></h3>`)

func cardTitles(page string) (titles, hrefs []string) {
	for _, m := range cardTitle.FindAllStringSubmatch(page, -1) {
		hrefs = append(hrefs, m[1])
		titles = append(titles, m[2])
	}
	return titles, hrefs
}

func readString(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// episodePage returns the page of the episode titled title.
func episodePage(t *testing.T, out, title string) string {
	t.Helper()
	dirs, err := os.ReadDir(filepath.Join(out, "episodes"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		p := readString(t, filepath.Join(out, "episodes", d.Name(), "index.html"))
		if strings.Contains(p, "<h1>"+title+"</h1>") {
			return p
		}
	}
	t.Fatalf("no page of %q", title)
	return ""
}

// TestShowPagesBuilt builds a content folder with shows and checks the
// pages of the shows: the show's page (title, description, artwork, its
// episodes only), the home page's list, the OPML groups,
// the episode pages' link to their show, and the show feed's preview.
func TestShowPagesBuilt(t *testing.T) {
	out, _ := buildNetwork(t, networkFS("Le Podcast"), nil)
	const base = "https://example.org/show/"

	page := readString(t, filepath.Join(out, "shows/podcast/index.html"))
	if !strings.Contains(page, "<h1>Le Podcast</h1>") || !strings.Contains(page, "un mardi sur deux") || !strings.Contains(page, `<html lang="fr">`) {
		t.Errorf("shows/podcast/: no title, description or French:\n%s", page)
	}
	if !regexp.MustCompile(`<img class="artwork" src="` + base + `shows/podcast/artwork/small-[0-9a-f]+\.jpg"`).MatchString(page) {
		t.Error("shows/podcast/: no artwork of the show's own renditions")
	}
	if titles, _ := cardTitles(page); !slices.Equal(titles, []string{"Podcast deux", "Podcast un"}) {
		t.Errorf("shows/podcast/ lists %q, want the show's two episodes", titles)
	}
	if !strings.Contains(page, `value="`+base+`shows/podcast/feed.xml"`) || strings.Contains(page, `value="`+base+`feed.xml"`) {
		t.Error("shows/podcast/: the subscribe box is not the show's feed")
	}
	videos := readString(t, filepath.Join(out, "shows/videos-minumeco/index.html"))
	if titles, _ := cardTitles(videos); !strings.Contains(videos, ">Émission</p>") || !slices.Equal(titles, []string{"Vidéo un"}) {
		t.Errorf("shows/videos-minumeco/: want the page of one video, got %q:\n%s", titles, videos)
	}
	if _, err := os.Stat(filepath.Join(out, "shows/broken/index.html")); err == nil {
		t.Error("a broken _index.md has a show page")
	}

	index := readString(t, filepath.Join(out, "index.html"))
	i := strings.Index(index, `<h2 id="shows">`)
	j := strings.Index(index, `<h2 id="latest">`)
	if i < 0 || j < i {
		t.Fatal("the home page has no list of shows before the latest episodes")
	}
	if titles, hrefs := cardTitles(index[i:j]); !slices.Equal(titles, []string{"Le Podcast", "Les vidéos"}) || !slices.Equal(hrefs, []string{base + "shows/podcast/", base + "shows/videos-minumeco/"}) {
		t.Errorf("the home page lists the shows %q at %q", titles, hrefs)
	}

	var o struct {
		Body []struct {
			Type     string `xml:"type,attr"`
			Text     string `xml:"text,attr"`
			XMLURL   string `xml:"xmlUrl,attr"`
			Outlines []struct {
				Type     string `xml:"type,attr"`
				XMLURL   string `xml:"xmlUrl,attr"`
				Language string `xml:"language,attr"`
			} `xml:"outline"`
		} `xml:"body>outline"`
	}
	if err := xml.Unmarshal([]byte(readString(t, filepath.Join(out, "feeds.opml"))), &o); err != nil {
		t.Fatal(err)
	}
	if len(o.Body) < 3 || o.Body[0].XMLURL != base+"feed.xml" {
		t.Fatalf("feeds.opml: %+v, want the top-level feed first", o.Body)
	}
	groups := map[string]string{}
	for _, g := range o.Body {
		if g.Type == "" && len(g.Outlines) == 1 && g.Outlines[0].Type == "rss" {
			groups[g.Text] = g.Outlines[0].XMLURL + " " + g.Outlines[0].Language
		}
	}
	if want := map[string]string{"Le Podcast": base + "shows/podcast/feed.xml fr", "Les vidéos": base + "shows/videos-minumeco/feed.xml fr"}; !maps.Equal(groups, want) {
		t.Errorf("feeds.opml groups %v, want %v", groups, want)
	}

	ep := episodePage(t, out, "Podcast un")
	if !strings.Contains(ep, `<a class="show-name" href="`+base+`shows/podcast/">Le Podcast</a>`) {
		t.Error("the episode page of a show's episode does not link its show")
	}
	if top := episodePage(t, out, "Au sommet"); strings.Contains(top, `class="show-name"`) {
		t.Error("an episode of the top level links a show")
	}

	preview := readString(t, filepath.Join(out, "shows/podcast/feed.xml.html"))
	if !strings.Contains(preview, "<h1>Le Podcast</h1>") || !strings.Contains(preview, `src="`+base+`shows/podcast/artwork/`) || !strings.Contains(preview, "title=Le&#43;Podcast&amp;url=") {
		t.Errorf("the show feed's preview does not show the show's title and artwork:\n%s", preview)
	}
}

// TestShowPagesCachedRebuild edits a show's _index.md (its title, then
// its directory ids) and rebuilds with the cache: the show's page, the
// home page and the pages of the show's episodes say the new title and
// link the new directory page, as a build without the cache does.
func TestShowPagesCachedRebuild(t *testing.T) {
	cache := t.TempDir()
	out := filepath.Join(t.TempDir(), "site")
	build := func(content fstest.MapFS, out, cache string) *Result {
		t.Helper()
		cfg := testConfig(t)
		cfg.Cache = cache
		res, err := Run(context.Background(), Options{
			Config: cfg, Content: content, Static: networkStatic(), Out: out,
			Now: func() time.Time { return fixedNow }, Version: "test",
		})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	build(networkFS("Le Podcast"), out, cache)
	renamed := networkFS("Le Podcast renommé")
	withDirs := networkFS("Le Podcast renommé")
	withDirs["podcast/_index.md"] = &fstest.MapFile{Data: []byte(strings.Replace(string(withDirs["podcast/_index.md"].Data), "type: serial\n", "type: serial\ndirectories: {apple: \"1234567\"}\n", 1))}
	for _, st := range []struct {
		name    string
		content fstest.MapFS
		want    string // in the show's page and its episodes'
	}{
		{"title", renamed, ">Le Podcast renommé</a>"},
		{"directories", withDirs, `href="https://podcasts.apple.com/podcast/id1234567"`},
	} {
		build(st.content, out, cache)
		if p := readString(t, filepath.Join(out, "shows/podcast/index.html")); !strings.Contains(p, "<h1>Le Podcast renommé</h1>") || (st.name == "directories" && !strings.Contains(p, st.want)) {
			t.Errorf("%s: the show's page was not made again", st.name)
		}
		if p := readString(t, filepath.Join(out, "index.html")); !strings.Contains(p, ">Le Podcast renommé</a></h3>") {
			t.Errorf("%s: the home page was not made again", st.name)
		}
		if p := episodePage(t, out, "Podcast deux"); !strings.Contains(p, st.want) {
			t.Errorf("%s: the show's episode page was not made again", st.name)
		}
		fresh := filepath.Join(t.TempDir(), "site")
		build(st.content, fresh, "")
		if d := compareTrees(t, fresh, out); d != "" {
			t.Errorf("%s: the rebuild differs from a fresh build: %s", st.name, d)
		}
	}
}

package pages_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/feedcast/feedcast/feed"
)

// TestBrowser opens the pages in a real browser and checks what a person
// sees: the home page with its episodes and thumbnails, the feeds turned
// into pages by the XSLT stylesheet, the widget on another site's page,
// and the embed page.
func TestBrowser(t *testing.T) {
	ctx := newBrowser(t)
	a := newSite(t)
	fx := newFixture(a.URL + "/")
	files, err := fx.files()
	if err != nil {
		t.Fatal(err)
	}
	a.set(files)
	show := fx.site.Show
	var titles []string
	for _, it := range show.Items {
		titles = append(titles, it.Title)
	}

	t.Run("index", func(t *testing.T) {
		do(t, ctx, chromedp.Navigate(a.URL+"/"), chromedp.WaitVisible(chromedp.CSS("ol.cards")), loadAll(".cards img"))
		if got := eval[[]string](t, ctx, texts(".cards h3")); !slices.Equal(got, titles) {
			t.Errorf("episode titles shown %q, want %q", got, titles)
		}
		checkImages(t, eval[[]shownImage](t, ctx, images(".cards img")), len(titles))
		// copy.js ran and style.css applied under the page's policy.
		if !eval[bool](t, ctx, `!document.querySelector('button[data-copy]').hidden`) {
			t.Error("the copy buttons are hidden: copy.js did not run")
		}
		if pos := eval[string](t, ctx, `getComputedStyle(document.querySelector('.skip')).position`); pos != "absolute" {
			t.Errorf("skip link position %q: style.css did not apply", pos)
		}
		shoot(t, ctx, "index.png")
	})

	t.Run("episode", func(t *testing.T) {
		do(t, ctx, chromedp.Navigate(a.URL+"/episodes/ete/"), chromedp.WaitVisible(chromedp.CSS("audio")))
		if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != hostile {
			t.Errorf("h1 %q, want %q", h1, hostile)
		}
		if got := eval[string](t, ctx, `document.querySelector('.transcript cite').textContent`); got != "Alice :" {
			t.Errorf("first speaker %q", got)
		}
		shoot(t, ctx, "episode.png")
	})

	for _, tt := range []struct{ path, dir string }{
		{"feed.xml", ""},
		{"atom.xml", ""},
		{"series/saison-1/feed.xml", "series/saison-1/"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			f := fx.feeds[tt.dir]
			do(t, ctx, chromedp.Navigate(a.URL+"/"+tt.path))
			if !eval[bool](t, ctx, `typeof XSLTProcessor !== 'undefined'`) {
				t.Skip("this Chromium has no XSLT any more")
			}
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS("h1")))
			if !eval[bool](t, ctx, `document.documentElement.nodeName === 'HTML' && !document.querySelector('pre')`) {
				t.Error("the feed is shown as raw XML")
			}
			if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != f.Title {
				t.Errorf("h1 %q, want the feed title %q", h1, f.Title)
			}
			var want []string
			for _, it := range f.Items {
				want = append(want, it.Title)
			}
			if got := eval[[]string](t, ctx, texts(".items h3")); !slices.Equal(got, want) {
				t.Errorf("episodes shown %q, want %q", got, want)
			}
			if got, want := eval[string](t, ctx, texts(".items time")+`[0]`), fmt.Sprintf("%d mars 2025", f.Items[0].Published.Day()); got != want {
				t.Errorf("first date shown %q, want %q", got, want)
			}
			self := f.URL(feed.RSS)
			if strings.HasSuffix(tt.path, "atom.xml") {
				self = f.URL(feed.Atom)
			}
			if got := eval[string](t, ctx, `document.getElementById('feed-url').value`); got != self {
				t.Errorf("URL to copy %q, want %q", got, self)
			}
			if pos := eval[string](t, ctx, `getComputedStyle(document.querySelector('.skip')).position`); pos != "absolute" {
				t.Errorf("skip link position %q: style.css did not apply", pos)
			}
			if tt.path == "feed.xml" {
				if src := eval[string](t, ctx, `document.querySelector('.items img').getAttribute('src')`); !strings.HasSuffix(src, "/cover-320.png") {
					t.Errorf("first thumbnail %q, want the 320 px rendition", src)
				}
				shoot(t, ctx, "feed-xml.png")
			}
		})
	}

	// The media type that the stylesheet depends on, logged rather than
	// asserted: browsers may change.
	t.Run("rss media type", func(t *testing.T) {
		a.setType("raw/feed.xml", "application/rss+xml; charset=utf-8")
		a.set(map[string][]byte{"raw/feed.xml": files["feed.xml"]})
		do(t, ctx, chromedp.Navigate(a.URL+"/raw/feed.xml"), chromedp.Sleep(300*time.Millisecond))
		t.Logf("a feed served as application/rss+xml is shown through the stylesheet: %v",
			eval[bool](t, ctx, `!!document.querySelector('h1')`))
	})

	t.Run("widget", func(t *testing.T) {
		b := newSite(t)
		b.set(map[string][]byte{
			"index.html": []byte(fmt.Sprintf(hostPage, a.URL, a.URL, a.URL, a.URL, a.URL, a.URL)),
			"blank.html": []byte(`<!DOCTYPE html><html lang="fr"><head><title>Blank</title></head><body></body></html>`),
		})
		const globals = `Object.keys(window).sort()`
		do(t, ctx, chromedp.Navigate(b.URL+"/blank.html"))
		before := eval[[]string](t, ctx, globals)
		do(t, ctx,
			chromedp.Navigate(b.URL+"/"),
			waitFor(`document.querySelectorAll('[data-feedcast-state=loading]').length === 0`),
			loadAll("#latest img"),
		)
		type shown struct {
			Count  int      `json:"count"`
			Label  string   `json:"label"`
			Links  []string `json:"links"`
			Titles []string `json:"titles"`
			Dates  []string `json:"dates"`
		}
		got := eval[shown](t, ctx, `(() => { const l = document.querySelector('#latest ul'); return {
			count: l.children.length, label: l.getAttribute('aria-label'),
			links: [...l.querySelectorAll('li a')].map(a => a.href),
			titles: [...l.querySelectorAll('li a')].map(a => a.textContent),
			dates: [...l.querySelectorAll('li time')].map(t => t.dateTime + ' ' + t.textContent) }; })()`)
		if got.Count != 5 || len(got.Links) != 5 {
			t.Fatalf("widget shows %d items with %d links, want 5", got.Count, len(got.Links))
		}
		if !slices.Equal(got.Titles, titles[:5]) {
			t.Errorf("widget titles %q, want %q", got.Titles, titles[:5])
		}
		for i, l := range got.Links {
			if l != show.Items[i].URL {
				t.Errorf("widget link %d = %q, want %q", i, l, show.Items[i].URL)
			}
		}
		if got.Label != "Derniers épisodes – "+show.Title {
			t.Errorf("list label %q", got.Label)
		}
		if len(got.Dates) != 5 || got.Dates[0] != "2025-03-21 21 mars 2025" {
			t.Errorf("dates %q", got.Dates)
		}
		checkImages(t, eval[[]shownImage](t, ctx, images("#latest img")), 5)
		if w := eval[string](t, ctx, `getComputedStyle(document.querySelector('#latest img')).width`); w != "80px" {
			t.Errorf("thumbnail width %q, want the host's --feedcast-thumb (80px): the widget's style did not apply", w)
		}
		if after := eval[[]string](t, ctx, globals); !slices.Equal(after, before) {
			t.Errorf("the widget left globals: %q, before %q", after, before)
		}
		if n := eval[int](t, ctx, `document.scripts.length`); n != 1 {
			t.Errorf("%d scripts on the host page after rendering, want 1", n)
		}
		for _, id := range []string{"missing", "bad"} {
			if got := eval[string](t, ctx, `document.getElementById('`+id+`').textContent`); !strings.Contains(got, "Les épisodes n’ont pas pu être chargés.") {
				t.Errorf("#%s shows %q", id, got)
			}
		}
		shoot(t, ctx, "widget.png")
	})

	t.Run("embed", func(t *testing.T) {
		for _, tt := range []struct {
			query string
			want  int
			state string
		}{
			{"", 5, "done"},
			{"?feed=" + a.URL + "/series/saison-1/feed.json&limit=2", 2, "done"},
			{"?feed=https://elsewhere.example/feed.json", 0, "error"},
		} {
			const box = `document.querySelector('[data-feedcast-feed]')`
			do(t, ctx, chromedp.Navigate(a.URL+"/embed.html"+tt.query), waitFor(box+`.dataset.feedcastState && `+box+`.dataset.feedcastState !== 'loading'`))
			if n := eval[int](t, ctx, `document.querySelectorAll('.feedcast-list li a[href^="http"]').length`); n != tt.want {
				t.Errorf("embed.html%s shows %d episodes, want %d", tt.query, n, tt.want)
			}
			if state := eval[string](t, ctx, box+`.dataset.feedcastState`); state != tt.state {
				t.Errorf("embed.html%s: state %q, want %q", tt.query, state, tt.state)
			}
		}
	})
}

func checkImages(t *testing.T, imgs []shownImage, want int) {
	t.Helper()
	if len(imgs) != want {
		t.Errorf("%d images, want %d", len(imgs), want)
	}
	for _, im := range imgs {
		if im.Width == 0 {
			t.Errorf("image %s did not load", im.Src)
		}
	}
}

// hostPage is another site's page with the widget, under a strict
// Content Security Policy: scripts and data only from the feed's site, and
// only the host's own style element.
const hostPage = `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src %s; connect-src %s; img-src %s; style-src 'nonce-host'">
<title>Intranet</title>
<style nonce="host">#latest { --feedcast-thumb: 80px; }</style>
</head>
<body>
<h1>Intranet</h1>
<div id="latest" data-feedcast-feed="%s/feed.json" data-limit="5"></div>
<div id="missing" data-feedcast-feed="%s/nothing.json"></div>
<div id="bad" data-feedcast-feed="javascript:alert(1)"></div>
<script src="%s/widget.js"></script>
</body>
</html>
`

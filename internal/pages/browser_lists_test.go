package pages_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
)

// pageCheckJS reports what a person would trip over on a page: content
// wider than the window, links and buttons with no name, images with no
// alt attribute, and images that did not load.
const pageCheckJS = `(() => {
	const out = [];
	if (document.documentElement.scrollWidth > window.innerWidth) out.push('page wider than the window: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
	for (const el of document.querySelectorAll('a[href], button:not([hidden])')) {
		if (el.closest('[aria-hidden="true"]')) continue;
		const name = (el.getAttribute('aria-label') || el.textContent || [...el.querySelectorAll('img')].map(i => i.alt).join('')).trim();
		if (!name) out.push('no name: ' + el.outerHTML.slice(0, 80));
	}
	for (const img of document.querySelectorAll('img')) {
		if (!img.hasAttribute('alt')) out.push('no alt: ' + img.src);
		if (img.complete && img.naturalWidth === 0) out.push('not loaded: ' + img.src);
	}
	for (const el of document.querySelectorAll('[aria-hidden="true"] a, a[aria-hidden="true"]')) {
		if (el.tabIndex >= 0) out.push('hidden link in the tab order: ' + el.href);
	}
	return out;
})()`

// TestBrowserLists opens the series, tag, 404 and episode pages at a
// desktop and a phone width and checks what is shown.
func TestBrowserLists(t *testing.T) {
	ctx := newBrowser(t)
	a := newSite(t)
	fx := newFixture(a.URL + "/")
	files, err := fx.files()
	if err != nil {
		t.Fatal(err)
	}
	a.set(files)
	series, tag := fx.site.Feeds[1], fx.site.Feeds[3]
	titles := func(idx []int) []string {
		var out []string
		for _, i := range idx {
			out = append(out, fx.site.Episodes[i].Item.Title)
		}
		return out
	}
	for _, width := range []int64{1280, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			do(t, ctx, chromedp.EmulateViewport(width, 900))
			check := func(t *testing.T, name string) {
				t.Helper()
				for _, p := range eval[[]string](t, ctx, pageCheckJS) {
					t.Errorf("%s at %d px: %s", name, width, p)
				}
				shoot(t, ctx, fmt.Sprintf("%s-%d.png", name, width))
			}
			t.Run("series", func(t *testing.T) {
				do(t, ctx, chromedp.Navigate(a.URL+"/series/"+series.Slug+"/"), chromedp.WaitVisible(chromedp.CSS("ol.cards")), loadAll("img"))
				if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != series.Name {
					t.Errorf("h1 %q", h1)
				}
				if got := eval[[]string](t, ctx, texts(".cards h3")); !slices.Equal(got, titles(series.Episodes)) {
					t.Errorf("episodes %q", got)
				}
				if v := eval[string](t, ctx, `document.querySelector('#subscribe input').value`); v != series.RSS {
					t.Errorf("subscribe box offers %q, want %q", v, series.RSS)
				}
				check(t, "series")
				// The thumbnail opens the episode.
				do(t, ctx, chromedp.Click(chromedp.CSS(".cards .thumb")), chromedp.WaitVisible(chromedp.CSS("article h1")))
				if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != fx.site.Episodes[series.Episodes[0]].Item.Title {
					t.Errorf("the thumbnail opened %q", h1)
				}
			})
			t.Run("tag from an episode", func(t *testing.T) {
				do(t, ctx, chromedp.Navigate(a.URL+"/episodes/video-mp4/"), chromedp.WaitVisible(chromedp.CSS(".episode-links a")))
				do(t, ctx, chromedp.Click(chromedp.CSS(".episode-links a")), chromedp.WaitVisible(chromedp.CSS("ol.cards")), loadAll("img"))
				if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != tag.Name {
					t.Errorf("the episode's tag opened %q, want the page of %q", h1, tag.Name)
				}
				if got := eval[[]string](t, ctx, texts(".cards h3")); !slices.Equal(got, titles(tag.Episodes)) {
					t.Errorf("episodes %q", got)
				}
				check(t, "tag")
			})
			t.Run("episode", func(t *testing.T) {
				do(t, ctx, chromedp.Navigate(a.URL+"/episodes/ete/"), chromedp.WaitVisible(chromedp.CSS(".people")), loadAll("img"))
				if got := eval[[]string](t, ctx, texts(".people .role")); !slices.Equal(got, []string{"Animation", "Invité·e"}) {
					t.Errorf("roles shown %q", got)
				}
				if n := eval[int](t, ctx, `document.querySelectorAll('.transcript .files a').length`); n != 4 {
					t.Errorf("%d transcript files linked, want 4", n)
				}
				check(t, "episode-details")
			})
			t.Run("404", func(t *testing.T) {
				do(t, ctx, chromedp.Navigate(a.URL+"/404.html"), chromedp.WaitVisible(chromedp.CSS("h1")), loadAll("img"))
				if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != "Page introuvable" {
					t.Errorf("h1 %q", h1)
				}
				if pos := eval[string](t, ctx, `getComputedStyle(document.querySelector('.skip')).position`); pos != "absolute" {
					t.Errorf("style.css did not apply (skip link %q)", pos)
				}
				check(t, "404")
			})
		})
	}
}

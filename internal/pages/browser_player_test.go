package pages_test

import (
	"bytes"
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// newMediaSite is newSite that also serves media files as a media server
// does, with byte ranges, so that the browser can seek in them.
func newMediaSite(t *testing.T, media map[string][]byte) *site {
	s := &site{files: map[string][]byte{}, types: map[string]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(r.URL.Path, "/")
		if b, ok := media[p]; ok {
			w.Header().Set("Content-Type", "audio/wav")
			http.ServeContent(w, r, p, time.Time{}, bytes.NewReader(b))
			return
		}
		s.serve(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// resizeSnippet is the README's snippet for a page that embeds embed.html
// in an iframe, ORIGIN standing for the show's origin.
const resizeSnippet = `<script>addEventListener("message",e=>{if(e.origin==="ORIGIN"&&e.data&&e.data.type==="feedcast:resize")for(const f of document.querySelectorAll("iframe"))if(f.contentWindow===e.source)f.style.height=Number(e.data.height)+"px"})</script>`

// TestBrowserPlayer plays an episode in a real browser and drives its
// player as a listener does: chapters, transcript cues with the mouse and
// the keyboard, a link to a time, the speed menu.
func TestBrowserPlayer(t *testing.T) {
	ctx := newBrowser(t)
	a := newMediaSite(t, map[string][]byte{"episodes/ete/ete.wav": wavFile()})
	fx := playerFixture(a.URL + "/")
	files, err := fx.files()
	if err != nil {
		t.Fatal(err)
	}
	a.set(files)
	page := a.URL + "/episodes/ete/"
	const audio = `document.querySelector('audio')`
	// now is the current cue's and chapter's data-start, "" for none.
	now := func(t *testing.T) (cue, chapter string) {
		t.Helper()
		got := eval[[]string](t, ctx, `[document.querySelector('.transcript [aria-current]'), document.querySelector('.chapters [aria-current]')].map(e => e ? e.dataset.start : '')`)
		return got[0], got[1]
	}
	currentTime := func(t *testing.T) float64 {
		t.Helper()
		return eval[float64](t, ctx, audio+`.currentTime`)
	}
	open := func(t *testing.T, url string) {
		t.Helper()
		do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(".play-tools")))
	}

	t.Run("plays", func(t *testing.T) {
		open(t, page)
		if !eval[bool](t, ctx, `!document.querySelector('button[data-copy="play-share"]').hidden`) {
			t.Error("the share link's copy button is hidden")
		}
		eval[bool](t, ctx, `(`+audio+`.play(), true)`)
		do(t, ctx, waitFor(audio+`.currentTime > 0.5`))
		if cue, chapter := now(t); cue != "0" || chapter != "0" {
			t.Errorf("playing from the start: cue %q and chapter %q marked, want 0 and 0", cue, chapter)
		}
		eval[bool](t, ctx, `(`+audio+`.pause(), true)`)
		shoot(t, ctx, "player.png")
	})

	t.Run("chapter", func(t *testing.T) {
		open(t, page)
		do(t, ctx, chromedp.Click(chromedp.CSS(`.chapters a[data-start="30"]`)))
		do(t, ctx, waitFor(audio+`.currentTime > 30.3 && !`+audio+`.paused`))
		if ct := currentTime(t); ct > 33 {
			t.Errorf("currentTime %.2f after the chapter at 0:30", ct)
		}
		if _, chapter := now(t); chapter != "30" {
			t.Errorf("chapter %q marked, want the one at 30 s", chapter)
		}
		if got := eval[string](t, ctx, `document.querySelector('[data-chapter-now]').textContent`); got != "Le sujet" {
			t.Errorf("current chapter shown %q", got)
		}
		if eval[bool](t, ctx, `location.hash !== ''`) {
			t.Error("a chapter link changed the address")
		}
		eval[bool](t, ctx, `(`+audio+`.pause(), true)`)
	})

	t.Run("transcript follows", func(t *testing.T) {
		open(t, page)
		eval[bool](t, ctx, `(`+audio+`.load(), true)`)
		do(t, ctx, waitFor(audio+`.readyState >= 1`))
		for _, tt := range []struct {
			at           float64
			cue, chapter string
		}{
			{40, "31", "30"}, {12.3, "12.25", "0"}, {80, "70", "70"}, {96, "", "70"}, {2, "0", "0"},
		} {
			eval[bool](t, ctx, audio+`.currentTime = `+ftoa(tt.at)+`, true`)
			do(t, ctx, waitFor(`!`+audio+`.seeking`))
			if cue, chapter := now(t); cue != tt.cue || chapter != tt.chapter {
				t.Errorf("at %v s: cue %q and chapter %q marked, want %q and %q", tt.at, cue, chapter, tt.cue, tt.chapter)
			}
			if n := eval[int](t, ctx, `document.querySelectorAll('.transcript .now').length`); n > 1 {
				t.Errorf("at %v s: %d cues marked", tt.at, n)
			}
		}
		// A click on a cue's text seeks too.
		do(t, ctx, chromedp.Click(chromedp.CSS(`.cue[data-start="70"]`)))
		do(t, ctx, waitFor(audio+`.currentTime >= 70 && `+audio+`.currentTime < 73`))
		eval[bool](t, ctx, `(`+audio+`.pause(), true)`)
	})

	t.Run("transcript scrolls", func(t *testing.T) {
		open(t, page)
		const cue1 = `document.querySelector('.cue[data-start="5"]')`
		// The reader is at the top of the page: the page stays there.
		eval[bool](t, ctx, `(scrollTo({top: 0, behavior: 'instant'}), `+audio+`.currentTime = 4.6, `+audio+`.play(), true)`)
		do(t, ctx, waitFor(audio+`.currentTime > 5.3`))
		if y := eval[float64](t, ctx, `scrollY`); y != 0 {
			t.Errorf("the page scrolled to %v while the reader was at the top", y)
		}
		eval[bool](t, ctx, `(`+audio+`.pause(), true)`)
		// The reader follows the transcript, the focus on the speed menu:
		// the next cue comes into view, the focus stays.
		eval[bool](t, ctx, `(document.getElementById('play-speed').focus(), `+audio+`.currentTime = 4.6, true)`)
		do(t, ctx, waitFor(`!`+audio+`.seeking && document.querySelector('.cue.now') && document.querySelector('.cue.now').dataset.start === '0'`))
		eval[bool](t, ctx, `(document.querySelector('.cue[data-start="0"]').scrollIntoView({block: 'end', behavior: 'instant'}), true)`)
		if eval[bool](t, ctx, cue1+`.getBoundingClientRect().top < innerHeight`) {
			t.Fatal("the next cue is already in view")
		}
		eval[bool](t, ctx, `(`+audio+`.play(), true)`)
		do(t, ctx, waitFor(audio+`.currentTime > 5.3`))
		do(t, ctx, waitFor(cue1+`.getBoundingClientRect().bottom <= innerHeight + 1`))
		if got := eval[string](t, ctx, `document.activeElement.id`); got != "play-speed" {
			t.Errorf("the focus moved to %q", got)
		}
		eval[bool](t, ctx, `(`+audio+`.pause(), true)`)
	})

	t.Run("keyboard", func(t *testing.T) {
		open(t, page)
		do(t, ctx, chromedp.Focus(chromedp.CSS(`.cue[data-start="0"] a`)), chromedp.KeyEvent("\t"))
		if got := eval[string](t, ctx, `document.activeElement.parentElement.dataset.start || ''`); got != "5" {
			t.Fatalf("Tab from the first cue focused %q, want the cue at 5 s", got)
		}
		do(t, ctx, chromedp.KeyEvent("\r"))
		do(t, ctx, waitFor(audio+`.currentTime >= 5 && `+audio+`.currentTime < 7`))
		if cue, _ := now(t); cue != "5" {
			t.Errorf("Enter on the cue at 5 s marked %q", cue)
		}
		do(t, ctx, chromedp.KeyEvent("\t"))
		scroll := settledScroll(t, ctx)
		do(t, ctx, chromedp.KeyEvent(" "))
		do(t, ctx, waitFor(audio+`.currentTime >= 12.25 && `+audio+`.currentTime < 14`))
		// Space would scroll by most of the window; following the playing
		// cue may move it by a few pixels.
		if got := settledScroll(t, ctx); math.Abs(got-scroll) > 100 {
			t.Errorf("Space scrolled the page from %v to %v", scroll, got)
		}
		if got := eval[string](t, ctx, `document.activeElement.parentElement.dataset.start || ''`); got != "12.25" {
			t.Errorf("the focus moved to %q", got)
		}
		eval[bool](t, ctx, `(`+audio+`.pause(), true)`)
	})

	t.Run("time in the address", func(t *testing.T) {
		open(t, page+"#t=1:10")
		if ct := currentTime(t); ct != 70 {
			t.Errorf("opened at #t=1:10: currentTime %v, want 70", ct)
		}
		if cue, chapter := now(t); cue != "70" || chapter != "70" {
			t.Errorf("opened at #t=1:10: cue %q and chapter %q marked", cue, chapter)
		}
		if got := eval[string](t, ctx, `document.getElementById('play-share').value`); got != page+"#t=1:10" {
			t.Errorf("share link %q, want %q", got, page+"#t=1:10")
		}
		eval[bool](t, ctx, `(`+audio+`.play(), true)`)
		do(t, ctx, waitFor(audio+`.currentTime > 70.3`))
		if ct := currentTime(t); ct > 73 {
			t.Errorf("playing from 1:10: currentTime %v", ct)
		}
		eval[bool](t, ctx, `(`+audio+`.pause(), true)`)
		// A new time in the address seeks the player.
		eval[bool](t, ctx, `(location.hash = '#t=45', true)`)
		do(t, ctx, waitFor(audio+`.currentTime === 45`))
		if cue, _ := now(t); cue != "31" {
			t.Errorf("at #t=45: cue %q marked", cue)
		}
	})

	t.Run("speed", func(t *testing.T) {
		open(t, page)
		if r := eval[float64](t, ctx, audio+`.playbackRate`); r != 1 {
			t.Errorf("playbackRate %v at first", r)
		}
		do(t, ctx, chromedp.Focus(chromedp.CSS("#play-speed")), chromedp.KeyEvent(kb.ArrowDown))
		do(t, ctx, waitFor(audio+`.playbackRate === 1.25`))
		eval[bool](t, ctx, `(() => { const s = document.getElementById('play-speed'); s.value = '2'; s.dispatchEvent(new Event('change')); return true; })()`)
		if r := eval[float64](t, ctx, audio+`.playbackRate`); r != 2 {
			t.Errorf("playbackRate %v, want 2", r)
		}
		// The speed stays for the next episode page.
		open(t, page)
		if r := eval[float64](t, ctx, audio+`.playbackRate`); r != 2 {
			t.Errorf("playbackRate %v on the next page, want 2", r)
		}
		eval[bool](t, ctx, `(localStorage.clear(), true)`)
	})
}

// settledScroll returns the page's scroll position once it stops moving:
// the browser scrolls smoothly to a focused element (scroll-behavior).
func settledScroll(t *testing.T, ctx context.Context) float64 {
	t.Helper()
	last := -1.0
	for i := 0; i < 50; i++ {
		y := eval[float64](t, ctx, `scrollY`)
		if y == last {
			return y
		}
		last = y
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("the page keeps scrolling")
	return 0
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// TestBrowserEmbed puts embed.html in an iframe of another site's page
// with the README's snippet: the iframe takes the height of its content,
// and a message from elsewhere changes nothing.
func TestBrowserEmbed(t *testing.T) {
	ctx := newBrowser(t)
	a := newSite(t)
	fx := playerFixture(a.URL + "/")
	files, err := fx.files()
	if err != nil {
		t.Fatal(err)
	}
	a.set(files)
	b := newSite(t)
	b.set(map[string][]byte{"index.html": []byte(`<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Un site partenaire</title></head>
<body><h1>Un site partenaire</h1>
<iframe src="` + a.URL + `/embed.html" title="Derniers épisodes" width="400" height="40"></iframe>
<script>window.posted = []; addEventListener("message", e => posted.push({origin: e.origin, height: e.data && e.data.height}));</script>
` + strings.ReplaceAll(resizeSnippet, "ORIGIN", a.URL) + `
</body></html>`)})

	do(t, ctx, chromedp.Navigate(b.URL+"/"))
	if err := chromedp.Do(ctx, waitFor(`posted.some(m => m.height > 200)`)); err != nil {
		t.Fatalf("%v: %s", err, eval[string](t, ctx, `JSON.stringify(posted)`))
	}
	last := eval[float64](t, ctx, `posted[posted.length - 1].height`)
	do(t, ctx, waitFor(`document.querySelector('iframe').clientHeight === `+ftoa(last)))
	if origins := eval[[]string](t, ctx, `[...new Set(posted.map(m => m.origin))]`); len(origins) != 1 || origins[0] != a.URL {
		t.Errorf("messages from %q, want from %s only", origins, a.URL)
	}
	// The host's own message, from its own origin, is ignored.
	eval[bool](t, ctx, `(postMessage({type: 'feedcast:resize', height: 5}, '*'), true)`)
	do(t, ctx, waitFor(`posted.some(m => m.height === 5)`))
	if h := eval[float64](t, ctx, `document.querySelector('iframe').clientHeight`); h != last {
		t.Errorf("iframe height %v after a message from the host itself, want %v", h, last)
	}
	shoot(t, ctx, "embed-host.png")

	// The widget shows the episodes' small images.
	do(t, ctx, chromedp.Navigate(a.URL+"/embed.html"), chromedp.WaitVisible(chromedp.CSS(".feedcast-list")), loadAll(".feedcast-thumb"))
	got := eval[[]shownImage](t, ctx, images(".feedcast-thumb"))
	if len(got) == 0 || !strings.HasSuffix(got[0].Src, "/episodes/ete/cover-320.png") {
		t.Errorf("first thumbnail %+v, want the 320 px image", got)
	}
}

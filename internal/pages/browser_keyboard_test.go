package pages_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// focusStop is what the keyboard focus is on after a Tab.
type focusStop struct {
	Desc    string  `json:"desc"`
	Kind    string  `json:"kind"`  // skip, media, speed, chapter, cue or other
	Start   string  `json:"start"` // a chapter's or cue's data-start
	Width   float64 `json:"width"`
	Height  float64 `json:"height"`
	Outline string  `json:"outline"`
	Shadow  string  `json:"shadow"`
	// Changed is whether the outline or the box-shadow differ from the
	// element's look without the focus.
	Changed bool `json:"changed"`
	Visible bool `json:"visible"` // matches :focus-visible
	InMain  bool `json:"inMain"`
}

// unfocusedJS notes the outline and box-shadow of every element before
// any has the focus, for focusJS to compare.
const unfocusedJS = `(() => {
	const look = e => { const s = getComputedStyle(e); return s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor + '|' + s.boxShadow; };
	window.unfocusedLook = new Map([...document.querySelectorAll('*')].map(e => [e, look(e)]));
	window.focusLook = look;
	return true;
})()`

// focusJS describes the focused element; null when the focus left the
// page.
const focusJS = `(() => {
	const e = document.activeElement;
	if (!e || e === document.body || e === document.documentElement) return null;
	const r = e.getBoundingClientRect(), s = getComputedStyle(e);
	const chapter = e.closest('.chapters a[data-start]'), cue = e.closest('.cue[data-start]');
	const kind = e.matches('a.skip') ? 'skip' : e.matches('[data-media]') ? 'media' : e.id === 'play-speed' ? 'speed'
		: chapter ? 'chapter' : cue ? 'cue' : 'other';
	return {
		desc: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '')
			+ (e.getAttribute('href') ? '[' + e.getAttribute('href') + ']' : ''),
		kind, start: chapter ? chapter.dataset.start : cue ? cue.dataset.start : '',
		width: r.width, height: r.height,
		outline: s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0 ? '' : s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor,
		shadow: s.boxShadow === 'none' ? '' : s.boxShadow,
		changed: !window.unfocusedLook || unfocusedLook.get(e) !== focusLook(e),
		visible: e.matches(':focus-visible'), inMain: !!e.closest('main'),
	};
})()`

// tabThrough presses Tab from the top of the page until the focus leaves
// it, and returns each element it stopped on.
func tabThrough(t *testing.T, ctx context.Context) []focusStop {
	t.Helper()
	var stops []focusStop
	for i := 0; i < 200; i++ {
		do(t, ctx, chromedp.KeyEvent("\t"))
		s := eval[*focusStop](t, ctx, focusJS)
		if s == nil || i > 0 && s.Kind == "skip" {
			return stops
		}
		stops = append(stops, *s)
	}
	t.Fatalf("200 Tabs did not go through the page: %v", stops)
	return nil
}

// TestBrowserKeyboard goes through an episode page with the keyboard
// alone, at a desktop and a phone width: the skip link comes first, then
// the player, its speed menu, the chapters and the transcript's cues, each
// with a visible focus; Enter on a chapter plays from there.
func TestBrowserKeyboard(t *testing.T) {
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
	open := func(t *testing.T) {
		t.Helper()
		openPage(t, ctx, page, `!document.querySelector('[data-play-tools]').hidden`)
		if eval[bool](t, ctx, `document.activeElement !== document.body`) {
			t.Fatal("the page opened with the focus on an element")
		}
	}
	for _, width := range []int64{1280, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			do(t, ctx, chromedp.EmulateViewport(width, 900))

			t.Run("tab order", func(t *testing.T) {
				open(t)
				chapters := eval[int](t, ctx, `document.querySelectorAll('.chapters a[data-start]').length`)
				cues := eval[int](t, ctx, `document.querySelectorAll('.cue[data-start] a').length`)
				if chapters == 0 || cues == 0 {
					t.Fatalf("%d chapter links and %d cue links on the page", chapters, cues)
				}
				eval[bool](t, ctx, unfocusedJS)
				stops := tabThrough(t, ctx)
				if len(stops) == 0 || stops[0].Kind != "skip" {
					t.Fatalf("first Tab stop %v, want the skip link", stops)
				}
				// The kinds in the order met, each counted once per run.
				var order []string
				count := map[string]int{}
				for i, s := range stops {
					count[s.Kind]++
					if len(order) == 0 || order[len(order)-1] != s.Kind {
						order = append(order, s.Kind)
					}
					if s.Width == 0 || s.Height == 0 {
						t.Errorf("Tab %d: %s has no size (%v x %v)", i+1, s.Desc, s.Width, s.Height)
					}
					// The media element's controls draw their own focus
					// ring inside the browser's shadow tree.
					if s.Kind != "media" && (s.Outline == "" && s.Shadow == "" || !s.Changed) {
						t.Errorf("Tab %d: %s shows no focus (outline %q, box-shadow %q, as without the focus)", i+1, s.Desc, s.Outline, s.Shadow)
					}
					if s.Kind != "media" && !s.Visible {
						t.Errorf("Tab %d: %s does not match :focus-visible", i+1, s.Desc)
					}
				}
				var seq []string
				for _, k := range order {
					if k != "other" {
						seq = append(seq, k)
					}
				}
				if got, want := strings.Join(seq, " "), "skip media speed chapter cue"; got != want {
					t.Errorf("Tab goes through %q, want %q", got, want)
				}
				if count["chapter"] != chapters || count["cue"] != cues {
					t.Errorf("Tab reached %d of %d chapters and %d of %d cues", count["chapter"], chapters, count["cue"], cues)
				}
				var walk []string
				for _, s := range stops {
					walk = append(walk, s.Desc)
				}
				t.Logf("%d Tab stops: %s", len(stops), strings.Join(walk, ", "))
			})

			t.Run("skip link", func(t *testing.T) {
				open(t)
				do(t, ctx, chromedp.KeyEvent("\t"))
				s := eval[*focusStop](t, ctx, focusJS)
				if s == nil || s.Kind != "skip" {
					t.Fatalf("first Tab on %v", s)
				}
				if top := eval[float64](t, ctx, `document.activeElement.getBoundingClientRect().top`); top < 0 {
					t.Errorf("the focused skip link is above the window (top %v)", top)
				}
				do(t, ctx, chromedp.KeyEvent("\r"), chromedp.KeyEvent("\t"))
				if s := eval[*focusStop](t, ctx, focusJS); s == nil || !s.InMain {
					t.Errorf("Tab after the skip link went to %v, want the main content", s)
				}
			})

			t.Run("enter on a chapter", func(t *testing.T) {
				open(t)
				for i := 0; ; i++ {
					if i == 100 {
						t.Fatal("Tab never reached the chapter at 0:30")
					}
					do(t, ctx, chromedp.KeyEvent("\t"))
					if s := eval[*focusStop](t, ctx, focusJS); s != nil && s.Kind == "chapter" && s.Start == "30" {
						break
					}
				}
				do(t, ctx, chromedp.KeyEvent("\r"))
				do(t, ctx, waitFor(audio+`.currentTime >= 30 && !`+audio+`.paused`))
				if ct := eval[float64](t, ctx, audio+`.currentTime`); ct > 33 {
					t.Errorf("currentTime %.2f after Enter on the chapter at 0:30", ct)
				}
				if s := eval[*focusStop](t, ctx, focusJS); s == nil || s.Kind != "chapter" || s.Start != "30" {
					t.Errorf("the focus moved to %v", s)
				}
				eval[bool](t, ctx, `(`+audio+`.pause(), true)`)
			})
		})
	}
}

package pages_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/feedcast/feedcast/internal/config"
	buildsite "github.com/feedcast/feedcast/internal/site"
)

// axeEnv names the file axe-core's axe.min.js, installed from npm
// (npm install --prefix DIR axe-core@4): the audit runs only with it.
const axeEnv = "FEEDCAST_AXE"

// axeTags are the rules the pages must pass: WCAG 2.0 and 2.1, levels A
// and AA, and axe's best practices.
const axeTags = `['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']`

// axeScript returns axe.min.js, or skips the test when it is not there.
func axeScript(t *testing.T) string {
	t.Helper()
	path := os.Getenv(axeEnv)
	if path == "" {
		t.Skipf("%s is not set: install axe-core (npm install --prefix DIR axe-core@4) and set %s=DIR/node_modules/axe-core/axe.min.js to run the accessibility audit", axeEnv, axeEnv)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s: %v", axeEnv, err)
	}
	return string(b)
}

// axeViolation is one rule that failed, with where it failed.
type axeViolation struct {
	ID      string   `json:"id"`
	Review  bool     `json:"review"` // axe could not decide: to check by eye
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Nodes   int      `json:"nodes"`
	Targets []string `json:"targets"`
}

// runAxe injects axe-core into the page (the DevTools protocol's
// evaluation is not bound by the page's Content Security Policy) and
// returns the rules that fail, and those it could not decide. Third-party frames are not audited: they
// are not the show's pages, and they do not load here.
func runAxe(t *testing.T, ctx context.Context, script string) []axeViolation {
	t.Helper()
	if !eval[bool](t, ctx, `typeof axe !== 'undefined'`) {
		ctx2, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if _, err := chromedp.Run(ctx2, chromedp.Evaluate[bool](script+"\n;true")); err != nil {
			t.Fatalf("inject axe-core: %v", err)
		}
	}
	ctx2, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx2, chromedp.Evaluate[[]axeViolation](`axe.run(document, {
		runOnly: {type: 'tag', values: `+axeTags+`},
		iframes: false,
		rules: {'frame-tested': {enabled: false}},
		resultTypes: ['violations', 'incomplete'],
	}).then(r => [...r.violations.map(v => [v, false]), ...r.incomplete.map(v => [v, true])].map(([v, review]) => ({
		id: v.id, review, impact: v.impact || '', help: v.help, nodes: v.nodes.length,
		targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
	})))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	return v
}

// overflowJS reports content wider than the window: the page would
// scroll sideways.
const overflowJS = `(() => {
	const w = document.scrollingElement.scrollWidth;
	if (w <= innerWidth) return '';
	const wide = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5).slice(0, 3)
		.map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''));
	return w + ' px > ' + innerWidth + ' px: ' + wide.join(', ');
})()`

// pageFilesJS lists the documents that make the page: its HTML, and the
// style sheets and scripts it loaded.
const pageFilesJS = `[location.href, ...performance.getEntriesByType('resource')
	.filter(e => e.initiatorType === 'link' || e.initiatorType === 'script' || e.initiatorType === 'css')
	.map(e => e.name)]`

// weight is what a page costs to load, images and media aside.
type weight struct {
	html, css, js       int // bytes
	gzHTML, gzCSS, gzJS int // gzipped
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// pageWeight fetches again the page's documents that the browser loaded
// (as a browser asks for them) and adds up their sizes by media type.
func pageWeight(t *testing.T, ctx context.Context) weight {
	t.Helper()
	var w weight
	seen := map[string]bool{}
	for _, u := range eval[[]string](t, ctx, pageFilesJS) {
		u, _, _ = strings.Cut(u, "#")
		if seen[u] {
			continue
		}
		seen[u] = true
		req, err := http.NewRequest("GET", u, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotFound {
			t.Fatalf("%s: %v %s", u, err, resp.Status)
		}
		typ, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		switch {
		case typ == "text/html":
			w.html += len(b)
			w.gzHTML += gzipSize(b)
		case typ == "text/css":
			w.css += len(b)
			w.gzCSS += gzipSize(b)
		case strings.Contains(typ, "javascript"):
			w.js += len(b)
			w.gzJS += gzipSize(b)
		default:
			t.Errorf("%s: unexpected media type %q", u, typ)
		}
	}
	return w
}

// openPage opens url and waits until the JavaScript condition ready is
// true in it. It asks the page itself, again and again, rather than through
// a poll bound to one execution context: that context may be gone while
// the browser replaces the document.
func openPage(t *testing.T, ctx context.Context, url, ready string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url))
	cond := `location.href === ` + quote(url) + ` && document.readyState === 'complete' && (` + ready + `)`
	deadline := time.Now().Add(15 * time.Second)
	for {
		ctx2, cancel := context.WithTimeout(ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx2, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not ready (%s): %v", url, ready, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// axePage is a kind of page of a built show and how to open it.
type axePage struct {
	name  string
	url   string
	ready string // a JavaScript condition true once the page is drawn
}

// TestBrowserAxe audits every kind of page of a show with axe-core at a
// desktop and a phone width: no serious or critical violation of WCAG 2.1
// A and AA and of axe's best practices, and nothing wider than the
// window. It logs the pages' weights.
func TestBrowserAxe(t *testing.T) {
	script := axeScript(t)
	ctx := newBrowser(t)
	a := newMediaSite(t, map[string][]byte{"episodes/ete/ete.wav": wavFile()})
	fx := playerFixture(a.URL + "/")
	files, err := fx.files()
	if err != nil {
		t.Fatal(err)
	}
	a.set(files)
	var series, tag string
	for _, f := range fx.site.Feeds {
		switch {
		case f.Kind == "series" && series == "":
			series = a.URL + "/series/" + f.Slug + "/"
		case f.Kind == "tag" && tag == "":
			tag = a.URL + "/tags/" + f.Slug + "/"
		}
	}
	// The feed preview is the page that `feedcast serve` sends a browser
	// for a feed.
	ln, base := listen(t)
	_, preview := previewFiles(t, base)
	serveFeedcast(t, ln, writeFiles(t, preview))

	kinds := []axePage{
		{"index", a.URL + "/", `!!document.querySelector('ol.cards')`},
		{"episode", a.URL + "/episodes/ete/", `!document.querySelector('[data-play-tools]').hidden`},
		{"episode-embed", a.URL + "/episodes/dailymotion/", `!!document.querySelector('.player iframe')`},
		{"series", series, `!!document.querySelector('ol.cards')`},
		{"tag", tag, `!!document.querySelector('ol.cards')`},
		{"404", a.URL + "/404.html", `!!document.querySelector('h1')`},
		{"preview", base + "feed.xml", `!!document.querySelector('ol.items')`},
		{"embed", a.URL + "/embed.html", `document.querySelector('[data-feedcast-feed]').dataset.feedcastState === 'done'`},
	}
	// The audit sees a violation: a page with a text too pale and an
	// unnamed field fails it.
	a.set(map[string][]byte{"bad.html": []byte(badPage)})
	t.Run("bad page", func(t *testing.T) {
		do(t, ctx, chromedp.Navigate(a.URL+"/bad.html"), waitFor(`document.readyState === 'complete'`))
		found := map[string]string{}
		for _, v := range runAxe(t, ctx, script) {
			if !v.Review {
				found[v.ID] = v.Impact
			}
		}
		for _, id := range []string{"color-contrast", "label"} {
			if imp := found[id]; imp != "serious" && imp != "critical" {
				t.Errorf("axe found %v on the bad page, want %s as serious or critical", found, id)
			}
		}
	})

	audit(t, script, ctx, kinds)
}

// audit runs the audit on each kind of page at both widths, in the light
// and the dark colour schemes, and logs the pages' weights.
func audit(t *testing.T, script string, light context.Context, kinds []axePage) {
	t.Helper()
	weights := map[string]weight{}
	for _, scheme := range []struct {
		name string
		ctx  context.Context
		bg   string
	}{
		{"light", light, "rgb(255, 255, 255)"},
		// Blink's preferred colour scheme 0 is dark: the pages follow
		// prefers-color-scheme.
		{"dark", newBrowserWith(t, chromedp.Flag("blink-settings", "preferredColorScheme=0")), "rgb(18, 22, 20)"},
	} {
		ctx := scheme.ctx
		for _, width := range []int64{1280, 390} {
			t.Run(fmt.Sprintf("%s/%d", scheme.name, width), func(t *testing.T) {
				do(t, ctx, chromedp.EmulateViewport(width, 900))
				for _, k := range kinds {
					t.Run(k.name, func(t *testing.T) {
						openPage(t, ctx, k.url, k.ready)
						if k.name != "embed" {
							if bg := eval[string](t, ctx, `getComputedStyle(document.documentElement).backgroundColor`); bg != scheme.bg {
								t.Fatalf("background %s, want the %s scheme's %s", bg, scheme.name, scheme.bg)
							}
						}
						if msg := eval[string](t, ctx, overflowJS); msg != "" {
							t.Errorf("%s at %d px: wider than the window: %s", k.name, width, msg)
						}
						for _, v := range runAxe(t, ctx, script) {
							line := fmt.Sprintf("%s, %s, %d px: %s (%s, %d elements): %s; %s", k.name, scheme.name, width, v.ID, v.Impact, v.Nodes, v.Help, strings.Join(v.Targets, " | "))
							if v.Review {
								t.Log("to review: " + line)
							} else if v.Impact == "serious" || v.Impact == "critical" {
								t.Error(line)
							} else {
								t.Log(line)
							}
						}
						if _, ok := weights[k.name]; !ok {
							weights[k.name] = pageWeight(t, ctx)
						}
						shoot(t, ctx, fmt.Sprintf("axe-%s-%s-%d.png", k.name, scheme.name, width))
					})
				}
			})
		}
	}
	var table strings.Builder
	fmt.Fprintf(&table, "page weights in bytes, gzipped in brackets (images and media aside):\n%-14s %15s %15s %15s %15s\n", "page", "HTML", "CSS", "JS", "total")
	for _, k := range kinds {
		w, ok := weights[k.name]
		if !ok {
			continue
		}
		cell := func(n, gz int) string { return fmt.Sprintf("%d (%d)", n, gz) }
		fmt.Fprintf(&table, "%-14s %15s %15s %15s %15s\n", k.name, cell(w.html, w.gzHTML), cell(w.css, w.gzCSS), cell(w.js, w.gzJS),
			cell(w.html+w.css+w.js, w.gzHTML+w.gzCSS+w.gzJS))
	}
	t.Log(table.String())
}

// badPage fails the audit: grey text on white, and a field with no label.
const badPage = `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Mauvaise page</title></head>
<body><main><h1>Mauvaise page</h1>
<p style="color: #bbb; background: #fff">Un texte trop pâle.</p>
<input type="text">
</main></body></html>
`

// TestBrowserAxeCorpus audits the pages that the build writes for the
// real corpus, served by `feedcast serve`: its show notes, transcripts
// and players are real ones.
func TestBrowserAxeCorpus(t *testing.T) {
	script := axeScript(t)
	ctx := newBrowser(t)
	ln, base := listen(t)
	_, out := corpusSite(t, base)
	serveFeedcast(t, ln, out)
	// first returns the first folder under dir, in name order, whose
	// index.html contains marks[0], else marks[1], and so on ("" for
	// any).
	first := func(dir string, marks ...string) string {
		t.Helper()
		entries, err := os.ReadDir(filepath.Join(out, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range marks {
			for _, e := range entries {
				b, err := os.ReadFile(filepath.Join(out, dir, e.Name(), "index.html"))
				if err == nil && bytes.Contains(b, []byte(m)) {
					return base + dir + "/" + e.Name() + "/"
				}
			}
		}
		t.Fatalf("no page in %s with %q", dir, marks)
		return ""
	}
	kinds := []axePage{
		{"index", base, `!!document.querySelector('ol.cards')`},
		// The corpus's episodes are on other sites' players: an episode
		// with its own media and timed transcript if one has come, else
		// one with a transcript.
		{"episode", first("episodes", `data-play-tools`, `class="transcript"`, ""), `!document.querySelector('[data-play-tools]:not([hidden])') === !document.querySelector('[data-play-tools]')`},
		{"episode-embed", first("episodes", `<div class="player`), `!!document.querySelector('.player iframe')`},
		{"series", first("series", ""), `!!document.querySelector('ol.cards')`},
		{"tag", first("tags", ""), `!!document.querySelector('ol.cards')`},
		{"404", base + "404.html", `!!document.querySelector('h1')`},
		{"preview", base + "feed.xml", `!!document.querySelector('ol.items')`},
		{"embed", base + "embed.html", `document.querySelector('[data-feedcast-feed]').dataset.feedcastState === 'done'`},
	}
	for _, k := range kinds {
		t.Logf("%s: %s", k.name, k.url)
	}
	audit(t, script, ctx, kinds)
}

// TestBrowserAxeExample audits the pages of the bundled example (the
// repository's feedcast.yaml and content/), built and served by
// `feedcast serve`: episodes with their own MP3 files and timed
// transcripts.
func TestBrowserAxeExample(t *testing.T) {
	script := axeScript(t)
	ctx := newBrowser(t)
	ln, base := listen(t)
	out := exampleSite(t, base)
	serveFeedcast(t, ln, out)
	entries, err := os.ReadDir(filepath.Join(out, "episodes"))
	if err != nil || len(entries) == 0 {
		t.Fatalf("no episode pages: %v", err)
	}
	episode := base + "episodes/" + entries[len(entries)-1].Name() + "/"
	// The example's content/podcast/ is a show: its page, and the
	// preview of its feed.
	shows, err := os.ReadDir(filepath.Join(out, "shows"))
	if err != nil || len(shows) == 0 {
		t.Fatalf("no show pages: %v", err)
	}
	show := base + "shows/" + shows[0].Name() + "/"
	audit(t, script, ctx, []axePage{
		{"index", base, `!!document.querySelector('ol.cards') && !!document.querySelector('#shows')`},
		{"show", show, `!!document.querySelector('ol.cards') && !!document.querySelector('#subscribe')`},
		{"show-preview", show + "feed.xml", `!!document.querySelector('ol.items')`},
		{"episode", episode, `!document.querySelector('[data-play-tools]').hidden && !!document.querySelector('.cue') && !!document.querySelector('.show-name')`},
		{"404", base + "404.html", `!!document.querySelector('h1')`},
		{"preview", base + "feed.xml", `!!document.querySelector('ol.items')`},
		{"embed", base + "embed.html", `document.querySelector('[data-feedcast-feed]').dataset.feedcastState === 'done'`},
	})
}

// exampleSite builds the bundled example published at base and returns
// the output folder.
func exampleSite(t *testing.T, base string) string {
	t.Helper()
	return buildShow(t, base, filepath.Join("..", "..", "content"), "")
}

// buildShow builds the show of the repository's feedcast.yaml from the
// content folder content, published at base, with the build cache in
// cacheDir ("" for none), and returns the output folder.
func buildShow(t *testing.T, base, content, cacheDir string) string {
	t.Helper()
	cfg, err := config.Load(filepath.Join("..", "..", "feedcast.yaml"), false)
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL = base
	cfg.Cache = cacheDir
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	open := func(dir string) *os.Root {
		r, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		return r
	}
	_, err = buildsite.Run(context.Background(), buildsite.Options{
		Config:  cfg,
		Content: open(content).FS(),
		Static:  open(filepath.Join("..", "..", "public")).FS(),
		Out:     out,
		Now:     func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) },
		Version: "test",
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

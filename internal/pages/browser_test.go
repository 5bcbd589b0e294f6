package pages_test

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium is where Debian's chromium package puts the browser.
const chromium = "/usr/bin/chromium"

var screenshots = flag.String("screenshots", "", "save screenshots of the pages in this folder")

// newBrowser starts a headless Chromium for the test, or skips the test
// when Chromium is not installed. It reaches only the loopback servers.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	return newBrowserWith(t)
}

// newBrowserWith is newBrowser with more command-line switches.
func newBrowserWith(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("%s not found: install Debian's chromium package to run the browser tests", chromium)
	}
	opts := append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.Flag("lang", "fr-FR"),
		// The player tests start playback from a script.
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chromium, err)
	}
	return ctx
}

// site serves a set of files, then the files of a folder, over HTTP on
// the loopback interface, with the media types of contentType; every other
// missing .png is a small image, and the JSON feeds allow any origin.
type site struct {
	*httptest.Server
	mu    sync.Mutex
	files map[string][]byte
	dir   string
	// types overrides contentType for some paths.
	types map[string]string
}

func newSite(t *testing.T) *site {
	s := &site{files: map[string][]byte{}, types: map[string]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *site) set(files map[string][]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for p, b := range files {
		s.files[p] = b
	}
}

func (s *site) setType(path, typ string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.types[path] = typ
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(r.URL.Path, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	s.mu.Lock()
	b, ok := s.files[p]
	typ := s.types[p]
	s.mu.Unlock()
	if !ok && s.dir != "" {
		if data, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(p))); err == nil {
			b, ok = data, true
		}
	}
	if !ok && strings.HasSuffix(p, ".png") {
		b, ok = pngImage(), true
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	if typ == "" {
		typ = contentType(p)
	}
	w.Header().Set("Content-Type", typ)
	if strings.HasSuffix(p, ".json") {
		w.Header().Set("Access-Control-Allow-Origin", "*")
	}
	w.Write(b)
}

// do runs browser actions with a time limit.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// eval returns the value of a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// waitFor waits until a JavaScript expression is true.
func waitFor(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(10*time.Second))
}

// shoot saves a PNG screenshot of the whole page when -screenshots is set.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if *screenshots == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(*screenshots, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*screenshots, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// loadAll makes the lazy images of the selector load now, as they would
// when scrolled into view, and waits until all are loaded and decoded.
func loadAll(selector string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`(() => { for (const i of document.querySelectorAll(`+quote(selector)+`)) i.loading = 'eager'; return true; })()`)(ctx, tg)
			return err
		}),
		waitFor(`[...document.querySelectorAll(`+quote(selector)+`)].every(i => i.complete)`),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`Promise.all([...document.querySelectorAll(`+quote(selector)+`)].map(i => i.decode().catch(() => null))).then(() => true)`, chromedp.EvalAwaitPromise)(ctx, tg)
			return err
		}),
	)
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

// shownImage is what the browser made of an img element.
type shownImage struct {
	Src   string `json:"src"`
	Alt   string `json:"alt"`
	Width int    `json:"width"`
}

const imagesJS = `[...document.querySelectorAll(%s)].map(i => ({src: i.currentSrc, alt: i.alt, width: i.naturalWidth}))`

func texts(selector string) string {
	return `[...document.querySelectorAll(` + quote(selector) + `)].map(e => e.textContent.trim())`
}

func images(selector string) string {
	return strings.Replace(imagesJS, "%s", quote(selector), 1)
}

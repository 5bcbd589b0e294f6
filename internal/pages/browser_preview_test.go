package pages_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/pages"
	"github.com/feedcast/feedcast/internal/server"
)

// previewFiles returns the fixture's output folder published at base, as
// the build writes it: pages, feeds linking the XSLT and the CSS style
// sheets, and the preview page of each RSS and Atom document.
func previewFiles(t *testing.T, base string) (*fixture, map[string][]byte) {
	t.Helper()
	fx := newFixture(base)
	for _, f := range fx.feeds {
		f.CSS = base + pages.FeedCSSPath
	}
	files, err := fx.files()
	if err != nil {
		t.Fatal(err)
	}
	slugOf := map[*feed.Item]string{}
	for _, e := range fx.site.Episodes {
		slugOf[e.Item] = e.Slug
	}
	for _, set := range fx.site.Feeds {
		dir := strings.TrimPrefix(strings.TrimSuffix(set.RSS, feed.RSS.File), base)
		f := fx.feeds[dir]
		if f == nil {
			t.Fatalf("no feed in %q", dir)
		}
		slugs := make([]string, len(f.Items))
		for i, it := range f.Items {
			slugs[i] = slugOf[it]
		}
		for _, format := range []feed.Format{feed.RSS, feed.Atom} {
			b, err := pages.Preview(fx.site, pages.PreviewDoc{Feed: f, Format: format, Set: set, Slugs: slugs})
			if err != nil {
				t.Fatal(err)
			}
			files[pages.PreviewPath(dir+format.File)] = b
		}
	}
	files["episodes/ete/cover-320.png"] = pngImage()
	return fx, files
}

// writeFiles writes files under a new folder and returns it.
func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for p, b := range files {
		name := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// listen returns a loopback listener and the base URL it serves.
func listen(t *testing.T) (net.Listener, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln, "http://" + ln.Addr().String() + "/"
}

// serveFeedcast serves dir as `feedcast serve` does, fast path included.
func serveFeedcast(t *testing.T, ln net.Listener, dir string) {
	t.Helper()
	snap, err := server.Load(dir, server.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := server.New(server.Options{})
	s.Swap(snap)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- server.Serve(ctx, server.NewHTTPServer(s.Handler(), nil), ln, server.ServeOptions{Fast: s, Grace: time.Second})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
}

// serveStatic serves dir as a plain static host does: net/http's file
// server, which sends .xml as text/xml, like nginx's default mime.types.
func serveStatic(t *testing.T, ln net.Listener, dir string) {
	t.Helper()
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}

// The feed preview in Chromium, with XSLT and without it: a feed opened
// as a navigation shows a readable page (title, episodes) from `feedcast
// serve` (the preview page, no XSLT involved) and from a static host
// (the XSLT page where XSLT runs, else the feed itself styled by CSS);
// feed readers get the feed's exact bytes from the server.
func TestBrowserFeedPreview(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("%s not found", chromium)
	}
	lnServe, baseServe := listen(t)
	fx, files := previewFiles(t, baseServe)
	serveFeedcast(t, lnServe, writeFiles(t, files))
	lnStatic, baseStatic := listen(t)
	fxStatic, staticFiles := previewFiles(t, baseStatic)
	serveStatic(t, lnStatic, writeFiles(t, staticFiles))

	docs := []struct{ path, dir string }{
		{"feed.xml", ""},
		{"atom.xml", ""},
		{"series/saison-1/feed.xml", "series/saison-1/"},
	}

	t.Run("readers", func(t *testing.T) {
		for _, d := range docs {
			want := files[d.path]
			for _, accept := range []string{"", "application/rss+xml, text/html;q=0.5", "application/atom+xml, application/xml;q=0.9, */*;q=0.1"} {
				req, _ := http.NewRequest("GET", baseServe+d.path, nil)
				if accept != "" {
					req.Header.Set("Accept", accept)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if !bytes.Equal(body, want) {
					t.Errorf("%s, Accept %q: %d bytes of %s, want the feed's %d bytes", d.path, accept, len(body), resp.Header.Get("Content-Type"), len(want))
				}
			}
			// gofeed with its own default request.
			parsed, err := gofeed.NewParser().ParseURL(baseServe + d.path)
			if err != nil {
				t.Fatalf("gofeed %s: %v", d.path, err)
			}
			if f := fx.feeds[d.dir]; parsed.Title != f.Title || len(parsed.Items) != len(f.Items) {
				t.Errorf("gofeed %s: %q with %d items, want %q with %d", d.path, parsed.Title, len(parsed.Items), f.Title, len(f.Items))
			}
		}
	})

	for _, mode := range []struct {
		name string
		xslt bool
		opts []chromedp.ExecAllocatorOption
	}{
		{"xslt", true, nil},
		// The switch of Chromium's XSLT (the "XSLT" feature of
		// chrome://flags/#xslt), as browsers will be without it.
		{"no-xslt", false, []chromedp.ExecAllocatorOption{chromedp.Flag("disable-features", "XSLT")}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			ctx := newBrowserWith(t, mode.opts...)
			// The switch does what it says: a document that links an XSLT
			// stylesheet is transformed only with XSLT.
			do(t, ctx, chromedp.Navigate(baseStatic+"feed.xml"))
			transformed := eval[bool](t, ctx, `document.documentElement.nodeName === 'HTML'`)
			if transformed != mode.xslt {
				t.Fatalf("XSLT applied: %v, want %v", transformed, mode.xslt)
			}
			for _, d := range docs {
				f := fx.feeds[d.dir]
				var titles []string
				for _, it := range f.Items {
					titles = append(titles, feed.CleanText(it.Title))
				}
				name := strings.ReplaceAll(d.path, "/", "-")

				t.Run("serve "+d.path, func(t *testing.T) {
					do(t, ctx, chromedp.Navigate(baseServe+d.path), chromedp.WaitVisible(chromedp.CSS("ol.items")))
					if ct := eval[string](t, ctx, `document.contentType`); ct != "text/html" {
						t.Errorf("content type %q, want the preview page", ct)
					}
					if eval[bool](t, ctx, `!!document.querySelector('xslt-warning-banner')`) {
						t.Error("the XSLT warning banner is shown")
					}
					if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != feed.CleanText(f.Title) {
						t.Errorf("h1 %q, want %q", h1, f.Title)
					}
					if got := eval[[]string](t, ctx, texts(".items h3")); !slices.Equal(got, titles) {
						t.Errorf("episodes %q, want %q", got, titles)
					}
					if got := eval[string](t, ctx, `document.querySelector('#feed-url').value`); got != baseServe+d.path {
						t.Errorf("URL to copy %q, want %q", got, baseServe+d.path)
					}
					// style.css and copy.js run under the page's policies.
					if pos := eval[string](t, ctx, `getComputedStyle(document.querySelector('.skip')).position`); pos != "absolute" {
						t.Errorf("skip link position %q: style.css did not apply", pos)
					}
					if !eval[bool](t, ctx, `!document.querySelector('button[data-copy]').hidden`) {
						t.Error("the copy button is hidden: copy.js did not run")
					}
					if got := eval[string](t, ctx, `document.querySelector('.items a').href`); !strings.HasPrefix(got, baseServe+"episodes/") {
						t.Errorf("first episode links to %q, want its page", got)
					}
					shoot(t, ctx, mode.name+"-serve-"+name+".png")
				})

				t.Run("static "+d.path, func(t *testing.T) {
					fs := fxStatic.feeds[d.dir]
					do(t, ctx, chromedp.Navigate(baseStatic+d.path))
					if mode.xslt {
						do(t, ctx, chromedp.WaitVisible(chromedp.CSS("ol.items")))
						if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != fs.Title {
							t.Errorf("XSLT page h1 %q, want %q", h1, fs.Title)
						}
						shoot(t, ctx, mode.name+"-static-"+name+".png")
						return
					}
					// No XSLT: the XML itself, styled by feed.css.
					do(t, ctx, waitFor(`getComputedStyle(document.documentElement).display === 'block'`))
					shown := eval[[]string](t, ctx, `[...document.querySelectorAll('*')].filter(e => getComputedStyle(e).display !== 'none' && e.children.length === 0).map(e => e.textContent.trim())`)
					if len(shown) < 2+len(titles) || shown[0] != fs.Title {
						t.Fatalf("text shown %q, want the title %q first", shown, fs.Title)
					}
					var got []string
					for _, s := range shown {
						if slices.Contains(titles, s) {
							got = append(got, s)
						}
					}
					if !slices.Equal(got, titles) {
						t.Errorf("episode titles shown %q, want %q", got, titles)
					}
					for _, s := range shown {
						if strings.Contains(s, "<p>") || strings.HasPrefix(s, "http") && !strings.HasPrefix(s, "https://www.example.org") {
							t.Errorf("raw markup or URL shown: %.80q", s)
						}
					}
					intro := eval[string](t, ctx, `getComputedStyle(document.documentElement, '::before').content`)
					if !strings.Contains(intro, "flux de podcast") {
						t.Errorf("banner %q, want the French intro", intro)
					}
					size := eval[string](t, ctx, `getComputedStyle([...document.querySelectorAll('*')].find(e => getComputedStyle(e).display !== 'none' && e.children.length === 0)).fontSize`)
					if size != "32px" {
						t.Errorf("feed title font size %q, want 32px", size)
					}
					// Chromium's "cannot be formatted" notice and XML tree
					// (shown for a feed that links only an XSLT stylesheet)
					// are absent: the page is the styled feed.
					if h := eval[float64](t, ctx, `document.documentElement.getBoundingClientRect().height`); h < 200 {
						t.Errorf("styled feed %v px high", h)
					}
					shoot(t, ctx, mode.name+"-static-"+name+".png")
				})
			}
		})
	}
}

package pages_test

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/internal/deploydoc"
)

// nginxBinary returns the path of nginx, or skips the test.
func nginxBinary(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	t.Skip("nginx not found: install Debian's nginx package to check the pages served by nginx")
	return ""
}

// deployGuideNginx returns the nginx configuration that docs/deploy.md
// gives, with its listen address and root replaced.
func deployGuideNginx(t *testing.T, addr, root string) string {
	t.Helper()
	md, err := os.ReadFile(filepath.Join("..", "..", "docs", "deploy.md"))
	if err != nil {
		t.Fatal(err)
	}
	var conf string
	for _, b := range deploydoc.Blocks(md) {
		if b.Info == "nginx" {
			if conf != "" {
				t.Fatal("docs/deploy.md has more than one nginx block")
			}
			conf = b.Text
		}
	}
	for _, r := range [][2]string{{"listen 80;", "listen " + addr + ";"}, {"root /var/www/show;", "root " + root + ";"}} {
		if strings.Count(conf, r[0]) != 1 {
			t.Fatalf("the nginx block of docs/deploy.md has no line %q:\n%s", r[0], conf)
		}
		conf = strings.Replace(conf, r[0], r[1], 1)
	}
	return conf
}

// serveNginx serves dir with nginx on ln's address, configured by the
// deployment guide's block inside a minimal main configuration (one
// process, as the user running the test, files in a temporary folder).
func serveNginx(t *testing.T, ln net.Listener, dir string) {
	t.Helper()
	bin := nginxBinary(t)
	addr := ln.Addr().String()
	ln.Close() // nginx binds it itself
	work := t.TempDir()
	mime := "/etc/nginx/mime.types"
	if _, err := os.Stat(mime); err != nil {
		t.Skipf("nginx's %s not found", mime)
	}
	var temps strings.Builder
	for _, k := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		fmt.Fprintf(&temps, "    %s_temp_path %s;\n", k, filepath.Join(work, k))
	}
	conf := fmt.Sprintf(`daemon off;
master_process off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events { worker_connections 64; }
http {
    include %[2]s;
    default_type application/octet-stream;
    access_log off;
%[3]s
%[4]s
}
`, work, mime, temps.String(), deployGuideNginx(t, addr, dir))
	confPath := filepath.Join(work, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-t", "-q", "-p", work, "-e", filepath.Join(work, "error.log"), "-c", confPath).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s\n%s", err, out, conf)
	}
	cmd := exec.Command(bin, "-p", work, "-e", filepath.Join(work, "error.log"), "-c", confPath)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(work, "error.log"))
			t.Logf("nginx's error log:\n%s%s", log, stderr.Bytes())
		}
	})
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(work, "error.log"))
			t.Fatalf("nginx does not listen on %s: %v\n%s%s", addr, err, log, stderr.Bytes())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// get fetches u as a feed reader does, with headers, and returns the
// answer with its body read.
func get(t *testing.T, u string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// TestBrowserNginx serves the bundled example, built for its address,
// from a static folder by nginx configured as docs/deploy.md says, and
// uses it as a listener and a feed reader would: the pages with their
// styles and images, the player with its chapters and the transcript
// that follows it, the feed preview in a browser, the feeds' exact bytes
// and types for apps, the 404 page, and the manifest hidden.
func TestBrowserNginx(t *testing.T) {
	ln, base := listen(t)
	out := exampleSite(t, base)
	serveNginx(t, ln, out)

	t.Run("readers", func(t *testing.T) {
		for path, typ := range map[string]string{
			"feed.xml":  "application/rss+xml; charset=utf-8",
			"atom.xml":  "application/atom+xml; charset=utf-8",
			"feed.json": "application/feed+json; charset=utf-8",
		} {
			want, err := os.ReadFile(filepath.Join(out, path))
			if err != nil {
				t.Fatal(err)
			}
			for _, accept := range []string{"", "application/rss+xml, text/html;q=0.5", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"} {
				resp, body := get(t, base+path, "Accept", accept)
				if resp.StatusCode != 200 || !bytes.Equal(body, want) || resp.Header.Get("Content-Type") != typ {
					t.Errorf("%s, Accept %q: %d, %d bytes of %q; want the feed's %d bytes as %q", path, accept, resp.StatusCode, len(body), resp.Header.Get("Content-Type"), len(want), typ)
				}
				if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
					t.Errorf("%s: no CORS header", path)
				}
			}
			f, err := gofeed.NewParser().ParseURL(base + path)
			if err != nil || len(f.Items) != 3 {
				t.Errorf("gofeed %s: %v", path, err)
			}
		}
		resp, _ := get(t, base+"feed.xml", "Sec-Fetch-Dest", "document")
		if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" || resp.Header.Get("Vary") != "Sec-Fetch-Dest" {
			t.Errorf("feed.xml for a navigation: %q, Vary %q", ct, resp.Header.Get("Vary"))
		}
		entries, err := os.ReadDir(filepath.Join(out, "episodes"))
		if err != nil || len(entries) == 0 {
			t.Fatalf("episodes: %v", err)
		}
		ep := "episodes/" + entries[0].Name() + "/"
		for path, typ := range map[string]string{
			ep + "transcript.vtt": "text/vtt; charset=utf-8",
			ep + "transcript.srt": "application/x-subrip; charset=utf-8",
			"feeds.opml":          "text/x-opml; charset=utf-8",
			"style.css":           "text/css; charset=utf-8",
		} {
			if resp, _ := get(t, base+path); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != typ {
				t.Errorf("%s: %d %q, want %q", path, resp.StatusCode, resp.Header.Get("Content-Type"), typ)
			}
		}
		mp3, err := filepath.Glob(filepath.Join(out, ep, "*.mp3"))
		if err != nil || len(mp3) != 1 {
			t.Fatalf("the episode's MP3: %v %v", mp3, err)
		}
		if resp, body := get(t, base+ep+filepath.Base(mp3[0]), "Range", "bytes=0-99"); resp.StatusCode != http.StatusPartialContent || len(body) != 100 {
			t.Errorf("a byte range of the MP3: %d, %d bytes", resp.StatusCode, len(body))
		}
		for _, path := range []string{".feedcast-publish", ".feedcast-build", "nothing/here/"} {
			resp, body := get(t, base+path)
			if resp.StatusCode != 404 || !bytes.Contains(body, []byte("<h1")) {
				t.Errorf("%s: %d, %.80q; want the show's 404 page", path, resp.StatusCode, body)
			}
		}
	})

	t.Run("browser", func(t *testing.T) {
		ctx := newBrowser(t)
		styled := `getComputedStyle(document.body).fontFamily !== getComputedStyle(document.createElement('p')).fontFamily || [...document.styleSheets].some(s => s.cssRules.length > 0)`
		// The home page: styled, every image shown.
		do(t, ctx, chromedp.Navigate(base), waitFor(`document.readyState === 'complete'`), loadAll("img"))
		if !eval[bool](t, ctx, styled) {
			t.Error("the home page has no style")
		}
		var imgs []shownImage
		imgs = eval[[]shownImage](t, ctx, images("img"))
		checkImages(t, imgs, len(imgs))
		cards := eval[[]string](t, ctx, `[...document.querySelectorAll('ol.cards a[href*="/episodes/"]')].map(a => a.href)`)
		if len(cards) == 0 {
			t.Fatal("no episode link on the home page")
		}
		// An episode page: its MP3 plays from nginx (byte ranges), the
		// timed transcript follows playback, a cue seeks the player.
		episode := cards[len(cards)-1]
		do(t, ctx, chromedp.Navigate(episode), waitFor(`document.readyState === 'complete'`))
		if !eval[bool](t, ctx, `(() => { const m = document.querySelector('audio'); if (!m) return false; m.muted = true; m.play(); return true; })()`) {
			t.Fatal("no audio player on " + episode)
		}
		do(t, ctx, waitFor(`(() => { const m = document.querySelector('audio'); return m.duration > 0 && m.currentTime > 0; })()`))
		do(t, ctx, waitFor(`document.querySelectorAll('.transcript [data-start]').length > 1`))
		seek := eval[float64](t, ctx, `(() => { const c = [...document.querySelectorAll('.transcript [data-start]')].at(-1); c.click(); return parseFloat(c.dataset.start); })()`)
		do(t, ctx, waitFor(`Math.abs(document.querySelector('audio').currentTime - `+ftoa(seek)+`) < 1`))
		if eval[int](t, ctx, `document.querySelectorAll('.chapters [data-start]').length`) == 0 {
			t.Error("the episode page shows no chapter")
		}
		// A feed opened in the browser: its preview page.
		do(t, ctx, chromedp.Navigate(base+"feed.xml"), waitFor(`!!document.querySelector('ol.items')`))
		if n := eval[int](t, ctx, `document.querySelectorAll('ol.items > li').length`); n != 3 {
			t.Errorf("the feed's preview lists %d episodes, want 3", n)
		}
		// A missing page: the show's 404 page, styled.
		do(t, ctx, chromedp.Navigate(base+"no/such/page/"), waitFor(`!!document.querySelector('h1')`))
		if !eval[bool](t, ctx, styled) {
			t.Error("the 404 page has no style")
		}
		// The widget's page reads the JSON Feed.
		do(t, ctx, chromedp.Navigate(base+"embed.html"), waitFor(`document.querySelector('[data-feedcast-feed]').dataset.feedcastState === 'done'`))
	})
}

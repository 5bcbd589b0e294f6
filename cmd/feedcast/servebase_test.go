package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/internal/syncbuf"
)

var testNow = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

// starterShow writes the show of "feedcast init" under dir with its
// base_url line replaced by baseLine ("" removes it), and returns the
// config file's path.
func starterShow(t *testing.T, dir, baseLine string) string {
	t.Helper()
	files, err := starterFiles(testNow)
	if err != nil {
		t.Fatal(err)
	}
	const line = "base_url: http://localhost:8080/\n"
	if !strings.Contains(string(files[0].data), line) {
		t.Fatalf("the starter config has no %q", line)
	}
	files[0].data = []byte(strings.Replace(string(files[0].data), line, baseLine, 1))
	if err := writeNew(dir, files); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "feedcast.yaml")
}

// startServe runs "feedcast serve --addr 127.0.0.1:0" with args, waits
// until it serves and returns its URL and its logs; the server stops at
// the end of the test, and must exit 0.
func startServe(t *testing.T, args ...string) (served string, logs *syncbuf.Buffer) {
	t.Helper()
	logs = &syncbuf.Buffer{}
	m := &Main{Stdout: io.Discard, Stderr: logs, Now: func() time.Time { return testNow }}
	ctx, cancel := context.WithCancel(context.Background())
	exit := make(chan int, 1)
	go func() {
		exit <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json"}, args...))
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-exit; code != exitOK {
			t.Errorf("serve exit %d; logs:\n%s", code, logs)
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for served = servingURL(logs.String()); served == ""; served = servingURL(logs.String()) {
		select {
		case code := <-exit:
			exit <- code
			t.Fatalf("serve exited %d; logs:\n%s", code, logs)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("not serving; logs:\n%s", logs)
		}
	}
	return served, logs
}

// attrURL matches the URL attributes of pages and feeds (xmlns attributes
// are not addresses and are left out by the leading space).
var attrURL = regexp.MustCompile(`\s(?:href|src|url)="([^"]*)"`)

// checkPage fetches the page at pageURL and checks that every address it
// links to or loads is under base, or a podcast app's link whose feed
// address is, and that every file it loads from base is served. It
// returns the addresses of base found.
func checkPage(t *testing.T, pageURL, base string) map[string]bool {
	t.Helper()
	resp, body := fetch(t, pageURL)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d", pageURL, resp.StatusCode)
	}
	own := map[string]bool{}
	for _, m := range attrURL.FindAllStringSubmatch(body, -1) {
		raw := html.UnescapeString(m[1])
		u, err := url.Parse(raw)
		if err != nil {
			t.Errorf("%s: %q is not a URL", pageURL, raw)
			continue
		}
		switch {
		case strings.HasPrefix(raw, "#"):
		case strings.HasPrefix(raw, base):
			own[strings.SplitN(raw, "#", 2)[0]] = true
		case u.Scheme == "https" && u.Host == "antennapod.org":
			if feedURL := u.Query().Get("url"); !strings.HasPrefix(feedURL, base) {
				t.Errorf("%s: AntennaPod link to %q, not under %s", pageURL, feedURL, base)
			}
		case u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "":
			t.Errorf("%s: %q is not under %s", pageURL, raw, base)
		default: // an app's own scheme: the feed's address without its scheme
			if hostPort := strings.TrimPrefix(base, "http://"); !strings.Contains(raw, hostPort) && !strings.Contains(raw, url.QueryEscape(base)) {
				t.Errorf("%s: app link %q does not lead to %s", pageURL, raw, base)
			}
		}
	}
	for u := range own {
		if resp, err := httpGet(u); err != nil || resp != 200 {
			t.Errorf("%s loads %s: %d %v", pageURL, u, resp, err)
		}
	}
	return own
}

func httpGet(u string) (int, error) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// fetchFeed fetches and parses an RSS feed with gofeed.
func fetchFeed(t *testing.T, u string) (*gofeed.Feed, string) {
	t.Helper()
	resp, body := fetch(t, u)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d", u, resp.StatusCode)
	}
	f, err := gofeed.NewParser().ParseString(body)
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	return f, body
}

// checkFeed checks that every address in the RSS feed at base is under
// base, and returns the feed.
func checkFeed(t *testing.T, base string) *gofeed.Feed {
	t.Helper()
	f, body := fetchFeed(t, base+"feed.xml")
	urls := []string{f.Link, f.FeedLink}
	if f.Image != nil {
		urls = append(urls, f.Image.URL)
	}
	if f.ITunesExt != nil {
		urls = append(urls, f.ITunesExt.Image)
	}
	if len(f.Items) != 1 {
		t.Fatalf("feed.xml: %d items, want the starter episode", len(f.Items))
	}
	for _, it := range f.Items {
		urls = append(urls, it.Link)
		if len(it.Enclosures) != 1 {
			t.Fatalf("item %q: %d enclosures", it.Title, len(it.Enclosures))
		}
		urls = append(urls, it.Enclosures[0].URL)
		if code, err := httpGet(it.Enclosures[0].URL); err != nil || code != 200 {
			t.Errorf("enclosure %s: %d %v", it.Enclosures[0].URL, code, err)
		}
	}
	for _, m := range attrURL.FindAllStringSubmatch(body, -1) {
		urls = append(urls, html.UnescapeString(m[1]))
	}
	for _, u := range urls {
		if !strings.HasPrefix(u, base) {
			t.Errorf("feed.xml: %q is not under %s", u, base)
		}
	}
	return f
}

// TestServeBuildsForTheServedAddress serves shows whose base_url names
// this machine, or is absent, on a port of the system's choice: the pages
// and feeds link to the address served, and every file they load is
// there; with --watch, a rebuild keeps that address.
func TestServeBuildsForTheServedAddress(t *testing.T) {
	for _, tc := range []struct {
		name, baseLine, configured string
	}{
		{"localhost", "base_url: http://localhost:8080/\n", "localhost:8080"},
		{"loopback IP with a path", "base_url: http://127.0.0.1:8080/show/\n", "127.0.0.1:8080"},
		{"IPv6 loopback", "base_url: http://[::1]:8080/\n", "[::1]:8080"},
		{"no base_url", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := starterShow(t, dir, tc.baseLine)
			base, logs := startServe(t, "--config", cfg, "--watch", "--poll", "50ms")
			if !strings.HasPrefix(base, "http://127.0.0.1:") || strings.HasSuffix(base, ":0/") {
				t.Fatalf("serving at %q", base)
			}
			if n := strings.Count(logs.String(), `"msg":"base_url is local: building for the address served","base_url":"`+base+`"`); n != 1 {
				t.Errorf("%d log lines of the new base URL, want 1:\n%s", n, logs)
			}

			own := checkPage(t, base, base)
			for _, want := range []string{base + "style.css", base + "copy.js", base + "feed.xml"} {
				if !own[want] {
					t.Errorf("index.html does not link %s", want)
				}
			}
			checkPage(t, base+"episodes/welcome/", base)
			if tc.configured != "" {
				_, body := fetch(t, base)
				if page, _ := url.QueryUnescape(html.UnescapeString(body)); strings.Contains(page, tc.configured) {
					t.Errorf("index.html still names the configured %s", tc.configured)
				}
			}
			checkFeed(t, base)

			// A rebuild keeps the address served.
			ep := filepath.Join(dir, "content", "welcome.md")
			data, _ := os.ReadFile(ep)
			if err := os.WriteFile(ep, []byte(strings.Replace(string(data), `title: "Welcome to My Podcast"`, `title: "Welcome, again"`, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			defer func() {
				if t.Failed() {
					t.Logf("logs:\n%s", logs)
				}
			}()
			waitFor(t, "the rebuild", 30*time.Second, func() bool {
				_, body := fetch(t, base+"feed.xml")
				return strings.Contains(body, "Welcome, again")
			})
			if f := checkFeed(t, base); f.Items[0].Title != "Welcome, again" {
				t.Errorf("rebuilt feed: %q", f.Items[0].Title)
			}
			checkPage(t, base, base)
			if n := strings.Count(logs.String(), `"msg":"base_url is local`); n != 1 {
				t.Errorf("%d log lines of the new base URL after a rebuild, want 1", n)
			}
		})
	}
}

// ids are the ids of a feed that must not depend on where it is served.
type ids struct {
	podcastGUID string
	items       []string
}

func feedIDs(f *gofeed.Feed) ids {
	var id ids
	if g := f.Extensions["podcast"]["guid"]; len(g) == 1 {
		id.podcastGUID = g[0].Value
	}
	for _, it := range f.Items {
		id.items = append(id.items, it.GUID)
	}
	return id
}

// TestServeKeepsIDs serves the same show on two ports at once: the items'
// guids and the podcast:guid are the same, and those "feedcast build"
// writes for the configured base_url.
func TestServeKeepsIDs(t *testing.T) {
	for _, tc := range []struct {
		name, baseLine string
		wantItem       string
	}{
		{"localhost", "base_url: http://localhost:8080/\n", "tag:localhost,2000:episodes/welcome"},
		{"no base_url", "", "tag:localhost,2000:episodes/welcome"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := starterShow(t, dir, tc.baseLine)
			base1, _ := startServe(t, "--config", cfg, "--out", filepath.Join(dir, "site1"), "--cache", "")
			base2, _ := startServe(t, "--config", cfg, "--out", filepath.Join(dir, "site2"), "--cache", "")
			if base1 == base2 {
				t.Fatalf("both serve at %s", base1)
			}
			f1, _ := fetchFeed(t, base1+"feed.xml")
			f2, _ := fetchFeed(t, base2+"feed.xml")
			id1, id2 := feedIDs(f1), feedIDs(f2)
			if id1.podcastGUID == "" || len(id1.items) != 1 || id1.items[0] != tc.wantItem {
				t.Fatalf("ids at %s: %+v, want item %s", base1, id1, tc.wantItem)
			}
			if id1.podcastGUID != id2.podcastGUID || strings.Join(id1.items, " ") != strings.Join(id2.items, " ") {
				t.Errorf("ids differ:\n%s %+v\n%s %+v", base1, id1, base2, id2)
			}
			if f1.Link == f2.Link {
				t.Errorf("both feeds link to %s", f1.Link)
			}
			if tc.baseLine == "" {
				return // "feedcast build" needs a base_url
			}
			out := filepath.Join(dir, "built")
			if code, _, stderr := run(t, "build", "--config", cfg, "--out", out, "--cache", ""); code != exitOK {
				t.Fatalf("build: exit %d\n%s", code, stderr)
			}
			data, err := os.ReadFile(filepath.Join(out, "feed.xml"))
			if err != nil {
				t.Fatal(err)
			}
			built, err := gofeed.NewParser().ParseString(string(data))
			if err != nil {
				t.Fatal(err)
			}
			if id := feedIDs(built); id.podcastGUID != id1.podcastGUID || strings.Join(id.items, " ") != strings.Join(id1.items, " ") {
				t.Errorf("served ids %+v, built ids %+v", id1, id)
			}
		})
	}
}

// TestServeKeepsAnotherBase serves a show published elsewhere, then one
// given --base-url: their addresses are kept.
func TestServeKeepsAnotherBase(t *testing.T) {
	t.Run("real host", func(t *testing.T) {
		cfg := starterShow(t, t.TempDir(), "base_url: https://podcast.example.org/show/\n")
		base, logs := startServe(t, "--config", cfg)
		if strings.Contains(logs.String(), "base_url is local") {
			t.Errorf("a real base_url was replaced:\n%s", logs)
		}
		f, _ := fetchFeed(t, base+"feed.xml")
		if f.Link != "https://podcast.example.org/show/" || f.Items[0].Enclosures[0].URL != "https://podcast.example.org/show/episodes/welcome/welcome.mp3" {
			t.Errorf("feed links to %s and %s", f.Link, f.Items[0].Enclosures[0].URL)
		}
	})
	t.Run("--base-url", func(t *testing.T) {
		cfg := starterShow(t, t.TempDir(), "base_url: http://localhost:8080/\n")
		base, logs := startServe(t, "--config", cfg, "--base-url", "http://localhost:9999/")
		if strings.Contains(logs.String(), "base_url is local") {
			t.Errorf("--base-url was replaced:\n%s", logs)
		}
		if f, _ := fetchFeed(t, base+"feed.xml"); f.Link != "http://localhost:9999/" {
			t.Errorf("feed links to %s", f.Link)
		}
	})
}

// TestServeAtTheConfiguredBase serves a show whose local base_url is the
// address served, as the bundled example's is: the build keeps it, so no
// line says it was replaced, and the pages and feeds link to it.
func TestServeAtTheConfiguredBase(t *testing.T) {
	for _, tc := range []struct{ name, form string }{
		{"as served", "http://127.0.0.1:%d/"},
		{"without the final slash", "http://127.0.0.1:%d"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A port of the system's choice, free again for the server.
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			port := ln.Addr().(*net.TCPAddr).Port
			ln.Close()
			configured := fmt.Sprintf(tc.form, port)
			cfg := starterShow(t, t.TempDir(), "base_url: "+configured+"\n")
			base, logs := startServe(t, "--config", cfg, "--addr", fmt.Sprintf("127.0.0.1:%d", port))
			if want := fmt.Sprintf("http://127.0.0.1:%d/", port); base != want {
				t.Fatalf("serving at %s, want %s", base, want)
			}
			if strings.Contains(logs.String(), "base_url is local") {
				t.Errorf("a base_url that is the address served is said to be replaced:\n%s", logs)
			}
			checkPage(t, base, base)
			checkFeed(t, base)
		})
	}
}

func TestSameBase(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080/", true},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/", true},
		{"HTTP://LocalHost:8080/", "http://localhost:8080/", true},
		{"http://localhost/", "http://localhost:80/", true},
		{"http://[::1]:8080/", "http://[::1]:8080/", true},
		{"http://[::1]/", "http://[::1]:80/", true},
		{"http://localhost:8080/", "http://127.0.0.1:8080/", false},
		{"http://127.0.0.1:8080/show/", "http://127.0.0.1:8080/", false},
		{"http://127.0.0.1:8081/", "http://127.0.0.1:8080/", false},
		{"https://localhost:8080/", "http://localhost:8080/", false},
		{"", "http://localhost:8080/", false},
	} {
		if got := sameBase(tc.a, tc.b); got != tc.want {
			t.Errorf("sameBase(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestLocalBase(t *testing.T) {
	for base, want := range map[string]bool{
		"":                          true,
		"http://localhost:8080/":    true,
		"http://LocalHost/":         true,
		"http://app.localhost:1313": true,
		"http://127.0.0.1:8080/":    true,
		"http://127.8.9.10/":        true,
		"http://[::1]:8080/":        true,
		"https://example.org/":      false,
		"http://10.0.0.1:8080/":     false,
		"http://[::]:8080/":         false,
		"http://localhost.example/": false,
		"example.org":               false,
	} {
		if got := localBase(base); got != want {
			t.Errorf("localBase(%q) = %v, want %v", base, got, want)
		}
	}
}

func TestServedBase(t *testing.T) {
	for _, tc := range []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 21080}, "http://127.0.0.1:21080/"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, "http://[::1]:8080/"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "http://localhost:8080/"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "http://localhost:8080/"},
	} {
		if got := servedBase(tc.addr); got != tc.want {
			t.Errorf("servedBase(%v) = %q, want %q", tc.addr, got, tc.want)
		}
	}
}

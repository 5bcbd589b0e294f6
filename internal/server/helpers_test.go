package server

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fixedTime is the build time of the test snapshots.
var fixedTime = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// rssFeed returns an RSS document of about n items, tagged with id.
func rssFeed(id string, n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<?xml-stylesheet type="text/xsl" href="/style.xsl"?>` + "\n")
	fmt.Fprintf(&b, "<rss version=\"2.0\"><channel><title>Build %s</title>\n", id)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>Épisode %d</title><guid>tag:example.org,2025:%d</guid><description>Une description de l’épisode %d.</description></item>\n", i, i, i)
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

// testFiles is a small output folder with one file of each kind.
func testFiles() map[string][]byte {
	media := make([]byte, 3<<20) // above the memory limit: served from disk
	r := rand.NewChaCha8([32]byte{1})
	r.Read(media)
	small := make([]byte, 64<<10)
	r.Read(small)
	return map[string][]byte{
		"feed.xml":                      []byte(rssFeed("A", 200)),
		"atom.xml":                      []byte(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title></feed>`),
		"atom.xml.html":                 []byte("<!DOCTYPE html><title>A</title><h1>A</h1><p>Preview of the Atom feed.</p>"),
		"feed.json":                     []byte(`{"version":"https://jsonfeed.org/version/1.1","title":"A","items":[]}`),
		"archive/2024.xml":              []byte(rssFeed("archive", 3)),
		"sitemap.xml":                   []byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>`),
		"shows.opml":                    []byte(`<?xml version="1.0"?><opml version="2.0"><body/></opml>`),
		"style.xsl":                     []byte(`<?xml version="1.0"?><xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>`),
		"index.html":                    []byte("<!DOCTYPE html><title>Show</title><p>Hello</p>"),
		"episodes/ep1/index.html":       []byte(`<!DOCTYPE html><title>Ep 1</title><p style="color:red">Hi</p>`),
		"episodes/ep1/embed.html":       []byte("<!DOCTYPE html><title>Player</title><audio src=ep1.mp3></audio>"),
		"episodes/ep1/transcript.vtt":   []byte("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Ana>Bonjour.\n"),
		"episodes/ep1/transcript.srt":   []byte("1\n00:00:00,000 --> 00:00:02,000\nAna: Bonjour.\n"),
		"episodes/ep1/transcript.json":  []byte(`{"version":"1.0.0","segments":[{"speaker":"Ana","startTime":0,"endTime":2,"body":"Bonjour."}]}`),
		"episodes/ep1/transcript.html":  []byte("<!DOCTYPE html><title>Transcript</title><p>Bonjour.</p>"),
		"episodes/ep1/transcript.txt":   []byte("Ana: Bonjour.\n"),
		"episodes/ep1/ep1.mp3":          media,
		"episodes/ep1/small.m4a":        small,
		"episodes/ep1/clip.mp4":         small[:1000],
		"episodes/ep1/cover.png":        append([]byte("\x89PNG\r\n\x1a\n"), small[:2000]...),
		"episodes/nested/deep/file.txt": []byte("deep\n"),
		"img/cover-3f2a9c1d.webp":       small[:3000],
		"img/photo.jpg":                 small[:4000],
		"img/logo.svg":                  []byte(strings.Repeat(`<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`, 20)),
		"widget.js":                     []byte(strings.Repeat("document.querySelectorAll('.feedcast').forEach(e => e.hidden = false);\n", 20)),
		"app.css":                       []byte(strings.Repeat("body { margin: 0 auto; max-width: 40em; }\n", 20)),
		"robots.txt":                    []byte("User-agent: *\nAllow: /\n"),
		"empty.txt":                     nil,
		"data.bin":                      small[:100],
		".secret":                       []byte("dot-file secret"),
		".git/config":                   []byte("[core]\n"),
		"episodes/.draft/index.html":    []byte("draft"),
	}
}

// writeSite writes files under dir/site and a secret beside it, and
// returns the site folder.
func writeSite(t testing.TB, dir string, files map[string][]byte) string {
	t.Helper()
	site := filepath.Join(dir, "site")
	for p, data := range files {
		full := filepath.Join(site, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return site
}

// newTestServer loads files and serves them on a real loopback listener,
// as feedcast serve does.
func newTestServer(t *testing.T, files map[string][]byte) (*Server, *loopback, *Snapshot) {
	t.Helper()
	site := writeSite(t, t.TempDir(), files)
	snap, err := Load(site, LoadOptions{BuildTime: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	s := New(Options{})
	s.Swap(snap)
	return s, newLoopback(t, s), snap
}

// loopback is a server on a real listener on 127.0.0.1.
type loopback struct {
	URL   string
	front *front // nil when net/http answers everything
	stop  func()
	done  chan error
	once  sync.Once
	err   error
}

// Close stops the server and waits for Serve to return.
func (l *loopback) Close() {
	l.once.Do(func() {
		l.stop()
		l.err = <-l.done
	})
}

// newLoopback serves s on a real listener on 127.0.0.1 as feedcast serve
// does: the fast path first, then net/http.
func newLoopback(t *testing.T, s *Server) *loopback { return startLoopback(t, s, true) }

// startLoopback serves s, through the fast path or by net/http alone;
// tune, if any, changes the http.Server's settings first.
func startLoopback(t *testing.T, s *Server, fast bool, tune ...func(*http.Server)) *loopback {
	t.Helper()
	return startLimited(t, s, fast, -1, tune...)
}

// startLimited is startLoopback with a cap on connections (none when
// negative).
func startLimited(t *testing.T, s *Server, fast bool, maxConns int, tune ...func(*http.Server)) *loopback {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	l := &loopback{URL: "http://" + ln.Addr().String(), stop: cancel, done: make(chan error, 1)}
	srv := NewHTTPServer(s.Handler(), nil)
	for _, f := range tune {
		f(srv)
	}
	if fast {
		l.front = newFront(s, ln.Addr(), newConnLimit(maxConns))
		go func() { l.done <- l.front.serve(ctx, srv, ln, time.Second) }()
	} else {
		go func() { l.done <- serveHTTP(ctx, srv, ln, newConnLimit(maxConns), time.Second) }()
	}
	t.Cleanup(l.Close)
	return l
}

// get sends a request with headers ("Key: value") and returns the response
// with its body read. The client never adds Accept-Encoding by itself.
func get(t *testing.T, ts *loopback, method, path string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	client := &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
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

// rawGet sends target as it is on the request line, bypassing any
// cleaning by a client, and returns the status and body.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n", target)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %q: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func contains(b []byte, s string) bool { return bytes.Contains(b, []byte(s)) }

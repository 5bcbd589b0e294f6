package server

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// discardWriter is a ResponseWriter that keeps one header map across
// requests, so that a benchmark counts the handler's own allocations.
type discardWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *discardWriter) Header() http.Header  { return w.h }
func (w *discardWriter) WriteHeader(code int) { w.status = code }
func (w *discardWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	return len(p), nil
}

// benchServer serves a 200-item feed.xml.
func benchServer(b *testing.B) (*Server, *Snapshot) {
	site := writeSite(b, b.TempDir(), map[string][]byte{"feed.xml": []byte(rssFeed("A", 200))})
	snap, err := Load(site, LoadOptions{BuildTime: fixedTime})
	if err != nil {
		b.Fatal(err)
	}
	s := New(Options{})
	s.Swap(snap)
	return s, snap
}

// BenchmarkServeFeed measures the hot path on a 200-item feed.xml: a
// conditional GET answered 304, and a GET of the precompressed gzip body.
func BenchmarkServeFeed(b *testing.B) {
	s, snap := benchServer(b)
	h := s.Handler()
	cases := []struct {
		name    string
		headers map[string]string
		status  int
	}{
		{"if-none-match", map[string]string{"If-None-Match": snap.ETag("/feed.xml")}, http.StatusNotModified},
		{"if-none-match-gzip", map[string]string{"If-None-Match": snap.files["/feed.xml"].reps[encGzip].etag, "Accept-Encoding": "gzip"}, http.StatusNotModified},
		{"gzip", map[string]string{"Accept-Encoding": "gzip"}, http.StatusOK},
		{"brotli", map[string]string{"Accept-Encoding": "gzip, deflate, br, zstd"}, http.StatusOK},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			r := httptest.NewRequest("GET", "/feed.xml", nil)
			for k, v := range c.headers {
				r.Header.Set(k, v)
			}
			w := &discardWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				h.ServeHTTP(w, r)
			}
			if w.status != c.status {
				b.Fatalf("status %d, want %d", w.status, c.status)
			}
		})
	}
}

// BenchmarkFastPath304 measures a conditional GET answered 304 by the
// fast path over a real loopback connection, client included: one
// request and one answer per iteration, on one keep-alive connection.
func BenchmarkFastPath304(b *testing.B) {
	for _, fast := range []bool{true, false} {
		name := "fast-path"
		if !fast {
			name = "net-http"
		}
		b.Run(name, func(b *testing.B) {
			s, snap := benchServer(b)
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			f := s
			if !fast {
				f = nil
			}
			go func() {
				done <- Serve(ctx, NewHTTPServer(s.Handler(), nil), ln, ServeOptions{Grace: time.Second, Fast: f})
			}()
			defer func() { cancel(); <-done }()
			conn, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close()
			// The ETag of the gzip encoding, which the request selects.
			req := []byte("GET /feed.xml HTTP/1.1\r\nHost: bench\r\nIf-None-Match: " + snap.files["/feed.xml"].reps[encGzip].etag + "\r\nAccept-Encoding: gzip\r\n\r\n")
			buf := make([]byte, 4096)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := conn.Write(req); err != nil {
					b.Fatal(err)
				}
				n := 0
				for !bytes.HasSuffix(buf[:n], []byte("\r\n\r\n")) {
					m, err := conn.Read(buf[n:])
					if err != nil {
						b.Fatal(err)
					}
					n += m
				}
				if !bytes.HasPrefix(buf[:n], []byte("HTTP/1.1 304 ")) {
					b.Fatalf("%q", buf[:n])
				}
			}
		})
	}
}

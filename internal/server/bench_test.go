package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
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

// BenchmarkServeFeed measures the hot path on a 200-item feed.xml: a
// conditional GET answered 304, and a GET of the precompressed gzip body.
func BenchmarkServeFeed(b *testing.B) {
	site := writeSite(b, b.TempDir(), map[string][]byte{"feed.xml": []byte(rssFeed("A", 200))})
	snap, err := Load(site, LoadOptions{BuildTime: fixedTime})
	if err != nil {
		b.Fatal(err)
	}
	s := New(Options{})
	s.Swap(snap)
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

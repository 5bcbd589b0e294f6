package server

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestNotFoundPage: a missing path gets the site's 404.html with status
// 404, through the fast path's handover too; without one, a line of text.
func TestNotFoundPage(t *testing.T) {
	page := "<!doctype html><title>Page introuvable</title><h1>Page introuvable</h1>"
	_, l, _ := newTestServer(t, map[string][]byte{
		"index.html": []byte("<!doctype html><title>Accueil</title>"),
		"404.html":   []byte(page),
	})
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		req, _ := http.NewRequest(method, l.URL+"/episodes/nope/", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
			resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: %d %v", method, resp.StatusCode, resp.Header)
		}
		if want := map[string]string{http.MethodGet: page, http.MethodHead: ""}[method]; string(body) != want {
			t.Errorf("%s: body %q, want %q", method, body, want)
		}
		if resp.ContentLength != int64(len(page)) {
			t.Errorf("%s: Content-Length %d, want %d", method, resp.ContentLength, len(page))
		}
	}

	_, bare, _ := newTestServer(t, map[string][]byte{"index.html": []byte("<!doctype html><title>Accueil</title>")})
	resp, err := http.Get(bare.URL + "/nope")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || string(body) != "not found\n" {
		t.Errorf("no 404.html: %d %q", resp.StatusCode, body)
	}
}

package server

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTraversalRefused(t *testing.T) {
	dir := t.TempDir()
	files := testFiles()
	site := writeSite(t, dir, files)
	const secret = "the secret beside the site"
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	// Symlinks: one leading out of the folder, one to a file inside.
	if err := os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(site, "out.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir), filepath.Join(site, "up")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("robots.txt", filepath.Join(site, "in.txt")); err != nil {
		t.Fatal(err)
	}
	snap, err := Load(site, LoadOptions{BuildTime: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	s := New(Options{})
	s.Swap(snap)
	ts := newLoopback(t, s)
	addr := strings.TrimPrefix(ts.URL, "http://")

	nasty := []string{
		"/../secret.txt",
		"/../../../../etc/passwd",
		"/episodes/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/episodes/%2e%2e/%2e%2e/secret.txt",
		"/%252e%252e/secret.txt",
		"/%252e%252e%252fsecret.txt",
		"/..%2fsecret.txt",
		"/..%5csecret.txt",
		`/..\secret.txt`,
		"/%5c..%5csecret.txt",
		"/feed.xml%00.txt",
		"/feed.xml%00",
		"/./feed.xml",
		"/episodes/./ep1/",
		"//secret.txt",
		"/out.txt",
		"/up/secret.txt",
		"/.secret",
		"/.git/config",
		"/%2egit/config",
		"/episodes/.draft/",
		"/episodes/.draft/index.html",
		"/..",
		"/.",
		"/%c0%ae%c0%ae/secret.txt",
		"/" + strings.Repeat("../", 50) + "secret.txt",
	}
	for _, target := range nasty {
		status, body := rawGet(t, addr, target)
		if status != http.StatusBadRequest && status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 400 or 404", target, status)
		}
		if strings.Contains(body, secret) || strings.Contains(body, "dot-file") || strings.Contains(body, "[core]") {
			t.Errorf("GET %s: leaked %q", target, body)
		}
	}
	if status, body := rawGet(t, addr, "/in.txt"); status != 200 || body != string(files["robots.txt"]) {
		t.Errorf("a symlink inside the folder: %d %q", status, body)
	}
}

func TestNoListingAndRedirects(t *testing.T) {
	_, ts, _ := newTestServer(t, testFiles())
	tests := []struct {
		path     string
		status   int
		location string
	}{
		{"/", 200, ""},
		{"/index.html", 200, ""},
		{"/episodes/ep1", 301, "/episodes/ep1/"},
		{"/episodes/ep1?x=1", 301, "/episodes/ep1/?x=1"},
		{"/episodes/ep1/", 200, ""},
		{"/episodes/", 404, ""},
		{"/episodes", 404, ""},
		{"/episodes/nested/", 404, ""},
		{"/episodes/nested/deep", 404, ""},
		{"/img/", 404, ""},
		{"/missing.xml", 404, ""},
		{"/feed.xml/", 404, ""},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.path)
		resp, body := get(t, ts, "GET", u.String())
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
		}
		if got := resp.Header.Get("Location"); got != tt.location {
			t.Errorf("%s: Location %q, want %q", tt.path, got, tt.location)
		}
		if tt.status == 404 && (contains(body, "<a href") || contains(body, "ep1")) {
			t.Errorf("%s: a listing? %q", tt.path, body)
		}
	}
}

func TestMethods(t *testing.T) {
	_, ts, _ := newTestServer(t, testFiles())
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"} {
		for _, p := range []string{"/feed.xml", "/missing", "/healthz"} {
			resp, _ := get(t, ts, m, p)
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d, want 405", m, p, resp.StatusCode)
			}
			if !strings.Contains(resp.Header.Get("Allow"), "GET, HEAD") {
				t.Errorf("%s %s: Allow %q", m, p, resp.Header.Get("Allow"))
			}
		}
	}
}

func TestBadPath(t *testing.T) {
	for p, want := range map[string]bool{
		"/":          false,
		"/feed.xml":  false,
		"/.secret":   false, // a dot-file is not found, not malformed
		"/a/.b/c":    false,
		"/a/../b":    true,
		"/..":        true,
		"/a/.":       true,
		"a":          true,
		"":           true,
		"/a\\b":      true,
		"/a\x00":     true,
		"/a/..b/c..": false,
		"/%2e%2e/x":  false, // double-encoded: a name, found nowhere
	} {
		if got := badPath(p); got != want {
			t.Errorf("badPath(%q) = %v, want %v", p, got, want)
		}
	}
}

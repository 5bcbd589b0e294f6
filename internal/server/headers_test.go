package server

import (
	"net/http"
	"strings"
	"testing"
)

func TestContentTypeAndCacheControl(t *testing.T) {
	_, ts, _ := newTestServer(t, testFiles())
	tests := []struct {
		path, ctype, cache string
	}{
		{"/feed.xml", "application/rss+xml; charset=utf-8", "public, max-age=300"},
		{"/archive/2024.xml", "application/rss+xml; charset=utf-8", "public, max-age=300"},
		{"/atom.xml", "application/atom+xml; charset=utf-8", "public, max-age=300"},
		{"/feed.json", "application/feed+json; charset=utf-8", "public, max-age=300"},
		{"/shows.opml", "text/x-opml; charset=utf-8", "public, max-age=300"},
		{"/sitemap.xml", "application/xml; charset=utf-8", "public, max-age=300"},
		{"/style.xsl", "text/xsl; charset=utf-8", "public, max-age=3600"},
		{"/", "text/html; charset=utf-8", "public, max-age=300"},
		{"/episodes/ep1/", "text/html; charset=utf-8", "public, max-age=300"},
		{"/episodes/ep1/embed.html", "text/html; charset=utf-8", "public, max-age=300"},
		{"/episodes/ep1/transcript.vtt", "text/vtt; charset=utf-8", "public, max-age=3600"},
		{"/episodes/ep1/transcript.srt", "application/x-subrip; charset=utf-8", "public, max-age=3600"},
		{"/episodes/ep1/transcript.json", "application/json; charset=utf-8", "public, max-age=3600"},
		{"/episodes/ep1/transcript.html", "text/html; charset=utf-8", "public, max-age=3600"},
		{"/episodes/ep1/transcript.txt", "text/plain; charset=utf-8", "public, max-age=3600"},
		{"/episodes/ep1/ep1.mp3", "audio/mpeg", "public, max-age=86400"},
		{"/episodes/ep1/small.m4a", "audio/x-m4a", "public, max-age=86400"},
		{"/episodes/ep1/clip.mp4", "video/mp4", "public, max-age=86400"},
		{"/episodes/ep1/cover.png", "image/png", "public, max-age=86400"},
		{"/img/photo.jpg", "image/jpeg", "public, max-age=86400"},
		{"/img/logo.svg", "image/svg+xml", "public, max-age=86400"},
		{"/img/cover-3f2a9c1d.webp", "image/webp", "public, max-age=31536000, immutable"},
		{"/widget.js", "text/javascript; charset=utf-8", "public, max-age=3600"},
		{"/app.css", "text/css; charset=utf-8", "public, max-age=3600"},
		{"/robots.txt", "text/plain; charset=utf-8", "public, max-age=300"},
		{"/data.bin", "application/octet-stream", "public, max-age=300"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, _ := get(t, ts, "GET", tt.path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if got := resp.Header.Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control %q, want %q", got, tt.cache)
			}
			if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			if got := resp.Header.Get("Accept-Ranges"); got != "bytes" {
				t.Errorf("Accept-Ranges %q", got)
			}
			if resp.Header.Get("ETag") == "" || resp.Header.Get("Last-Modified") != "Sun, 01 Mar 2026 12:00:00 GMT" {
				t.Errorf("validators: ETag %q, Last-Modified %q", resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"))
			}
		})
	}
}

func TestCORS(t *testing.T) {
	_, ts, _ := newTestServer(t, testFiles())
	with := []string{"/feed.xml", "/atom.xml", "/feed.json", "/shows.opml", "/episodes/ep1/transcript.vtt",
		"/episodes/ep1/transcript.json", "/episodes/ep1/transcript.html", "/episodes/ep1/cover.png",
		"/img/logo.svg", "/episodes/ep1/ep1.mp3", "/widget.js"}
	without := []string{"/", "/episodes/ep1/", "/episodes/ep1/embed.html", "/app.css", "/robots.txt"}
	for _, p := range with {
		resp, _ := get(t, ts, "GET", p, "Origin: https://player.example")
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "*" {
			t.Errorf("%s: Access-Control-Allow-Origin %q, want *", p, got)
		}
		// A 304 keeps it.
		resp, _ = get(t, ts, "GET", p, "If-None-Match: "+resp.Header.Get("ETag"))
		if resp.StatusCode != http.StatusNotModified || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s: 304 %d without CORS", p, resp.StatusCode)
		}
	}
	for _, p := range without {
		resp, _ := get(t, ts, "GET", p, "Origin: https://player.example")
		if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("%s: Access-Control-Allow-Origin %q on a page", p, got)
		}
	}

	t.Run("preflight", func(t *testing.T) {
		resp, body := get(t, ts, "OPTIONS", "/episodes/ep1/ep1.mp3", "Origin: https://player.example",
			"Access-Control-Request-Method: GET", "Access-Control-Request-Headers: range")
		if resp.StatusCode != http.StatusNoContent || len(body) != 0 {
			t.Fatalf("status %d, body %q", resp.StatusCode, body)
		}
		for k, want := range map[string]string{
			"Access-Control-Allow-Origin":  "*",
			"Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
			"Access-Control-Max-Age":       "86400",
			"Allow":                        "GET, HEAD, OPTIONS",
		} {
			if got := resp.Header.Get(k); got != want {
				t.Errorf("%s: %q, want %q", k, got, want)
			}
		}
		if !strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Range") {
			t.Errorf("Access-Control-Allow-Headers %q lacks Range", resp.Header.Get("Access-Control-Allow-Headers"))
		}
		resp, _ = get(t, ts, "OPTIONS", "/", "Origin: https://player.example", "Access-Control-Request-Method: GET")
		if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != "" || resp.Header.Get("Allow") == "" {
			t.Errorf("OPTIONS on a page: %d, CORS %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
		}
		resp, _ = get(t, ts, "OPTIONS", "/nope.xml")
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("OPTIONS on a missing file: %d", resp.StatusCode)
		}
	})
}

func TestPageSecurityHeaders(t *testing.T) {
	_, ts, _ := newTestServer(t, testFiles())
	tests := []struct {
		path        string
		ancestors   string
		inlineStyle bool
		frameOpts   string
	}{
		{"/", "frame-ancestors 'self'", false, "SAMEORIGIN"},
		{"/episodes/ep1/", "frame-ancestors 'self'", true, "SAMEORIGIN"},
		{"/episodes/ep1/embed.html", "frame-ancestors *", false, ""},
		{"/episodes/ep1/transcript.html", "frame-ancestors 'self'", false, "SAMEORIGIN"},
	}
	for _, tt := range tests {
		resp, _ := get(t, ts, "GET", tt.path)
		csp := resp.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "img-src 'self' https: data:", "frame-src https:", "script-src 'self'", tt.ancestors} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", tt.path, csp, want)
			}
		}
		if got := strings.Contains(csp, "'unsafe-inline'"); got != tt.inlineStyle {
			t.Errorf("%s: unsafe-inline %v, want %v (CSP %q)", tt.path, got, tt.inlineStyle, csp)
		}
		if got := resp.Header.Get("X-Frame-Options"); got != tt.frameOpts {
			t.Errorf("%s: X-Frame-Options %q, want %q", tt.path, got, tt.frameOpts)
		}
		if got := resp.Header.Get("Referrer-Policy"); got != "strict-origin-when-cross-origin" {
			t.Errorf("%s: Referrer-Policy %q", tt.path, got)
		}
	}
	for _, p := range []string{"/feed.xml", "/episodes/ep1/ep1.mp3", "/img/logo.svg"} {
		resp, _ := get(t, ts, "GET", p)
		if resp.Header.Get("Content-Security-Policy") != "" || resp.Header.Get("X-Frame-Options") != "" {
			t.Errorf("%s: page headers on a file that is not a page", p)
		}
	}
}

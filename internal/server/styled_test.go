package server

import (
	"net/http"
	"strings"
	"testing"
)

// A browser opening feed.xml gets application/xml, for which it applies
// the feed's XSL stylesheet; a podcast app gets application/rss+xml.
func TestStyledFeedForBrowsers(t *testing.T) {
	_, ts, _ := newTestServer(t, map[string][]byte{"feed.xml": []byte(rssFeed("a", 30))})
	for _, tt := range []struct{ accept, want string }{
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/xml; charset=utf-8"},
		{"application/rss+xml, */*", "application/rss+xml; charset=utf-8"},
		{"", "application/rss+xml; charset=utf-8"},
	} {
		var hdrs []string
		if tt.accept != "" {
			hdrs = append(hdrs, "Accept: "+tt.accept)
		}
		resp, _ := get(t, ts, "GET", "/feed.xml", hdrs...)
		if got := resp.Header.Get("Content-Type"); got != tt.want {
			t.Errorf("Accept %q: Content-Type %q, want %q", tt.accept, got, tt.want)
		}
		if !varies(resp.Header, "Accept") {
			t.Errorf("Vary %q does not name Accept", resp.Header.Get("Vary"))
		}
	}
}

// varies reports whether the response's Vary header names field.
func varies(h http.Header, field string) bool {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), field) {
				return true
			}
		}
	}
	return false
}

package server

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/mmcdole/gofeed"
)

// Accept fields sent by real clients.
const (
	chromeNav  = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
	firefoxNav = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	safariNav  = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	readerLow  = "application/rss+xml, text/html;q=0.5"
)

func TestPrefersPage(t *testing.T) {
	for _, tt := range []struct {
		accept, dest string
		want         bool
	}{
		{chromeNav, "document", true},
		{chromeNav, "", true},
		{firefoxNav, "", true},
		{safariNav, "", true},
		{"", "document", true},
		{"application/rss+xml", "iframe", true},
		{chromeNav, "empty", false}, // fetch() from a page
		{"text/html", "image", false},
		{"", "", false},    // gofeed and most podcast apps send no Accept
		{"*/*", "", false}, // curl
		{readerLow, "", false},
		{"application/atom+xml, text/html;q=0.5", "", false},
		{"application/rss+xml;q=0.9, text/html", "", true},
		{"text/html", "", true},
		{"text/*", "", false}, // text/xml weighs as much
		{"text/html;q=0.5, */*;q=0.1", "", true},
		{"text/html, */*", "", false},
		{"TEXT/HTML, application/rss+xml;q=0.999", "", true},
		{"text/html;q=1.0, application/xml;q=1", "", false},
		{"text/html;q=0, application/rss+xml;q=0.1", "", false},
		{"application/rss+xml;q=0, text/html;q=0.001", "", true},
		{"text/html;q=2, application/rss+xml;q=0.5", "", false},    // invalid weight: element skipped
		{"text/html;q=0.5x, application/rss+xml;q=0.1", "", false}, // same
		{"text/html;charset=utf-8;q=0.2, text/html;q=0.9, application/xml;q=0.5", "", false}, // the most specific range wins
		{"text/html;level=1, application/xml;q=0.5", "", false},                              // a parameter the page lacks
		{`text/html;foo="a,b";q=0.1, application/rss+xml;q=0.5`, "", false},                  // a quoted comma
		{"text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml", "", false},
		{"text/html", " Document ", true},
	} {
		var accept, dest []string
		if tt.accept != "" {
			accept = []string{tt.accept}
		}
		if tt.dest != "" {
			dest = []string{tt.dest}
		}
		if got := prefersPage(accept, dest); got != tt.want {
			t.Errorf("Accept %q, Sec-Fetch-Dest %q: page %v, want %v", tt.accept, tt.dest, got, tt.want)
		}
	}
}

func TestQuality(t *testing.T) {
	for _, tt := range []struct {
		accept   string
		typ, sub string
		want     int
	}{
		{chromeNav, "text", "html", 1000},
		{chromeNav, "application", "xml", 900},
		{chromeNav, "application", "rss+xml", 800},
		{"text/*;q=0.3, */*;q=0.1", "text", "xml", 300},
		{"text/*;q=0.3, */*;q=0.1", "application", "xml", 100},
		{"application/xml;q=0.25", "application", "xml", 250},
		{"application/xml;q=0.", "application", "xml", 0},
		{"application/xml;q=.5", "application", "xml", 0},
		{"application/xml;q=1.000", "application", "xml", 1000},
		{"application/xml;q=1.001", "application", "xml", 0},
		{"application/xml;q=0.1234", "application", "xml", 0},
		{"application/xml;q=0.5;ext=1", "application", "xml", 500},
		{"*/*;charset=utf-8", "application", "xml", 0},
		{"application/xml ; q=0.7 , text/html", "application", "xml", 700},
		{",,application/xml;q=0.6,", "application", "xml", 600},
		{"application", "application", "xml", 0},
	} {
		if got := quality([]string{tt.accept}, tt.typ, tt.sub); got != tt.want {
			t.Errorf("quality(%q, %s/%s) = %d, want %d", tt.accept, tt.typ, tt.sub, got, tt.want)
		}
	}
	accept := []string{chromeNav}
	if n := testing.AllocsPerRun(100, func() { prefersPage(accept, nil) }); n != 0 {
		t.Errorf("prefersPage allocates %v times per call", n)
	}
}

// A feed with a preview page: a browser's navigation gets the page, a
// feed reader the feed's exact bytes, on the same URL, from the fast path
// and from net/http alike; both answers vary on Accept and
// Sec-Fetch-Dest and carry the ETag of their own bytes.
func TestPreviewNegotiation(t *testing.T) {
	atom := []byte(`<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<feed xmlns="http://www.w3.org/2005/Atom"><title>Show</title><id>tag:example.org,2026:feed</id><updated>2026-03-01T00:00:00Z</updated>` +
		`<entry><title>One</title><id>tag:example.org,2026:1</id><updated>2026-03-01T00:00:00Z</updated></entry></feed>` + "\n")
	page := []byte("<!DOCTYPE html><html lang=en><title>Show</title><h1>Show</h1><p>A preview.</p></html>\n")
	rss := []byte(rssFeed("B", 3))
	files := map[string][]byte{"atom.xml": atom, "atom.xml.html": page, "feed.xml": rss}
	site := writeSite(t, t.TempDir(), files)
	snap, err := Load(site, LoadOptions{BuildTime: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	feedTag, pageTag := snap.ETag("/atom.xml"), snap.ETag("/atom.xml.html")
	if feedTag == pageTag || feedTag == "" {
		t.Fatalf("ETags %q and %q", feedTag, pageTag)
	}
	for _, fast := range []bool{true, false} {
		s := New(Options{})
		s.Swap(snap)
		ts := startLoopback(t, s, fast)
		for _, tt := range []struct {
			name    string
			headers []string
			page    bool
		}{
			{"chrome navigation", []string{"Accept: " + chromeNav, "Sec-Fetch-Dest: document", "Sec-Fetch-Mode: navigate"}, true},
			{"navigation, gzip", []string{"Accept: " + firefoxNav, "Sec-Fetch-Dest: document", "Accept-Encoding: gzip, br"}, true},
			{"old browser", []string{"Accept: " + safariNav}, true},
			{"fetch from a page", []string{"Accept: " + chromeNav, "Sec-Fetch-Dest: empty"}, false},
			{"no Accept", nil, false},
			{"reader, text/html lower", []string{"Accept: " + readerLow}, false},
			{"reader, gzip", []string{"Accept: application/atom+xml, application/xml;q=0.9, text/html;q=0.1", "Accept-Encoding: gzip"}, false},
			{"curl", []string{"Accept: */*"}, false},
		} {
			for _, method := range []string{"GET", "HEAD"} {
				resp, body := get(t, ts, method, "/atom.xml", tt.headers...)
				name := tt.name + " " + method
				if fast {
					name += " (fast path)"
				}
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: status %d", name, resp.StatusCode)
				}
				if !varies(resp.Header, "Accept") || !varies(resp.Header, "Sec-Fetch-Dest") {
					t.Errorf("%s: Vary %q", name, resp.Header.Values("Vary"))
				}
				want, tag, ctype := atom, feedTag, "application/atom+xml; charset=utf-8"
				if tt.page {
					want, tag, ctype = page, pageTag, "text/html; charset=utf-8"
				}
				if got := resp.Header.Get("Content-Type"); got != ctype {
					t.Errorf("%s: Content-Type %q, want %q", name, got, ctype)
				}
				if enc := resp.Header.Get("Content-Encoding"); enc == "" {
					if got := resp.Header.Get("Etag"); got != tag {
						t.Errorf("%s: ETag %q, want %q", name, got, tag)
					}
					if method == "GET" && !bytes.Equal(body, want) {
						t.Errorf("%s: body\n%.200s\nwant\n%.200s", name, body, want)
					}
				} else if got := resp.Header.Get("Etag"); got == feedTag || got == pageTag || got == "" {
					t.Errorf("%s: encoded answer with the identity's ETag %q", name, got)
				}
				if got := resp.Header.Get("Access-Control-Allow-Origin"); (got == "*") == tt.page {
					t.Errorf("%s: Access-Control-Allow-Origin %q", name, got)
				}
				if csp := resp.Header.Get("Content-Security-Policy"); (csp != "") != tt.page {
					t.Errorf("%s: Content-Security-Policy %q", name, csp)
				}
			}
			// Revalidation: the ETag of the answer the client holds gives 304
			// only for the same representation.
			held := []string{"If-None-Match: " + feedTag, "If-None-Match: " + pageTag}
			for i, h := range held {
				resp, _ := get(t, ts, "GET", "/atom.xml", append(append([]string(nil), tt.headers...), h)...)
				same := (i == 1) == tt.page
				if enc := resp.Header.Get("Content-Encoding"); enc != "" {
					continue // an encoded representation has its own ETag
				}
				if want := map[bool]int{true: 304, false: 200}[same]; resp.StatusCode != want {
					t.Errorf("%s, %s: status %d, want %d", tt.name, h, resp.StatusCode, want)
				}
				if resp.StatusCode == 304 && !varies(resp.Header, "Sec-Fetch-Dest") {
					t.Errorf("%s, %s: 304 Vary %q", tt.name, h, resp.Header.Values("Vary"))
				}
			}
		}
		// The preview page keeps its own URL; the feed without a preview
		// still goes to browsers as application/xml, for its XSLT.
		if resp, body := get(t, ts, "GET", "/atom.xml.html"); resp.StatusCode != 200 || !bytes.Equal(body, page) {
			t.Errorf("/atom.xml.html: status %d, body %.100s", resp.StatusCode, body)
		}
		if resp, body := get(t, ts, "GET", "/feed.xml", "Accept: "+chromeNav, "Sec-Fetch-Dest: document"); resp.Header.Get("Content-Type") != typeXML || !bytes.Equal(body, rss) {
			t.Errorf("/feed.xml for a browser: Content-Type %q", resp.Header.Get("Content-Type"))
		}
		if resp, _ := get(t, ts, "GET", "/feed.xml", "Accept: "+readerLow); resp.Header.Get("Content-Type") != typeRSS {
			t.Errorf("/feed.xml for a reader: Content-Type %q", resp.Header.Get("Content-Type"))
		}
		// A real feed client, with its own default headers.
		parsed, err := gofeed.NewParser().ParseURLWithContext(ts.URL+"/atom.xml", context.Background())
		if err != nil {
			t.Fatalf("gofeed: %v", err)
		}
		if parsed.Title != "Show" || len(parsed.Items) != 1 {
			t.Errorf("gofeed read %q with %d items", parsed.Title, len(parsed.Items))
		}
	}
}

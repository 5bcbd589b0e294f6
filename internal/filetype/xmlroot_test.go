package filetype

import "testing"

func TestXMLRoot(t *testing.T) {
	tests := map[string]string{
		`<?xml version="1.0"?><rss version="2.0">`:                      "rss",
		"\ufeff<?xml version=\"1.0\"?>\n<!-- c --><feed xmlns=\"...\">": "feed",
		`<?xml-stylesheet href="/s.xsl"?><!DOCTYPE x><atom:feed>`:       "feed",
		`<opml version="2.0">`:                                          "opml",
		`not xml`:                                                       "",
		``:                                                              "",
	}
	for in, want := range tests {
		if got := xmlRoot([]byte(in)); got != want {
			t.Errorf("xmlRoot(%q) = %q, want %q", in, got, want)
		}
	}
}

package transcript

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageInfo is what a test checks in a parsed HTML page.
type pageInfo struct {
	lang, title, h1, backHref, backText string
	turns, cites, times, scripts        int
	external                            []string // src and link href
}

func inspectPage(t *testing.T, doc []byte) pageInfo {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var p pageInfo
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			switch n.DataAtom {
			case atom.Html:
				p.lang = attr["lang"]
			case atom.Title:
				p.title = text(n)
			case atom.H1:
				p.h1 = text(n)
			case atom.A:
				p.backHref, p.backText = attr["href"], text(n)
			case atom.Div:
				if attr["class"] == "turn" {
					p.turns++
				}
			case atom.Cite:
				p.cites++
			case atom.Time:
				p.times++
			case atom.Script:
				p.scripts++
			case atom.Link, atom.Img, atom.Iframe:
				p.external = append(p.external, attr["href"]+attr["src"])
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					p.scripts++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return p
}

func text(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		} else {
			b.WriteString(text(c))
		}
	}
	return b.String()
}

func TestWriteHTML(t *testing.T) {
	tests := []struct {
		name  string
		tr    *Transcript
		page  Page
		file  string
		want  pageInfo
		parts []string // substrings of the page
	}{
		{
			name: "untimed French",
			tr:   untimedSample(),
			page: Page{Title: "Brigitte Seroussi", EpisodeURL: "https://example.org/episodes/seroussi/"},
			file: "untimed.golden.html",
			want: pageInfo{
				lang: "fr", title: "Transcription – Brigitte Seroussi", h1: "Transcription – Brigitte Seroussi",
				backHref: "https://example.org/episodes/seroussi/", backText: "Retour à l’épisode",
				turns: 3, cites: 2,
			},
			parts: []string{
				"<cite>Mélanie RAPHAËL\u00a0:</cite>\n<span class=\"role\">Responsable de la MiNumEco, Experte Numérique Écoresponsable – DINUM</span>\n<p>Bonjour à toutes et tous.</p>\n<p>Nous allons écouter Brigitte Seroussi.</p>\n</div>",
				"<p>L’écoconception des services numériques est un levier &amp; un &lt;outil&gt;.</p>",
			},
		},
		{
			name: "timed English",
			tr:   timedSample(),
			page: Page{Lang: "en-GB", EpisodeURL: "/episodes/42/?a=1&b=2", BackLabel: "Episode 42"},
			file: "timed.golden.html",
			want: pageInfo{
				lang: "en-GB", title: "Transcript – MiNumEchos, saison 2", h1: "Transcript – MiNumEchos, saison 2",
				backHref: "/episodes/42/?a=1&b=2", backText: "Episode 42",
				turns: 4, cites: 3, times: 4,
			},
			parts: []string{
				"<cite>Henri VERDIER:</cite>\n<time datetime=\"PT3725.5S\">1:02:05</time>\n<p>Merci\u00a0: c’est un plaisir. Note : ceci n’est pas un locuteur.</p>",
				"<div class=\"turn\">\n<time datetime=\"PT0S\">0:00</time>\n<p>[Musique]</p>",
			},
		},
		{
			name: "no title, no link, no language",
			tr:   &Transcript{Segments: []Segment{{Body: "Seul."}}},
			file: "minimal.golden.html",
			want: pageInfo{lang: "und", title: "Transcript", h1: "Transcript", turns: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.tr.WriteHTML(&buf, tt.page); err != nil {
				t.Fatal(err)
			}
			out := buf.Bytes()
			golden(t, tt.file, out)
			for _, prefix := range []string{"<!DOCTYPE html>\n<html lang=", "<meta charset=\"utf-8\">", "<meta name=\"viewport\""} {
				if !bytes.Contains(out, []byte(prefix)) {
					t.Errorf("page lacks %q", prefix)
				}
			}
			got := inspectPage(t, out)
			if got.scripts != 0 || len(got.external) != 0 {
				t.Errorf("page has %d scripts and external resources %q", got.scripts, got.external)
			}
			got.external = nil
			if got.lang != tt.want.lang || got.title != tt.want.title || got.h1 != tt.want.h1 ||
				got.backHref != tt.want.backHref || got.backText != tt.want.backText ||
				got.turns != tt.want.turns || got.cites != tt.want.cites || got.times != tt.want.times {
				t.Errorf("page:\n got %+v\nwant %+v", got, tt.want)
			}
			if n := len(tt.tr.Turns()); got.turns != n {
				t.Errorf("%d turn elements for %d turns", got.turns, n)
			}
			for _, p := range tt.parts {
				if !bytes.Contains(out, []byte(p)) {
					t.Errorf("page lacks %q", p)
				}
			}
		})
	}
}

func TestWriteHTMLErrors(t *testing.T) {
	tr := untimedSample()
	for _, p := range []Page{
		{EpisodeURL: "javascript:alert(1)"},
		{EpisodeURL: "https://example.org/\x7f"},
		{Lang: "fr\" onload=\"x"},
		{Lang: "fr_FR"},
	} {
		if err := tr.WriteHTML(&bytes.Buffer{}, p); err == nil {
			t.Errorf("WriteHTML(%+v) succeeded", p)
		}
	}
}

package pages

import (
	"bytes"
	"html/template"
	"strings"

	"golang.org/x/net/html"
)

// nestHeadings shifts the headings of an HTML fragment so that its highest
// one is at level top (h2 under the page's h1, h3 under an h2): an
// episode's own h1 must not compete with the page's. Levels never go past
// h6; everything else is copied byte for byte.
func nestHeadings(fragment string, top int) string {
	highest := 7
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt == html.StartTagToken {
			if l := headingLevel(z); l > 0 && l < highest {
				highest = l
			}
		}
	}
	shift := top - highest
	if highest == 7 || shift <= 0 {
		return fragment
	}
	var buf bytes.Buffer
	z = html.NewTokenizer(strings.NewReader(fragment))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		if tt == html.StartTagToken || tt == html.EndTagToken || tt == html.SelfClosingTagToken {
			if l := headingLevel(z); l > 0 {
				// "<h1" or "</h1": the digit is the tag name's last byte.
				i := bytes.IndexAny(raw, "123456")
				out := append([]byte{}, raw...)
				out[i] = byte('0' + min(l+shift, 6))
				buf.Write(out)
				continue
			}
		}
		buf.Write(raw)
	}
	return buf.String()
}

// headingLevel returns 1 to 6 when the tokenizer's current tag is h1 to
// h6, else 0.
func headingLevel(z *html.Tokenizer) int {
	name, _ := z.TagName()
	if len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' {
		return int(name[1] - '0')
	}
	return 0
}

// nestHTML is nestHeadings for trusted HTML.
func nestHTML(h template.HTML, top int) template.HTML {
	return template.HTML(nestHeadings(string(h), top)) // the caller's sanitised HTML, tags unchanged
}

package site

import (
	"net/url"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The elements and attributes below are a subset of what the policy of
// newContentHTML keeps unchanged; a fragment made only of them, its text
// escaped as the sanitiser escapes it (and without the style and class
// attributes, which the sanitiser always drops), comes out of the
// sanitiser byte for byte as it went in, so that render can skip it. The list is deliberately
// short: what the sanitiser drops or rewrites (scripts, styles, event
// handlers, forms, frames, SVG, MathML, unknown elements, classes, URLs
// other than plain absolute http, https and mailto ones, ...) is not in
// it. TestCleanElements checks each entry against the policy.

// cleanElement is what the sanitiser keeps of an element.
type cleanElement struct {
	// bare: the element is kept without attributes (some, such as a and
	// img, are dropped then).
	bare bool
	// attrs are the attributes kept on the element, with the check of
	// their (absolute) value.
	attrs map[string]func(string) bool
}

var cleanElements = func() map[atom.Atom]cleanElement {
	m := map[atom.Atom]cleanElement{}
	for _, a := range []atom.Atom{
		atom.P, atom.Br, atom.Hr, atom.Div, atom.Span,
		atom.Em, atom.Strong, atom.B, atom.I, atom.U, atom.S, atom.Small, atom.Sub, atom.Sup, atom.Mark,
		atom.Code, atom.Pre, atom.Samp, atom.Var, atom.Abbr, atom.Cite, atom.Dfn, atom.Q, atom.Blockquote,
		atom.Del, atom.Ins, atom.Ul, atom.Ol, atom.Li, atom.Dl, atom.Dt, atom.Dd,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Article, atom.Aside, atom.Section, atom.Figure, atom.Figcaption, atom.Details, atom.Summary,
		atom.Table, atom.Caption, atom.Thead, atom.Tbody, atom.Tfoot, atom.Tr, atom.Th, atom.Td,
	} {
		m[a] = cleanElement{bare: true}
	}
	m[atom.A] = cleanElement{attrs: map[string]func(string) bool{"href": cleanURL}}
	m[atom.Img] = cleanElement{attrs: map[string]func(string) bool{
		"src": cleanURL, "alt": anyValue, "title": anyValue,
		"width": bluemonday.NumberOrPercent.MatchString, "height": bluemonday.NumberOrPercent.MatchString,
	}}
	m[atom.Blockquote] = cleanElement{bare: true, attrs: map[string]func(string) bool{"cite": cleanURL}}
	m[atom.Q] = cleanElement{bare: true, attrs: map[string]func(string) bool{"cite": cleanURL}}
	// newContentHTML allows datetime on time as it is.
	m[atom.Time] = cleanElement{bare: true, attrs: map[string]func(string) bool{"datetime": anyValue}}
	cellAlign := map[string]func(string) bool{"align": bluemonday.CellAlign.MatchString}
	m[atom.Th] = cleanElement{bare: true, attrs: cellAlign}
	m[atom.Td] = cleanElement{bare: true, attrs: cellAlign}
	return m
}()

// cleanGlobalAttrs are the attributes kept on every element of
// cleanElements.
var cleanGlobalAttrs = map[string]func(string) bool{
	"title": bluemonday.Paragraph.MatchString,
	"id":    cleanID,
}

func anyValue(string) bool { return true }

// cleanTag returns the attributes (their values unescaped, as the
// tokenizer gives them) that the sanitiser keeps of a start tag of
// element a, and whether it keeps the tag with them as they are. The
// attributes of droppedAttrs are left out, as the sanitiser does.
func cleanTag(a atom.Atom, attrs []html.Attribute) ([]html.Attribute, bool) {
	el, ok := cleanElements[a]
	if !ok {
		return nil, false
	}
	kept := attrs[:0]
	for _, at := range attrs {
		check := el.attrs[at.Key]
		if check == nil {
			check = cleanGlobalAttrs[at.Key]
		}
		switch {
		case check != nil && check(at.Val):
			kept = append(kept, at)
		case check == nil && droppedAttrs[at.Key]:
		default:
			return nil, false
		}
	}
	if len(kept) == 0 && !el.bare {
		return nil, false
	}
	return kept, true
}

// droppedAttrs are attributes that the policy allows on no element: the
// sanitiser drops them, whatever their value, and keeps the rest of the
// tag. They are common in hand-written HTML (the wrapper of an embedded
// player, a call-out box).
var droppedAttrs = map[string]bool{"style": true, "class": true}

// cleanURL reports whether the sanitiser keeps a URL attribute as it is:
// an absolute http, https or mailto URL, without spaces or control
// characters, that net/url writes back the same.
func cleanURL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			return false
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" {
			return false
		}
	case "mailto":
	default:
		return false
	}
	return u.String() == s
}

// cleanID reports whether an id is kept: ASCII letters, digits, ":", "-",
// "_" and "." only (the policy asks for one of them at least).
func cleanID(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(":-_.", c) >= 0) {
			return false
		}
	}
	return true
}

// writeEscaped writes s escaped as html.EscapeString does.
func writeEscaped(buf *strings.Builder, s []byte) {
	last := 0
	for i, c := range s {
		esc := htmlEscapes[c]
		if esc == "" {
			continue
		}
		buf.Write(s[last:i])
		buf.WriteString(esc)
		last = i + 1
	}
	buf.Write(s[last:])
}

// htmlEscapes are the escapes of html.EscapeString, by byte.
var htmlEscapes = [256]string{
	'&':  "&amp;",
	'\'': "&#39;",
	'<':  "&lt;",
	'>':  "&gt;",
	'"':  "&#34;",
	'\r': "&#13;",
}

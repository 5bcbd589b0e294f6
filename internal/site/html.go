package site

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/htmltok"
	"github.com/feedcast/feedcast/internal/pages/i18n"
)

// contentHTML turns an episode's HTML into the full content of a feed item,
// safe for partner sites and feed readers:
//   - an embedded player (iframe) becomes the episode's thumbnail linked to
//     the episode, then a "watch"/"listen" link: readers strip iframes, and
//     validators flag them (SPECS §11; the player URL goes to media:player);
//   - HTML comments are dropped;
//   - relative URLs are made absolute against the base URL (W3C ContainsRelRef);
//   - the result goes through an allow-list sanitiser: no script, style,
//     event handler, javascript: URL, form or iframe is left.
type contentHTML struct {
	base   *url.URL
	lang   string
	policy *bluemonday.Policy
}

func newContentHTML(base *url.URL, lang string) *contentHTML {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(false)
	p.AllowElements("section", "details", "summary", "figure", "figcaption", "time")
	p.AllowAttrs("datetime").OnElements("time")
	// UGCPolicy allows only a few punctuation marks in alt text, and drops
	// titles such as "Épisode #1"; the value is escaped anyway.
	p.AllowAttrs("alt", "title").OnElements("img")
	return &contentHTML{base: base, lang: lang, policy: p}
}

// playerLink is what replaces an embedded player in a feed item.
type playerLink struct {
	Kind      string      // "video" or "audio"
	Href      string      // where the link goes: the provider's page or the episode
	Thumbnail *feed.Image // may be nil
	Title     string      // the episode title, for the image's alt text
	// omit drops the player without a stand-in: the episode page shows
	// the player itself.
	omit bool
}

// render returns the safe HTML of src. link describes the episode's player;
// it is used for every player iframe found.
//
// One pass of the HTML tokenizer drops the comments, replaces the players,
// makes the URLs absolute and balances the tags (a missing end tag is
// added, a stray one dropped, void elements are written self-closed), so
// that the fragment can sit inside a page; the sanitiser comes after.
//
// The sanitiser is skipped when it would change nothing: the pass first
// writes the text as the sanitiser writes it and checks every tag against
// cleanElements (dropping the style and class attributes, as the
// sanitiser does); the first thing outside of them (a comment, an element or
// attribute not listed, a URL that is not a plain absolute http, https or
// mailto one) stops it, and the fragment takes the full way: the pass as
// it always was, then the sanitiser.
func (c *contentHTML) render(src string, link playerLink) string {
	if out, ok := c.rewrite(src, link, true); ok {
		return strings.TrimSpace(out)
	}
	return c.sanitize(src, link)
}

// sanitize is render without the shortcut: the rewriting pass, then the
// sanitiser.
func (c *contentHTML) sanitize(src string, link playerLink) string {
	out, _ := c.rewrite(src, link, false)
	return strings.TrimSpace(c.policy.Sanitize(out))
}

// rewrite is the pass of render. With clean, it writes the text escaped
// as the sanitiser does, and gives up (false) at the first thing that the
// sanitiser could change; otherwise it writes the text as it came, for the
// sanitiser to read.
//
// In clean mode, htmltok.Simple reads the fragment first; where it
// stops, html.Tokenizer reads it again.
func (c *contentHTML) rewrite(src string, link playerLink, clean bool) (string, bool) {
	if clean {
		z := htmltok.NewSimple([]byte(src))
		if out, ok := c.rewriteTokens(z, len(src), link, true); !z.Failed() {
			return out, ok
		}
	}
	return c.rewriteTokens(html.NewTokenizer(strings.NewReader(src)), len(src), link, clean)
}

// rewriteTokens is rewrite, reading from z the tokens of a fragment of n
// bytes.
func (c *contentHTML) rewriteTokens(z htmltok.Tokenizer, n int, link playerLink, clean bool) (string, bool) {
	var buf fragmentWriter
	buf.b.Grow(n + n/8)
	var open openElements
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF: a strings.Reader has no other error
		}
		switch tt {
		case html.CommentToken, html.DoctypeToken:
			if clean {
				return "", false
			}
			continue
		case html.TextToken:
			if clean {
				buf.text = append(buf.text, z.Raw()...)
			} else {
				buf.write(z.Raw())
			}
			continue
		case html.EndTagToken:
			name, _ := z.TagName()
			open.end(&buf, string(name))
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if !hasAttr && a != atom.Iframe {
			if clean && !cleanElements[a].bare {
				return "", false
			}
			// A tag without attributes is written as the token would be.
			open.start(&buf, a)
			buf.writeByte('<')
			buf.write(name)
			if voidElements[a] {
				buf.writeString("/>")
				continue
			}
			buf.writeByte('>')
			if tt == html.StartTagToken {
				open.push(string(name), a)
			}
			continue
		}
		t := html.Token{Type: tt, DataAtom: a, Data: string(name)}
		for more := hasAttr; more; {
			var k, v []byte
			k, v, more = z.TagAttr()
			t.Attr = append(t.Attr, html.Attribute{Key: string(k), Val: string(v)})
		}
		if t.DataAtom == atom.Iframe {
			if tt == html.StartTagToken {
				skipRawText(z, t.Data)
			} else if clean {
				// The tokenizer reads what follows <iframe/> as raw text.
				return "", false
			}
			if isPlayer(attrOf(t.Attr, "src")) {
				if clean && (!cleanURL(link.Href) || link.Thumbnail != nil && link.Thumbnail.URL != "" && !cleanURL(link.Thumbnail.URL)) {
					return "", false
				}
				open.closeP(&buf)
				c.writePlayer(&buf, link)
			}
			continue
		}
		for i, a := range t.Attr {
			if a.Key == "href" || a.Key == "src" || a.Key == "poster" || (a.Key == "cite" && t.DataAtom != atom.Cite) {
				t.Attr[i].Val = c.absolute(a.Val)
			}
		}
		if clean {
			var ok bool
			if t.Attr, ok = cleanTag(t.DataAtom, t.Attr); !ok {
				return "", false
			}
		}
		open.start(&buf, t.DataAtom)
		if voidElements[t.DataAtom] {
			t.Type = html.SelfClosingTagToken
		} else if tt == html.StartTagToken {
			open.push(t.Data, t.DataAtom)
		}
		buf.writeString(t.String())
	}
	open.closeAll(&buf)
	buf.flush()
	if buf.odd {
		return "", false
	}
	return buf.b.String(), true
}

// fragmentWriter is where rewrite writes. In clean mode the text is held
// until the next tag is written: the sanitiser reads the run of text
// between two tags of the output as one, even when a dropped tag split it
// in the input, and it unescapes the run as a whole.
type fragmentWriter struct {
	b    strings.Builder
	text []byte // the raw text not written yet
	odd  bool   // a run of text the sanitiser could read otherwise
}

// flush writes the text held as the sanitiser writes it: the text
// unescaped as the tokenizer does, then escaped by html.EscapeString.
func (w *fragmentWriter) flush() {
	if len(w.text) == 0 {
		return
	}
	// A "<" left in the text may start a tag, a comment or an end tag
	// with what follows it in the output.
	if bytes.IndexByte(w.text, '<') >= 0 {
		w.odd = true
	}
	t := w.text
	if bytes.IndexByte(t, '\r') >= 0 {
		t = bytes.ReplaceAll(t, []byte("\r\n"), []byte("\n"))
		t = bytes.ReplaceAll(t, []byte("\r"), []byte("\n"))
	}
	if bytes.IndexByte(t, '&') >= 0 {
		t = []byte(html.UnescapeString(string(t)))
	}
	writeEscaped(&w.b, t)
	w.text = w.text[:0]
}

func (w *fragmentWriter) writeString(s string) {
	w.flush()
	w.b.WriteString(s)
}

func (w *fragmentWriter) writeByte(c byte) {
	w.flush()
	w.b.WriteByte(c)
}

func (w *fragmentWriter) write(b []byte) {
	w.flush()
	w.b.Write(b)
}

// openElements is the stack of the elements not closed yet. It closes
// them as the HTML parser of a browser would in the common cases: a
// block closes an open paragraph, a list item closes the previous one,
// an end tag closes the elements opened inside it, a stray end tag is
// dropped (a stray </p> is an empty paragraph, </br> a line break), and
// what is still open at the end is closed.
type openElements struct {
	names []string
	atoms []atom.Atom
}

func (o *openElements) push(name string, a atom.Atom) {
	o.names = append(o.names, name)
	o.atoms = append(o.atoms, a)
}

// closeTo writes the end tags of the elements from the top of the stack
// to the one at i, and pops them.
func (o *openElements) closeTo(buf *fragmentWriter, i int) {
	for j := len(o.names) - 1; j >= i; j-- {
		buf.writeString("</")
		buf.writeString(o.names[j])
		buf.writeByte('>')
	}
	o.names, o.atoms = o.names[:i], o.atoms[:i]
}

// find returns the index of the innermost open element a, not looking
// past the elements of stop, or -1.
func (o *openElements) find(a atom.Atom, stop map[atom.Atom]bool) int {
	for i := len(o.atoms) - 1; i >= 0; i-- {
		if o.atoms[i] == a {
			return i
		}
		if stop[o.atoms[i]] {
			return -1
		}
	}
	return -1
}

// closeP closes an open paragraph (in button scope).
func (o *openElements) closeP(buf *fragmentWriter) {
	if i := o.find(atom.P, buttonScope); i >= 0 {
		o.closeTo(buf, i)
	}
}

// start closes what the start tag of a closes.
func (o *openElements) start(buf *fragmentWriter, a atom.Atom) {
	if closesP[a] {
		o.closeP(buf)
	}
	switch a {
	case atom.Li:
		if i := o.find(atom.Li, listItemScope); i >= 0 {
			o.closeTo(buf, i)
		}
	case atom.Dd, atom.Dt:
		for _, x := range []atom.Atom{atom.Dd, atom.Dt} {
			if i := o.find(x, listItemScope); i >= 0 {
				o.closeTo(buf, i)
			}
		}
	}
}

// end closes the element of an end tag.
func (o *openElements) end(buf *fragmentWriter, name string) {
	a := atom.Lookup([]byte(name))
	switch a {
	case atom.Br:
		buf.writeString("<br/>")
		return
	case atom.P:
		if o.find(atom.P, buttonScope) < 0 {
			buf.writeString("<p></p>")
			return
		}
	}
	for i := len(o.names) - 1; i >= 0; i-- {
		if o.names[i] == name {
			o.closeTo(buf, i)
			return
		}
	}
}

func (o *openElements) closeAll(buf *fragmentWriter) { o.closeTo(buf, 0) }

// closesP are the elements whose start tag closes an open paragraph.
var closesP = atomSet(atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center,
	atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption,
	atom.Figure, atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
	atom.Header, atom.Hgroup, atom.Hr, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P,
	atom.Pre, atom.Section, atom.Summary, atom.Table, atom.Ul, atom.Li, atom.Dd, atom.Dt)

// buttonScope and listItemScope bound the search for an open element.
var (
	buttonScope   = atomSet(atom.Applet, atom.Caption, atom.Html, atom.Table, atom.Td, atom.Th, atom.Marquee, atom.Object, atom.Template, atom.Button)
	listItemScope = atomSet(atom.Applet, atom.Caption, atom.Html, atom.Table, atom.Td, atom.Th, atom.Marquee, atom.Object, atom.Template, atom.Ol, atom.Ul)
)

func atomSet(as ...atom.Atom) map[atom.Atom]bool {
	m := make(map[atom.Atom]bool, len(as))
	for _, a := range as {
		m[a] = true
	}
	return m
}

// voidElements have no end tag.
var voidElements = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Param: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// skipRawText skips what follows the start tag of a raw text element (an
// iframe's fallback text) up to its end tag.
func skipRawText(z htmltok.Tokenizer, name string) {
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.EndTagToken:
			if n, _ := z.TagName(); string(n) == name {
				return
			}
		}
	}
}

func attrOf(attrs []html.Attribute, key string) string {
	for _, a := range attrs {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// absolute resolves a relative reference against the base URL; anything
// that does not parse is left for the sanitiser to drop.
func (c *contentHTML) absolute(ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") {
		return ref
	}
	u, err := url.Parse(ref)
	if err != nil || u.IsAbs() {
		return ref
	}
	return c.base.ResolveReference(u).String()
}

// writePlayer writes what replaces a player: the episode's thumbnail
// linked to the provider's page (or the episode), then a "watch" or
// "listen" link.
func (c *contentHTML) writePlayer(buf *fragmentWriter, link playerLink) {
	if link.omit {
		return
	}
	href := html.EscapeString(link.Href)
	if link.Thumbnail != nil && link.Thumbnail.URL != "" {
		buf.writeString(`<p><a href="` + href + `"><img src="` + html.EscapeString(link.Thumbnail.URL) + `" alt="` + html.EscapeString(link.Title) + `"`)
		if link.Thumbnail.Width > 0 && link.Thumbnail.Height > 0 {
			buf.writeString(` width="` + strconv.Itoa(link.Thumbnail.Width) + `" height="` + strconv.Itoa(link.Thumbnail.Height) + `"`)
		}
		buf.writeString(`/></a></p>`)
	}
	buf.writeString(`<p><a href="` + href + `">` + html.EscapeString(playerLabel(c.lang, link.Kind)) + `</a></p>`)
}

// playerLabel is the text of the link that replaces a player, in the
// show's language.
func playerLabel(lang, kind string) string {
	if kind == "audio" {
		return i18n.For(lang).PlayerListen
	}
	return i18n.For(lang).PlayerWatch
}

// isPlayer reports whether an iframe src is the embed URL of a provider
// that feedcast knows; other iframes are dropped.
func isPlayer(src string) bool { return episode.PlayerOf(src) != nil }

// plainText returns the text of an HTML fragment, whitespace folded, cut
// to at most max bytes on a word boundary: the fallback summary of an
// episode without a description.
func plainText(src string, max int) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	skip := 0
	for b.Len() < max*2 {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "script" || string(name) == "style" {
				skip++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); (string(name) == "script" || string(name) == "style") && skip > 0 {
				skip--
			}
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
				b.WriteByte(' ')
			}
		}
	}
	s := strings.Join(strings.Fields(b.String()), " ")
	if len(s) <= max {
		return s
	}
	cut := strings.LastIndexByte(s[:max], ' ')
	if cut <= 0 {
		cut = max
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

package build

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
}

// render returns the safe HTML of src. link describes the episode's player;
// it is used for every player iframe found.
func (c *contentHTML) render(src string, link playerLink) string {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(src), body)
	if err != nil {
		// The HTML5 parser accepts any input; an error is a reader error.
		return c.policy.Sanitize(src)
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	c.rewrite(body, link)
	var buf bytes.Buffer
	for n := body.FirstChild; n != nil; n = n.NextSibling {
		if err := html.Render(&buf, n); err != nil {
			return c.policy.Sanitize(src)
		}
	}
	return strings.TrimSpace(c.policy.Sanitize(buf.String()))
}

// rewrite walks n's subtree: comments out, players replaced, URLs absolute.
func (c *contentHTML) rewrite(n *html.Node, link playerLink) {
	for child := n.FirstChild; child != nil; {
		next := child.NextSibling
		switch {
		case child.Type == html.CommentNode:
			n.RemoveChild(child)
		case child.Type == html.ElementNode && child.DataAtom == atom.Iframe:
			if isPlayer(attr(child, "src")) {
				for _, r := range c.playerNodes(link) {
					n.InsertBefore(r, child)
				}
			}
			n.RemoveChild(child)
		default:
			c.rewrite(child, link)
		}
		child = next
	}
	if n.Type == html.ElementNode {
		for i, a := range n.Attr {
			if a.Key == "href" || a.Key == "src" || a.Key == "poster" || (a.Key == "cite" && n.DataAtom != atom.Cite) {
				n.Attr[i].Val = c.absolute(a.Val)
			}
		}
	}
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

func (c *contentHTML) playerNodes(link playerLink) []*html.Node {
	var out []*html.Node
	if link.Thumbnail != nil && link.Thumbnail.URL != "" {
		img := elem(atom.Img, "src", link.Thumbnail.URL, "alt", link.Title)
		if link.Thumbnail.Width > 0 && link.Thumbnail.Height > 0 {
			img.Attr = append(img.Attr,
				html.Attribute{Key: "width", Val: strconv.Itoa(link.Thumbnail.Width)},
				html.Attribute{Key: "height", Val: strconv.Itoa(link.Thumbnail.Height)})
		}
		a := elem(atom.A, "href", link.Href)
		a.AppendChild(img)
		p := elem(atom.P)
		p.AppendChild(a)
		out = append(out, p)
	}
	a := elem(atom.A, "href", link.Href)
	a.AppendChild(&html.Node{Type: html.TextNode, Data: playerLabel(c.lang, link.Kind)})
	p := elem(atom.P)
	p.AppendChild(a)
	return append(out, p)
}

// playerLabel is the text of the link that replaces a player.
func playerLabel(lang, kind string) string {
	fr := strings.HasPrefix(strings.ToLower(lang), "fr")
	switch {
	case fr && kind == "audio":
		return "Écouter l’épisode"
	case fr:
		return "Regarder la vidéo"
	case kind == "audio":
		return "Listen to the episode"
	}
	return "Watch the video"
}

// isPlayer reports whether an iframe src is the embed URL of a provider
// that feedcast knows; other iframes are dropped.
func isPlayer(src string) bool { return episode.PlayerOf(src) != nil }

func elem(a atom.Atom, kv ...string) *html.Node {
	n := &html.Node{Type: html.ElementNode, DataAtom: a, Data: a.String()}
	for i := 0; i+1 < len(kv); i += 2 {
		n.Attr = append(n.Attr, html.Attribute{Key: kv[i], Val: kv[i+1]})
	}
	return n
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

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

// Package htmltok reads the plain HTML that most episodes are made of as
// golang.org/x/net/html's Tokenizer does, without its copies and its
// general state machine, and stops on anything else, for the caller to
// read the fragment again with html.Tokenizer.
package htmltok

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// Tokenizer is what the callers read of a tokenizer: methods of
// html.Tokenizer, which implements it.
type Tokenizer interface {
	Next() html.TokenType
	Raw() []byte
	TagName() (name []byte, hasAttr bool)
	TagAttr() (key, val []byte, moreAttr bool)
}

// Simple reads the plain HTML that most episodes are made of, as
// html.Tokenizer does: text without "<" but before tags; start tags with a plain name and
// attributes that are plain names, with values quoted (without "&" or a
// carriage return) or plain words, or none; end tags without attributes;
// iframes and their fallback text. On anything else (a comment, a
// doctype, a "<" in text, an entity in a value, a repeated attribute, a
// raw-text element other than iframe...) it stops: Next returns
// html.ErrorToken and Failed reports true, and the caller reads the
// fragment again with html.Tokenizer. FuzzSimple requires the same tokens
// as html.Tokenizer wherever it does not stop, and TestSimpleHTML5Lib
// does on the html5lib tests' inputs.
//
// The slices it returns share the fragment's bytes, and are valid until
// the next call of Next; they must not be written to.
type Simple struct {
	src    []byte
	pos    int
	start  int // where the current token starts
	tt     html.TokenType
	name   []byte // the tag name, lower-cased
	attrs  []simpleAttr
	next   int  // the next attribute TagAttr returns
	iframe bool // the next token is an iframe's raw text
	failed bool
	lower  []byte // storage for lower-cased names
}

type simpleAttr struct{ key, val []byte }

// NewSimple returns a Simple reading src.
func NewSimple(src []byte) *Simple {
	return &Simple{src: src}
}

// Failed reports whether z stopped on something it does not read.
func (z *Simple) Failed() bool { return z.failed }

func (z *Simple) fail() html.TokenType {
	z.failed = true
	z.tt = html.ErrorToken
	return z.tt
}

func (z *Simple) Next() html.TokenType {
	z.name, z.attrs, z.next, z.start = nil, z.attrs[:0], 0, z.pos
	if z.failed || z.pos >= len(z.src) {
		z.tt = html.ErrorToken
		return z.tt
	}
	s := z.src
	if z.iframe {
		// html.Tokenizer reads up to "</iframe" followed by a space, "/"
		// or ">", in any case.
		z.iframe = false
		end := z.pos
		for {
			i := bytes.Index(s[end:], []byte("</"))
			if i < 0 {
				return z.fail()
			}
			end += i
			if len(s) >= end+9 && bytes.EqualFold(s[end+2:end+8], []byte("iframe")) && strings.IndexByte(" \n\r\t\f/>", s[end+8]) >= 0 {
				break
			}
			end += 2
		}
		if end > z.pos {
			z.pos, z.tt = end, html.TextToken
			return z.tt
		}
	}
	if s[z.pos] != '<' {
		i := bytes.IndexByte(s[z.pos:], '<')
		end := len(s)
		if i >= 0 {
			end = z.pos + i
			if end+1 >= len(s) || !isTagStart(s[end+1]) {
				return z.fail() // a "<" of the text, a comment or a doctype
			}
		}
		z.pos, z.tt = end, html.TextToken
		return z.tt
	}
	if z.pos+1 < len(s) && s[z.pos+1] == '/' {
		return z.endTag()
	}
	if z.pos+1 >= len(s) || !isASCIILetter(s[z.pos+1]) {
		return z.fail()
	}
	return z.startTag()
}

func isTagStart(c byte) bool { return isASCIILetter(c) || c == '/' }

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

func isNameByte(c byte) bool { return isASCIILetter(c) || '0' <= c && c <= '9' }

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

// skipSpace returns where the spaces of src from i end.
func (z *Simple) skipSpace(i int) int {
	for i < len(z.src) && isHTMLSpace(z.src[i]) {
		i++
	}
	return i
}

// tagName reads a tag name at i and returns it lower-cased, and where it
// ends.
func (z *Simple) tagName(i int) ([]byte, int) {
	j := i
	for j < len(z.src) && isNameByte(z.src[j]) {
		j++
	}
	return z.lowered(i, j), j
}

// lowered returns src[i:j] lower-cased, in z.lower.
func (z *Simple) lowered(i, j int) []byte {
	start := len(z.lower)
	for k := i; k < j; k++ {
		c := z.src[k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		z.lower = append(z.lower, c)
	}
	return z.lower[start:len(z.lower):len(z.lower)]
}

func (z *Simple) endTag() html.TokenType {
	s := z.src
	if z.pos+2 >= len(s) || !isASCIILetter(s[z.pos+2]) {
		return z.fail()
	}
	z.lower = z.lower[:0]
	name, i := z.tagName(z.pos + 2)
	i = z.skipSpace(i)
	if i >= len(s) || s[i] != '>' {
		return z.fail() // attributes in an end tag, or its end missing
	}
	z.name, z.pos, z.tt = name, i+1, html.EndTagToken
	return z.tt
}

func (z *Simple) startTag() html.TokenType {
	s := z.src
	z.lower = z.lower[:0]
	name, i := z.tagName(z.pos + 1)
	if i >= len(s) || !isHTMLSpace(s[i]) && s[i] != '>' && s[i] != '/' {
		return z.fail()
	}
	switch string(name) {
	case "iframe":
		z.iframe = true
	case "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp":
		return z.fail() // raw text, or escapable raw text
	}
	tt := html.StartTagToken
	for {
		if i = z.skipSpace(i); i >= len(s) {
			return z.fail()
		}
		if s[i] == '>' {
			i++
			break
		}
		if s[i] == '/' {
			if i+1 < len(s) && s[i+1] == '>' && !z.iframe {
				tt, i = html.SelfClosingTagToken, i+2
				break
			}
			return z.fail()
		}
		k := i
		for i < len(s) && isKeyByte(s[i]) {
			i++
		}
		if i == k || i >= len(s) || !isHTMLSpace(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/' {
			return z.fail()
		}
		key := z.lowered(k, i)
		for _, a := range z.attrs {
			if string(a.key) == string(key) {
				return z.fail() // html.Tokenizer keeps the first only
			}
		}
		j := z.skipSpace(i)
		var val []byte
		if j < len(s) && s[j] == '=' {
			if j = z.skipSpace(j + 1); j >= len(s) {
				return z.fail()
			}
			switch q := s[j]; q {
			case '"', '\'':
				e := bytes.IndexByte(s[j+1:], q)
				if e < 0 {
					return z.fail()
				}
				v := s[j+1 : j+1+e]
				if bytes.ContainsAny(v, "&\r\x00") {
					return z.fail() // entities, line ends and NUL are converted
				}
				val, i = v, j+1+e+1
			default:
				e := j
				for e < len(s) && isWordByte(s[e]) {
					e++
				}
				if e == j || e >= len(s) || !isHTMLSpace(s[e]) && s[e] != '>' {
					return z.fail()
				}
				val, i = s[j:e], e
			}
		}
		z.attrs = append(z.attrs, simpleAttr{key: key, val: val})
	}
	z.name, z.pos, z.tt = name, i, tt
	return z.tt
}

func isKeyByte(c byte) bool { return isNameByte(c) || c == '-' || c == '_' || c == ':' || c == '.' }

// isWordByte: the bytes of an unquoted value; not "/", which could end
// the tag as "/>".
func isWordByte(c byte) bool {
	return isNameByte(c) || c == '-' || c == '_' || c == '.' || c == ':' || c == '%' || c == '#'
}

// Raw returns the bytes of the current token as they are in the
// fragment, as html.Tokenizer's Raw does.
func (z *Simple) Raw() []byte {
	if z.tt == html.ErrorToken {
		return nil
	}
	return z.src[z.start:z.pos]
}

func (z *Simple) TagName() ([]byte, bool) {
	switch z.tt {
	case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
		return z.name, z.next < len(z.attrs)
	}
	return nil, false
}

func (z *Simple) TagAttr() ([]byte, []byte, bool) {
	if z.next >= len(z.attrs) {
		return nil, nil, false
	}
	a := z.attrs[z.next]
	z.next++
	return a.key, a.val, z.next < len(z.attrs)
}

// Package wire appends XML and JSON to byte slices, byte for byte as
// encoding/xml and encoding/json write them, for the writers' hot path:
// the items of a feed. The writers' tests check that both give the same
// bytes.
package wire

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// XML appends elements as an encoding/xml Encoder with Indent(prefix,
// indent) writes them, starting at depth 0 with nothing written before.
type XML struct {
	B              []byte
	prefix, indent string
	depth          int
	putNewline     bool
	indentedIn     bool
	inTag          bool // a start tag is open for attributes
}

// NewXML returns an XML that appends to b.
func NewXML(b []byte, prefix, indent string) *XML {
	return &XML{B: b, prefix: prefix, indent: indent}
}

// writeIndent is encoding/xml's printer.writeIndent.
func (x *XML) writeIndent(depthDelta int) {
	if depthDelta < 0 {
		x.depth--
		if x.indentedIn {
			x.indentedIn = false
			return
		}
		x.indentedIn = false
	}
	if x.putNewline {
		x.B = append(x.B, '\n')
	} else {
		x.putNewline = true
	}
	x.B = append(x.B, x.prefix...)
	for range x.depth {
		x.B = append(x.B, x.indent...)
	}
	if depthDelta > 0 {
		x.depth++
		x.indentedIn = true
	}
}

func (x *XML) closeTag() {
	if x.inTag {
		x.B = append(x.B, '>')
		x.inTag = false
	}
}

// Start opens the element name; attributes may follow.
func (x *XML) Start(name string) {
	x.closeTag()
	x.writeIndent(1)
	x.B = append(x.B, '<')
	x.B = append(x.B, name...)
	x.inTag = true
}

// Attr adds an attribute to the element just started.
func (x *XML) Attr(name, value string) {
	x.B = append(x.B, ' ')
	x.B = append(x.B, name...)
	x.B = append(x.B, '=', '"')
	x.B = AppendXMLText(x.B, value, true)
	x.B = append(x.B, '"')
}

// AttrOmit adds the attribute unless its value is empty.
func (x *XML) AttrOmit(name, value string) {
	if value != "" {
		x.Attr(name, value)
	}
}

// AttrInt adds an attribute with an integer value.
func (x *XML) AttrInt(name string, n int64) {
	x.B = append(x.B, ' ')
	x.B = append(x.B, name...)
	x.B = append(x.B, '=', '"')
	x.B = strconv.AppendInt(x.B, n, 10)
	x.B = append(x.B, '"')
}

// AttrIntOmit adds the attribute unless its value is 0.
func (x *XML) AttrIntOmit(name string, n int64) {
	if n != 0 {
		x.AttrInt(name, n)
	}
}

// Text writes character data, escaped as encoding/xml escapes a string
// field (newlines too).
func (x *XML) Text(s string) {
	x.closeTag()
	x.B = AppendXMLText(x.B, s, true)
}

// CharData writes character data as Encoder.EncodeToken(xml.CharData)
// does: newlines are kept.
func (x *XML) CharData(s string) {
	x.closeTag()
	x.B = AppendXMLText(x.B, s, false)
}

// CDATA writes s as a CDATA section, as the ",cdata" field option does.
func (x *XML) CDATA(s string) {
	x.closeTag()
	x.B = AppendCDATA(x.B, s)
}

// End closes the element name.
func (x *XML) End(name string) {
	x.closeTag()
	x.writeIndent(-1)
	x.B = append(x.B, '<', '/')
	x.B = append(x.B, name...)
	x.B = append(x.B, '>')
}

// Elem writes <name>text</name>.
func (x *XML) Elem(name, text string) {
	x.Start(name)
	x.Text(text)
	x.End(name)
}

// ElemOmit writes <name>text</name> unless text is empty.
func (x *XML) ElemOmit(name, text string) {
	if text != "" {
		x.Elem(name, text)
	}
}

var (
	escQuot = "&#34;"
	escApos = "&#39;"
	escAmp  = "&amp;"
	escLT   = "&lt;"
	escGT   = "&gt;"
	escTab  = "&#x9;"
	escNL   = "&#xA;"
	escCR   = "&#xD;"
	escFFFD = "\uFFFD"
)

// AppendXMLText appends s escaped as encoding/xml escapes text: the
// characters XML 1.0 forbids become U+FFFD, and newlines are escaped when
// escapeNewline is set.
func AppendXMLText(b []byte, s string, escapeNewline bool) []byte {
	last := 0
	plain := &xmlPlain
	if !escapeNewline {
		plain = &xmlPlainNL
	}
	for i := 0; ; {
		if i = plainEnd(s, i, plain); i >= len(s) {
			break
		}
		// The plain bytes passed over, c is one to escape or to check.
		c := s[i]
		var esc string
		width := 1
		if c < utf8.RuneSelf {
			switch c {
			case '"':
				esc = escQuot
			case '\'':
				esc = escApos
			case '&':
				esc = escAmp
			case '<':
				esc = escLT
			case '>':
				esc = escGT
			case '\t':
				esc = escTab
			case '\n':
				esc = escNL
			case '\r':
				esc = escCR
			default:
				esc = escFFFD // the C0 controls XML 1.0 forbids
			}
		} else {
			var r rune
			r, width = utf8.DecodeRuneInString(s[i:])
			if inCharacterRange(r) && (r != utf8.RuneError || width != 1) {
				i += width
				continue
			}
			esc = escFFFD
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		i += width
		last = i
	}
	return append(b, s[last:]...)
}

// xmlPlain marks the ASCII bytes AppendXMLText copies as they are;
// xmlPlainNL adds the line feed.
var xmlPlain, xmlPlainNL = func() (t, nl [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = !strings.ContainsRune("\"'&<>", rune(c))
	}
	nl = t
	nl['\n'] = true
	return t, nl
}()

// plainEnd returns where the run of s from i that an escaper copies as it
// is ends: the bytes plain marks, and the two-byte UTF-8 sequences
// (U+0080 to U+07FF: é, à...), which are valid and never escaped, passed
// over without decoding.
func plainEnd(s string, i int, plain *[256]bool) int {
	for i < len(s) {
		c := s[i]
		switch {
		case plain[c]:
			i++
		case c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			i += 2
		default:
			return i
		}
	}
	return i
}

func inCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// AppendCDATA appends s as a CDATA section, "]]>" split across two
// sections; nothing for an empty s.
func AppendCDATA(b []byte, s string) []byte {
	if s == "" {
		return b
	}
	b = append(b, "<![CDATA["...)
	for {
		i := indexCDATAEnd(s)
		if i < 0 {
			break
		}
		b = append(b, s[:i]...)
		b = append(b, "]]]]><![CDATA[>"...)
		s = s[i+3:]
	}
	b = append(b, s...)
	return append(b, "]]>"...)
}

func indexCDATAEnd(s string) int {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == ']' && s[i+1] == ']' && s[i+2] == '>' {
			return i
		}
	}
	return -1
}

// MediaRef is a Media RSS element that points to a URL, with an optional
// size: media:thumbnail, media:player. Its tags give encoding/xml the
// same element (the writers' tests compare both).
//
// Spec: https://www.rssboard.org/media-rss#media-thumbnails and
// #media-player
type MediaRef struct {
	URL    string `xml:"url,attr"`
	Width  int    `xml:"width,attr,omitempty"`
	Height int    `xml:"height,attr,omitempty"`
}

// Append writes r as the element name; nothing when r is nil.
func (r *MediaRef) Append(x *XML, name string) {
	if r == nil {
		return
	}
	x.Start(name)
	x.Attr("url", r.URL)
	x.AttrIntOmit("width", int64(r.Width))
	x.AttrIntOmit("height", int64(r.Height))
	x.End(name)
}

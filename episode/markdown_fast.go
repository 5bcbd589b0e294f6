package episode

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
)

// mdBlock is a top-level block of a rendered body.
type mdBlock struct {
	level int    // the heading's level; 0 when the block is not a heading
	title string // a level-2 heading's text, for sectionTranscript
	pos   int    // where the heading's line starts in the Markdown
	start int    // where the block starts in the HTML
}

// fastMarkdown renders the common shapes of episode bodies directly:
// paragraphs, ATX headings, tight bullet lists, HTML blocks that start
// with a block tag, a comment or a line of one tag ("</br>"), blank
// lines made of spaces, and inline text with * and ** emphasis,
// [text](destination) links, tags written as they are, and the break of
// one or two trailing spaces. On anything else (indented lines,
// backslashes, code, underscores, bare brackets, tables, ordered lists,
// text a GFM autolink could take, an emphasis that is not plainly
// opened and closed...) it gives up and returns false, and goldmark
// renders the body. Where it does not give up, its HTML and blocks are
// goldmark's to the byte, and its level-2 titles plainText's
// (FuzzFastMarkdown checks it, and so do TestFastMarkdownCommonMarkSpec
// and TestFastMarkdownGoldmarkCases on the CommonMark spec's examples and
// goldmark's own cases); it takes an eighth of goldmark's time
// (BenchmarkMarkdown).
func fastMarkdown(src []byte) ([]byte, []mdBlock, bool) {
	for _, c := range src {
		// Tabs and carriage returns change columns and line ends; NUL is
		// replaced by goldmark. None is in the subset.
		if c < 0x20 && c != '\n' || c == 0x7f {
			return nil, nil, false
		}
	}
	m := fastMD{src: src, out: make([]byte, 0, len(src)+len(src)/4)}
	if !m.blocks() {
		return nil, nil, false
	}
	return m.out, m.list, true
}

// The states of fastMD between lines.
const (
	mdNone    = iota
	mdPara    // in a paragraph that started at paraStart
	mdList    // in a tight bullet list
	mdHTML    // in an HTML block that ends at a blank line
	mdComment // in an HTML block that ends at a line holding "-->"
)

type fastMD struct {
	src       []byte
	out       []byte
	list      []mdBlock
	state     int
	paraStart int  // where the paragraph's first line starts in src
	paraEnd   int  // where its last line ends (before its line feed)
	bullet    byte // the list's bullet
	blank     bool // a blank line followed the list
}

func (m *fastMD) block(level int, title string, pos int) {
	m.list = append(m.list, mdBlock{level: level, title: title, pos: pos, start: len(m.out)})
}

// closeBlock ends the paragraph or list in progress.
func (m *fastMD) closeBlock() bool {
	switch m.state {
	case mdPara:
		m.out = append(m.out, "<p>"...)
		var ok bool
		if m.out, ok = inlineMD(m.out, m.src[m.paraStart:m.paraEnd]); !ok {
			return false
		}
		m.out = append(m.out, "</p>\n"...)
	case mdList:
		m.out = append(m.out, "</ul>\n"...)
	}
	m.state = mdNone
	return true
}

// interrupt ends the block in progress for a new heading, HTML block or
// paragraph. A list not followed by a blank line is outside the subset
// there.
func (m *fastMD) interrupt() bool {
	if m.state == mdList && !m.blank {
		return false
	}
	return m.closeBlock()
}

// orderedMarker reports whether b starts as an item of an ordered list
// does: digits, then "." or ")".
func orderedMarker(b []byte) bool {
	i := 0
	for i < len(b) && '0' <= b[i] && b[i] <= '9' {
		i++
	}
	return i > 0 && i < len(b) && (b[i] == '.' || b[i] == ')')
}

// mayBeDefinition reports whether b may start a link reference
// definition: "[", then "]:" further on.
func mayBeDefinition(b []byte) bool {
	return len(b) > 0 && b[0] == '[' && bytes.Contains(b, []byte("]:"))
}

func (m *fastMD) blocks() bool {
	src := m.src
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		next := 0
		if end < 0 {
			end, next = len(src), len(src)
		} else {
			end += start
			next = end + 1
		}
		line := src[start:end]
		if !m.line(line, start, src[start:next]) {
			return false
		}
		start = next
	}
	return m.closeBlock()
}

// line takes one line: its text (without the line feed), where it
// starts, and its text with the line feed.
func (m *fastMD) line(line []byte, start int, full []byte) bool {
	if len(bytes.TrimLeft(line, " ")) == 0 {
		// A line of spaces is a blank line (CommonMark 0.31, 4.9), but
		// inside a comment, which keeps it as it is.
		switch m.state {
		case mdPara, mdHTML:
			if !m.closeBlock() {
				return false
			}
		case mdList:
			m.blank = true
		case mdComment:
			m.out = append(m.out, full...)
		}
		return true
	}
	switch m.state {
	case mdHTML:
		m.out = append(m.out, full...)
		return true
	case mdComment:
		m.out = append(m.out, full...)
		if bytes.Contains(line, []byte("-->")) {
			m.state = mdNone
		}
		return true
	}
	// A line that starts an HTML block is kept as it is, trailing
	// spaces too.
	if line[0] == '<' {
		switch kind := htmlStart(line, m.state == mdPara); kind {
		case htmlBlock, htmlComment:
			return m.html(kind, full)
		case htmlOther:
			return false
		}
		// Inline HTML starts a paragraph line.
	}
	// Indentation (indented code, list continuations) is outside the
	// subset, and so is a line that could be the delimiter row of a
	// table: goldmark takes "a\n:-" for one, without a pipe.
	if line[0] == ' ' || len(bytes.Trim(line, "-:| ")) == 0 {
		return false
	}
	// Trailing spaces end a heading, an item or a paragraph without
	// showing (CommonMark 0.31, 4.2, 4.8); between two lines of a
	// paragraph, inlineSpan makes them a break.
	line = bytes.TrimRight(line, " ")
	switch c := line[0]; {
	case c == '#':
		return m.heading(line, start)
	case c == '-' || c == '+' || c == '*':
		if len(line) >= 2 && line[1] == ' ' {
			return m.item(line)
		}
		if c != '*' {
			return false // thematic breaks, setext underlines
		}
	case orderedMarker(line):
		return false
	case c == '>' || c == '`' || c == '~' || c == '=' || c == '_' || c == '|':
		return false
	}
	// A line of text: the paragraph's next one, or the first of a new
	// one (after a list, only past a blank line: otherwise a lazy
	// continuation of the last item).
	if m.state == mdPara {
		m.paraEnd = start + len(line)
		return true
	}
	if mayBeDefinition(line) || !m.interrupt() {
		return false
	}
	m.block(0, "", start)
	m.state, m.paraStart, m.paraEnd = mdPara, start, start+len(line)
	return true
}

// heading takes an ATX heading of plain text.
func (m *fastMD) heading(line []byte, start int) bool {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n > 6 || n+1 >= len(line) || line[n] != ' ' {
		return false
	}
	text := line[n+1:]
	if text[0] == ' ' || text[len(text)-1] == '#' {
		return false
	}
	if bytes.ContainsAny(text, "*[&!<") || !m.interrupt() {
		return false
	}
	title := ""
	if n == 2 {
		// goldmark trims the ASCII spaces around a heading's text only
		// (util.TrimRightSpace), which the line has none of here; the
		// title is plainText's, which trims Unicode spaces too (U+00A0,
		// U+2003, U+3000...), as bytes.TrimSpace does. The HTML keeps
		// them.
		title = string(bytes.TrimSpace(text))
	}
	m.block(n, title, start)
	tag := byte('0' + n)
	m.out = append(m.out, '<', 'h', tag, '>')
	var ok bool
	if m.out, ok = inlineMD(m.out, text); !ok {
		return false
	}
	m.out = append(m.out, '<', '/', 'h', tag, '>', '\n')
	return true
}

// item takes an item of a bullet list, of one line.
func (m *fastMD) item(line []byte) bool {
	text := line[2:]
	switch {
	case len(text) == 0 || text[0] == ' ':
		return false
	case strings.IndexByte("#>-+<`~=_|", text[0]) >= 0:
		return false // a block inside the item
	case text[0] == '*' && (len(text) < 2 || text[1] == ' ' || len(bytes.Trim(text, "* ")) == 0):
		return false
	case orderedMarker(text), mayBeDefinition(text):
		return false
	case len(text) >= 3 && text[0] == '[' && text[2] == ']' && (text[1] == ' ' || text[1] == 'x' || text[1] == 'X'):
		return false // a task list item
	}
	switch m.state {
	case mdList:
		if m.blank || m.bullet != line[0] {
			return false // a loose list, or a new one
		}
	default:
		if !m.closeBlock() {
			return false
		}
		m.block(0, "", 0)
		m.out = append(m.out, "<ul>\n"...)
		m.state, m.bullet, m.blank = mdList, line[0], false
	}
	m.out = append(m.out, "<li>"...)
	var ok bool
	if m.out, ok = inlineMD(m.out, text); !ok {
		return false
	}
	m.out = append(m.out, "</li>\n"...)
	return true
}

// What a line starting with "<" is (CommonMark 0.31, 4.6, by type).
const (
	htmlNone    = iota // a paragraph line that starts with inline HTML
	htmlComment        // type 2
	htmlBlock          // type 6 (a block tag) or 7 (a line of one tag)
	htmlOther          // types 1, 3, 4, 5, and comments goldmark ends at once: outside the subset
)

// htmlStart tells what line (starting with "<") is; inPara: it follows a
// paragraph line, which a block of type 7 cannot interrupt.
func htmlStart(line []byte, inPara bool) int {
	switch {
	case bytes.HasPrefix(line, []byte("<!-->")) || bytes.HasPrefix(line, []byte("<!--->")):
		return htmlOther
	case bytes.HasPrefix(line, []byte("<!--")):
		return htmlComment
	case len(line) > 1 && (line[1] == '!' || line[1] == '?'):
		return htmlOther
	case rawTextLine(line) || rawTextName(line):
		// A line starting with a tag of type 1's names, whatever follows
		// it: goldmark's reading of them is left to it.
		return htmlOther
	case blockTagLine(line):
		return htmlBlock
	}
	// Type 7: a line of one tag.
	if n := htmlTag(line); n > 0 && len(bytes.TrimRight(line[n:], " ")) == 0 && utf8.Valid(line[:n]) {
		if inPara {
			return htmlNone
		}
		return htmlBlock
	}
	return htmlNone
}

// rawTextLine reports whether line opens an HTML block of type 1: "<pre",
// "<script", "<style" or "<textarea", then a space, ">" or the line's end.
func rawTextLine(line []byte) bool {
	for _, name := range []string{"pre", "script", "style", "textarea"} {
		if len(line) > len(name) && strings.EqualFold(string(line[1:1+len(name)]), name) {
			rest := line[1+len(name):]
			if len(rest) == 0 || rest[0] == ' ' || rest[0] == '>' {
				return true
			}
		}
	}
	return false
}

// rawTextName reports whether the tag that starts line, open or closing,
// has one of the names of type 1.
func rawTextName(line []byte) bool {
	name := bytes.TrimPrefix(line[1:], []byte("/"))
	if i := bytes.IndexAny(name, " />"); i >= 0 {
		name = name[:i]
	}
	switch strings.ToLower(string(name)) {
	case "pre", "script", "style", "textarea":
		return true
	}
	return false
}

// html starts an HTML block of the kind htmlStart told, which runs to a
// blank line (htmlBlock) or to a line holding "-->" (htmlComment).
func (m *fastMD) html(kind int, full []byte) bool {
	if !m.interrupt() {
		return false
	}
	m.block(0, "", 0)
	m.out = append(m.out, full...)
	m.state = mdHTML
	if kind == htmlComment {
		m.state = mdComment
		if bytes.Contains(full[4:], []byte("-->")) {
			m.state = mdNone
		}
	}
	return true
}

// blockTagLine reports whether line opens an HTML block of type 6: "<" or
// "</", one of the block tag names, then a space, the line's end, ">" or
// "/>".
func blockTagLine(line []byte) bool {
	i := 1
	if i < len(line) && line[i] == '/' {
		i++
	}
	j := i
	for j < len(line) && (isASCIILetter(line[j]) || '0' <= line[j] && line[j] <= '9') {
		j++
	}
	if j == i || j-i > 10 {
		return false
	}
	var name [10]byte
	for k := i; k < j; k++ {
		name[k-i] = line[k] | 0x20
	}
	if _, ok := blockTags[string(name[:j-i])]; !ok {
		return false
	}
	rest := line[j:]
	return len(rest) == 0 || rest[0] == ' ' || rest[0] == '>' || bytes.HasPrefix(rest, []byte("/>"))
}

// htmlTag returns the length of the open or closing tag at the start of
// s (CommonMark 0.31, 6.6), 0 when there is none or when it spans lines
// or holds anything but spaces between its parts.
func htmlTag(s []byte) int {
	if len(s) < 3 || s[0] != '<' {
		return 0
	}
	i := 1
	closing := s[1] == '/'
	if closing {
		i++
	}
	if i >= len(s) || !isASCIILetter(s[i]) {
		return 0
	}
	for i < len(s) && (isASCIILetter(s[i]) || isDigit(s[i]) || s[i] == '-') {
		i++
	}
	spaces := func(j int) int {
		for j < len(s) && s[j] == ' ' {
			j++
		}
		return j
	}
	if closing {
		if i = spaces(i); i < len(s) && s[i] == '>' {
			return i + 1
		}
		return 0
	}
	for {
		j := spaces(i)
		switch {
		case j < len(s) && s[j] == '>':
			return j + 1
		case j+1 < len(s) && s[j] == '/' && s[j+1] == '>':
			return j + 2
		case j == i || j >= len(s) || !(isASCIILetter(s[j]) || s[j] == '_' || s[j] == ':'):
			return 0 // an attribute follows a space, and starts so
		}
		for j++; j < len(s) && (isASCIILetter(s[j]) || isDigit(s[j]) || strings.IndexByte("_.:-", s[j]) >= 0); j++ {
		}
		if k := spaces(j); k < len(s) && s[k] == '=' {
			k = spaces(k + 1)
			if k >= len(s) {
				return 0
			}
			if q := s[k]; q == '"' || q == '\'' {
				e := bytes.IndexByte(s[k+1:], q)
				if e < 0 || bytes.IndexByte(s[k+1:k+1+e], '\n') >= 0 {
					return 0
				}
				k += e + 2
			} else {
				start := k
				for k < len(s) && strings.IndexByte(" \n\"'=<>`", s[k]) < 0 {
					k++
				}
				if k == start {
					return 0
				}
			}
			j = k
		}
		i = j
	}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// blockTags are the names that open an HTML block of type 6
// (CommonMark 0.31, 4.6).
var blockTags = map[string]struct{}{
	"address": {}, "article": {}, "aside": {}, "base": {}, "basefont": {}, "blockquote": {},
	"body": {}, "caption": {}, "center": {}, "col": {}, "colgroup": {}, "dd": {}, "details": {},
	"dialog": {}, "dir": {}, "div": {}, "dl": {}, "dt": {}, "fieldset": {}, "figcaption": {},
	"figure": {}, "footer": {}, "form": {}, "frame": {}, "frameset": {}, "h1": {}, "h2": {},
	"h3": {}, "h4": {}, "h5": {}, "h6": {}, "head": {}, "header": {}, "hr": {}, "html": {},
	"iframe": {}, "legend": {}, "li": {}, "link": {}, "main": {}, "menu": {}, "menuitem": {},
	"nav": {}, "noframes": {}, "ol": {}, "optgroup": {}, "option": {}, "p": {}, "param": {},
	"search": {}, "section": {}, "summary": {}, "table": {}, "tbody": {}, "td": {}, "tfoot": {},
	"th": {}, "thead": {}, "title": {}, "tr": {}, "track": {}, "ul": {},
}

// inlineMD appends the HTML of the inline text s, or returns false when
// s is outside the subset. Emphasis tags are written as their runs come:
// an opening run that no run closes makes the body go to goldmark, so no
// tag is left unpaired.
func inlineMD(out, s []byte) ([]byte, bool) {
	return inlineSpan(out, s, 0, len(s))
}

// The sides of a * run, by goldmark's classes (parser.ScanDelimiter).
const (
	sideSpace = iota
	sidePunct
	sideWord
	sideOther
)

// inlineSpan renders s[lo:hi]; the characters around it (a link's
// brackets) count as the sides of the * runs at its edges.
func inlineSpan(out, s []byte, lo, hi int) ([]byte, bool) {
	var stack [8]int
	depth := 0
	last := lo // s[last:i] is text not written yet
	for i := lo; i < hi; i++ {
		if !inlineSpecial[s[i]] {
			continue
		}
		var repl string
		switch c := s[i]; c {
		case '\n':
			// Spaces at the end of a paragraph's line: one is not
			// written, two make a hard line break (CommonMark 0.31, 6.7,
			// 6.8), which goldmark writes "<br>". With more, goldmark
			// keeps some of them: outside the subset.
			k := i
			for k > last && s[k-1] == ' ' {
				k--
			}
			if i-k > 2 {
				return out, false
			}
			if i > k {
				out = append(out, s[last:k]...)
				if i-k == 2 {
					out = append(out, "<br>"...)
				}
				last = i
			}
			continue
		case '\\', '`', '~', '_', '|', ']', '@':
			return out, false
		case '<':
			// Raw HTML, written as it is; an autolink, a comment or
			// anything else is outside the subset.
			n := htmlTag(s[i:hi])
			if n == 0 || !utf8.Valid(s[i:i+n]) {
				return out, false
			}
			out = append(out, s[last:i+n]...)
			i += n - 1
			last = i + 1
			continue
		case '!':
			if i+1 < hi && s[i+1] == '[' {
				return out, false // an image
			}
			continue
		case ':':
			// A GFM autolink, maybe: linkify takes "http:", "https:",
			// "ftp:" and "www.".
			t := s[lo:i]
			if bytes.HasSuffix(t, []byte("http")) || bytes.HasSuffix(t, []byte("https")) || bytes.HasSuffix(t, []byte("ftp")) {
				return out, false
			}
			continue
		case '.':
			if bytes.HasSuffix(s[lo:i], []byte("www")) {
				return out, false
			}
			continue
		case '&':
			if mayBeReference(s[i:hi]) {
				return out, false
			}
			repl = "&amp;"
		case '"':
			repl = "&quot;"
		case '>':
			repl = "&gt;"
		case '*':
			n := 1
			for i+n < hi && s[i+n] == '*' {
				n++
			}
			before, after := sideOf(s[:i], true), sideOf(s[i+n:], false)
			if n > 2 || before == sideOther || after == sideOther {
				return out, false
			}
			// CommonMark 0.31, 6.2: left- and right-flanking runs.
			left := after != sideSpace && (after != sidePunct || before != sideWord)
			right := before != sideSpace && (before != sidePunct || after != sideWord)
			if left == right {
				return out, false // both, or a literal *
			}
			out = append(out, s[last:i]...)
			if left {
				if depth == len(stack) {
					return out, false
				}
				stack[depth] = n
				depth++
				out = append(out, emTags[n-1][0]...)
			} else {
				if depth == 0 || stack[depth-1] != n {
					return out, false
				}
				depth--
				out = append(out, emTags[n-1][1]...)
			}
			i += n - 1
			last = i + 1
			continue
		case '[':
			textEnd, end, dest, ok := simpleLink(s[i:hi])
			if !ok {
				return out, false
			}
			out = append(out, s[last:i]...)
			out = append(out, `<a href="`...)
			out = append(out, util.EscapeHTML(util.URLEscape(dest, true))...)
			out = append(out, `">`...)
			if out, ok = inlineSpan(out, s, i+1, i+textEnd); !ok {
				return out, false
			}
			out = append(out, "</a>"...)
			i += end - 1
			last = i + 1
			continue
		default:
			continue
		}
		out = append(out, s[last:i]...)
		out = append(out, repl...)
		last = i + 1
	}
	out = append(out, s[last:hi]...)
	return out, depth == 0
}

// inlineSpecial marks the bytes inlineSpan looks at; it copies the others.
var inlineSpecial = func() (t [256]bool) {
	for _, c := range []byte("\\`<~_|]@!:.&\">*[\n") {
		t[c] = true
	}
	return t
}()

var emTags = [2][2]string{{"<em>", "</em>"}, {"<strong>", "</strong>"}}

// simpleLink reads "[text](destination)" at the start of s: a text
// without brackets, a destination without spaces, parentheses, "<" or
// backslashes, and no title. It returns where the text ends (at "]") and
// the length read.
func simpleLink(s []byte) (textEnd, end int, dest []byte, ok bool) {
	// Raw HTML binds more tightly than a link's brackets: a text with
	// a tag is left out.
	j := bytes.IndexAny(s[1:], "[]<")
	if j <= 0 || s[1+j] != ']' {
		return 0, 0, nil, false
	}
	j++
	if j+1 >= len(s) || s[j+1] != '(' {
		return 0, 0, nil, false
	}
	k := bytes.IndexByte(s[j+2:], ')')
	if k <= 0 {
		return 0, 0, nil, false
	}
	dest = s[j+2 : j+2+k]
	for _, c := range dest {
		if c <= ' ' || c == '(' || c == '<' || c == '\\' || c == 0x7f {
			return 0, 0, nil, false
		}
	}
	if mayBeReference(dest) {
		return 0, 0, nil, false
	}
	return j, j + 2 + k + 1, dest, true
}

// mayBeReference reports whether s holds "&" followed by letters,
// digits or "#" and then ";": an entity or character reference, which
// goldmark resolves.
func mayBeReference(s []byte) bool {
	for {
		i := bytes.IndexByte(s, '&')
		if i < 0 {
			return false
		}
		s = s[i+1:]
		j := 0
		for j < len(s) && (isASCIILetter(s[j]) || '0' <= s[j] && s[j] <= '9' || s[j] == '#') {
			j++
		}
		if j > 0 && j < len(s) && s[j] == ';' {
			return true
		}
	}
}

// sideOf classes the character before (when back) or after a * run; the
// edge of the text counts as a space, as a line end does.
func sideOf(s []byte, back bool) int {
	if len(s) == 0 {
		return sideSpace
	}
	var r rune
	if back {
		r, _ = utf8.DecodeLastRune(s)
	} else {
		r, _ = utf8.DecodeRune(s)
	}
	switch {
	case r == ' ' || r == '\n':
		return sideSpace
	case r < utf8.RuneSelf && util.IsPunct(byte(r)):
		return sidePunct
	case r < utf8.RuneSelf && (isASCIILetter(byte(r)) || '0' <= r && r <= '9'):
		return sideWord
	case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		return sideWord
	}
	return sideOther
}

package episode

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// Most front matter is a short mapping of keys to one-line values: quoted
// or plain strings, dates, flow or block sequences of strings, and
// mappings of strings one level down (an image's path and alt text).
// simpleYAML reads that subset directly, some ten times faster than
// building and walking a yaml.Node tree, which was a tenth of a build's
// time. It gives up at the first thing outside of it (a number, a
// boolean, a null written as a word, an escape, a comment after a value,
// a value over several lines, an anchor, a tag, a tab, an unusual
// character...), and the front matter then goes to yaml.v3 as it always
// did.
//
// The rule: where simpleYAML does not give up, its result is exactly
// what decodeYAMLTree makes of the same text with yaml.v3, the same
// values on the same lines; where yaml.v3 fails, simpleYAML gives up, so
// that the text fails the same way. The subset is yaml.v3's reading, not
// the YAML 1.2 spec's, where the two differ. Its boundary:
//
//   - Top-level keys are plain words ([A-Za-z_][A-Za-z0-9_-]*, at most
//     maxSimpleKey bytes), each once, at column 0, followed by ":" and a
//     space or the line's end.
//   - A value is a scalar on the key's line, a one-line flow sequence of
//     scalars, or, below an empty value, a block sequence of scalars or
//     a block mapping of plain keys to scalars or nothing, its lines all
//     at one indentation. Anything indented otherwise gives up.
//   - A scalar is a double-quoted string without "\", a single-quoted
//     one, or a plain one that yaml.v3 reads whole as a string (or a
//     timestamp, which decodeYAMLTree keeps as text): it starts with a
//     letter, "/", "./" or "../", or is a date; it holds no ": " or " #"
//     and does not end with ":"; it is not a boolean or null word of
//     YAML 1.1 or 1.2 in any case. Numbers give up.
//   - In a flow sequence, a plain item holds none of ",[]{}:" and no
//     "?": yaml.v3's scanner (libyaml's YAML 1.1 rule) ends a plain
//     scalar at "?" in flow context and reads a "?" there as a mapping
//     key's indicator, so "[IA, Pourquoi?]", valid YAML 1.2, fails in
//     yaml.v3 ("did not find expected ',' or ']'"), and "[a, ?b]" is a
//     mapping in a sequence. In block context "?" inside a plain scalar
//     is text for both.
//   - Characters: valid UTF-8, printable for yaml.v3 (see simpleChars),
//     no tab, no carriage return, no BOM.
//
// FuzzSimpleYAML checks the rule on every input, and
// TestSimpleYAMLTestSuite on every case of the YAML test suite.

// maxSimpleValues bounds the values simpleYAML reads, far below the
// limits of decodeYAML.
const maxSimpleValues = 1000

// maxSimpleKey is the longest key simpleYAML reads (a YAML simple key is
// at most 1024 characters).
const maxSimpleKey = 128

// simpleDocument is the document of the pairs simpleYAML read.
func simpleDocument(fm frontMatter, pairs []yamlValue) *document {
	doc := newDocument(fm.openLine)
	for _, kv := range pairs {
		doc.set(kv.key, kv.value, fm.line+kv.line-1)
	}
	return doc
}

// simpleYAML returns the top-level pairs of the front matter text, each
// with the line (1-based, in text) of its key, or false when text is not
// in the subset.
func simpleYAML(text []byte) ([]yamlValue, bool) {
	if !simpleChars(text) {
		return nil, false
	}
	r := simpleReader{text: text}
	var out []yamlValue
	seen := map[string]bool{}
	values := 0
	for {
		line, n, ok := r.next()
		if !ok {
			break
		}
		if indent(line) > 0 {
			return nil, false
		}
		key, rest, ok := cutKey(line)
		if !ok || seen[key] {
			return nil, false
		}
		seen[key] = true
		var v any
		switch {
		case len(rest) == 0:
			// A block below, or nothing (null).
			next, _, more := r.peek()
			switch {
			case !more || indent(next) == 0 && !isSeqItem(next):
				v = nil
			case isSeqItem(next[indent(next):]):
				v, ok = r.sequence()
			default:
				v, ok = r.mapping()
			}
		case rest[0] == '[':
			v, ok = flowSequence(rest)
		default:
			v, ok = scalarValue(rest, false)
		}
		if !ok {
			return nil, false
		}
		switch v := v.(type) {
		case []any:
			values += len(v)
		case map[string]any:
			values += len(v)
		}
		if values++; values > maxSimpleValues {
			return nil, false
		}
		out = append(out, yamlValue{key: key, line: n, value: v})
	}
	return out, len(out) > 0
}

// yamlValue is a top-level pair of the front matter.
type yamlValue struct {
	key   string
	line  int
	value any
}

// simpleChars reports whether text is valid UTF-8 made of characters
// that yaml.v3 reads as printable and not as line breaks, with no tab
// and no carriage return.
func simpleChars(text []byte) bool {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if c != '\n' && (c < 0x20 || c == 0x7F) {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return false
		case r < 0xA0, r == 0x2028, r == 0x2029, r == 0xFEFF,
			r >= 0xD800 && r < 0xE000, r == 0xFFFE, r == 0xFFFF:
			return false
		}
		i += size
	}
	return true
}

// simpleReader hands out the lines of the text that are neither blank nor
// comments, with their numbers.
type simpleReader struct {
	text []byte
	pos  int
	line int // of the last line handed out
}

func (r *simpleReader) peek() (line []byte, n int, ok bool) {
	line, n, _, ok = r.scan()
	return line, n, ok
}

func (r *simpleReader) next() (line []byte, n int, ok bool) {
	line, n, r.pos, ok = r.scan()
	r.line = n
	return line, n, ok
}

// scan finds the next line from the reader's position: the line, its
// number and the position after it.
func (r *simpleReader) scan() (line []byte, n, after int, ok bool) {
	pos, num := r.pos, r.line
	for pos < len(r.text) {
		end := bytes.IndexByte(r.text[pos:], '\n')
		if end < 0 {
			end = len(r.text) - pos
		}
		l := r.text[pos : pos+end]
		pos += end + 1
		num++
		if t := bytes.TrimLeft(l, " "); len(t) > 0 && t[0] != '#' {
			return l, num, pos, true
		}
	}
	return nil, num, len(r.text), false
}

// sequence reads a block sequence of scalars, its items all at the
// indentation of the first.
func (r *simpleReader) sequence() ([]any, bool) {
	first, _, _ := r.peek()
	ind := indent(first)
	out := []any{}
	for {
		line, _, ok := r.peek()
		if !ok || indent(line) != ind || !isSeqItem(line[ind:]) {
			break
		}
		r.next()
		v, ok := scalarValue(bytes.TrimLeft(line[ind+1:], " "), false)
		if !ok {
			return nil, false
		}
		out = append(out, v)
	}
	// What follows must be the next top-level key.
	if line, _, ok := r.peek(); ok && indent(line) > 0 {
		return nil, false
	}
	return out, true
}

// mapping reads a block mapping of scalars, its keys all at the
// indentation of the first.
func (r *simpleReader) mapping() (map[string]any, bool) {
	first, _, _ := r.peek()
	ind := indent(first)
	out := map[string]any{}
	for {
		line, _, ok := r.peek()
		if !ok || indent(line) == 0 {
			break
		}
		if indent(line) != ind {
			return nil, false
		}
		r.next()
		key, rest, ok := cutKey(line[ind:])
		if !ok {
			return nil, false
		}
		if _, dup := out[key]; dup {
			return nil, false
		}
		var v any
		if len(rest) > 0 {
			if v, ok = scalarValue(rest, false); !ok {
				return nil, false
			}
		}
		out[key] = v
	}
	return out, true
}

func indent(line []byte) int {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	return n
}

// isSeqItem reports whether line (unindented) is a block sequence entry
// with a value on its line.
func isSeqItem(line []byte) bool {
	return len(line) >= 2 && line[0] == '-' && line[1] == ' ' && len(bytes.TrimLeft(line[1:], " ")) > 0
}

// cutKey splits "key: rest" (or "key:"); the key is a plain word of
// letters, digits, "_" and "-", starting with a letter or "_".
func cutKey(line []byte) (key string, rest []byte, ok bool) {
	i := 0
	for i < len(line) && i <= maxSimpleKey {
		c := line[i]
		if c == ':' {
			break
		}
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' ||
			i > 0 && (c >= '0' && c <= '9' || c == '-')) {
			return "", nil, false
		}
		i++
	}
	if i == 0 || i >= len(line) || i > maxSimpleKey || line[i] != ':' {
		return "", nil, false
	}
	rest = line[i+1:]
	if len(rest) > 0 && rest[0] != ' ' {
		return "", nil, false
	}
	rest = bytes.Trim(rest, " ")
	if len(rest) > 0 && rest[0] == '#' {
		return "", nil, false
	}
	return string(line[:i]), rest, true
}

// scalarValue reads a whole value: a quoted string, or a plain one that is
// surely a string (see plainString); inFlow for an item of a flow
// sequence, which was cut at its comma already.
func scalarValue(b []byte, inFlow bool) (any, bool) {
	b = bytes.TrimRight(b, " ")
	if len(b) == 0 {
		return nil, false
	}
	switch b[0] {
	case '"':
		s, n, ok := doubleQuoted(b)
		return s, ok && n == len(b)
	case '\'':
		s, n, ok := singleQuoted(b)
		return s, ok && n == len(b)
	}
	if !plainString(b, inFlow) {
		return nil, false
	}
	return string(b), true
}

// doubleQuoted reads a double-quoted string without escapes at the start
// of b, and returns it and its length in b.
func doubleQuoted(b []byte) (string, int, bool) {
	end := bytes.IndexAny(b[1:], "\"\\")
	if end < 0 || b[1+end] != '"' {
		return "", 0, false
	}
	return string(b[1 : 1+end]), end + 2, true
}

// singleQuoted reads a single-quoted string at the start of b (a doubled
// quote stands for one), and returns it and its length in b.
func singleQuoted(b []byte) (string, int, bool) {
	var out []byte
	i := 1
	for {
		j := bytes.IndexByte(b[i:], '\'')
		if j < 0 {
			return "", 0, false
		}
		out = append(out, b[i:i+j]...)
		i += j + 1
		if i < len(b) && b[i] == '\'' {
			out = append(out, '\'')
			i++
			continue
		}
		return string(out), i, true
	}
}

// plainString reports whether b, a plain scalar, is one that yaml.v3
// reads as a string, or as a timestamp (which decodeYAML keeps as text
// too), and reads whole: it starts with a letter, "/", "./" or "../", or is
// a date; nothing in it ends it early or starts a comment; and it is none
// of the words that are booleans or null, in any YAML version.
func plainString(b []byte, inFlow bool) bool {
	if bytes.Contains(b, []byte(": ")) || bytes.Contains(b, []byte(" #")) || b[len(b)-1] == ':' {
		return false
	}
	// yaml.v3 ends a plain scalar at "?" in flow context (see the rule
	// at the top of this file).
	if inFlow && bytes.ContainsAny(b, ",[]{}:?") {
		return false
	}
	r, _ := utf8.DecodeRune(b)
	switch {
	case unicode.IsLetter(r):
		return !yamlWord(b)
	case b[0] == '/', bytes.HasPrefix(b, []byte("./")), bytes.HasPrefix(b, []byte("../")):
		return true
	}
	return isDate(b)
}

// yamlWord reports whether b is one of the words that YAML 1.1 or 1.2
// read as a boolean or null, in any case.
func yamlWord(b []byte) bool {
	if len(b) > 5 {
		return false
	}
	switch string(bytes.ToLower(b)) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null":
		return true
	}
	return false
}

// isDate reports whether b is YYYY-MM-DD, alone or followed by a time
// ("T" or a space, hh:mm, then seconds, a fraction and a zone, or "Z"):
// no number has such a form.
func isDate(b []byte) bool {
	digits := func(s []byte) bool {
		for _, c := range s {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	if len(b) < 10 || !digits(b[0:4]) || b[4] != '-' || !digits(b[5:7]) || b[7] != '-' || !digits(b[8:10]) {
		return false
	}
	rest := b[10:]
	if len(rest) == 0 {
		return true
	}
	if rest[0] != 'T' && rest[0] != 't' && rest[0] != ' ' {
		return false
	}
	for _, c := range rest[1:] {
		if !(c >= '0' && c <= '9' || c == ':' || c == '.' || c == '+' || c == '-' || c == 'Z' || c == ' ') {
			return false
		}
	}
	return len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9'
}

// flowSequence reads a one-line flow sequence of scalars: "[a, 'b', "c"]".
func flowSequence(b []byte) ([]any, bool) {
	out := []any{}
	i := 1
	skip := func() {
		for i < len(b) && b[i] == ' ' {
			i++
		}
	}
	skip()
	if i < len(b) && b[i] == ']' {
		i++
		return out, len(bytes.TrimRight(b[i:], " ")) == 0
	}
	for {
		skip()
		if i >= len(b) {
			return nil, false
		}
		var v any
		switch b[i] {
		case '"':
			s, n, ok := doubleQuoted(b[i:])
			if !ok {
				return nil, false
			}
			v, i = s, i+n
		case '\'':
			s, n, ok := singleQuoted(b[i:])
			if !ok {
				return nil, false
			}
			v, i = s, i+n
		default:
			end := bytes.IndexAny(b[i:], ",]")
			if end < 0 {
				return nil, false
			}
			item := bytes.TrimRight(b[i:i+end], " ")
			if len(item) == 0 || !plainString(item, true) {
				return nil, false
			}
			v, i = string(item), i+end
		}
		out = append(out, v)
		skip()
		if i >= len(b) {
			return nil, false
		}
		switch b[i] {
		case ',':
			i++
			continue
		case ']':
			i++
			return out, len(bytes.TrimRight(b[i:], " ")) == 0
		}
		return nil, false
	}
}

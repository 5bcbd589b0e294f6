package episode

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// document is a decoded front matter: its top-level keys in file order,
// their values and the file line of each key.
//
// Values are string, bool, int, int64, uint64, float64, time.Time (TOML
// dates), nil, []any and map[string]any. YAML timestamps are kept as their
// text, so that a date keeps the meaning it has in the file.
type document struct {
	keys   []string
	values map[string]any
	lines  map[string]int
	// line is the line of the opening delimiter, for problems with no key.
	line int
}

func newDocument(line int) *document {
	return &document{values: map[string]any{}, lines: map[string]int{}, line: line}
}

// set records a top-level key. A repeated key keeps its first line and
// position; its last value is used.
func (d *document) set(key string, v any, line int) (dup bool) {
	if _, ok := d.values[key]; ok {
		d.values[key] = v
		return true
	}
	d.keys = append(d.keys, key)
	d.values[key] = v
	d.lines[key] = line
	return false
}

// syntaxError is a decoding error whose message had its position removed
// (the Diagnostic carries the file line instead).
type syntaxError struct {
	lang string
	msg  string
	// hint, when set, says in plain words what is probably wrong; the
	// decoder's message follows it in parentheses.
	hint string
	err  error
}

func (e *syntaxError) Error() string {
	if e.hint != "" {
		return e.hint + " (" + e.lang + ": " + e.msg + ")"
	}
	return e.lang + ": " + e.msg
}
func (e *syntaxError) Unwrap() error { return e.err }

// decode decodes the front matter; it reports an error and returns nil when
// the front matter cannot be decoded.
func (p *fileParser) decode(fm frontMatter) *document {
	switch fm.format {
	case formatTOML:
		return p.decodeTOML(fm)
	case formatJSON:
		return p.decodeJSON(fm)
	}
	return p.decodeYAML(fm)
}

// clampLine keeps a line reported by a decoder inside the front matter.
func clampLine(fm frontMatter, line int) int {
	last := max(fm.closeLine, fm.line)
	return min(max(line, fm.openLine), last)
}

var tomlKeyLine = regexp.MustCompile(`^\s*(?:\[\s*)?("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*[=.\]]`)

func (p *fileParser) decodeTOML(fm frontMatter) *document {
	var m map[string]any
	md, err := toml.Decode(string(fm.text), &m)
	if err != nil {
		line, msg := fm.line, err.Error()
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line, msg = fm.line+pe.Position.Line-1, pe.Message
		}
		p.fail(clampLine(fm, line), "front matter", &syntaxError{lang: "toml", msg: msg, err: err})
		return nil
	}
	lines := keyLines(fm)
	doc := newDocument(fm.openLine)
	for _, k := range md.Keys() {
		if len(k) != 1 {
			continue
		}
		key := k[0]
		if _, ok := doc.values[key]; ok {
			continue
		}
		line, ok := lines[key]
		if !ok {
			line = fm.line
		}
		doc.set(key, normalizeTOML(m[key]), line)
	}
	return doc
}

// keyLines finds the line of each top-level TOML key: a key = value line
// before the first table, or a [table] header.
func keyLines(fm frontMatter) map[string]int {
	lines := map[string]int{}
	inTable := false
	for i, l := range bytes.Split(fm.text, []byte("\n")) {
		t := bytes.TrimSpace(l)
		isTable := bytes.HasPrefix(t, []byte("["))
		if isTable {
			inTable = true
		} else if inTable {
			continue
		}
		if bytes.HasPrefix(t, []byte("[[")) {
			t = t[1:]
		}
		m := tomlKeyLine.FindSubmatch(t)
		if m == nil {
			continue
		}
		key := string(m[1])
		if k, err := strconv.Unquote(key); err == nil {
			key = k
		} else {
			key = strings.Trim(key, "'")
		}
		if _, ok := lines[key]; !ok {
			lines[key] = fm.line + i
		}
	}
	return lines
}

// normalizeTOML turns arrays of tables into []any.
func normalizeTOML(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = normalizeTOML(e)
		}
		return v
	case []map[string]any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalizeTOML(e)
		}
		return out
	case []any:
		for i, e := range v {
			v[i] = normalizeTOML(e)
		}
		return v
	}
	return v
}

func (p *fileParser) decodeJSON(fm frontMatter) *document {
	dec := json.NewDecoder(bytes.NewReader(fm.text))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		line := fm.line
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line = fm.line + lineAt(fm.text, int(se.Offset)) - 1
		case errors.As(err, &te):
			line = fm.line + lineAt(fm.text, int(te.Offset)) - 1
		}
		p.fail(clampLine(fm, line), "front matter", &syntaxError{lang: "json", msg: strings.TrimPrefix(err.Error(), "json: "), err: err})
		return nil
	}
	doc := newDocument(fm.openLine)
	for _, k := range jsonKeys(fm.text) {
		if v, ok := m[k.name]; ok {
			doc.set(k.name, normalizeJSON(v), fm.line+k.line-1)
		}
	}
	return doc
}

type jsonKey struct {
	name string
	line int
}

// jsonKeys lists the keys of the top-level object of a valid JSON text in
// order, with their 1-based lines.
func jsonKeys(text []byte) []jsonKey {
	dec := json.NewDecoder(bytes.NewReader(text))
	var keys []jsonKey
	depth, wantKey := 0, false
	line, counted := 1, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return keys
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				depth++
				wantKey = depth == 1
			default:
				depth--
				wantKey = depth == 1
			}
			continue
		}
		if depth != 1 {
			continue
		}
		if wantKey {
			if s, ok := tok.(string); ok {
				off := int(dec.InputOffset())
				line += bytes.Count(text[counted:off], []byte("\n"))
				counted = off
				keys = append(keys, jsonKey{name: s, line: line})
			}
		}
		wantKey = !wantKey
	}
}

// normalizeJSON turns json.Number into int64 or float64.
func normalizeJSON(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		if f, err := v.Float64(); err == nil {
			return f
		}
		return v.String()
	case map[string]any:
		for k, e := range v {
			v[k] = normalizeJSON(e)
		}
		return v
	case []any:
		for i, e := range v {
			v[i] = normalizeJSON(e)
		}
		return v
	}
	return v
}

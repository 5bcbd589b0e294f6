package wire

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// JSON appends an indented JSON value as an encoding/json Encoder with
// SetEscapeHTML(false) and SetIndent(prefix, indent) writes it, without
// the final newline.
type JSON struct {
	B              []byte
	prefix, indent string
	stack          []frame // the objects and arrays not closed yet
	afterKey       bool    // a key is written, its value comes next
}

type frame struct {
	array bool
	n     int // members written
}

// NewJSON returns a JSON that appends to b.
func NewJSON(b []byte, prefix, indent string) *JSON {
	return &JSON{B: b, prefix: prefix, indent: indent}
}

func (j *JSON) newline() {
	j.B = append(j.B, '\n')
	j.B = append(j.B, j.prefix...)
	for range len(j.stack) {
		j.B = append(j.B, j.indent...)
	}
}

// next starts a member of the innermost object or array.
func (j *JSON) next() {
	f := &j.stack[len(j.stack)-1]
	if f.n > 0 {
		j.B = append(j.B, ',')
	}
	f.n++
	j.newline()
}

// begin comes before any value.
func (j *JSON) begin() {
	if j.afterKey {
		j.afterKey = false
		return
	}
	if len(j.stack) > 0 {
		j.next()
	}
}

// Key writes the key of an object member; its value follows.
func (j *JSON) Key(k string) {
	j.next()
	j.B = AppendJSONString(j.B, k)
	j.B = append(j.B, ':', ' ')
	j.afterKey = true
}

// String writes a string value.
func (j *JSON) String(s string) {
	j.begin()
	j.B = AppendJSONString(j.B, s)
}

// Int writes an integer value.
func (j *JSON) Int(n int64) {
	j.begin()
	j.B = strconv.AppendInt(j.B, n, 10)
}

// Float writes a float64 value as encoding/json does.
func (j *JSON) Float(f float64) {
	j.begin()
	j.B = AppendJSONFloat(j.B, f)
}

// Bool writes a boolean value.
func (j *JSON) Bool(v bool) {
	j.begin()
	j.B = strconv.AppendBool(j.B, v)
}

// Object starts an object.
func (j *JSON) Object() {
	j.begin()
	j.B = append(j.B, '{')
	j.stack = append(j.stack, frame{})
}

// Array starts an array.
func (j *JSON) Array() {
	j.begin()
	j.B = append(j.B, '[')
	j.stack = append(j.stack, frame{array: true})
}

// Close ends the innermost object or array.
func (j *JSON) Close() {
	f := j.stack[len(j.stack)-1]
	j.stack = j.stack[:len(j.stack)-1]
	if f.n > 0 {
		j.newline()
	}
	if f.array {
		j.B = append(j.B, ']')
	} else {
		j.B = append(j.B, '}')
	}
}

const hex = "0123456789abcdef"

// AppendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it with SetEscapeHTML(false).
func AppendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; ; {
		if i = plainEnd(s, i, &jsonPlain); i >= len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// jsonPlain marks the ASCII bytes AppendJSONString copies as they are.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// AppendJSONFloat appends f as encoding/json writes a float64.
func AppendJSONFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

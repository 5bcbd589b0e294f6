package episode

import (
	"bytes"
	"fmt"
)

// format is the language of a front matter.
type format int

const (
	formatYAML format = iota
	formatTOML
	formatJSON
)

func (f format) String() string {
	switch f {
	case formatTOML:
		return "toml"
	case formatJSON:
		return "json"
	}
	return "yaml"
}

// frontMatter is a file split into its front matter and its body. Line
// numbers are 1-based lines of the file.
type frontMatter struct {
	format format
	// text is the front matter without its delimiters (for JSON, the
	// object with its braces).
	text []byte
	// line is the line of text's first byte; openLine and closeLine are
	// the lines of the delimiters (the braces for JSON).
	line, openLine, closeLine int
	body                      []byte
	bodyLine                  int
}

// lineError is an error found at a line of the file.
type lineError struct {
	line int
	err  error
}

// split finds the front matter at the start of text (a BOM already
// removed, line endings already LF). Blank lines before it are allowed. It
// only finds the boundaries, like Hugo's pageparser: decoding comes next.
func split(text []byte) (frontMatter, *lineError) {
	start, line := 0, 1
	for {
		end := bytes.IndexByte(text[start:], '\n')
		if end < 0 || len(bytes.TrimSpace(text[start:start+end])) > 0 {
			break
		}
		start += end + 1
		line++
	}
	first := firstLine(text[start:])
	switch {
	case string(bytes.TrimRight(first, " \t")) == "---":
		return splitDelimited(text, start, line, "---", formatYAML)
	case string(bytes.TrimRight(first, " \t")) == "+++":
		return splitDelimited(text, start, line, "+++", formatTOML)
	case isJSONStart(text[start:]):
		return splitJSON(text, start, line)
	}
	return frontMatter{}, &lineError{line: 1, err: fmt.Errorf("%w: the file must start with ---, +++ or {", ErrNoFrontMatter)}
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i]
	}
	return b
}

// isJSONStart tells whether b starts a JSON object, and not a template tag
// such as {% ... %} or {{ ... }}.
func isJSONStart(b []byte) bool {
	if len(b) < 2 || b[0] != '{' {
		return false
	}
	switch b[1] {
	case ' ', '\t', '\n', '"', '}':
		return true
	}
	return false
}

// splitDelimited splits a front matter between two lines holding delim.
func splitDelimited(text []byte, start, line int, delim string, f format) (frontMatter, *lineError) {
	fm := frontMatter{format: f, openLine: line, line: line + 1}
	nl := bytes.IndexByte(text[start:], '\n')
	if nl < 0 {
		return fm, &lineError{line: line, err: fmt.Errorf("%w: no closing %s", ErrUnterminated, delim)}
	}
	textStart := start + nl + 1
	pos, l := textStart, line+1
	for pos <= len(text) {
		end := bytes.IndexByte(text[pos:], '\n')
		lineEnd := len(text)
		if end >= 0 {
			lineEnd = pos + end
		}
		if string(bytes.TrimRight(text[pos:lineEnd], " \t")) == delim {
			fm.text = text[textStart:pos]
			fm.closeLine = l
			fm.bodyLine = l + 1
			if end >= 0 {
				fm.body = text[lineEnd+1:]
			}
			return fm, nil
		}
		if end < 0 {
			break
		}
		pos = lineEnd + 1
		l++
	}
	return fm, &lineError{line: line, err: fmt.Errorf("%w: no closing %s", ErrUnterminated, delim)}
}

// splitJSON splits a JSON object front matter, finding its closing brace
// outside strings.
func splitJSON(text []byte, start, line int) (frontMatter, *lineError) {
	fm := frontMatter{format: formatJSON, openLine: line, line: line}
	depth, inString, escaped := 0, false, false
	for i := start; i < len(text); i++ {
		c := text[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				fm.text = text[start : i+1]
				fm.closeLine = lineAt(text, i)
				rest := text[i+1:]
				nl := bytes.IndexByte(rest, '\n')
				if nl >= 0 && len(bytes.TrimSpace(rest[:nl])) == 0 {
					fm.body = rest[nl+1:]
					fm.bodyLine = fm.closeLine + 1
				} else {
					fm.body = rest
					fm.bodyLine = fm.closeLine
				}
				return fm, nil
			}
		}
	}
	return fm, &lineError{line: line, err: fmt.Errorf("%w: no closing }", ErrUnterminated)}
}

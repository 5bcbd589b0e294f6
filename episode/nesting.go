package episode

import (
	"bytes"
	"fmt"
)

// maxNesting is the deepest nesting of block quotes and list items one
// line may open. goldmark's time grows with the square of that depth (a
// line of 256 KiB of ">" takes seconds), and no real text comes near it.
const maxNesting = 32

// limitNesting escapes, with a backslash, the block quote or list marker
// that would open a block deeper than maxNesting on a line: the rest of the
// line is then text. It returns src itself when no line needs it. No line
// is added or removed.
func (p *fileParser) limitNesting(src []byte, firstLine int) []byte {
	var out []byte
	copied, line := 0, firstLine
	for start := 0; start < len(src); line++ {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		if at := deepMarker(src[start:end]); at >= 0 {
			if out == nil {
				out = make([]byte, 0, len(src)+64)
			}
			out = append(out, src[copied:start+at]...)
			out = append(out, '\\')
			copied = start + at
			p.warn(line, "body", fmt.Errorf("block quotes or lists nested deeper than %d levels: the rest of the line is text", maxNesting))
		}
		start = end + 1
	}
	if out == nil {
		return src
	}
	return append(out, src[copied:]...)
}

// deepMarker returns the offset in line of the character to escape so that
// the line opens at most maxNesting blocks, or -1.
func deepMarker(line []byte) int {
	if isThematicBreak(line) {
		return -1
	}
	depth := 0
	for i := 0; i < len(line); {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			return -1
		}
		at, next := -1, -1
		switch c := line[i]; {
		case c == '>':
			at, next = i, i+1
		case c == '-' || c == '*' || c == '+':
			if i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t') {
				at, next = i, i+2
			}
		case '0' <= c && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && '0' <= line[j] && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				at, next = j, j+2
			}
		}
		if at < 0 {
			return -1
		}
		if depth++; depth > maxNesting {
			return at
		}
		i = next
	}
	return -1
}

// isThematicBreak tells whether line holds only one of -, * or _ and
// spaces.
func isThematicBreak(line []byte) bool {
	var mark byte
	for _, c := range line {
		switch c {
		case ' ', '\t':
		case '-', '*', '_':
			if mark != 0 && c != mark {
				return false
			}
			mark = c
		default:
			return false
		}
	}
	return mark != 0
}

package feed

import (
	"strings"
	"unicode/utf8"
)

// CleanText returns s as text that every format can carry: invalid UTF-8
// sequences become U+FFFD, and the characters XML 1.0 forbids (§2.2: C0
// controls but tab, newline and carriage return; U+FFFE, U+FFFF; surrogates,
// which Go never decodes) are removed. It returns s itself when nothing
// needs to change.
func CleanText(s string) string {
	if textIsClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			continue
		}
		if xmlChar(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func textIsClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !xmlChar(r) {
			return false
		}
		i += size
	}
	return true
}

// xmlChar reports whether r is a Char of XML 1.0 (production [2]).
func xmlChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

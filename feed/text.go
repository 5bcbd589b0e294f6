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
		// Eight bytes at a time while they are printable ASCII: a byte of
		// 0x80 or more has its high bit set, and so has a byte under 0x20
		// once 0x20 is taken from it (the lowest such byte borrows from no
		// other; a borrow may flag a clean word, which is then checked byte
		// by byte).
		for i+8 <= len(s) {
			w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if (w|(w-0x2020202020202020))&0x8080808080808080 != 0 {
				break
			}
			i += 8
		}
		if i == len(s) {
			break
		}
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

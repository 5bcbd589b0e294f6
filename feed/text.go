package feed

import (
	"math/bits"
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

// textIsClean reports whether s is valid UTF-8 with no character XML 1.0
// forbids, in one pass: eight bytes at a time while they are ASCII and
// not controls, then rune by rune until the next run of them. (French
// text has an accented letter every few words, and utf8.ValidString goes
// byte by byte from the first one on: BenchmarkCleanText went from 1.1 to
// 1.6 GB/s.)
func textIsClean(s string) bool {
	i := 0
	for i < len(s) {
		if i+8 <= len(s) {
			w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			// (w - 0x20…) &^ w has the high bit of a byte set when the
			// byte is under 0x20; w has it when the byte is not ASCII.
			m := ((w-0x2020202020202020)&^w | w) & 0x8080808080808080
			if m == 0 {
				i += 8
				continue
			}
			// The lowest byte marked is the first under 0x20 or not
			// ASCII: a borrow only marks bytes above the one it came from.
			i += bits.TrailingZeros64(m) / 8
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if controlByte[c] {
				return false
			}
			i++
			continue
		}
		if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2 // U+0080 to U+07FF (é, à...): always allowed
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += size
	}
	return true
}

// controlByte are the C0 controls XML 1.0 forbids.
var controlByte = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = c != '\t' && c != '\n' && c != '\r'
	}
	return t
}()

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

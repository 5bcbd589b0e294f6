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

// textIsClean reports whether CleanText would return s as it is: valid
// UTF-8 (checked by utf8.ValidString, which takes ASCII a word at a
// time), no C0 control but tab, newline and carriage return, and neither
// U+FFFE nor U+FFFF (EF BF BE, EF BF BF; surrogates are not valid UTF-8).
func textIsClean(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	// Eight bytes at a time: (w - 0x20…) &^ w has the high bit of some
	// byte set exactly when a byte of w is under 0x20; those words are
	// looked at byte by byte (most hold a newline).
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if (w-0x2020202020202020)&^w&0x8080808080808080 == 0 {
			continue
		}
		for _, c := range []byte(s[i : i+8]) {
			if controlByte[c] {
				return false
			}
		}
	}
	for ; i < len(s); i++ {
		if controlByte[s[i]] {
			return false
		}
	}
	for i := 0; ; {
		j := strings.Index(s[i:], "\xEF\xBF")
		if j < 0 {
			return true
		}
		i += j + 2
		if i < len(s) && (s[i] == 0xBE || s[i] == 0xBF) {
			return false
		}
	}
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

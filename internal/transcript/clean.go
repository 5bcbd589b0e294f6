package transcript

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// allowed reports whether r may appear in the text of an XML 1.0 or HTML
// document: no C0 control but tab, line feed and carriage return, no DEL or
// C1 control, no noncharacter.
func allowed(r rune) bool {
	switch {
	case r < 0x20:
		return r == '\t' || r == '\n' || r == '\r'
	case r < 0x7F:
		return true
	case r <= 0x9F:
		return false
	case r >= 0xFDD0 && r <= 0xFDEF:
		return false
	case r&0xFFFE == 0xFFFE:
		return false
	}
	return r <= unicode.MaxRune
}

// asciiSpace reports whether c is white space as HTML, WebVTT and SRT
// define it: these run together into one space. Other white space (no-break
// spaces before French punctuation) is kept.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// clean returns s as one line of text: invalid UTF-8 replaced with U+FFFD,
// forbidden characters removed, runs of ASCII white space turned into one
// space, white space at both ends trimmed.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case asciiSpace(c):
				space = true
				continue
			case c < 0x20 || c == 0x7F:
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte(c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !allowed(r) {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimFunc(b.String(), unicode.IsSpace)
}

// isClean reports whether clean(s) == s, without allocating.
func isClean(s string) bool {
	prevSpace := true // a space at the start is not clean
	lastWide := false // the last rune is non-ASCII white space
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				if prevSpace {
					return false
				}
				prevSpace = true
			case c < 0x20 || c == 0x7F:
				return false
			default:
				prevSpace = false
			}
			lastWide = false
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !allowed(r) {
			return false
		}
		lastWide = wideSpace(r)
		if lastWide && i == 0 {
			return false
		}
		prevSpace = false
		i += size
	}
	return (len(s) == 0 || !prevSpace) && !lastWide
}

// wideSpace is unicode.IsSpace for runes past ASCII, without the table
// lookup.
func wideSpace(r rune) bool {
	switch {
	case r < 0x1680:
		return r == 0x85 || r == 0xA0
	case r < 0x2000:
		return r == 0x1680
	case r <= 0x200A:
		return true
	}
	return r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000
}

// nameParticles are the lower-case words a person's name may hold.
var nameParticles = map[string]bool{
	"de": true, "du": true, "des": true, "d'": true, "d’": true, "la": true, "le": true,
	"van": true, "von": true, "der": true, "den": true, "da": true, "di": true, "del": true,
	"dos": true, "das": true, "y": true, "e": true, "ben": true, "bin": true, "al": true, "el": true,
}

// isName reports whether s looks like a person's name written alone on a
// line, as in a "name, role, organisation" header: two to six words, each
// capitalised or a particle such as "de", letters, hyphens, apostrophes and
// dots only.
func isName(s string) bool {
	if utf8.RuneCountInString(s) > 64 {
		return false
	}
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 6 {
		return false
	}
	for i, w := range words {
		if i > 0 && nameParticles[w] {
			continue
		}
		first, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(first) {
			return false
		}
		for _, r := range w {
			if !unicode.IsLetter(r) && !strings.ContainsRune("-'’.", r) {
				return false
			}
		}
	}
	return true
}

// isLabel reports whether s may be the speaker of a "Name: text" line or
// of a bold label: one to six words starting with a capital letter, at
// least half of them (particles aside) capitalised or numbers, no sentence
// punctuation ("Voix off", "Speaker 2", "Jean-Yves MAHÉ", "Dr. Who").
func isLabel(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 64 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) || strings.ContainsAny(s, "?!;:,«»\"“”()[]{}<>/…|#*=+@") {
		return false
	}
	words := strings.Fields(s)
	if len(words) > 6 {
		return false
	}
	named, counted := 0, 0
	for _, w := range words {
		if i := strings.IndexByte(w, '.'); i >= 0 && (i != len(w)-1 || !abbreviations[w[:i]]) {
			return false
		}
		if nameParticles[w] {
			continue
		}
		counted++
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) || unicode.IsDigit(r) {
			named++
		}
	}
	return 2*named >= counted
}

// abbreviations may end with a dot in a speaker label ("Dr. Who", "J. Doe").
var abbreviations = map[string]bool{
	"Dr": true, "Mr": true, "Mrs": true, "Ms": true, "Pr": true, "St": true, "Jr": true, "Sr": true,
	"M": true, "Mme": true, "Mlle": true, "Me": true,
	"A": true, "B": true, "C": true, "D": true, "E": true, "F": true, "G": true, "H": true, "I": true,
	"J": true, "K": true, "L": true, "N": true, "O": true, "P": true, "Q": true, "R": true,
	"S": true, "T": true, "U": true, "V": true, "W": true, "X": true, "Y": true, "Z": true,
}

// isColon reports whether r is a colon, ASCII or full-width.
func isColon(r rune) bool { return r == ':' || r == '：' }

// splitLabel splits "Name: text" (also "Name : text" with a space, a
// no-break space or a narrow no-break space before the colon) into the
// name and the text after the colon. ok is false when s does not start with
// a label; the colon must be followed by white space or end the line, so
// that "10:30" or "https://" are not labels.
func splitLabel(s string) (name, rest string, ok bool) {
	for i, r := range s {
		if !isColon(r) {
			continue
		}
		after := s[i+utf8.RuneLen(r):]
		if next, _ := utf8.DecodeRuneInString(after); after != "" && !unicode.IsSpace(next) {
			return "", "", false
		}
		name = strings.TrimRightFunc(s[:i], unicode.IsSpace)
		if !isLabel(name) {
			return "", "", false
		}
		return name, strings.TrimLeftFunc(after, unicode.IsSpace), true
	}
	return "", "", false
}

// splitRole splits a label such as "Mélanie RAPHAËL, Experte numérique"
// or "Jane Doe (host)" into the name and the role.
func splitRole(label string) (name, role string) {
	if i := strings.IndexByte(label, ','); i > 0 {
		return strings.TrimSpace(label[:i]), strings.TrimSpace(label[i+1:])
	}
	if i := strings.IndexByte(label, '('); i > 0 && strings.HasSuffix(label, ")") {
		return strings.TrimSpace(label[:i]), strings.TrimSpace(label[i+1 : len(label)-1])
	}
	return label, ""
}

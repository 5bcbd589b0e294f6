package site

import (
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Slugify returns s as an ASCII, lower-case slug: letters and digits, runs
// of anything else turned into one "-". Accented Latin letters lose their
// accents ("Événement" -> "evenement"), ligatures are spelled out
// ("œ" -> "oe"). It returns "" when nothing is left.
func Slugify(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	if !isASCII(s) {
		s = norm.NFKD.String(s)
	}
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue // combining accent of the previous letter
		}
		if sp, ok := ligatures[r]; ok {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteString(sp)
			continue
		}
		r = unicode.ToLower(r)
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

var ligatures = map[rune]string{
	'œ': "oe", 'Œ': "oe", 'æ': "ae", 'Æ': "ae", 'ß': "ss", 'ø': "o", 'Ø': "o",
	'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'þ': "th", 'Þ': "th",
}

// slugger hands out unique slugs. Its rule, applied to the episodes in
// path order so that the same tree always gives the same slugs: an explicit
// slug from the front matter is kept as it is asked; otherwise the file
// name; if that is taken, the folder and file name; then a number.
type slugger struct {
	taken map[string]bool
	// next is the next number to try after a base, so that many files
	// of the same name do not try every number again (quadratic).
	next map[string]int
}

func newSlugger() *slugger { return &slugger{taken: map[string]bool{}, next: map[string]int{}} }

// reserve marks explicit slugs as taken before any is allocated.
func (s *slugger) reserve(slug string) { s.taken[slug] = true }

// forPath allocates a slug for the episode file at p (slash path).
func (s *slugger) forPath(p string) string {
	stem := strings.TrimSuffix(path.Base(p), path.Ext(p))
	dir := path.Base(path.Dir(p))
	candidates := []string{Slugify(stem)}
	if dir != "." && dir != "/" {
		candidates = append(candidates, Slugify(dir+"-"+stem))
	}
	for _, c := range candidates {
		if c != "" && !s.taken[c] {
			s.taken[c] = true
			return c
		}
	}
	base := candidates[len(candidates)-1]
	if base == "" {
		base = "episode"
	}
	for n := max(s.next[base], 2); ; n++ {
		c := base + "-" + strconv.Itoa(n)
		if !s.taken[c] {
			s.taken[c] = true
			s.next[base] = n + 1
			return c
		}
	}
}

package rss

import (
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/feedcast/feedcast/feed"
)

// text returns s as a value XML can carry, without surrounding spaces.
func text(s string) string {
	return strings.TrimSpace(feed.CleanText(s))
}

// truncate shortens s to at most n bytes, cutting on a rune boundary and
// ending with an ellipsis when it cuts.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ellipsis = "…"
	cut := n - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimRightFunc(s[:cut], isSpace) + ellipsis
}

// truncateRunes shortens s to at most n characters.
func truncateRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return strings.TrimRightFunc(s[:j], isSpace)
		}
		i++
	}
	return s
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// language returns a BCP 47 tag as RSS wants it: "fr_FR" becomes "fr-FR"
// (W3C InvalidLanguage).
func language(s string) string {
	return strings.ReplaceAll(text(s), "_", "-")
}

// extension returns the lowercase file extension of a URL's path, such as
// ".jpg", ignoring its query and fragment.
func extension(rawURL string) string {
	p := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		p = u.Path
	} else if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	return strings.ToLower(path.Ext(p))
}

// seconds returns d in whole seconds, rounded, or 0 when d is not positive.
func seconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64(d.Round(time.Second) / time.Second)
}

// number returns n in decimal, or "" when n is not a positive integer
// (season and episode numbers are never 0: W3C InvalidPositiveInteger).
func number(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// aspectRatio returns the CSS aspect ratio of a width and height reduced
// to lowest terms, such as "16/9", or "" when either is unknown.
func aspectRatio(width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	g := gcd(width, height)
	return strconv.Itoa(width/g) + "/" + strconv.Itoa(height/g)
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// positive returns n, or 0 when n is negative, so that omitempty leaves
// unknown or invalid sizes out.
func positive(n int) int {
	return max(n, 0)
}

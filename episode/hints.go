package episode

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// This file turns the mistakes people make when they write front matter by
// hand into messages in plain words: a misspelt key, a list item indented
// one step too far, a value that needs quotes, a tab, an unclosed quote.
// None of them changes what is read; they only add warnings and hints.

// keptKeys are keys that sit close to a known key but that front matter
// uses on purpose (template and site generator keys): they are never taken
// for a misspelling.
var keptKeys = map[string]bool{
	"links": true, // a list of links, not the episode's link
}

// similarKey returns the key of knownKeys that key is probably a
// misspelling of,
// or "" when there is none. A known key already present (has) is never
// suggested: then the other key is there on purpose. Keys are compared
// without case; the distance allowed grows with the length, so that short
// words do not all look alike: one edit (a letter added, dropped, changed
// or two swapped) up to 7 letters, two from 8.
func similarKey(key string, knownKeys []string, has func(known string) bool) string {
	lk := strings.ToLower(key)
	if keptKeys[lk] || utf8.RuneCountInString(lk) < 3 {
		return ""
	}
	n := utf8.RuneCountInString(lk)
	best, bestDist := "", 3
	for _, known := range knownKeys {
		allowed := 1
		if len(known) >= 8 {
			allowed = 2
		}
		if n < len(known)-allowed || n > len(known)+allowed {
			continue // the known keys are ASCII: len counts their runes
		}
		d := editDistance(lk, known)
		if d == 0 || d > allowed || d >= bestDist {
			continue
		}
		if has(known) {
			continue
		}
		best, bestDist = known, d
	}
	return best
}

// editDistance is the optimal string alignment distance between a and b,
// counted in runes: insertions, deletions, substitutions and swaps of two
// neighbours (Damerau-Levenshtein without edits inside a swapped pair).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows are enough: the swap looks two rows back.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// quoteYAML writes s as a one-line YAML value in quotes: double quotes,
// or single quotes when s holds a double quote or a backslash (inside
// single quotes only the quote itself is doubled).
func quoteYAML(s string) string {
	if !strings.ContainsAny(s, "\"\\") {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// yamlLine is a front matter line cut into its parts: "  - key: value".
type yamlLine struct {
	indent int    // spaces before the content
	item   bool   // the content starts with "- "
	key    string // "" when the line has no "key:"
	value  string // what follows "key: " or "- ", trimmed
}

// cutYAMLLine cuts a line as a person reads it; it does not check YAML.
func cutYAMLLine(line string) yamlLine {
	var l yamlLine
	rest := strings.TrimLeft(line, " ")
	l.indent = len(line) - len(rest)
	if rest == "-" || strings.HasPrefix(rest, "- ") {
		l.item = true
		rest = strings.TrimLeft(rest[1:], " ")
	}
	rest = strings.TrimRight(rest, " \t")
	if rest != "" && !strings.ContainsRune(`'"[{#`, rune(rest[0])) {
		if i := strings.Index(rest+" ", ": "); i > 0 {
			l.key = rest[:i]
			rest = strings.TrimLeft(rest[min(i+1, len(rest)):], " ")
		}
	}
	l.value = rest
	return l
}

// prefix is the line up to its value, as written back in a suggestion.
func (l yamlLine) prefix() string {
	p := ""
	if l.item {
		p = "- "
	}
	if l.key != "" {
		p += l.key + ": "
	}
	return p
}

// quotedEnd returns the index in v just after the quote that closes the
// quote opening v, or -1 when v does not close it.
func quotedEnd(v string) int {
	q := v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case v[i] == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++
		case v[i] == q:
			return i + 1
		}
	}
	return -1
}

// yamlHint explains a yaml.v3 error in plain words, from the text of the
// front matter (lines, 0-based) and the 0-based line the error was
// reported at. It returns the line the problem is on (it can differ from
// the parser's: an unclosed quote is reported where the parser ran out of
// text) and the hint, or "" when it has none.
func yamlHint(lines []string, at int, msg string) (int, string) {
	at = min(max(at, 0), len(lines)-1)
	if at < 0 {
		return 0, ""
	}
	// A tab in the indentation: yaml.v3 reports it on the line or on the
	// line above.
	if strings.Contains(msg, "tab") || strings.Contains(msg, "cannot start any token") {
		for i := max(at-1, 0); i <= min(at+1, len(lines)-1); i++ {
			lead := lines[i][:len(lines[i])-len(strings.TrimLeft(lines[i], " \t"))]
			if strings.Contains(lead, "\t") {
				return i, "a tab cannot indent YAML: indent with spaces"
			}
		}
	}
	if i, q, ok := unclosedQuote(lines); ok {
		return i, fmt.Sprintf("the value's opening %s is never closed: end the value with %s", q, q)
	}
	l := cutYAMLLine(lines[at])
	v := l.value
	if v == "" || (l.key == "" && !l.item) {
		return at, ""
	}
	if v[0] == '"' || v[0] == '\'' {
		// A quote inside a value quoted with the same quote ends it early:
		// 'L'épisode'.
		end := quotedEnd(v)
		if end < 0 || end == len(v) || strings.HasPrefix(strings.TrimLeft(v[end:], " "), "#") {
			return at, ""
		}
		inner := v[1:]
		if strings.HasSuffix(inner, v[:1]) {
			inner = inner[:len(inner)-1]
		}
		return at, fmt.Sprintf("the %s inside the value ends its quotes early: write %s%s", v[:1], l.prefix(), quoteYAML(inner))
	}
	if i := strings.Index(v, " # "); i >= 0 {
		v = strings.TrimRight(v[:i], " ")
	}
	why := ""
	switch {
	case l.indent > 0 && l.key != "" && !l.item && indentedUnderValue(lines, at, l.indent):
		return at, "this line is indented under a key that already has a value: " +
			"if it is a key, remove the spaces before it; if it continues the value above, put the whole value in quotes"
	case strings.Contains(v, ": ") || strings.HasSuffix(v, ":"):
		why = `a value containing ":"`
	case v[0] == '[' || v[0] == '{':
		closer := map[byte]string{'[': "]", '{': "}"}[v[0]]
		end := strings.LastIndex(v, closer)
		if end < 0 {
			return at, fmt.Sprintf("the %q opened on this line is never closed: close it with %q", v[:1], closer)
		}
		if strings.TrimSpace(v[end+1:]) == "" {
			return at, ""
		}
		why = fmt.Sprintf("a value starting with %q", v[:1])
	case strings.ContainsRune("]}@`*%|>!&", rune(v[0])):
		why = fmt.Sprintf("a value starting with %q", v[:1])
	case strings.HasPrefix(v, "- "):
		why = `a value starting with "- "`
	default:
		return at, ""
	}
	return at, fmt.Sprintf("%s must be in quotes: write %s%s", why, l.prefix(), quoteYAML(v))
}

// indentedUnderValue reports whether the nearest line above at that is
// indented less than indent is a "key: value" line with its value: then
// the line at cannot belong to that key.
func indentedUnderValue(lines []string, at, indent int) bool {
	for i := at - 1; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		l := cutYAMLLine(lines[i])
		if l.indent >= indent {
			continue
		}
		return l.key != "" && !l.item && l.value != "" && !strings.HasPrefix(l.value, "#") &&
			!strings.ContainsRune("|>", rune(l.value[0]))
	}
	return false
}

// unclosedQuote finds a quoted value that is never closed, or that is
// closed only after a line that looks like a key of its own (the next
// value's opening quote then closed it). It returns the line where the
// quote opens and the quote.
func unclosedQuote(lines []string) (int, string, bool) {
	for i := 0; i < len(lines); i++ {
		v := cutYAMLLine(lines[i]).value
		if v == "" || (v[0] != '"' && v[0] != '\'') {
			continue
		}
		if quotedEnd(v) > 0 {
			continue
		}
		q := v[:1]
		// The quote runs on to the next lines: find where it ends.
		text := v
		closed := false
		for j := i + 1; j < len(lines); j++ {
			if l := cutYAMLLine(lines[j]); l.indent == 0 && l.key != "" && !l.item {
				return i, q, true
			}
			text += "\n" + lines[j]
			if quotedEnd(text) > 0 {
				i, closed = j, true
				break
			}
		}
		if !closed {
			return i, q, true
		}
	}
	return 0, "", false
}

// brokenLists warns about the plain values that swallowed a list item: a
// line starting with "- " indented more than the item above, or written
// under a key that already has a value, does not start a new item; YAML
// folds it into the value above, and "Podcast" and "- Sobriété" become one
// tag "Podcast - Sobriété". Only the values of the top-level keys and the
// items of their lists are looked at.
func (p *fileParser) brokenLists(fm frontMatter, key string, keyLine int, n *yaml.Node, lines []string) {
	check := func(s *yaml.Node, item bool) {
		line, ok := foldedItemLine(s, lines)
		if !ok {
			return
		}
		cont := strings.TrimSpace(lines[line-1])
		var msg string
		if item {
			msg = fmt.Sprintf("%q is indented more than the item above, so YAML reads both as one item %q: indent every \"- \" alike", cont, s.Value)
		} else {
			msg = fmt.Sprintf("%q continues the value of line %d, so YAML reads one value %q: for a list, put %s: alone on its line and each item below it, starting with \"- \"", cont, keyLine, s.Value, key)
		}
		p.warn(fm.line+line-1, key, fmt.Errorf("%s", msg))
	}
	switch n.Kind {
	case yaml.ScalarNode:
		check(n, false)
	case yaml.SequenceNode:
		for _, e := range n.Content {
			if e.Kind == yaml.ScalarNode {
				check(e, true)
			}
		}
	}
}

// foldedItemLine returns the 1-based line (in lines) of the first
// continuation line of the plain scalar s that starts with "- ". It
// follows s's text through the lines it was folded from and gives up at
// the first difference.
func foldedItemLine(s *yaml.Node, lines []string) (int, bool) {
	if s.Style != 0 || s.Line < 1 || s.Line >= len(lines) || !strings.Contains(s.Value, " - ") {
		return 0, false
	}
	first := []rune(lines[s.Line-1])
	if s.Column < 1 || s.Column > len(first) {
		return 0, false
	}
	head := strings.TrimRight(string(first[s.Column-1:]), " \t")
	rest, ok := strings.CutPrefix(s.Value, head)
	if !ok {
		return 0, false
	}
	for i := s.Line; i < len(lines) && rest != ""; i++ {
		t := strings.TrimSpace(lines[i])
		if t == "" {
			continue // a blank line folds into a line break
		}
		sep := strings.TrimLeft(rest, "\n")
		if sep == rest {
			sep = strings.TrimPrefix(rest, " ")
		}
		if rest, ok = strings.CutPrefix(sep, t); !ok {
			return 0, false
		}
		if strings.HasPrefix(t, "- ") {
			return i + 1, true
		}
	}
	return 0, false
}

// droppedByComment warns about a plain value cut short by a comment that
// the writer most likely meant as text: " #" starts a YAML comment, so
// "Épisode #6" reads as "Épisode". Comments written "# like this", with a
// space after the #, are taken as comments.
func (p *fileParser) droppedByComment(fm frontMatter, key string, n *yaml.Node, lines []string, item bool) {
	if n.Kind != yaml.ScalarNode || n.Style != 0 || n.Value == "" || n.Line < 1 || n.Line > len(lines) {
		return
	}
	c := n.LineComment
	if len(c) < 2 || c[0] != '#' || c[1] == ' ' || c[1] == '\t' || c[1] == '#' {
		return
	}
	line := lines[n.Line-1]
	if !strings.Contains(line, n.Value+" "+c) && !strings.Contains(line, n.Value+"\t"+c) {
		return // the comment is not right after the value on its line
	}
	prefix := key + ": "
	if item {
		prefix = "- "
	}
	p.warn(fm.line+n.Line-1, key, fmt.Errorf(`" #" starts a comment, so the value is %q and %q is dropped: to keep it, put the value in quotes: %s%s`, n.Value, c, prefix, quoteYAML(n.Value+" "+c)))
}

// misspeltInMapping warns about the keys of a mapping value (an image's
// {path, alt}, a person's {name, role...}) that look like a known key
// misspelt, in the order of the keys. sources are synonyms (path, src,
// url): when one is there, a misspelling of another is not reported.
func (p *fileParser) misspeltInMapping(key string, line int, m map[string]any, sources []string, others ...string) {
	known := slices.Concat(sources, others)
	has := func(k string) bool {
		if slices.Contains(sources, k) {
			_, ok := lookup(m, sources...)
			return ok
		}
		_, ok := lookup(m, k)
		return ok
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if slices.Contains(known, strings.ToLower(k)) {
			continue
		}
		if s := similarKey(k, known, has); s != "" {
			p.warn(line, key, fmt.Errorf("unknown key %q; did you mean %q?", k, s))
		}
	}
}

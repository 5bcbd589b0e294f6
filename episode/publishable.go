package episode

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// publishable checks what the feed writers require of every item, so
// that no writer is ever handed an episode it refuses: a writer that
// refuses one item fails its whole document (feed/atom's checkEntry,
// feed/jsonfeed's validItem), while a file that fails here is one
// skipped episode. What they require:
//
//   - a date: atom:updated is required (RFC 4287 §4.1.2); the date
//     field already fails the file when it is missing;
//   - a date the RFC 3339 writers can write, which have four digits for
//     the year: a year from 1 to 9999 in its own offset and in UTC (the
//     writers move to UTC the zones whose offset is not whole minutes,
//     the historical local mean times), and not Go's zero time, which
//     they take for no date;
//   - an id that is not empty once the characters XML forbids are
//     removed: an explicit guid without any other character is ignored
//     with a warning, and the id from the file's path is used.
func (p *fileParser) publishable(ep *Episode, doc *document) {
	if key, line, ok := keyLine(doc, "date"); ok {
		if err := writableDate(ep.Date); err != nil {
			p.fail(line, key, err)
			return
		}
	}
	key, line, ok := keyLine(doc, "guid")
	if !ok {
		return
	}
	ep.GUIDLine = line
	if ep.GUID != "" && !usableID(ep.GUID) {
		p.warn(line, key, fmt.Errorf("%q has no printable character: ignored, the id comes from the file's path", ep.GUID))
		ep.GUID = ""
	}
}

// keyLine returns the first key of doc named name without case, as
// written, and its line: the key the fields were read from.
func keyLine(doc *document, name string) (key string, line int, ok bool) {
	for _, k := range doc.keys {
		if strings.EqualFold(k, name) {
			return k, doc.lines[k], true
		}
	}
	return name, doc.line, false
}

// writableDate tells why the feeds cannot carry t, nil when they can.
func writableDate(t time.Time) error {
	if t.IsZero() {
		return errors.New("0001-01-01T00:00:00Z is out of range: the feeds take it for no date")
	}
	if y := t.Year(); y < 1 || y > 9999 {
		return fmt.Errorf("year %d is out of range: the feeds carry years 1 to 9999", y)
	}
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return fmt.Errorf("year %d in UTC is out of range: the feeds carry years 1 to 9999", y)
	}
	return nil
}

// usableID reports whether id keeps a character other than spaces once
// the characters XML 1.0 forbids are removed, as the writers remove them
// (feed.CleanText).
func usableID(id string) bool {
	for _, r := range id {
		if xmlChar(r) && r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			return true
		}
	}
	return false
}

// xmlChar reports whether r is a character of XML 1.0 (§2.2 Char).
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

package transcript

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
)

// vttWidth is the longest WebVTT payload line written, in characters
// (Podcasting 2.0 advice).
const vttWidth = 65

// ParseVTT reads a WebVTT file. Each cue is one segment, so that timed
// output keeps the cue timing; the speaker is the first voice span
// (<v Name>) of the cue, "" when the cue has none. Cue markup is removed,
// character references decoded and the payload lines joined with spaces.
// Cues without text, NOTE, STYLE and REGION blocks are skipped. A
// "Language:" header line with a BCP 47 tag sets Language.
//
// An error wraps ErrMalformed when the WEBVTT header or a cue timing is
// invalid.
func ParseVTT(data []byte) (*Transcript, error) {
	ls := lines(data)
	if len(ls) == 0 || !strings.HasPrefix(ls[0], "WEBVTT") ||
		(len(ls[0]) > 6 && ls[0][6] != ' ' && ls[0][6] != '\t') {
		return nil, fmt.Errorf("line 1: no WEBVTT header: %w", ErrMalformed)
	}
	t := &Transcript{Timed: true}
	i := 1
	for ; i < len(ls) && strings.TrimSpace(ls[i]) != ""; i++ {
		if v, ok := strings.CutPrefix(ls[i], "Language:"); ok && validLang(strings.TrimSpace(v)) {
			t.Language = strings.TrimSpace(v)
		}
	}
	for i < len(ls) {
		if strings.TrimSpace(ls[i]) == "" {
			i++
			continue
		}
		// A block: an optional identifier, the timing line, the payload up
		// to a blank line or to a line holding "-->", which starts the
		// next cue.
		start, timing := i, -1
		for ; i < len(ls) && strings.TrimSpace(ls[i]) != ""; i++ {
			if strings.Contains(ls[i], "-->") {
				if timing >= 0 {
					break
				}
				if i-start > 1 {
					break // a block whose "-->" is not on line 1 or 2
				}
				timing = i
			}
		}
		if timing < 0 || (timing > start && isVTTComment(ls[start])) {
			continue // NOTE, STYLE, REGION or a stray block
		}
		from, to, ok := parseTiming(ls[timing], true)
		if !ok {
			return nil, fmt.Errorf("line %d: invalid cue timing %q: %w", timing+1, ls[timing], ErrMalformed)
		}
		speaker, body := cueText(ls[timing+1 : i])
		if body == "" {
			continue
		}
		t.Segments = append(t.Segments, Segment{
			Speaker: speaker,
			Start:   float64(from) / 1000,
			End:     float64(to) / 1000,
			Body:    body,
		})
	}
	return t, nil
}

// isVTTComment reports whether a block's first line starts a NOTE, STYLE
// or REGION block.
func isVTTComment(line string) bool {
	for _, kw := range [...]string{"NOTE", "STYLE", "REGION"} {
		if rest, ok := strings.CutPrefix(line, kw); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return true
		}
	}
	return false
}

// cueText returns the first voice of a cue payload and its plain text.
func cueText(payload []string) (speaker, body string) {
	var b strings.Builder
	found := false
	for k, line := range payload {
		if k > 0 {
			b.WriteByte(' ')
		}
		for line != "" {
			lt := strings.IndexByte(line, '<')
			if lt < 0 {
				b.WriteString(html.UnescapeString(line))
				break
			}
			b.WriteString(html.UnescapeString(line[:lt]))
			gt := strings.IndexByte(line[lt:], '>')
			if gt < 0 {
				break // an unterminated tag runs to the end of the line
			}
			tag := line[lt+1 : lt+gt]
			line = line[lt+gt+1:]
			if name, annotation := splitTag(tag); !found && (name == "v" || strings.HasPrefix(name, "v.")) {
				speaker, found = clean(html.UnescapeString(annotation)), true
			}
		}
	}
	return speaker, clean(b.String())
}

// splitTag splits the inside of a tag into its name and annotation.
func splitTag(tag string) (name, annotation string) {
	if i := strings.IndexAny(tag, " \t\f"); i >= 0 {
		return tag[:i], tag[i+1:]
	}
	return tag, ""
}

// WriteVTT writes t as WebVTT: the WEBVTT header, then one cue per segment
// with text, hh:mm:ss.ttt timestamps, the speaker in a voice span, the
// text escaped and wrapped at 65 characters. The error wraps ErrNotTimed or
// ErrBadTiming when t cannot be written as captions.
func (t *Transcript) WriteVTT(w io.Writer) error {
	if err := t.checkTiming(); err != nil {
		return fmt.Errorf("write vtt: %w", err)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("WEBVTT\n")
	var buf []byte
	for _, s := range t.Segments {
		body := clean(s.Body)
		if body == "" {
			continue
		}
		buf = append(buf[:0], '\n')
		buf = appendTimestamp(buf, millis(s.Start), '.')
		buf = append(buf, " --> "...)
		buf = appendTimestamp(buf, millis(s.End), '.')
		buf = append(buf, '\n')
		if sp := clean(s.Speaker); sp != "" {
			buf = append(buf, "<v "...)
			buf = appendEscaped(buf, sp)
			buf = append(buf, '>')
		}
		for k, l := range wrap(body, vttWidth) {
			if k > 0 {
				buf = append(buf, '\n')
			}
			buf = appendEscaped(buf, l)
		}
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write vtt: %w", err)
	}
	return nil
}

// appendEscaped appends s with &, < and > escaped, which also keeps "-->"
// out of a cue payload.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		default:
			b = append(b, c)
		}
	}
	return b
}

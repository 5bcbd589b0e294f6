package transcript

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// srtWidth is the longest SRT text line written, in characters
// (Podcasting 2.0 advice).
const srtWidth = 32

// ParseSRT reads a SubRip file. Each cue is one segment; a text that
// starts with "Name: " (or "Name : ") starts that speaker's turn, and the
// cues that follow keep the speaker until the next name. Formatting tags
// (<i>, <b>, <font>) and {\...} overrides are removed and the text lines
// joined with spaces. A block without a timing line continues the text of
// the cue before (a blank line inside a cue). Cues without text are
// skipped.
//
// An error wraps ErrMalformed when a timing line is invalid or the file
// starts with text that has no timing.
func ParseSRT(data []byte) (*Transcript, error) {
	ls := lines(data)
	r := srtReader{t: &Transcript{Timed: true}}
	for i := 0; i < len(ls); {
		if strings.TrimSpace(ls[i]) == "" {
			i++
			continue
		}
		start := i
		for i < len(ls) && strings.TrimSpace(ls[i]) != "" {
			i++
		}
		block := ls[start:i]
		timing := -1
		if strings.Contains(block[0], "-->") {
			timing = 0
		} else if len(block) > 1 && strings.Contains(block[1], "-->") && isNumber(block[0]) {
			timing = 1
		}
		if timing < 0 {
			if !r.open {
				return nil, fmt.Errorf("line %d: text without a timing line: %w", start+1, ErrMalformed)
			}
			r.text = append(r.text, block...)
			continue
		}
		from, to, ok := parseTiming(strings.TrimSpace(block[timing]), false)
		if !ok {
			return nil, fmt.Errorf("line %d: invalid timing %q: %w", start+timing+1, block[timing], ErrMalformed)
		}
		r.flush()
		r.open, r.from, r.to = true, from, to
		r.text = append(r.text[:0], block[timing+1:]...)
	}
	r.flush()
	return r.t, nil
}

// srtReader gathers the text of a cue, which may run over several blocks,
// and adds the cue when it is complete.
type srtReader struct {
	t        *Transcript
	speaker  string
	open     bool // a cue has been read
	from, to int64
	text     []string
}

func (r *srtReader) flush() {
	if !r.open {
		return
	}
	body := srtText(r.text)
	if name, rest, ok := splitLabel(body); ok {
		r.speaker, body = name, rest
	}
	if body != "" {
		r.t.Segments = append(r.t.Segments, Segment{
			Speaker: r.speaker,
			Start:   float64(r.from) / 1000,
			End:     float64(r.to) / 1000,
			Body:    body,
		})
	}
	r.text = r.text[:0]
}

func isNumber(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// srtText joins text lines with spaces and removes the formatting tags
// SRT players know (<i>, </b>, <font color=...>) and {\an8}-style
// overrides.
func srtText(text []string) string {
	return clean(stripFormatting(clean(strings.Join(text, " "))))
}

// stripFormatting removes formatting tags and overrides as they end, so
// that removing one cannot leave another in the result: what it returns
// has none left.
func stripFormatting(s string) string {
	if !strings.ContainsAny(s, "<{") {
		return s
	}
	out := make([]byte, 0, len(s))
	var opens []int // positions in out of '<' and '{'
	for i := 0; i < len(s); i++ {
		c := s[i]
		out = append(out, c)
		switch c {
		case '<', '{':
			opens = append(opens, len(out)-1)
			continue
		case '>', '}':
		default:
			continue
		}
		open := byte('<')
		if c == '}' {
			open = '{'
		}
		for k := len(opens) - 1; k >= 0 && len(out)-opens[k] <= 256; k-- {
			if out[opens[k]] != open {
				continue
			}
			if (open == '<' && isFormatTag(out[opens[k]:])) || (open == '{' && out[opens[k]+1] == '\\') {
				out = out[:opens[k]]
				opens = opens[:k]
			}
			break
		}
	}
	return string(out)
}

// isFormatTag reports whether tag, from '<' to '>' with no '<' between,
// is <b>, <i>, <u>, <s>, <font ...> or one of their end tags.
func isFormatTag(tag []byte) bool {
	t := strings.ToLower(string(tag[1 : len(tag)-1]))
	if bytes.IndexByte(tag[1:], '<') >= 0 {
		return false
	}
	switch strings.TrimPrefix(t, "/") {
	case "b", "i", "u", "s", "font":
		return true
	}
	return strings.HasPrefix(t, "font ")
}

// WriteSRT writes t as SubRip, one block per segment with text: blocks
// numbered from 1, timestamps
// hh:mm:ss,ttt, the text wrapped at 32 characters and prefixed with
// "Name: " when the speaker changes. A long segment gives a block of more
// than two lines: segments are never split, so that their times stay
// exact. The error wraps ErrNotTimed or ErrBadTiming when t cannot be
// written as captions.
func (t *Transcript) WriteSRT(w io.Writer) error {
	if err := t.checkTiming(); err != nil {
		return fmt.Errorf("write srt: %w", err)
	}
	bw := bufio.NewWriter(w)
	var buf []byte
	prev, n := "", 0
	for _, s := range t.Segments {
		text := clean(s.Body)
		if text == "" {
			continue
		}
		buf = buf[:0]
		if n > 0 {
			buf = append(buf, '\n')
		}
		n++
		buf = strconv.AppendInt(buf, int64(n), 10)
		buf = append(buf, '\n')
		buf = appendTimestamp(buf, millis(s.Start), ',')
		buf = append(buf, " --> "...)
		buf = appendTimestamp(buf, millis(s.End), ',')
		buf = append(buf, '\n')
		// The name is repeated when the text itself starts like a label,
		// so that it is not read as a speaker.
		if sp := clean(s.Speaker); sp != "" && (sp != prev || hasLabel(text)) {
			text = sp + ": " + text
			prev = sp
		}
		for _, l := range wrap(text, srtWidth) {
			buf = append(buf, l...)
			buf = append(buf, '\n')
		}
		bw.Write(buf)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write srt: %w", err)
	}
	return nil
}

// hasLabel reports whether s starts with "Name: ".
func hasLabel(s string) bool {
	_, _, ok := splitLabel(s)
	return ok
}

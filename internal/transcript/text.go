package transcript

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// ParseText reads a plain-text transcript. Paragraphs are separated by
// blank lines and each is a segment. A line that starts with "Name: text"
// or "Name : text" starts a turn of that speaker (and a new segment, even
// inside a paragraph); a line holding only "Name:" names the speaker of
// the paragraphs that follow. Paragraphs without a name keep the speaker
// of the one before.
//
// The error wraps ErrMalformed when data holds NUL bytes (a binary file).
func ParseText(data []byte) (*Transcript, error) {
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fmt.Errorf("read text: NUL byte: %w", ErrMalformed)
	}
	t := &Transcript{}
	speaker := ""
	var para strings.Builder
	flush := func() {
		if body := clean(para.String()); body != "" {
			t.Segments = append(t.Segments, Segment{Speaker: speaker, Body: body})
		}
		para.Reset()
	}
	for _, line := range lines(data) {
		line = clean(line)
		if line == "" {
			flush()
			continue
		}
		if name, rest, ok := splitLabel(line); ok {
			flush()
			speaker = name
			line = rest
		}
		para.WriteString(line)
		para.WriteByte(' ')
	}
	flush()
	return t, nil
}

// WriteText writes t as plain UTF-8 text: one paragraph per segment, the
// first paragraph of each speaker's turn starting with "Speaker: ", a
// blank line between paragraphs. The segments of a timed transcript are
// caption fragments: those of a turn are joined into one paragraph.
// ParseText reads the result back, but for roles and times, and for a
// turn without speaker after one with a speaker, which reads back as
// that speaker's.
func (t *Transcript) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	first := true
	para := func(s string) {
		if !first {
			bw.WriteByte('\n')
		}
		first = false
		bw.WriteString(s)
		bw.WriteByte('\n')
	}
	for _, tn := range t.Turns() {
		prefix := ""
		if tn.Speaker != "" {
			prefix = tn.Speaker + ": "
		}
		for k, body := range tn.paragraphs(t.Timed) {
			if k == 0 || hasLabel(body) {
				// A paragraph that starts like a label gets its speaker
				// again, so that it is not read as another one.
				para(prefix + body)
			} else {
				para(body)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write text: %w", err)
	}
	return nil
}

// paragraphs returns the texts of a turn: one per segment, or one for the
// whole turn when joined.
func (tn Turn) paragraphs(joined bool) []string {
	out := make([]string, len(tn.Segments))
	for i, s := range tn.Segments {
		out[i] = s.Body
	}
	if joined && len(out) > 1 {
		return []string{strings.Join(out, " ")}
	}
	return out
}

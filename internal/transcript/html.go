package transcript

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FromHTML reads a transcript from the HTML of an episode body (the inner
// HTML of a {% transcription %} block or of a "Transcription" section).
//
// Each paragraph, and each line of a paragraph broken with <br>, is a
// segment. The speaker of the segments is set by:
//
//   - a header paragraph: a name on the first line, then one to five lines
//     of role and organisation, as in "Mélanie RAPHAËL<br>Responsable de la
//     MiNumEco<br>DINUM"; the role is those lines joined with ", ";
//   - a bold label (<strong>, <b> or <cite>) at the start of a paragraph,
//     ending with a colon inside or just after it, with or without a space,
//     a no-break or a narrow no-break space before the colon:
//     "<strong>Name :</strong> text", "<strong>Name</strong> : text". A
//     label of its own paragraph names the speaker of the paragraphs that
//     follow. "Name, Role" and "Name (Role)" give a role;
//   - a paragraph holding only a bold name, without colon.
//
// Text before the first speaker has no speaker. The returned errors are
// warnings about what could not be understood, placed by paragraph
// (counting the paragraphs that hold text); the transcript is never nil.
func FromHTML(src string) (*Transcript, []error) {
	t := &Transcript{}
	paras, err := flatten(src)
	if err != nil {
		return t, []error{fmt.Errorf("parse html: %w", err)}
	}
	r := htmlReader{t: t}
	for i, p := range paras {
		r.paragraph(i+1, p)
	}
	r.closeLabel()
	if len(t.Segments) == 0 {
		r.warns = append(r.warns, errors.New("no transcript text found"))
	}
	return t, r.warns
}

// htmlReader turns paragraphs into segments.
type htmlReader struct {
	t             *Transcript
	warns         []error
	speaker, role string
	// open is the paragraph number of a speaker label that has no text yet.
	open int
}

func (r *htmlReader) warn(para int, format string, args ...any) {
	r.warns = append(r.warns, fmt.Errorf("paragraph %d: "+format, append([]any{para}, args...)...))
}

// setSpeaker starts a turn.
func (r *htmlReader) setSpeaker(para int, name, role string) {
	r.closeLabel()
	r.speaker, r.role, r.open = name, role, para
}

// closeLabel warns when the last speaker label had no text.
func (r *htmlReader) closeLabel() {
	if r.open != 0 {
		r.warn(r.open, "speaker %q has no text", r.speaker)
		r.open = 0
	}
}

func (r *htmlReader) add(body string) {
	if body = clean(body); body == "" {
		return
	}
	r.open = 0
	r.t.Segments = append(r.t.Segments, Segment{Speaker: r.speaker, Role: r.role, Body: body})
}

func (r *htmlReader) paragraph(num int, p paragraph) {
	lines := make([]string, 0, len(p.lines))
	runs := make([][]run, 0, len(p.lines))
	for _, l := range p.lines {
		var b strings.Builder
		for _, x := range l {
			b.WriteString(x.text)
		}
		if s := clean(b.String()); s != "" {
			lines = append(lines, s)
			runs = append(runs, l)
		}
	}
	if len(lines) == 0 {
		return
	}
	if name, role, ok := header(lines); ok {
		r.setSpeaker(num, name, role)
		return
	}
	rest := lines
	if name, role, text, ok := r.label(num, runs[0], len(lines) == 1); ok {
		r.setSpeaker(num, name, role)
		r.add(text)
		rest = lines[1:]
	}
	for _, l := range rest {
		r.add(l)
	}
}

// header recognises a "name, role lines" paragraph.
func header(lines []string) (name, role string, ok bool) {
	if len(lines) < 2 || len(lines) > 6 || !isName(lines[0]) {
		return "", "", false
	}
	for _, l := range lines[1:] {
		last, _ := utf8.DecodeLastRuneInString(l)
		if utf8.RuneCountInString(l) > 150 || strings.ContainsRune(".!?…:;,", last) {
			return "", "", false
		}
	}
	return lines[0], strings.Join(lines[1:], ", "), true
}

// label recognises a bold speaker label at the start of a paragraph's
// first line and returns the speaker, the role and the text of the line
// after the label. alone is true when the line is the whole paragraph.
func (r *htmlReader) label(num int, line []run, alone bool) (name, role, text string, ok bool) {
	var bold, rest strings.Builder
	inBold := true
	for _, x := range line {
		if inBold && !x.bold && strings.TrimSpace(x.text) != "" {
			inBold = false
		}
		if inBold {
			bold.WriteString(x.text)
		} else {
			rest.WriteString(x.text)
		}
	}
	b := clean(bold.String())
	if b == "" {
		return "", "", "", false
	}
	after := clean(rest.String())
	var lbl string
	colon := true
	if i := strings.IndexFunc(b, isColon); i >= 0 {
		_, size := utf8.DecodeRuneInString(b[i:])
		tail := b[i+size:]
		if next, _ := utf8.DecodeRuneInString(tail); tail != "" && !unicode.IsSpace(next) {
			return "", "", "", false
		}
		lbl, text = b[:i], clean(tail+" "+after)
	} else if next, size := utf8.DecodeRuneInString(after); isColon(next) {
		lbl, text = b, clean(after[size:])
	} else if after == "" && alone && isName(b) {
		lbl, colon = b, false
	} else {
		return "", "", "", false
	}
	name, role = splitRole(clean(lbl))
	if !isLabel(name) {
		if colon {
			r.warn(num, "bold text %q before a colon is not a speaker name", clean(lbl))
		}
		return "", "", "", false
	}
	return name, role, text, true
}

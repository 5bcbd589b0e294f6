// Package transcript holds one model of an episode transcript, reads it
// from every shape a show has (the HTML of an episode body, WebVTT, SRT,
// plain text, Podcasting 2.0 JSON) and writes it in the five formats a
// podcast:transcript tag can point to: HTML, plain text, JSON, WebVTT and
// SRT.
//
// A Segment is one unit of speech: a paragraph (or a line of a paragraph
// broken with <br>) of an untimed transcript, a cue of a timed one. Every
// segment carries its speaker, so the JSON output repeats the speaker on
// each segment as the Podcasting 2.0 examples do. A Turn is a run of
// consecutive segments of the same speaker; the HTML and text writers
// group segments into turns.
//
// Parsers read cue and paragraph text as running text: line breaks and
// runs of white space become one space. Timed writers wrap lines again.
// Every text is cleaned of the characters that XML and HTML forbid.
//
// Specs: https://github.com/Podcastindex-org/podcast-namespace/blob/main/transcripts/transcripts.md,
// https://www.w3.org/TR/webvtt1/.
package transcript

import (
	"errors"
	"fmt"
	"math"
)

// Errors returned by the parsers and writers, to test with errors.Is.
var (
	// ErrMalformed: the input is not in the format read (a missing WEBVTT
	// header, a bad timestamp, invalid JSON).
	ErrMalformed = errors.New("malformed transcript")
	// ErrNotTimed: WriteVTT or WriteSRT was called on a transcript without
	// times.
	ErrNotTimed = errors.New("transcript has no times")
	// ErrBadTiming: a timed transcript has a negative or non-finite time, a
	// segment that does not end after it starts, or starts that decrease.
	ErrBadTiming = errors.New("bad timing")
)

// Segment is one unit of speech.
type Segment struct {
	// Speaker is the speaker's name as written, "" when unknown.
	Speaker string
	// Role is what the source says about the speaker (job, organisation),
	// "" when unknown.
	Role string
	// Start and End are in seconds from the start of the media; they are
	// meaningful only when the Transcript is Timed.
	Start, End float64
	// Body is the plain text, on one line, without leading or trailing
	// space.
	Body string
}

// Transcript is a transcript: segments in reading order.
type Transcript struct {
	// Language is a BCP 47 tag, "" when unknown.
	Language string
	// Title is the transcript's title, "" when unknown.
	Title string
	// Timed is true when every segment has a start and an end time.
	Timed    bool
	Segments []Segment
}

// maxSeconds bounds the times the writers accept (about 31 years): larger
// values are surely wrong and would overflow the millisecond arithmetic.
const maxSeconds = 1e9

// millis returns s in whole milliseconds, rounded to the nearest.
func millis(s float64) int64 {
	return int64(math.Round(s * 1000))
}

// checkTiming returns an error wrapping ErrNotTimed or ErrBadTiming when
// t cannot be written as timed captions.
func (t *Transcript) checkTiming() error {
	if !t.Timed {
		return ErrNotTimed
	}
	var prev int64
	for i, s := range t.Segments {
		for _, v := range [2]float64{s.Start, s.End} {
			if math.IsNaN(v) || v < 0 || v > maxSeconds {
				return fmt.Errorf("segment %d: time %v: %w", i+1, v, ErrBadTiming)
			}
		}
		start, end := millis(s.Start), millis(s.End)
		if end <= start {
			return fmt.Errorf("segment %d: ends at %v, not after its start %v: %w", i+1, s.End, s.Start, ErrBadTiming)
		}
		if start < prev {
			return fmt.Errorf("segment %d: starts at %v, before the previous one: %w", i+1, s.Start, ErrBadTiming)
		}
		prev = start
	}
	return nil
}

// Turn is a run of consecutive segments of one speaker: what the HTML and
// text writers show under one speaker label.
type Turn struct {
	Speaker string
	// Role is the first role given by the turn's segments.
	Role string
	// Segments are the turn's segments with text, cleaned.
	Segments []Segment
}

// Turns groups t's segments with text by speaker.
func (t *Transcript) Turns() []Turn {
	var out []Turn
	for _, s := range t.Segments {
		if s.Body = clean(s.Body); s.Body == "" {
			continue
		}
		s.Speaker, s.Role = clean(s.Speaker), clean(s.Role)
		if len(out) == 0 || s.Speaker != out[len(out)-1].Speaker {
			out = append(out, Turn{Speaker: s.Speaker})
		}
		last := &out[len(out)-1]
		last.Segments = append(last.Segments, s)
		if last.Role == "" {
			last.Role = s.Role
		}
	}
	return out
}

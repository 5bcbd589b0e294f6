package transcript

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// jsonVersion is the version of the Podcasting 2.0 JSON transcript format
// written.
const jsonVersion = "1.0.0"

// jsonTranscript is the Podcasting 2.0 JSON transcript.
//
// Specs: https://github.com/Podcastindex-org/podcast-namespace/blob/main/transcripts/transcripts.md#json
type jsonTranscript struct {
	Version  string        `json:"version"`
	Segments []jsonSegment `json:"segments"`
}

// jsonSegment is a segment: "speaker" and "endTime" appear when known.
type jsonSegment struct {
	Speaker   string    `json:"speaker,omitempty"`
	StartTime *jsonTime `json:"startTime,omitempty"`
	EndTime   *jsonTime `json:"endTime,omitempty"`
	Body      string    `json:"body"`
}

// jsonTime is a time in seconds, written as a number and read from a
// number or a numeric string.
type jsonTime float64

func (j jsonTime) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, math.Round(float64(j)*1000)/1000, 'f', -1, 64), nil
}

func (j *jsonTime) UnmarshalJSON(b []byte) error {
	s := string(b)
	if uq, err := strconv.Unquote(s); err == nil {
		s = strings.TrimSpace(uq)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("time %s is not a number", b)
	}
	*j = jsonTime(v)
	return nil
}

// ParseJSON reads a Podcasting 2.0 JSON transcript. The transcript is
// Timed when it has segments and every one has a startTime; a missing endTime is the
// next segment's start (the segment's own start for the last one).
//
// The error wraps ErrMalformed when data is not such a transcript or its
// version is not 1.x.
func ParseJSON(data []byte) (*Transcript, error) {
	var in struct {
		Version  *string        `json:"version"`
		Segments *[]jsonSegment `json:"segments"`
	}
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, fmt.Errorf("read json transcript: %w: %w", ErrMalformed, err)
	}
	if in.Segments == nil {
		return nil, fmt.Errorf("read json transcript: no segments: %w", ErrMalformed)
	}
	if in.Version != nil && !strings.HasPrefix(*in.Version, "1.") {
		return nil, fmt.Errorf("read json transcript: version %q: %w", *in.Version, ErrMalformed)
	}
	segs := *in.Segments
	t := &Transcript{Timed: len(segs) > 0, Segments: make([]Segment, 0, len(segs))}
	for _, s := range segs {
		if s.StartTime == nil {
			t.Timed = false
		}
	}
	for i, s := range segs {
		body := clean(s.Body)
		if body == "" {
			continue
		}
		seg := Segment{Speaker: clean(s.Speaker), Body: body}
		if t.Timed {
			seg.Start = float64(*s.StartTime)
			switch {
			case s.EndTime != nil:
				seg.End = float64(*s.EndTime)
			case i+1 < len(segs):
				seg.End = float64(*segs[i+1].StartTime)
			default:
				seg.End = seg.Start
			}
		}
		t.Segments = append(t.Segments, seg)
	}
	return t, nil
}

// WriteJSON writes t as a Podcasting 2.0 JSON transcript, one segment a
// line. Times, rounded to the millisecond, appear only when t is Timed;
// the speaker only when known. Segments without text are left out. The
// error wraps ErrBadTiming when a time is negative or not finite, or a
// segment ends before it starts.
func (t *Transcript) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"version":"` + jsonVersion + `","segments":[`)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	n := 0
	for i, s := range t.Segments {
		js := jsonSegment{Speaker: clean(s.Speaker), Body: clean(s.Body)}
		if js.Body == "" {
			continue
		}
		if t.Timed {
			if !finite(s.Start) || s.Start < 0 || !(s.End >= s.Start) || s.End > maxSeconds {
				return fmt.Errorf("write json transcript: segment %d: times %v to %v: %w", i+1, s.Start, s.End, ErrBadTiming)
			}
			start, end := jsonTime(s.Start), jsonTime(s.End)
			js.StartTime, js.EndTime = &start, &end
		}
		buf.Reset()
		if err := enc.Encode(js); err != nil {
			return fmt.Errorf("write json transcript: %w", err)
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		bw.WriteByte('\n')
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	bw.WriteString("\n]}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write json transcript: %w", err)
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

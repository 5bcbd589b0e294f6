package transcript

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
)

// checkJSONTranscript validates doc against the Podcasting 2.0 JSON
// transcript format: an object with "version" "1.0.0" and a "segments"
// array; each segment an object with a string "body", an optional string
// "speaker", optional numbers "startTime" and "endTime" (endTime not
// before startTime) and no other key. timed tells whether every segment
// must have its times.
func checkJSONTranscript(doc []byte, timed bool) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(doc, &top); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	var version string
	if err := json.Unmarshal(top["version"], &version); err != nil || version != "1.0.0" {
		return fmt.Errorf("version %s, want \"1.0.0\"", top["version"])
	}
	var segs []map[string]any
	if err := json.Unmarshal(top["segments"], &segs); err != nil || segs == nil {
		return fmt.Errorf("segments %s is not an array", top["segments"])
	}
	if len(top) != 2 {
		return fmt.Errorf("unexpected top-level keys: %v", top)
	}
	for i, s := range segs {
		if _, ok := s["body"].(string); !ok {
			return fmt.Errorf("segment %d: body %v is not a string", i, s["body"])
		}
		if sp, ok := s["speaker"]; ok {
			if v, ok := sp.(string); !ok || v == "" {
				return fmt.Errorf("segment %d: speaker %v is not a non-empty string", i, sp)
			}
		}
		start, hasStart := s["startTime"].(float64)
		end, hasEnd := s["endTime"].(float64)
		if _, ok := s["startTime"]; ok != hasStart {
			return fmt.Errorf("segment %d: startTime %v is not a number", i, s["startTime"])
		}
		if _, ok := s["endTime"]; ok != hasEnd {
			return fmt.Errorf("segment %d: endTime %v is not a number", i, s["endTime"])
		}
		if hasStart != timed || hasEnd != timed {
			return fmt.Errorf("segment %d: times %v, %v; want them: %v", i, s["startTime"], s["endTime"], timed)
		}
		if hasStart && (start < 0 || end < start) {
			return fmt.Errorf("segment %d: endTime %v before startTime %v", i, end, start)
		}
		for k := range s {
			switch k {
			case "body", "speaker", "startTime", "endTime":
			default:
				return fmt.Errorf("segment %d: unknown key %q", i, k)
			}
		}
	}
	return nil
}

func TestWriteJSON(t *testing.T) {
	tests := []struct {
		name string
		tr   *Transcript
		file string
	}{
		{"timed", timedSample(), "timed.golden.json"},
		{"untimed", untimedSample(), "untimed.golden.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.tr.WriteJSON(&buf); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, buf.Bytes())
			if err := checkJSONTranscript(buf.Bytes(), tt.tr.Timed); err != nil {
				t.Fatalf("invalid JSON transcript: %v\n%s", err, buf.Bytes())
			}
			back, err := ParseJSON(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			sameSegments(t, back, tt.tr, false)
		})
	}
}

func TestWriteJSONErrors(t *testing.T) {
	for _, s := range []Segment{{Start: 2, End: 1, Body: "x"}, {Start: -1, End: 1, Body: "x"}} {
		tr := &Transcript{Timed: true, Segments: []Segment{s}}
		if err := tr.WriteJSON(&bytes.Buffer{}); !errors.Is(err, ErrBadTiming) {
			t.Errorf("%+v: error %v, want ErrBadTiming", s, err)
		}
	}
}

func TestParseJSON(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		timed bool
		want  []Segment
	}{
		{
			name:  "namespace example, word by word",
			in:    `{"version":"1.0.0","segments":[{"speaker":"Darth Vader","startTime":0.5,"endTime":0.75,"body":"I"},{"speaker":"Darth Vader","startTime":2.25,"endTime":2.50,"body":"father.\n"},{"speaker":"Luke","startTime":2.75,"endTime":3.0,"body":"Nooooo"}]}`,
			timed: true,
			want: []Segment{
				{Speaker: "Darth Vader", Start: 0.5, End: 0.75, Body: "I"},
				{Speaker: "Darth Vader", Start: 2.25, End: 2.5, Body: "father."},
				{Speaker: "Luke", Start: 2.75, End: 3, Body: "Nooooo"},
			},
		},
		{
			name:  "missing end times, string times",
			in:    `{"version":"1.0.0","segments":[{"startTime":"1.5","body":"a"},{"startTime":4,"body":"b"}]}`,
			timed: true,
			want:  []Segment{{Start: 1.5, End: 4, Body: "a"}, {Start: 4, End: 4, Body: "b"}},
		},
		{
			name: "untimed, empty body skipped, unknown keys ignored",
			in:   `{"version":"1.0.0","segments":[{"speaker":"A","body":"a","extra":1},{"body":"  "},{"startTime":3,"body":"b"}]}`,
			want: []Segment{{Speaker: "A", Body: "a"}, {Body: "b"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseJSON([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			sameSegments(t, got, &Transcript{Timed: tt.timed, Segments: tt.want}, false)
		})
	}
	for name, in := range map[string]string{
		"not json":     `{"version":`,
		"array":        `[]`,
		"no segments":  `{"version":"1.0.0"}`,
		"version 2":    `{"version":"2.0.0","segments":[]}`,
		"bad time":     `{"segments":[{"startTime":"soon","body":"a"}]}`,
		"body number":  `{"segments":[{"body":1}]}`,
		"segments obj": `{"segments":{}}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseJSON([]byte(in)); !errors.Is(err, ErrMalformed) {
				t.Errorf("ParseJSON(%s) error = %v, want ErrMalformed", in, err)
			}
		})
	}
}

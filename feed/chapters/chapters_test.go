package chapters

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestWriteShape checks the file against the JSON Chapters format 1.2:
// a version string and a chapters array, each chapter with a numeric
// startTime, in ascending order; optional keys only when set.
func TestWriteShape(t *testing.T) {
	f := &File{Title: "Ep", PodcastName: "Show", Chapters: []Chapter{
		{Start: 168 * time.Second, Title: "Hearing Aids", Img: "https://example.com/a.jpg"},
		{Start: 0, Title: "Intro"},
		{Start: 410500 * time.Millisecond, End: 500 * time.Second, Title: "Namespace", URL: "https://example.com/ns", Hidden: true,
			Location: &Location{Name: "Eiffel Tower, Paris", Geo: "geo:48.858093,2.294694"}},
	}}
	var buf bytes.Buffer
	if err := Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["version"] != "1.2.0" || doc["title"] != "Ep" || doc["podcastName"] != "Show" {
		t.Errorf("top level %v", doc)
	}
	chs, ok := doc["chapters"].([]any)
	if !ok || len(chs) != 3 {
		t.Fatalf("chapters %v", doc["chapters"])
	}
	prev := -1.0
	for i, c := range chs {
		m := c.(map[string]any)
		start, ok := m["startTime"].(float64)
		if !ok || start < prev {
			t.Errorf("chapter %d: startTime %v after %v", i, m["startTime"], prev)
		}
		prev = start
		for k := range m {
			switch k {
			case "startTime", "title", "img", "url", "toc", "endTime", "location":
			default:
				t.Errorf("chapter %d: key %q is not in the format", i, k)
			}
		}
	}
	last := chs[2].(map[string]any)
	if last["startTime"] != 410.5 || last["endTime"] != 500.0 || last["toc"] != false || last["location"].(map[string]any)["geo"] != "geo:48.858093,2.294694" {
		t.Errorf("last chapter %v", last)
	}
	if first := chs[0].(map[string]any); len(first) != 2 || first["startTime"] != 0.0 {
		t.Errorf("first chapter %v: want startTime and title only", first)
	}
	if !strings.HasSuffix(buf.String(), "}\n") {
		t.Error("no final newline")
	}
	// Empty: still a valid file.
	buf.Reset()
	if err := Write(&buf, &File{}); err != nil || !strings.Contains(buf.String(), `"chapters": []`) {
		t.Errorf("empty file %q %v", buf.String(), err)
	}
}

func TestParseRoundTrip(t *testing.T) {
	in := &File{Title: "Ep", Chapters: []Chapter{{Start: 0, Title: "A"}, {Start: 1500 * time.Millisecond, Title: "B", Hidden: true, End: 3 * time.Second}}}
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	out, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if out.Title != "Ep" || len(out.Chapters) != 2 || out.Chapters[1] != in.Chapters[1] {
		t.Errorf("got %+v", out)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`[]`, "not a JSON Chapters file"},
		{`{"chapters": []}`, "no version"},
		{`{"version": "1.2.0"}`, "no chapters array"},
		{`{"version": "1.2.0", "chapters": [{"title": "x"}]}`, "chapters[0]: no startTime"},
		{`{"version": "1.2.0", "chapters": [{"startTime": -1}]}`, "chapters[0]: startTime"},
		{`{"version": "1.2.0", "chapters": [{"startTime": "12"}]}`, "chapters[0]"},
	} {
		if _, err := Parse([]byte(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%s) = %v, want %q", tc.in, err, tc.want)
		}
	}
	f, err := Parse([]byte(`{"version": "1.2.0", "chapters": [{"startTime": 60, "title": "B"}, {"startTime": 0, "title": "A"}], "extra": 1}`))
	if err != nil || f.Chapters[0].Title != "A" {
		t.Errorf("unordered chapters: %+v %v", f, err)
	}
}

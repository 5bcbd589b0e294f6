package jsonfeed

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

// TestLabels checks that the transcripts' attachment title is the feed's
// label.
func TestLabels(t *testing.T) {
	f := feedtest.VideoShow()
	f.Fragments = &feedtest.ItemCache{}
	for _, tc := range []struct {
		labels feed.Labels
		want   string
	}{{feed.Labels{}, "Transcript"}, {feed.Labels{Transcript: "Transcription"}, "Transcription"}} {
		f.Labels = tc.labels
		var buf bytes.Buffer
		if err := Write(&buf, f); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Items []struct {
				Attachments []struct {
					MIMEType string `json:"mime_type"`
					Title    string `json:"title"`
				} `json:"attachments"`
			} `json:"items"`
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, it := range doc.Items {
			for _, a := range it.Attachments {
				if a.MIMEType == "text/vtt" || a.MIMEType == "text/html" {
					n++
					if a.Title != tc.want {
						t.Errorf("attachment %s: title %q, want %q", a.MIMEType, a.Title, tc.want)
					}
				}
			}
		}
		if n != 2 {
			t.Errorf("%d transcript attachments, want 2", n)
		}
	}
}

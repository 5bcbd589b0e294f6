package atom

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

// TestLabels checks that the link titles come from the feed's labels, and
// that an entry encoded with other labels is not reused from the cache.
func TestLabels(t *testing.T) {
	fr := feed.Labels{Transcript: "Transcription", Captions: "Sous-titres", WatchOn: "Regarder sur %s", ListenOn: "Écouter sur %s"}
	titles := func(b []byte) map[string]string {
		var doc struct {
			Entries []struct {
				Links []struct {
					Href  string `xml:"href,attr"`
					Title string `xml:"title,attr"`
				} `xml:"link"`
			} `xml:"entry"`
		}
		if err := xml.NewDecoder(bytes.NewReader(b)).Decode(&doc); err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, e := range doc.Entries {
			for _, l := range e.Links {
				out[l.Href] = l.Title
			}
		}
		return out
	}
	cache := &feedtest.ItemCache{}
	f := feedtest.VideoShow()
	f.Fragments = cache
	en := titles(write(t, f))
	f.Labels = fr
	got := titles(write(t, f))
	for href, want := range map[string][2]string{
		"https://example.gouv.fr/video/42.vtt":     {"Captions", "Sous-titres"},
		"https://example.gouv.fr/video/42.html":    {"Transcript", "Transcription"},
		"https://www.dailymotion.com/video/x8abcd": {"Watch on Dailymotion", "Regarder sur Dailymotion"},
	} {
		if en[href] != want[0] {
			t.Errorf("%s: English title %q, want %q", href, en[href], want[0])
		}
		if got[href] != want[1] {
			t.Errorf("%s: French title %q, want %q", href, got[href], want[1])
		}
	}
}

package rss

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/wire"
)

// referenceItem is the item as encoding/xml writes it: what appendItem
// must write.
func referenceItem(t testing.TB, it *item) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	enc.Indent("    ", "  ")
	if err := enc.EncodeElement(it, xml.StartElement{Name: xml.Name{Local: "item"}}); err != nil {
		t.Fatal(err)
	}
	if err := enc.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func checkItemEncoding(t testing.TB, f *feed.Feed) {
	t.Helper()
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		w := newItem(f, it)
		if got, want := appendItem(nil, w), referenceItem(t, w); !bytes.Equal(got, want) {
			t.Fatalf("item %q: appendItem differs from encoding/xml:\n%s\nwant:\n%s", it.ID, got, want)
		}
	}
}

// TestItemEncoding checks that the fast item encoder writes the bytes of
// encoding/xml, for the test shows and for raw values that the model
// mapping would have cleaned.
func TestItemEncoding(t *testing.T) {
	for _, f := range []*feed.Feed{audioShow(), videoShow(), hostileShow(), minimalShow(), benchFeed(3)} {
		checkItemEncoding(t, f)
	}
	raw := "a\x00b\x1fc\td\ne\rf\"g'h&i<j>k\xffl\uFFFEm\uFFFD]]>n]]]>o🎧p\u2028"
	w := &item{
		Title: raw, Link: raw, Description: raw, Content: &cdata{Text: raw}, GUID: &guid{IsPermaLink: raw, ID: raw},
		PubDate: raw, Enclosure: &enclosure{URL: raw, Length: -3, Type: raw}, Categories: []string{raw, "", raw},
		itunesItem: itunesItem{Title: raw, Image: &itunesImage{Href: raw}, Duration: raw, Season: raw, Episode: raw, EpisodeType: raw, Explicit: raw},
		podcastItem: podcastItem{Season: raw, Episode: raw, Transcripts: []podcastTranscript{{URL: raw, Type: raw, Language: raw, Rel: raw}, {}}, Persons: []podcastPerson{{Role: raw, Group: raw, Img: raw, Href: raw, Name: raw}, {}}, Images: []podcastImage{{Href: raw, Alt: raw, AspectRatio: raw, Width: -1, Height: 2, Type: raw, Purpose: raw}, {}},
			podcastItemMore: podcastItemMore{
				Chapters:   &podcastChapters{URL: raw, Type: raw},
				Soundbites: []podcastSoundbite{{StartTime: raw, Duration: raw, Title: raw}, {}},
				Locations:  []podcastLocation{{Rel: raw, Geo: raw, OSM: raw, Country: raw, Name: raw}, {}},
				License:    &podcastLicense{URL: raw, Name: raw},
				Alternates: []podcastAlternate{{Type: raw, Length: 7, Bitrate: raw, Height: 8, Lang: raw, Title: raw, Rel: raw, Codecs: raw, Default: raw,
					Sources: []podcastSource{{URI: raw, ContentType: raw}, {}}}, {}},
				Txts:   []podcastTxt{{Purpose: raw, Text: raw}, {}},
				Social: []podcastSocial{{Priority: raw, Protocol: raw, URI: raw, AccountID: raw, AccountURL: raw}, {}},
			}},
		mediaItem: mediaItem{Thumbnail: &wire.MediaRef{URL: raw, Width: 3}, Player: &wire.MediaRef{URL: raw, Height: 4}, Content: &mediaContent{URL: raw, FileSize: 5, Type: raw, Medium: raw, Duration: 6}},
	}
	for _, it := range []*item{w, {}, {Content: &cdata{}}, {GUID: &guid{}}, {podcastItem: podcastItem{podcastItemMore: podcastItemMore{License: &podcastLicense{}, Chapters: &podcastChapters{}}}}} {
		if got, want := appendItem(nil, it), referenceItem(t, it); !bytes.Equal(got, want) {
			t.Errorf("appendItem differs from encoding/xml:\n%s\nwant:\n%s", got, want)
		}
	}
}

// A feed whose items are in another language than its channel: the
// channel says its own, a transcript without one takes the items'.
func TestItemLanguage(t *testing.T) {
	f := minimalShow()
	f.Language, f.ItemLanguage = "en", "fr"
	f.Items[0].Transcripts = []feed.Transcript{{URL: "https://example.org/t.vtt", Type: "text/vtt"}}
	var b bytes.Buffer
	if err := Write(&b, f); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "<language>en</language>") || !strings.Contains(out, `type="text/vtt" language="fr"`) {
		t.Errorf("languages:\n%s", out)
	}
}

package jsonfeed

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

// referenceItem is the item as encoding/json writes it: what appendItem
// must write.
func referenceItem(t testing.TB, it *jsonItem) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	if err := enc.Encode(it); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func checkItemEncoding(t testing.TB, f *feed.Feed) {
	t.Helper()
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		item, err := newItem(it, feed.DefaultLabels)
		if err != nil {
			continue
		}
		if got, want := appendItem(nil, &item), referenceItem(t, &item); !bytes.Equal(got, want) {
			t.Fatalf("item %q: appendItem differs from encoding/json:\n%s\nwant:\n%s", it.ID, got, want)
		}
	}
}

// TestItemEncoding checks that the fast item encoder writes the bytes of
// encoding/json, for the test shows and for raw values that the model
// mapping would have cleaned.
func TestItemEncoding(t *testing.T) {
	for _, s := range feedtest.Shows() {
		checkItemEncoding(t, s.Feed)
	}
	checkItemEncoding(t, bigShow(3))
	raw := "a\x00b\x1fc\td\ne\rf\"g'h&i<j>k\xffl\uFFFEm\uFFFD\\n🎧p\u2028q\u2029\b\f\x7f"
	yes := true
	p := extPerson{Name: raw, Email: raw, URL: raw, Avatar: raw, Role: raw, Group: raw}
	it := &jsonItem{
		ID: raw, URL: raw, Title: raw, ContentHTML: raw, ContentText: &raw, Summary: raw, Image: raw, BannerImage: raw,
		DatePublished: raw, DateModified: raw, Tags: []string{raw, ""}, Authors: []jsonAuthor{{Name: raw, URL: raw, Avatar: raw}, {}},
		Attachments: []jsonAttachment{{URL: raw, MIMEType: raw, Title: raw, SizeInBytes: 9, DurationInSeconds: 1.5, Feedcast: &attachmentExtension{Language: raw, Rel: raw}}, {}},
		Feedcast: &itemExtension{Season: 1, Episode: -2, EpisodeType: raw, Explicit: &yes, DurationInSeconds: 1e21,
			Player: &extPlayer{URL: raw, PageURL: raw, Provider: raw, Kind: raw, Width: 3, Height: 4}, Persons: []extPerson{p, {}}, Chapters: &extLink{URL: raw, Type: raw}},
	}
	for _, d := range []float64{0.5, 1e-7, 123456789, 1e20, math.MaxFloat64, 3600} {
		it := &jsonItem{Feedcast: &itemExtension{DurationInSeconds: d}}
		if got, want := appendItem(nil, it), referenceItem(t, it); !bytes.Equal(got, want) {
			t.Errorf("duration %v: appendItem differs from encoding/json:\n%s\nwant:\n%s", d, got, want)
		}
	}
	for _, it := range []*jsonItem{it, {}, {Feedcast: &itemExtension{}}, {Tags: []string{}}} {
		if got, want := appendItem(nil, it), referenceItem(t, it); !bytes.Equal(got, want) {
			t.Errorf("appendItem differs from encoding/json:\n%s\nwant:\n%s", got, want)
		}
	}
}

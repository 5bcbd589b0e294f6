package atom

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/feedtest"
	"github.com/feedcast/feedcast/feed/internal/wire"
)

// referenceEntry is the entry as encoding/xml writes it: what appendEntry
// must write.
func referenceEntry(t testing.TB, e *atomEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	enc.Indent("  ", "  ")
	if err := enc.EncodeElement(e, xml.StartElement{Name: xml.Name{Local: "entry"}}); err != nil {
		t.Fatal(err)
	}
	if err := enc.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func checkEntryEncoding(t testing.TB, f *feed.Feed) {
	t.Helper()
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		e, err := newEntry(it, feed.DefaultLabels)
		if err != nil {
			continue
		}
		if got, want := appendEntry(nil, &e), referenceEntry(t, &e); !bytes.Equal(got, want) {
			t.Fatalf("item %q: appendEntry differs from encoding/xml:\n%s\nwant:\n%s", it.ID, got, want)
		}
	}
}

// TestEntryEncoding checks that the fast entry encoder writes the bytes of
// encoding/xml, for the test shows and for raw values that the model
// mapping would have cleaned.
func TestEntryEncoding(t *testing.T) {
	for _, s := range feedtest.Shows() {
		checkEntryEncoding(t, s.Feed)
	}
	raw := "a\x00b\x1fc\td\ne\rf\"g'h&i<j>k\xffl\uFFFEm\uFFFD]]>n🎧p\u2028"
	txt := &atomText{Type: raw, Value: raw}
	p := atomPerson{Name: raw, URI: raw, Email: raw}
	e := &atomEntry{
		ID: raw, Title: *txt, Updated: raw, Published: raw,
		Links:   []atomLink{{Rel: raw, Type: raw, Href: raw, HrefLang: raw, Title: raw, Length: 7}, {}},
		Authors: []atomPerson{p, {}}, Contributors: []atomPerson{p},
		Categories: []atomCategory{{Term: raw, Label: raw}, {}},
		Summary:    txt, Content: &atomContent{Type: raw, Value: raw},
		Thumbnail: &wire.MediaRef{URL: raw, Width: 1}, Player: &wire.MediaRef{URL: raw, Height: 2},
	}
	for _, e := range []*atomEntry{e, {}} {
		if got, want := appendEntry(nil, e), referenceEntry(t, e); !bytes.Equal(got, want) {
			t.Errorf("appendEntry differs from encoding/xml:\n%s\nwant:\n%s", got, want)
		}
	}
}

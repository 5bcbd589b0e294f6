package rss

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func write(t testing.TB, f *feed.Feed) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// checkWellFormed decodes every token of doc with a strict decoder.
func checkWellFormed(t testing.TB, doc []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("ill-formed XML: %v\n%s", err, doc)
		}
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		feed func() *feed.Feed
	}{
		{"audio", audioShow},
		{"video", videoShow},
		{"hostile", hostileShow},
		{"minimal", minimalShow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := write(t, tt.feed())
			checkWellFormed(t, got)
			if again := write(t, tt.feed()); !bytes.Equal(got, again) {
				t.Fatal("two writes of the same feed differ")
			}
			feedtest.Golden(t, filepath.Join("testdata", tt.name+".golden.xml"), got, *update)
		})
	}
}

func TestDocumentFrame(t *testing.T) {
	got := string(write(t, minimalShow()))
	const start = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"` +
		` xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:media="http://search.yahoo.com/mrss/"` +
		` xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">` + "\n"
	if !strings.HasPrefix(got, start) {
		t.Errorf("document starts with\n%s\nwant\n%s", got[:min(len(got), len(start))], start)
	}
	if !strings.HasSuffix(got, "</rss>\n") {
		t.Errorf("document does not end with </rss> and a newline: %q", got[max(0, len(got)-20):])
	}
}

// TestPrefixesDeclared checks that every prefix used on an element or an
// attribute is declared on the root, decoding with namespaces resolved.
func TestPrefixesDeclared(t *testing.T) {
	known := map[string]bool{"": true, nsITunes: true, nsPodcast: true, nsMedia: true, nsContent: true, nsAtom: true, "xmlns": true}
	for _, f := range []*feed.Feed{audioShow(), videoShow(), hostileShow()} {
		d := xml.NewDecoder(bytes.NewReader(write(t, f)))
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			se, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			if !known[se.Name.Space] {
				t.Errorf("element %s:%s in an undeclared namespace", se.Name.Space, se.Name.Local)
			}
			for _, a := range se.Attr {
				if !known[a.Name.Space] {
					t.Errorf("attribute %s:%s in an undeclared namespace", a.Name.Space, a.Name.Local)
				}
			}
		}
	}
}

func TestPodcastGUIDFromSelfURL(t *testing.T) {
	f := &feed.Feed{Title: "Podnews", URLs: map[string]string{"rss": "https://podnews.net/rss"}}
	var doc struct {
		GUID string `xml:"channel>guid"`
	}
	if err := xml.Unmarshal(write(t, f), &doc); err != nil {
		t.Fatal(err)
	}
	if want := "9b024349-ccf0-5f69-a609-6b82873eab3c"; doc.GUID != want {
		t.Errorf("podcast:guid = %q, want %q", doc.GUID, want)
	}

	f.PodcastGUID = "917393e3-1b1e-5cef-ace4-edaa54e1f810"
	if err := xml.Unmarshal(write(t, f), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.GUID != f.PodcastGUID {
		t.Errorf("podcast:guid = %q, want the feed's own %q", doc.GUID, f.PodcastGUID)
	}
}

func TestDescriptionLimit(t *testing.T) {
	long := strings.Repeat("é", 3000) // 6000 bytes
	f := &feed.Feed{Title: "t", Description: long, Items: []*feed.Item{{Title: "i", Summary: "a" + long}}}
	var doc struct {
		Description string `xml:"channel>description"`
		Items       []struct {
			Description string `xml:"description"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(write(t, f), &doc); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{doc.Description, doc.Items[0].Description} {
		if len(s) > maxDescription || len(s) < maxDescription-4 {
			t.Errorf("description is %d bytes, want just under %d", len(s), maxDescription)
		}
		if !strings.HasSuffix(s, "é…") {
			t.Errorf("description ends with %q, want a whole rune and an ellipsis", s[len(s)-8:])
		}
	}
}

func TestDates(t *testing.T) {
	f := &feed.Feed{
		Title:   "t",
		Updated: time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC),
		Items:   []*feed.Item{{Title: "i", Published: time.Date(2002, 10, 2, 15, 0, 0, 0, time.FixedZone("", 2*3600))}},
	}
	got := string(write(t, f))
	for _, want := range []string{
		"<lastBuildDate>Mon, 03 Mar 2025 10:00:00 +0000</lastBuildDate>",
		"<pubDate>Wed, 02 Oct 2002 15:00:00 +0200</pubDate>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if strings.Contains(got, "UTC") {
		t.Error(`output has a "UTC" zone name`)
	}
}

func TestNilFeed(t *testing.T) {
	if err := Write(io.Discard, nil); err == nil {
		t.Error("Write(nil) returned no error")
	}
}

type failWriter struct{ after int }

var errDisk = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if w.after <= 0 {
		return 0, errDisk
	}
	w.after--
	return len(p), nil
}

func TestWriteErrors(t *testing.T) {
	// A feed long enough to take several writes of the writer's buffer.
	f := benchFeed(40)
	for after := range 3 {
		err := Write(&failWriter{after: after}, f)
		if !errors.Is(err, errDisk) {
			t.Errorf("writer failing after %d writes: err = %v, want %v", after, err, errDisk)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "write rss: ") {
			t.Errorf("error %q lacks the write rss context", err)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"hello world again", 10, "hello w…"},
		{"aéééé", 7, "aé…"},             // the cut falls inside the second é
		{"word    spaces", 10, "word…"}, // no dangling spaces before the ellipsis
	}
	for _, tt := range tests {
		if got := truncate(tt.in, tt.n); got != tt.want || len(got) > tt.n {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
	if got := truncateRunes("ééé  é", 4); got != "ééé" {
		t.Errorf("truncateRunes = %q, want %q", got, "ééé")
	}
}

func TestValues(t *testing.T) {
	ratios := map[[2]int]string{{1280, 720}: "16/9", {1400, 1400}: "1/1", {1080, 1920}: "9/16", {0, 720}: "", {640, -1}: ""}
	for wh, want := range ratios {
		if got := aspectRatio(wh[0], wh[1]); got != want {
			t.Errorf("aspectRatio(%d, %d) = %q, want %q", wh[0], wh[1], got, want)
		}
	}
	exts := map[string]string{
		"https://a.org/x.JPG":          ".jpg",
		"https://a.org/x.png?w=1&h=2":  ".png",
		"https://a.org/x.webp#frag":    ".webp",
		"https://a.org/dir.jpg/x":      "",
		"https://a.org/x.jpeg?f=a.gif": ".jpeg",
		"%zz/bad.gif?x":                ".gif",
	}
	for u, want := range exts {
		if got := extension(u); got != want {
			t.Errorf("extension(%q) = %q, want %q", u, got, want)
		}
	}
	durations := map[time.Duration]int64{0: 0, -time.Second: 0, 400 * time.Millisecond: 0, 1500 * time.Millisecond: 2, time.Hour: 3600}
	for d, want := range durations {
		if got := seconds(d); got != want {
			t.Errorf("seconds(%v) = %d, want %d", d, got, want)
		}
	}
	types := map[string]string{"audio/mpeg": "audio", "Video/MP4": "video", "application/pdf": "", "": ""}
	for in, want := range types {
		if got := medium(in); got != want {
			t.Errorf("medium(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLocked(t *testing.T) {
	tests := []struct {
		locked bool
		owner  string
		want   string
	}{
		{false, "", ""},
		{true, "", "<podcast:locked>yes</podcast:locked>"},
		{true, "me@example.org", `<podcast:locked owner="me@example.org">yes</podcast:locked>`},
		{false, "me@example.org", `<podcast:locked owner="me@example.org">no</podcast:locked>`},
	}
	for _, tt := range tests {
		got := string(write(t, &feed.Feed{Title: "t", Locked: tt.locked, LockedOwner: tt.owner}))
		if tt.want == "" {
			if strings.Contains(got, "podcast:locked") {
				t.Errorf("locked=%v owner=%q: podcast:locked written, want none", tt.locked, tt.owner)
			}
		} else if !strings.Contains(got, tt.want) {
			t.Errorf("locked=%v owner=%q: output lacks %s", tt.locked, tt.owner, tt.want)
		}
	}
}

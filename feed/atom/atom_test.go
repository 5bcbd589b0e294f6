package atom

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"path/filepath"
	"regexp"
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

func TestGolden(t *testing.T) {
	for _, s := range feedtest.Shows() {
		t.Run(s.Name, func(t *testing.T) {
			got := write(t, s.Feed)
			feedtest.Golden(t, filepath.Join("testdata", s.Name+".golden.xml"), got, *update)
			if again := write(t, s.Feed); !bytes.Equal(got, again) {
				t.Error("two writes of the same feed differ")
			}
		})
	}
}

// checkWellFormed decodes every token with a strict decoder and returns the
// number of elements of each prefix-qualified name, so callers can check
// namespaces too.
func checkWellFormed(t testing.TB, doc []byte) map[string]int {
	t.Helper()
	if !bytes.HasPrefix(doc, []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n<feed ")) {
		t.Fatalf("document does not start with the XML declaration and <feed:\n%.200s", doc)
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	names := map[string]int{}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return names
		}
		if err != nil {
			t.Fatalf("ill-formed XML: %v\n%s", err, doc)
		}
		if se, ok := tok.(xml.StartElement); ok {
			names[se.Name.Space+" "+se.Name.Local]++
		}
	}
}

func TestWellFormed(t *testing.T) {
	for _, s := range feedtest.Shows() {
		t.Run(s.Name, func(t *testing.T) {
			doc := write(t, s.Feed)
			names := checkWellFormed(t, doc)
			if n := names[atomNS+" feed"]; n != 1 {
				t.Errorf("%d Atom feed elements, want 1", n)
			}
			for name := range names {
				ns, _, _ := strings.Cut(name, " ")
				if ns != atomNS && ns != mediaNS {
					t.Errorf("element %q in an unexpected namespace", name)
				}
			}
			if bytes.Contains(doc, []byte("_xmlns")) || bytes.Contains(doc, []byte("xmlns:xmlns")) {
				t.Errorf("namespace artifacts in output:\n%s", doc)
			}
		})
	}
}

func TestMediaNamespaceOnlyWhenUsed(t *testing.T) {
	audio := write(t, feedtest.AudioShow())
	if bytes.Contains(audio, []byte("xmlns:media")) || bytes.Contains(audio, []byte("<media:")) {
		t.Errorf("audio show without thumbnails declares or uses media:\n%s", audio)
	}
	video := write(t, feedtest.VideoShow())
	if !bytes.Contains(video, []byte(`xmlns:media="`+mediaNS+`"`)) {
		t.Errorf("video show with a thumbnail does not declare media:\n%s", video)
	}
	names := checkWellFormed(t, video)
	if names[mediaNS+" thumbnail"] != 1 || names[mediaNS+" player"] != 1 {
		t.Errorf("media elements = %v, want one thumbnail and one player", names)
	}
}

// cdataSections are the CDATA sections of a document.
var cdataSections = regexp.MustCompile(`(?s)<!\[CDATA\[.*?\]\]>`)

func TestHostileTextIsEscaped(t *testing.T) {
	f := feedtest.HostileShow()
	doc := write(t, f)
	for _, bad := range []string{"\x00", "\x07", "\x1b", "\xff", "\uFFFE", "\uFFFF"} {
		if bytes.Contains(doc, []byte(bad)) {
			t.Errorf("output contains raw %q", bad)
		}
	}
	// The content is a CDATA section; markup anywhere else is escaped.
	outside := cdataSections.ReplaceAll(doc, nil)
	for _, bad := range []string{"<script", "<b>", "]]>", "<![CDATA["} {
		if bytes.Contains(outside, []byte(bad)) {
			t.Errorf("output outside CDATA sections contains raw %q", bad)
		}
	}
	var parsed struct {
		Entries []struct {
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(doc, &parsed); err != nil {
		t.Fatal(err)
	}
	for i, e := range parsed.Entries {
		if want := feed.CleanText(f.Items[i].ContentHTML); e.Content != want {
			t.Errorf("entry %d: content reads back as %q, want %q", i, e.Content, want)
		}
	}
	for _, want := range []string{"Fish &amp; Chips &lt;script&gt;", "🎧", "àéîõü", "2025-05-06T07:08:09-05:30"} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestDateFallbacks(t *testing.T) {
	f := feedtest.AudioShow()
	f.Updated = time.Time{}
	f.Items[0].Updated = time.Time{}
	doc := string(write(t, f))
	// The feed takes the newest item date; the entry its published date.
	if !strings.Contains(doc, "<updated>2025-03-10T10:00:00Z</updated>\n  <link") {
		t.Errorf("feed updated is not the newest item date:\n%s", doc)
	}
	if strings.Count(doc, "<updated>2025-03-10T10:00:00Z</updated>") != 2 {
		t.Errorf("entry updated does not fall back to published:\n%s", doc)
	}
}

func TestWriteErrors(t *testing.T) {
	tests := map[string]func(f *feed.Feed){
		"no feed id":   func(f *feed.Feed) { f.ID = "" },
		"no item id":   func(f *feed.Feed) { f.Items[1].ID = "" },
		"no item date": func(f *feed.Feed) { f.Items[1].Published, f.Items[1].Updated = time.Time{}, time.Time{} },
		"no date at all": func(f *feed.Feed) {
			f.Updated = time.Time{}
			f.Items = nil
		},
		"year 10000": func(f *feed.Feed) { f.Items[0].Published = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			f := feedtest.AudioShow()
			mutate(f)
			var buf bytes.Buffer
			err := Write(&buf, f)
			if err == nil || !strings.HasPrefix(err.Error(), "write atom: ") {
				t.Fatalf("Write error = %v, want a write atom error", err)
			}
			if buf.Len() != 0 {
				t.Errorf("Write wrote %d bytes before failing", buf.Len())
			}
		})
	}
	if err := Write(io.Discard, nil); err == nil {
		t.Error("Write(nil feed) succeeded")
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

func TestWriterErrorIsWrapped(t *testing.T) {
	boom := errors.New("disk full")
	err := Write(failWriter{boom}, feedtest.AudioShow())
	if !errors.Is(err, boom) {
		t.Errorf("Write error = %v, want it to wrap %v", err, boom)
	}
}

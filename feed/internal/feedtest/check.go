package feedtest

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/feed"
)

// WriteFunc is a format's entry point: rss.Write, atom.Write, jsonfeed.Write.
type WriteFunc func(io.Writer, *feed.Feed) error

// Golden compares got with the golden file at path; with update, it first
// rewrites the file with got.
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update after checking the diff):\n%s", path, got)
	}
}

// HistoryGolden writes each kind of RFC 5005 document (HistoryShows) and
// compares it with testdata/history-<name>.golden<ext>.
func HistoryGolden(t *testing.T, write WriteFunc, ext string, update bool) {
	for _, s := range HistoryShows() {
		t.Run(s.Name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf, s.Feed); err != nil {
				t.Fatal(err)
			}
			Golden(t, filepath.Join("testdata", "history-"+s.Name+".golden"+ext), buf.Bytes(), update)
		})
	}
}

// CheckItemCache checks that a feed written with an item cache is the same
// as without, and that a second feed takes its items from the cache.
func CheckItemCache(t *testing.T, write WriteFunc) {
	for _, s := range Shows() {
		var plain, first, second bytes.Buffer
		if err := write(&plain, s.Feed); err != nil {
			t.Fatal(err)
		}
		cache := &ItemCache{}
		s.Feed.Fragments = cache
		if err := write(&first, s.Feed); err != nil {
			t.Fatal(err)
		}
		if err := write(&second, s.Feed); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(plain.Bytes(), first.Bytes()) || !bytes.Equal(plain.Bytes(), second.Bytes()) {
			t.Errorf("%s: the item cache changes the output", s.Name)
		}
		if cache.Hits != len(s.Feed.Items) {
			t.Errorf("%s: %d cache hits for %d items", s.Name, cache.Hits, len(s.Feed.Items))
		}
	}
}

// CheckStylesheets checks the xml-stylesheet instructions of an XML
// format, with f: the XSLT one, then the one that links a CSS style sheet
// (a browser that runs XSLT uses the XSLT one, one that does not applies
// the CSS), escaped, the CSS one alone when there is no XSLT stylesheet,
// and both invisible to a feed parser.
func CheckStylesheets(t *testing.T, write WriteFunc, f *feed.Feed) {
	t.Helper()
	doc := func() []byte {
		var buf bytes.Buffer
		if err := write(&buf, f); err != nil {
			t.Fatalf("write: %v", err)
		}
		return buf.Bytes()
	}
	f.Stylesheet = "https://example.org/feed.xsl"
	f.CSS = ` https://example.org/feed.css?a=1&b="2" `
	got := doc()
	const want = `<?xml-stylesheet type="text/xsl" href="https://example.org/feed.xsl"?>` + "\n" +
		`<?xml-stylesheet type="text/css" href="https://example.org/feed.css?a=1&amp;b=&quot;2&quot;"?>` + "\n"
	if !bytes.HasPrefix(got, []byte(xml.Header+want)) {
		t.Errorf("document starts with\n%.300s\nwant\n%s", got, want)
	}
	var insts []string
	for d := xml.NewDecoder(bytes.NewReader(got)); ; {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if pi, ok := tok.(xml.ProcInst); ok {
			insts = append(insts, pi.Target+" "+string(pi.Inst))
		}
	}
	if len(insts) != 3 || !strings.Contains(insts[1], "text/xsl") || !strings.Contains(insts[2], "text/css") {
		t.Errorf("processing instructions %q, want xml, then XSLT, then CSS", insts)
	}
	parsed, err := gofeed.NewParser().Parse(bytes.NewReader(got))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if parsed.Title != f.Title || len(parsed.Items) != len(f.Items) {
		t.Errorf("parsed title %q with %d items, want %q with %d", parsed.Title, len(parsed.Items), f.Title, len(f.Items))
	}

	f.Stylesheet = ""
	got = doc()
	if bytes.Contains(got, []byte("text/xsl")) || !bytes.Contains(got, []byte(`<?xml-stylesheet type="text/css"`)) {
		t.Errorf("CSS alone: document starts with\n%.300s", got)
	}
}

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

// CheckStylesheet checks the XSLT xml-stylesheet instruction of an XML
// format whose root element starts with root ("<rss ", "<feed "), with f:
// right after the XML declaration, escaped, absent when the stylesheet is
// empty or blank, and invisible to a feed parser.
func CheckStylesheet(t *testing.T, write WriteFunc, f *feed.Feed, root string) {
	t.Helper()
	f.Stylesheet = ` https://example.org/feed.xsl?a=1&b="2"<?> `
	got := writeDoc(t, write, f)
	start := xml.Header +
		`<?xml-stylesheet type="text/xsl" href="https://example.org/feed.xsl?a=1&amp;b=&quot;2&quot;&lt;?&gt;"?>` + "\n" + root
	if !bytes.HasPrefix(got, []byte(start)) {
		t.Errorf("document starts with\n%.300s\nwant\n%s", got, start)
	}
	var targets []string
	for _, pi := range procInsts(t, got) {
		targets = append(targets, pi.Target)
	}
	if strings.Join(targets, " ") != "xml xml-stylesheet" {
		t.Errorf("processing instructions %q, want xml and xml-stylesheet", targets)
	}
	checkParsed(t, got, f)
	for _, blank := range []string{"", "  "} {
		f.Stylesheet = blank
		if got := writeDoc(t, write, f); bytes.Contains(got, []byte("xml-stylesheet")) {
			t.Errorf("stylesheet %q written:\n%.300s", blank, got)
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
	f.Stylesheet = "https://example.org/feed.xsl"
	f.CSS = ` https://example.org/feed.css?a=1&b="2" `
	got := writeDoc(t, write, f)
	const want = `<?xml-stylesheet type="text/xsl" href="https://example.org/feed.xsl"?>` + "\n" +
		`<?xml-stylesheet type="text/css" href="https://example.org/feed.css?a=1&amp;b=&quot;2&quot;"?>` + "\n"
	if !bytes.HasPrefix(got, []byte(xml.Header+want)) {
		t.Errorf("document starts with\n%.300s\nwant\n%s", got, want)
	}
	var insts []string
	for _, pi := range procInsts(t, got) {
		insts = append(insts, pi.Target+" "+string(pi.Inst))
	}
	if len(insts) != 3 || !strings.Contains(insts[1], "text/xsl") || !strings.Contains(insts[2], "text/css") {
		t.Errorf("processing instructions %q, want xml, then XSLT, then CSS", insts)
	}
	checkParsed(t, got, f)

	f.Stylesheet = ""
	got = writeDoc(t, write, f)
	if bytes.Contains(got, []byte("text/xsl")) || !bytes.Contains(got, []byte(`<?xml-stylesheet type="text/css"`)) {
		t.Errorf("CSS alone: document starts with\n%.300s", got)
	}
}

// writeDoc writes f with write.
func writeDoc(t *testing.T, write WriteFunc, f *feed.Feed) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, f); err != nil {
		t.Fatalf("write: %v", err)
	}
	return buf.Bytes()
}

// procInsts returns the processing instructions of doc, which must be
// well-formed XML.
func procInsts(t *testing.T, doc []byte) []xml.ProcInst {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	var out []xml.ProcInst
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("ill-formed XML: %v", err)
		}
		if pi, ok := tok.(xml.ProcInst); ok {
			out = append(out, pi.Copy())
		}
	}
}

// checkParsed requires a feed parser to read doc as f: its title and
// its items.
func checkParsed(t *testing.T, doc []byte, f *feed.Feed) {
	t.Helper()
	parsed, err := gofeed.NewParser().Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if parsed.Title != f.Title || len(parsed.Items) != len(f.Items) {
		t.Errorf("parsed title %q with %d items, want %q with %d", parsed.Title, len(parsed.Items), f.Title, len(f.Items))
	}
}

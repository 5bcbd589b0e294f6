package rss

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// TestStylesheet checks the xml-stylesheet instruction: right after the
// XML declaration, escaped, absent when not asked for, and invisible to a
// feed parser.
func TestStylesheet(t *testing.T) {
	f := audioShow()
	f.Stylesheet = ` https://example.org/feed.xsl?a=1&b="2"<?> `
	got := write(t, f)
	checkWellFormed(t, got)
	const start = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<?xml-stylesheet type="text/xsl" href="https://example.org/feed.xsl?a=1&amp;b=&quot;2&quot;&lt;?&gt;"?>` + "\n<rss "
	if !bytes.HasPrefix(got, []byte(start)) {
		t.Errorf("document starts with\n%.300s\nwant\n%s", got, start)
	}
	d := xml.NewDecoder(bytes.NewReader(got))
	var insts []string
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if pi, ok := tok.(xml.ProcInst); ok {
			insts = append(insts, pi.Target)
		}
	}
	if strings.Join(insts, " ") != "xml xml-stylesheet" {
		t.Errorf("processing instructions %q, want xml and xml-stylesheet", insts)
	}
	parsed, err := gofeed.NewParser().Parse(bytes.NewReader(got))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if parsed.Title != f.Title || len(parsed.Items) != len(f.Items) {
		t.Errorf("parsed title %q with %d items, want %q with %d", parsed.Title, len(parsed.Items), f.Title, len(f.Items))
	}

	f.Stylesheet = "  "
	if got := write(t, f); bytes.Contains(got, []byte("xml-stylesheet")) {
		t.Errorf("blank stylesheet written:\n%.300s", got)
	}
}

package rss

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// TestCSSStylesheet checks the second xml-stylesheet instruction, which
// links a CSS style sheet: after the XSLT one (a browser that runs XSLT
// uses the XSLT one, one that does not applies the CSS), escaped, alone
// when there is no XSLT stylesheet, and invisible to a feed parser.
func TestCSSStylesheet(t *testing.T) {
	f := audioShow()
	f.Stylesheet = "https://example.org/feed.xsl"
	f.CSS = ` https://example.org/feed.css?a=1&b="2" `
	got := write(t, f)
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
	got = write(t, f)
	if bytes.Contains(got, []byte("text/xsl")) || !bytes.Contains(got, []byte(`<?xml-stylesheet type="text/css"`)) {
		t.Errorf("CSS alone: document starts with\n%.300s", got)
	}
}

package episode

import (
	"crypto/sha256"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// FuzzParse feeds arbitrary bytes to Parse. The seeds are in
// testdata/fuzz/FuzzParse: corpus shapes, BOM and CRLF, TOML, JSON, binary
// junk and a YAML alias bomb.
func FuzzParse(f *testing.F) {
	content := fstest.MapFS{
		"show/a.webp": {Data: []byte("RIFF")},
		"show/a.mp3":  {Data: []byte("ID3")},
		"show/x":      {Data: []byte("\x00\x01")},
	}
	static := fstest.MapFS{"img/x.webp": {Data: []byte("RIFF")}}
	f.Fuzz(func(t *testing.T, data []byte) {
		ep, diags := Parse("show/ep.md", data, content, static, Options{})
		failed := false
		for _, d := range diags {
			if d.Path != "show/ep.md" || d.Err == nil || (d.Field == "" && !d.Note()) {
				t.Errorf("bad diagnostic %#v", d)
			}
			if d.Line < 0 || d.Line > strings.Count(string(data), "\n")+1 {
				t.Errorf("diagnostic %v: line out of the file", d)
			}
			failed = failed || !d.Warning
		}
		if (ep == nil) != failed {
			t.Fatalf("episode %v with errors %v", ep != nil, failed)
		}
		if ep == nil {
			return
		}
		if ep.Title == "" || ep.Hash != sha256.Sum256(data) {
			t.Errorf("Title %q, Hash %x", ep.Title, ep.Hash)
		}
		// What every feed writer requires of an item (see publishable).
		if err := writableDate(ep.Date); err != nil {
			t.Errorf("Date %v: %v", ep.Date, err)
		}
		if ep.GUID != "" && !usableID(ep.GUID) {
			t.Errorf("GUID %q", ep.GUID)
		}
		if !utf8.ValidString(ep.HTML) {
			t.Errorf("HTML is not UTF-8")
		}
		if tr := ep.Transcript; tr != nil && (tr.Line < 1 || strings.TrimSpace(tr.HTML) == "") {
			t.Errorf("Transcript = %+v", tr)
		}
		for _, img := range []*ImageRef{ep.Image, ep.Apercu} {
			if img != nil && img.Root != RootURL && !inside(img.Path) {
				t.Errorf("image path %q outside its folder", img.Path)
			}
		}
	})
}

// FuzzTextLonger checks that textLonger is a lower bound: when it says the
// text of a fragment is longer than n bytes, htmlText, spaces folded,
// says so too.
func FuzzTextLonger(f *testing.F) {
	for _, seed := range []string{
		"<p>À venir</p>",
		"<p>" + strings.Repeat("Bonjour à tous, ", 40) + "</p>",
		`<p title="a > b">x</p><!-- a > b --> y &nbsp;&amp; z &#32;`,
		"<script>if (a < b) { c > d }</script>text",
		"a < b > c &lt; d </ p> e <!--> f --> g",
	} {
		f.Add([]byte(seed), 10)
	}
	f.Fuzz(func(t *testing.T, b []byte, n int) {
		n = max(n%600, 0)
		if !textLonger(b, n) {
			return
		}
		if got := strings.Join(strings.Fields(htmlText(b, 1<<30)), " "); len(got) <= n {
			t.Fatalf("textLonger(%q, %d), but the text is %q (%d bytes)", b, n, got, len(got))
		}
	})
}

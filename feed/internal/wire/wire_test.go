package wire

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
)

var textSeeds = []string{
	"", "plain", `<p class="a">l'été &amp; "x" > y</p>`, "a\nb\r\nc\td", "\x00\x01\x1f\x7f",
	"é", "\xc3", "\xc3(", "\xe2\x80\x99", "\xe2\x80", "\u2028\u2029", "\ufffe\uffff", "\xed\xa0\x80", "\U0001F600",
	"\xc2\x80\xdf\xbf", "\xc1\xbf", "\xf4\x90\x80\x80", strings.Repeat("Léa écoute l’épisode <b>n°1</b>. ", 20),
}

// FuzzAppendXMLText requires the escaping of encoding/xml.
func FuzzAppendXMLText(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		if err := xml.EscapeText(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if got := AppendXMLText(nil, s, true); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("AppendXMLText(%q, true) = %q, want %q", s, got, want.Bytes())
		}
		// Without escapeNewline, a line feed stays as it is: "&#xA;" can
		// only come from one.
		wantNL := bytes.ReplaceAll(want.Bytes(), []byte("&#xA;"), []byte("\n"))
		if got := AppendXMLText(nil, s, false); !bytes.Equal(got, wantNL) {
			t.Fatalf("AppendXMLText(%q, false) = %q, want %q", s, got, wantNL)
		}
	})
}

// FuzzAppendJSONString requires the escaping of encoding/json without
// HTML escaping.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		w := bytes.TrimSuffix(want.Bytes(), []byte("\n"))
		if got := AppendJSONString(nil, s); !bytes.Equal(got, w) {
			t.Fatalf("AppendJSONString(%q) = %q, want %q", s, got, w)
		}
	})
}

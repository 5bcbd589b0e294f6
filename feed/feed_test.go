package feed

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPodcastGUID(t *testing.T) {
	// Values from the podcast:guid specification, checked with Python's uuid5.
	tests := map[string]string{
		"https://podnews.net/rss":                 "9b024349-ccf0-5f69-a609-6b82873eab3c",
		"podnews.net/rss/":                        "9b024349-ccf0-5f69-a609-6b82873eab3c",
		"http://mp3s.nashownotes.com/pc20rss.xml": "917393e3-1b1e-5cef-ace4-edaa54e1f810",
	}
	for in, want := range tests {
		if got := PodcastGUID(in); got != want {
			t.Errorf("PodcastGUID(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain é text", "plain é text"},
		{"tab\tnl\ncr\r", "tab\tnl\ncr\r"},
		{"bell\x07 nul\x00 esc\x1b", "bell nul esc"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"non-char \uFFFE\uFFFF end", "non-char  end"},
		{"astral 🎧", "astral 🎧"},
		{"a long ASCII run, then a control\x1f: cleaned", "a long ASCII run, then a control: cleaned"},
		{"0123456\x00789abcdef", "0123456789abcdef"},
		{"\x7f is allowed, \x20 too, and 01234567\x01", "\x7f is allowed, \x20 too, and 01234567"},
	}
	for _, tt := range tests {
		if got := CleanText(tt.in); got != tt.want {
			t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzCleanText(f *testing.F) {
	f.Add("hello\x00\xff\uFFFE")
	// Longer text, with what the word-at-a-time check must stop at past
	// its first words: a control, an accent, U+FFFE, a stray byte.
	f.Add("Bonjour à toutes et à tous,\n\tbienvenue dans ce nouvel épisode.")
	f.Add("abcdefghijklmno\x01pqrstuvwxyz")
	f.Add("abcdefgh\uFFFEijklmnop")
	f.Add("abcdefghijklmnop\xc3qrst")
	f.Add("abcdefg\xed\xa0\x80hijklmnop")
	f.Fuzz(func(t *testing.T, s string) {
		out := CleanText(s)
		// textIsClean, which looks at a word at a time, agrees
		// with a check of each rune.
		clean := true
		for i, r := range s {
			if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") || !xmlChar(r) {
				clean = false
			}
		}
		if textIsClean(s) != clean {
			t.Fatalf("textIsClean(%q) = %v", s, !clean)
		}
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", s)
		}
		for _, r := range out {
			if !xmlChar(r) {
				t.Fatalf("forbidden %U left in %q", r, out)
			}
		}
	})
}

// TestItemContent checks that Content is CleanText(ContentHTML) whether
// CleanContent was called or not, and after ContentHTML changed.
func TestItemContent(t *testing.T) {
	dirty := "<p>a\x00b\uFFFEc</p>"
	it := &Item{ContentHTML: dirty}
	if got, want := it.Content(), "<p>abc</p>"; got != want {
		t.Errorf("Content() = %q, want %q", got, want)
	}
	it.CleanContent()
	if it.ContentHTML != "<p>abc</p>" || it.Content() != it.ContentHTML {
		t.Errorf("after CleanContent: ContentHTML %q, Content() %q", it.ContentHTML, it.Content())
	}
	copied := *it
	if copied.Content() != "<p>abc</p>" {
		t.Errorf("a copy's Content() = %q", copied.Content())
	}
	it.ContentHTML = "<p>d\x01e</p>"
	if got, want := it.Content(), "<p>de</p>"; got != want {
		t.Errorf("ContentHTML set after CleanContent: Content() = %q, want %q", got, want)
	}
	it.ContentHTML = ""
	if got := it.Content(); got != "" {
		t.Errorf("no content: Content() = %q", got)
	}
}

package htmltok_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/internal/htmltok"
)

// corpusDir is the real corpus, beside the repository (CI has it too).
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "minumeco")

// tokenSeeds are fragments in and out of Simple's subset.
var tokenSeeds = []string{
	"", "texte seul, l'apostrophe & l’autre",
	`<p>Intro <a href="/actualites/x/">lien</a> <em>l'IA</em> &amp; &lt;code&gt; &eacute; &#233;</p>`,
	`<p><img src="img/a.png" alt="a" width="10" height="20%"/></p><br/><br /><hr>`,
	"<ul>\n<li>un</li>\n<li>deux<br>trois</li>\n</ul>\n<h2>Titre</h2>\n<blockquote><p>cite</p></blockquote>",
	"<div style=\"position:relative;padding-bottom:56.25%;\">\n<iframe style=\"width:100%\" frameborder=\"0\" type=\"text/html\" src=\"https://www.dailymotion.com/embed/video/x1\" width=\"100%\" allowfullscreen title=\"Lecteur : a\"></iframe>\n</div>",
	`<iframe src="https://evil.example/embed">fallback <b>text</b></iframe ><p>after</p>`,
	`<IFRAME SRC=x>a</iframex></IFrame>b`, `<iframe src=x>a</iframe`, `<iframe/>raw`, `<iframe src="x"></iframe/>`,
	`<DIV Class='a' ID=b data-x=1 aria-label="c">d</DIV >`, `<a b c=d e = "f">`, `<a b="x"c="y">`, `<a b=c/>`, `<a b/>`, `<a b/c>`,
	`<a href="?a=1&amp;b=2">`, `<a title="a` + "\r\n" + `b">`, `<a title="a` + "\x00" + `">`, `<a b="1" B="2">`, `<a =b>`, `<a b=>`, `<a b= >`,
	`<p>a<!-- c -->b</p>`, "<!DOCTYPE html><p>x</p>", "<?xml?>", "a < b", "a <3", "a<", "</>", "</ p>", "</p x>", "</p", "<p", "<p x", `<p x="`,
	"<script>alert(1)</script>", "<style>p{}</style>", "<textarea><p></textarea>", "<title>x</title>", "<noscript><p></noscript>", "<xmp><p></xmp>", "<plaintext><p>",
	"<a\"b>", "<a\nhref=x\n>", "<br\t/>", "<svg:rect>", "<h1-x>", "\x00<p>\r\n</p>",
}

// tokens returns the tokens of z as text: rewrite's view of them, and
// their raw bytes.
func tokens(z htmltok.Tokenizer) []string {
	var out []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt == html.TextToken {
			out = append(out, fmt.Sprintf("text %q", z.Raw()))
			continue
		}
		name, more := z.TagName()
		t := fmt.Sprintf("%v %q raw %q", tt, name, z.Raw())
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			t += fmt.Sprintf(" %q=%q", k, v)
		}
		out = append(out, t)
	}
}

// FuzzSimple requires Simple, wherever it does not stop, to give the
// tokens html.Tokenizer gives.
func FuzzSimple(f *testing.F) {
	for _, s := range tokenSeeds {
		f.Add(s)
	}
	for _, s := range corpusFragments(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkSimple(t, src)
	})
}

// checkSimple compares the tokenizers on src and reports whether Simple
// read it all.
func checkSimple(t *testing.T, src string) bool {
	t.Helper()
	read, diff := simpleDiff(src)
	if diff != "" {
		t.Fatal(diff)
	}
	return read
}

// simpleDiff compares the tokenizers on src: whether Simple read it all,
// and how its tokens differ from html.Tokenizer's ("" when they do not).
func simpleDiff(src string) (read bool, diff string) {
	z := htmltok.NewSimple([]byte(src))
	got := tokens(z)
	if z.Failed() {
		return false, ""
	}
	want := tokens(html.NewTokenizer(strings.NewReader(src)))
	if !reflect.DeepEqual(got, want) {
		return true, fmt.Sprintf("%q:\nsimple %q\nhtml   %q", src, got, want)
	}
	return true, ""
}

func TestSimple(t *testing.T) {
	read := 0
	for _, s := range tokenSeeds {
		if checkSimple(t, s) {
			read++
		}
	}
	// The shapes of the synthetic corpus and of goldmark's output.
	for _, s := range tokenSeeds[:6] {
		if !checkSimple(t, s) {
			t.Errorf("%q is not read", s)
		}
	}
	t.Logf("%d of %d seeds read", read, len(tokenSeeds))
	frags := corpusFragments(t)
	read = 0
	for _, s := range frags {
		if checkSimple(t, s) {
			read++
		}
	}
	t.Logf("%d of %d corpus fragments read", read, len(frags))
	if read < len(frags)/2 {
		t.Errorf("only %d of %d corpus fragments read", read, len(frags))
	}
}

// corpusFragments returns the HTML of the real corpus's episodes and of
// their transcripts.
func corpusFragments(tb testing.TB) []string {
	tb.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		tb.Skipf("real corpus not found at %s", corpusDir)
	}
	root, err := os.OpenRoot(corpusDir)
	if err != nil {
		tb.Fatal(err)
	}
	defer root.Close()
	eps, _ := episode.Read(root.FS(), nil, episode.Options{})
	var out []string
	for _, e := range eps {
		out = append(out, e.HTML)
		if e.Transcript != nil {
			out = append(out, e.Transcript.HTML)
		}
	}
	return out
}

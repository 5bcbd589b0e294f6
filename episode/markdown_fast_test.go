package episode

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fastTaken are bodies in fastMarkdown's subset.
var fastTaken = []string{
	// The shape of the synthetic corpus (../shared/bench).
	"Et n'oubliez pas que chaque kilo-octet compte. Le service partage l'accessibilité, ce qui reste *essentiel*.\n\n" +
		"<div style=\"position:relative;padding-bottom:56.25%;\">\n<iframe src=\"https://www.dailymotion.com/embed/video/x1\" allowfullscreen title=\"Lecteur : a\"></iframe>\n</div>\n\n" +
		"## Au programme\n\n- les missions de l'équipe\n- un retour d'expérience chiffré\n\n" +
		"## Pour aller plus loin\n\n- [le référentiel](https://ecoresponsable.numerique.gouv.fr/publications/referentiel/)\n- [le guide](https://example.org/a?b=1&c=2)\n\n" +
		"## Transcription\n\n**Léa Garnier :** C'est une très bonne question.\n\n" +
		"**Nicolas Petit :** La MiNumEco documente (voir [le dossier de l'Arcep](https://www.arcep.fr/la-regulation.html)), en particulier pour **la formation des équipes**.\n",
	"# Titre\n\nUn paragraphe\nsur deux lignes & \"guillemets\" > rien.\n### Sous-titre\n* un\n* deux\n\n## Fin\n+ trois\n",
	"<!-- un commentaire\n\nsur plusieurs lignes -->\nDu texte\n<div id=\"feedcast-transcript-0011223344556677-0\"></div>\n\nFin",
	"Texte\n<section>\nx\n</section>\n\n- a\n\n## b\n",
	"*a* **b** *c **d** e* **f *g* h** [*i*](u) *[j](v)* [k **l**](w)",
	"(*e*) *f*. \"*g*\" *é* [a](b%20c) [a](b'c) [a](ö) [a](javascript:x) [a](b\"c)",
	// Real shapes: a lone tag after a comment or a blank line, lines of
	// spaces.
	"<!-- forcer un saut de ligne-->\n</br>\n\nTexte", "</br>\n<a class=\"x\" href=\"u\">L'épisode</a>\n\nz",
	"a\n \nb", "- a\n   \n\n</br>\n", "<div>\na\n  \nb", "<!-- a\n  \n-->\nb", "<br/>\n", "<x-y1>\n",
	"<DIV class=x>\n</DIV>", "<div>\na\n\nb", "a\n<!-- c -->\nb", "a\n\n\nb", "", "\n", "\n\na", "a\n", "a",
}

// fastSeeds are bodies out of fastMarkdown's subset, or at its edges.
var fastSeeds = []string{
	"a*b* *c*d *(h)* **(i)** ✓*j*", "- a\n* b\n", "- a\n## b\n",
	"- [ ] tâche\n- [x] faite\n", "- [lien](u)\n- [a]: b\n", "[a]: /u\n\n[a]\n", "[a] b", "[a](b \"t\")", "[a](<b>)", "[a]()", "[](b)",
	"a\\*b", "`code`", "a <b>c</b>", "a_b_", "~~a~~", "a | b\n--|--\nc | d\n", "![i](u)", "a http://x.y b", "www.x.org", "a@b.fr",
	"&amp; &#65; &copy;", "a  \nb", "a\\\nb", "  a", "\ta", "a\r\nb", "a\x00b",
	"---\n", "a\n---\n", "a\n===\n", "***\n", "* * *\n", "> a\n", "```\na\n```\n", "~~~\na\n~~~\n", "    code\n",
	"1. a\n2. b\n", "2) a", "10. a", "- a\nb\n", "- a\n\n- b\n", "- a\n* b\n", "- a\n  b\n", "-a", "- ", "-",
	"## a #", "## a ##", "#a", "####### a", "#", "##  a", "## *a*", "## [a](b)", "## a & b", "## \u00a0a\u3000",
	"<span>a</span>\n", "<script>\na\n</script>\n", "<pre>\na\n</pre>\n", "<!-->\n", "<?php ?>\n", "<!DOCTYPE html>\n",
	"a\n</br>\n", "- a\n</br>\n", "</pre>\n", "<pre/>\n", "<Script>\n", "<br >\n", "<br/ >\n", "<1>\n", "<-a>\n", "</a/>\n", "<a\n", "</br>x\n",
	"a\n<div>\nb\n", "- a\n<div>\n", "- a\n\n<div>\n", "<div/>\n", "<div\n", "<divx>\n", "</p>\n",
	"*a", "a*", "**a*", "*a**", "***a***", "* a*", "*a *", "a * b", "*\u00a0a*", "*a\u0301*", "*'a'*", "'*a*'", "*«a»*",
	"[a *b](c)*", "*[a*](b)", "[[a]](b)", "[a](b(c))", "[a](b)c", "[a](b&c;)",
}

// FuzzFastMarkdown requires fastMarkdown, wherever it does not give up,
// to give goldmark's HTML to the byte, and the same top-level blocks:
// where each starts in the HTML, which are headings, of which level, with
// which text and at which offset.
func FuzzFastMarkdown(f *testing.F) {
	for _, s := range fastTaken {
		f.Add(s)
	}
	for _, s := range fastSeeds {
		f.Add(s)
	}
	for _, s := range corpusBodies(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkFastMarkdown(t, []byte(text))
	})
}

// checkFastMarkdown compares fastMarkdown with goldmark on text, and
// reports whether fastMarkdown took it.
func checkFastMarkdown(t *testing.T, text []byte) bool {
	t.Helper()
	taken, diff := fastMarkdownDiff(text)
	if diff != "" {
		t.Fatal(diff)
	}
	return taken
}

// fastMarkdownDiff compares fastMarkdown with goldmark on text: whether
// fastMarkdown took it, and how the two differ ("" when they do not):
// goldmark's HTML to the byte, and the same top-level blocks: where each
// starts in the HTML, which are headings, of which level, with which
// text and at which offset.
func fastMarkdownDiff(text []byte) (taken bool, diff string) {
	html, blocks, ok := fastMarkdown(text)
	if !ok {
		return false, ""
	}
	p := &fileParser{path: "x.md"}
	want, wantBlocks := p.goldmark(text, 1)
	if !bytes.Equal(html, want) {
		return true, fmt.Sprintf("%q:\nfast     %q\ngoldmark %q", text, html, want)
	}
	if len(blocks) != len(wantBlocks) {
		return true, fmt.Sprintf("%q: fast %d blocks, goldmark %d", text, len(blocks), len(wantBlocks))
	}
	for i, b := range blocks {
		w := wantBlocks[i]
		if b.start != w.start || b.level != w.level || b.title != w.title || b.level > 0 && b.pos != w.pos {
			return true, fmt.Sprintf("%q: block %d: fast %+v, goldmark %+v", text, i, b, w)
		}
	}
	return true, ""
}

// TestFastMarkdown checks the seeds, and that those in the subset take
// the fast way.
func TestFastMarkdown(t *testing.T) {
	for _, s := range fastTaken {
		if !checkFastMarkdown(t, []byte(s)) {
			t.Errorf("%q goes to goldmark", s)
		}
	}
	fast := 0
	for _, s := range fastSeeds {
		if checkFastMarkdown(t, []byte(s)) {
			fast++
		}
	}
	t.Logf("%d of %d other seeds taken", fast, len(fastSeeds))
}

// TestFastMarkdownCorpus checks the bodies of the real corpus and of the
// bundled show.
func TestFastMarkdownCorpus(t *testing.T) {
	bodies := corpusBodies(t)
	if len(bodies) < 50 {
		t.Fatalf("%d bodies", len(bodies))
	}
	fast := 0
	for _, s := range bodies {
		if checkFastMarkdown(t, []byte(s)) {
			fast++
		}
	}
	t.Logf("%d of %d bodies taken", fast, len(bodies))
}

// corpusBodies returns the Markdown of every episode of the real corpus
// and of the bundled show, as body gives it to fastMarkdown.
func corpusBodies(tb testing.TB) []string {
	tb.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		tb.Skipf("corpus not found: %v", err)
	}
	var out []string
	for _, dir := range []string{corpusDir, filepath.Join("..", "content")} {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") || d.Name() == "README.md" {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			text := bytes.ReplaceAll(bytes.TrimPrefix(data, bom), []byte("\r\n"), []byte("\n"))
			fm, ferr := split(text)
			if ferr != nil {
				return nil
			}
			p := &fileParser{path: path}
			src := p.limitNesting(fm.body, fm.bodyLine)
			x := p.expand(src, fm.bodyLine, newMarker(sha256.Sum256(data)))
			out = append(out, string(x.text))
			return nil
		})
		if err != nil {
			tb.Fatalf("bodies: %v", err)
		}
	}
	return out
}

// BenchmarkMarkdown renders a body of the synthetic corpus's shape, the
// fast way and with goldmark.
func BenchmarkMarkdown(b *testing.B) {
	body := []byte(strings.Repeat(fastTaken[0], 4))
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if _, _, ok := fastMarkdown(body); !ok {
				b.Fatal("not taken")
			}
		}
	})
	b.Run("goldmark", func(b *testing.B) {
		p := &fileParser{path: "x.md"}
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			p.goldmark(body, 1)
		}
	})
}

// TestFastMarkdownHeadingUnicodeSpaces: goldmark keeps the Unicode spaces
// around a heading's text in its HTML, and plainText trims them from the
// title; so does fastMarkdown, and a "## Transcription" section with a
// no-break space is found either way.
func TestFastMarkdownHeadingUnicodeSpaces(t *testing.T) {
	for _, s := range []string{"## \u00a0Transcription\u00a0\n", "## a\u2003\n", "## \u3000a\n", "## \u00a0\u202fa b\u205f\u00a0\n\nTexte\n"} {
		if !checkFastMarkdown(t, []byte(s)) {
			t.Errorf("%q goes to goldmark", s)
		}
		if _, blocks, _ := fastMarkdown([]byte(s)); len(blocks) == 0 || blocks[0].title != strings.TrimSpace(blocks[0].title) {
			t.Errorf("%q: blocks %+v", s, blocks)
		}
	}
	ep, _ := mustParse(t, withBody("Intro\n\n## \u00a0Transcription\u00a0\n\n**Mélanie :** Bonjour.\n"))
	want := &Transcript{Title: "Transcription", HTML: "<p><strong>Mélanie :</strong> Bonjour.</p>\n", Line: 7}
	if !reflect.DeepEqual(ep.Transcript, want) {
		t.Errorf("Transcript = %+v, want %+v", ep.Transcript, want)
	}
}

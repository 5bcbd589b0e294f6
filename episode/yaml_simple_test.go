package episode

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// simpleSeeds are front matters in and out of simpleYAML's subset.
var simpleSeeds = []string{
	"title: \"Interview : La stratégie ministérielle en cinq étapes\"\ndescription: Décryptage du référentiel général d'écoconception\ndate: 2015-04-23\nimage:\n  path: /img/videos/interview/vignette.webp\n  alt: \"Vignette : Interview\"\ntags: [\"interview\"]\n",
	"layout: layouts/post.njk\ntitle: 'ICR Épisode #0 : l''ICR'\ndate: 2026-02-09\nimage:\n    path: ./ICR-event.png\n    alt: \"\"\ntags:\n  - 'Vidéo'\n  - 'MiNumEco'\nseries: \"Index de conception responsable - ICR\"\n",
	"title: a\ndate: 2019-03-04T10:30:00+01:00\ntags:\n- un\n- deux\n\n# comment\nimage: ../x.png\n",
	"title: a\ndate: 2019-03-04 10:30\ntags: [a, 'b', \"c\"]\n",
	"title: a\ntags: []\nimage:\ndraft: false\n",
	"title: yes\n", "title: No\n", "title: ~\n", "title: 12\n", "title: 1e3\n", "title: .5\n", "title: 0x1F\n",
	"title: a # c\n", "title: \"a\" # c\n", "title: a: b\n", "title: a:\n", "title: \"a\\tb\"\n",
	"title: |\n  a\n", "title: >-\n  a\n  b\n", "title: &x a\nother: *x\n", "title: !!str 12\n",
	"title: a\n  b\n", "title: 'a\n  b'\n", "title: [a,\n  b]\n", "title: {a: b}\n", "title: [a, [b]]\n",
	"title: a\ntitle: b\n", "<<: {a: b}\n", "title:\n  - a\n  - b: c\n", "title:\n  a: 1\n", "title:\n  a: b\n   c: d\n",
	"tags:\n  - a\n- b\n", "image:\n  path: x\nnext: y\n", "title: [a, b, ]\n", "title: [a:b]\n", "title: [ ]\n",
	"title: Episode [1]\n", "title: L'écoconception\n", "title: É\n", "title:\t a\n", "title: a\r\n",
	"\ufefftitle: a\n", "title: a\u2028b\n", "title: 2015-04-23T\n", "title: 2015-4-23\n", "- a\n", "a\n", "",
	"# only a comment\n", "---\ntitle: a\n", "title: a\n...\n", "%YAML 1.2\n---\ntitle: a\n", "key:value\n",
	"tags: [IA, Pourquoi?]\n", "tags: [a, ?b]\n", "title: Pourquoi?\n",
	"title: -a\n", "title: /a\n", "title: //a\n", "title: @a\n", "title: `a`\n", "title: \"\"\n", "title: ''\n",
}

// FuzzSimpleYAML requires simpleYAML, wherever it does not give up, to
// read the front matter exactly as yaml.v3 and decodeYAML's tree walk do:
// the same keys, in the same order, on the same lines, with the same
// values, and nothing for yaml.v3 to report.
func FuzzSimpleYAML(f *testing.F) {
	for _, s := range simpleSeeds {
		f.Add(s)
	}
	for _, text := range corpusFrontMatters(f) {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if _, diff := simpleYAMLDiff([]byte(text)); diff != "" {
			t.Fatal(diff)
		}
	})
}

// simpleYAMLDiff compares simpleYAML with yaml.v3 and decodeYAMLTree on
// text: whether simpleYAML took it, and how the two differ ("" when they
// do not). Where simpleYAML takes a text, yaml.v3 must read it without a
// problem, to the same keys, in the same order, on the same lines, with
// the same values.
func simpleYAMLDiff(text []byte) (taken bool, diff string) {
	pairs, ok := simpleYAML(text)
	if !ok {
		return false, ""
	}
	fm := frontMatter{format: formatYAML, text: text, line: 2, openLine: 1, closeLine: 2 + bytes.Count(text, []byte("\n"))}
	p := &fileParser{path: "x.md"}
	want := p.decodeYAMLTree(fm)
	if len(p.diags) > 0 {
		return true, fmt.Sprintf("simpleYAML read %q, yaml.v3 reports %v", text, p.diags)
	}
	if got := simpleDocument(fm, pairs); !reflect.DeepEqual(got, want) {
		return true, fmt.Sprintf("%q:\nsimpleYAML %#v\nyaml.v3    %#v", text, got, want)
	}
	return true, ""
}

// TestSimpleYAMLCorpus checks that the real corpus's front matters, all of
// them, take the simple way, and come out as yaml.v3 reads them.
func TestSimpleYAMLCorpus(t *testing.T) {
	texts := corpusFrontMatters(t)
	if len(texts) < 50 {
		t.Fatalf("%d front matters in the corpus", len(texts))
	}
	simple := 0
	for _, text := range texts {
		pairs, ok := simpleYAML([]byte(text))
		if !ok {
			continue
		}
		simple++
		fm := frontMatter{format: formatYAML, text: []byte(text), line: 2, openLine: 1}
		p := &fileParser{path: "x.md"}
		if want, got := p.decodeYAMLTree(fm), simpleDocument(fm, pairs); len(p.diags) > 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\nsimpleYAML %#v\nyaml.v3    %#v %v", text, got, want, p.diags)
		}
	}
	// Measured: every front matter of the corpus but those with a value
	// over several lines or a number.
	if simple < len(texts)*3/4 {
		t.Errorf("%d of %d front matters read the simple way", simple, len(texts))
	}
	t.Logf("%d of %d front matters read the simple way", simple, len(texts))
}

func TestSimpleYAMLGivesUp(t *testing.T) {
	for _, text := range []string{"title: yes\n", "n: 12\n", "a: b # c\n", "a: |\n  b\n", "a: &x b\n", "a: b\nb: *x\n", "a: b\na: c\n", "a: \"\\u00e9\"\n", "a: b\n  c\n", "a:\tb\n"} {
		if _, ok := simpleYAML([]byte(text)); ok {
			t.Errorf("simpleYAML read %q", text)
		}
	}
	// More values than maxSimpleValues, in a mapping or a list, go to
	// yaml.v3 too.
	var big, list strings.Builder
	big.WriteString("image:\n")
	list.WriteString("tags: [")
	for i := range maxSimpleValues {
		fmt.Fprintf(&big, "  k%d: v\n", i)
		fmt.Fprintf(&list, "t%d, ", i)
	}
	list.WriteString("t]\n")
	for _, text := range []string{big.String(), list.String()} {
		if _, ok := simpleYAML([]byte(text)); ok {
			t.Errorf("simpleYAML read %d bytes of more than %d values", len(text), maxSimpleValues)
		}
	}
	pairs, ok := simpleYAML([]byte("a: 'l''x'\n\nb:\n  - \"c\"\n  - d\nc:\n  x: ./y.png\n  z:\nd: [e, 'f']\ne:\n"))
	want := []yamlValue{
		{"a", 1, "l'x"}, {"b", 3, []any{"c", "d"}}, {"c", 6, map[string]any{"x": "./y.png", "z": nil}},
		{"d", 9, []any{"e", "f"}}, {"e", 10, nil},
	}
	if !ok || !reflect.DeepEqual(pairs, want) {
		t.Errorf("simpleYAML = %#v, %v; want %#v", pairs, ok, want)
	}
}

// corpusFrontMatters returns the YAML front matter of every episode file
// of the real corpus, as parse gives it to split.
func corpusFrontMatters(tb testing.TB) []string {
	tb.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		tb.Skipf("corpus not found: %v", err)
	}
	var out []string
	err := filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text := bytes.ReplaceAll(bytes.TrimPrefix(data, bom), []byte("\r\n"), []byte("\n"))
		if fm, ferr := split(text); ferr == nil && fm.format == formatYAML {
			out = append(out, string(fm.text))
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("corpus: %v", err)
	}
	return out
}

// TestSimpleYAMLFlowQuestionMark: yaml.v3 ends a plain scalar at "?" in a
// flow sequence and fails on "[IA, Pourquoi?]", so simpleYAML gives up
// there, and the episode fails whatever its other keys. In block context
// "?" is text for both.
func TestSimpleYAMLFlowQuestionMark(t *testing.T) {
	for _, text := range []string{"tags: [IA, Pourquoi?]\n", "tags: [a?b]\n", "tags: [a ?b]\n", "tags: [?]\n", "tags: [/a?b=c]\n"} {
		if _, ok := simpleYAML([]byte(text)); ok {
			t.Errorf("simpleYAML read %q", text)
		}
		if taken, diff := simpleYAMLDiff([]byte(text)); taken || diff != "" {
			t.Errorf("%q: taken %v %s", text, taken, diff)
		}
	}
	for _, text := range []string{"title: Pourquoi?\n", "tags:\n  - Pourquoi?\n", "tags: [\"Pourquoi?\", 'a?']\n", "image:\n  alt: a?b\n"} {
		if taken, diff := simpleYAMLDiff([]byte(text)); !taken || diff != "" {
			t.Errorf("%q: taken %v %s", text, taken, diff)
		}
	}
	// The same error, on the tags' line, with and without a key outside
	// simpleYAML's subset (a boolean).
	for i, extra := range []string{"", "draft: false\n"} {
		ep, diags := parse(t, "---\ntitle: A\ndate: 2025-01-17\n"+extra+"tags: [IA, Pourquoi?]\n---\nTexte\n")
		if ep != nil {
			t.Errorf("with %q: published, tags %q", extra, ep.Tags)
		}
		errs := errorsOf(diags)
		want := fmt.Sprintf("%s:%d: front matter: yaml: did not find expected ',' or ']'", testPath, 4+i)
		if len(errs) != 1 || errs[0] != want {
			t.Errorf("with %q: errors %q, want %q", extra, errs, want)
		}
	}
}

package episode

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The differential tests below run the fast paths on others' test
// suites, where each must give up or give exactly what it stands in for:
// fastMarkdown goldmark's output (with this package's configuration) on
// the CommonMark spec's examples and goldmark's own cases, both in
// goldmark's module; simpleYAML yaml.v3's reading on the YAML test
// suite's cases, beside the repository.

// yamlTestSuiteDir is the YAML test suite's data (its "data" branch: a
// folder per case, or per case and variant, holding in.yaml), beside the
// repository, as the real corpus is.
var yamlTestSuiteDir = filepath.Join("..", "..", "shared", "testsuites", "yaml-test-suite")

// moduleDir returns the folder of the module path in the module cache,
// as go list sees it, or skips the test when there is none (the module is
// not downloaded, or the go command is missing).
func moduleDir(tb testing.TB, path string) string {
	tb.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", path).Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		tb.Skipf("module %s not found (run go mod download): %v", path, err)
	}
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("module %s: %v", path, err)
	}
	return dir
}

// unicodeSpaceVariants returns md, and md with a Unicode space that is
// not an ASCII one at the end of every line: CommonMark's structure is
// made of ASCII spaces, but its emphasis rules and this package's
// titles (plainText) see the others as spaces too.
func unicodeSpaceVariants(md string) []string {
	out := []string{md}
	for _, sp := range []string{"\u00a0", "\u3000"} {
		out = append(out, strings.ReplaceAll(md, "\n", sp+"\n")+sp)
	}
	return out
}

// TestFastMarkdownCommonMarkSpec runs fastMarkdown on the examples of the
// CommonMark spec, as goldmark's module carries them.
func TestFastMarkdownCommonMarkSpec(t *testing.T) {
	dir := moduleDir(t, "github.com/yuin/goldmark")
	data, err := os.ReadFile(filepath.Join(dir, "_test", "spec.json"))
	if err != nil {
		t.Skipf("CommonMark spec examples: %v", err)
	}
	var examples []struct {
		Markdown string `json:"markdown"`
		Example  int    `json:"example"`
		Section  string `json:"section"`
	}
	if err := json.Unmarshal(data, &examples); err != nil {
		t.Fatalf("spec.json: %v", err)
	}
	if len(examples) < 600 {
		t.Fatalf("spec.json: %d examples", len(examples))
	}
	taken, runs := 0, 0
	for _, ex := range examples {
		for _, md := range unicodeSpaceVariants(ex.Markdown) {
			runs++
			ok, diff := fastMarkdownDiff([]byte(md))
			if diff != "" {
				t.Errorf("example %d (%s): %s", ex.Example, ex.Section, diff)
			}
			if ok {
				taken++
			}
		}
	}
	t.Logf("%d examples, %d runs with the variants: %d taken by fastMarkdown", len(examples), runs, taken)
}

// goldmarkCase is a case of goldmark's own tests (_test/*.txt).
type goldmarkCase struct {
	file, name string
	markdown   string
}

// readGoldmarkCases reads a file of goldmark's test cases, as its
// testutil.DoTestCaseFile does: a number (and a description), maybe an
// options line, then the Markdown and the HTML, each after a separator
// line, and a separator line between cases.
func readGoldmarkCases(path string) ([]goldmarkCase, error) {
	const (
		attrSep = "//- - - - - - - - -//"
		caseSep = "//= = = = = = = = = = = = = = = = = = = = = = = =//"
	)
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var out []goldmarkCase
	for sc.Scan() {
		header := strings.TrimSpace(sc.Text())
		if header == "" {
			continue
		}
		// The options line, if any, then the separator.
		for sc.Scan() && sc.Text() != attrSep {
		}
		var md []string
		for sc.Scan() && sc.Text() != attrSep {
			md = append(md, sc.Text())
		}
		for sc.Scan() && sc.Text() != caseSep {
		}
		out = append(out, goldmarkCase{file: filepath.Base(path), name: header, markdown: strings.Join(md, "\n")})
	}
	return out, sc.Err()
}

// TestFastMarkdownGoldmarkCases runs fastMarkdown on goldmark's own test
// cases, of its parser and of its extensions.
func TestFastMarkdownGoldmarkCases(t *testing.T) {
	dir := moduleDir(t, "github.com/yuin/goldmark")
	var files []string
	for _, pattern := range []string{"_test/*.txt", "extension/_test/*.txt"} {
		m, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pattern)))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skipf("no test cases in %s", dir)
	}
	cases := 0
	taken := 0
	for _, path := range files {
		cs, err := readGoldmarkCases(path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, c := range cs {
			cases++
			for _, md := range unicodeSpaceVariants(c.markdown) {
				ok, diff := fastMarkdownDiff([]byte(md))
				if diff != "" {
					t.Errorf("%s, case %s: %s", c.file, c.name, diff)
				}
				if ok {
					taken++
				}
			}
		}
	}
	if cases < 100 {
		t.Errorf("%d cases in %d files", cases, len(files))
	}
	t.Logf("%d cases in %d files: %d runs taken by fastMarkdown", cases, len(files), taken)
}

// TestSimpleYAMLTestSuite runs simpleYAML on every in.yaml of the YAML
// test suite, each read as a front matter's text. Few of the suite's
// documents are mappings of one-line values, the only ones simpleYAML
// takes, so each of their lines is also tried as a value (see
// lineValues).
func TestSimpleYAMLTestSuite(t *testing.T) {
	if _, err := os.Stat(yamlTestSuiteDir); err != nil {
		t.Skipf("YAML test suite not found: %v", err)
	}
	var paths []string
	err := filepath.WalkDir(yamlTestSuiteDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "in.yaml" {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		t.Fatalf("YAML test suite: %v", err)
	}
	if len(paths) < 300 {
		t.Fatalf("%d cases in the YAML test suite", len(paths))
	}
	sort.Strings(paths)
	runs, taken := 0, 0
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name, _ := filepath.Rel(yamlTestSuiteDir, filepath.Dir(p))
		// As a front matter, as one whose CRLFs and BOM parse took away
		// already, and line by line.
		norm := bytes.ReplaceAll(bytes.TrimPrefix(text, bom), []byte("\r\n"), []byte("\n"))
		for _, fm := range append([][]byte{text, norm}, lineValues(norm)...) {
			runs++
			ok, diff := simpleYAMLDiff(fm)
			if diff != "" {
				t.Errorf("case %s: %s", name, diff)
			}
			if ok {
				taken++
			}
		}
	}
	t.Logf("%d cases, %d runs: %d taken by simpleYAML", len(paths), runs, taken)
}

// lineValues returns a front matter for each line of text: "value: "
// and the line without its indentation, and without its "- " or its
// "key: " if it has one. "- [a?string]" gives "value: - [a?string]" and
// "value: [a?string]".
func lineValues(text []byte) [][]byte {
	seen := map[string]bool{}
	var out [][]byte
	add := func(v []byte) {
		if len(v) == 0 || seen[string(v)] {
			return
		}
		seen[string(v)] = true
		out = append(out, append([]byte("value: "), append(v, '\n')...))
	}
	for line := range bytes.Lines(text) {
		line = bytes.TrimLeft(bytes.TrimRight(line, "\n"), " ")
		add(line)
		if rest, ok := bytes.CutPrefix(line, []byte("- ")); ok {
			add(rest)
		}
		if _, rest, ok := bytes.Cut(line, []byte(": ")); ok {
			add(rest)
		}
	}
	return out
}

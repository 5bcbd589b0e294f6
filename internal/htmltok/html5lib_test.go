package htmltok_test

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// html5libDir returns the html5lib tests that golang.org/x/net carries
// for its html package, in the module cache, or skips the test when they
// cannot be found.
func html5libDir(tb testing.TB) string {
	tb.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "golang.org/x/net").Output()
	mod := strings.TrimSpace(string(out))
	if err != nil || mod == "" {
		tb.Skipf("module golang.org/x/net not found (run go mod download): %v", err)
	}
	dir := filepath.Join(mod, "html", "testdata", "html5lib-tests")
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("html5lib tests: %v", err)
	}
	return dir
}

// tokenizerInputs returns the inputs of an html5lib tokenizer test file:
// JSON, its tests in "tests" (or "xmlViolationTests"), the input of those
// marked doubleEscaped holding \uXXXX escapes still.
func tokenizerInputs(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var file map[string][]struct {
		Input         string `json:"input"`
		DoubleEscaped bool   `json:"doubleEscaped"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, err
	}
	var out []string
	for _, tests := range file {
		for _, tc := range tests {
			in := tc.Input
			if tc.DoubleEscaped {
				// Lone surrogates come out as U+FFFD.
				if err := json.Unmarshal([]byte(`"`+strings.ReplaceAll(in, `"`, `\"`)+`"`), &in); err != nil {
					return nil, err
				}
			}
			out = append(out, in)
		}
	}
	return out, nil
}

// treeInputs returns the #data sections of an html5lib tree construction
// test file (.dat): the lines from "#data" to the next section, the last
// line feed left out.
func treeInputs(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var out []string
	var cur []string
	inData := false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "#data":
			inData, cur = true, nil
		case inData && (line == "#errors" || line == "#new-errors" || line == "#document" || line == "#document-fragment" || line == "#script-on" || line == "#script-off"):
			inData = false
			out = append(out, strings.Join(cur, "\n"))
		case inData:
			cur = append(cur, line)
		}
	}
	return out, sc.Err()
}

// TestSimpleHTML5Lib runs Simple on the inputs of html5lib's tokenizer
// and tree construction tests, and of x/net/html's own .dat tests, and
// compares its tokens with html.Tokenizer's wherever it reads an input
// to the end.
func TestSimpleHTML5Lib(t *testing.T) {
	dir := html5libDir(t)
	var inputs []string
	files := 0
	for _, pattern := range []string{"tokenizer/*.test", "tree-construction/*.dat", "tree-construction/scripted/*.dat", "../go/*.dat"} {
		paths, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pattern)))
		for _, p := range paths {
			read := treeInputs
			if strings.HasSuffix(p, ".test") {
				read = tokenizerInputs
			}
			in, err := read(p)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			files++
			inputs = append(inputs, in...)
		}
	}
	if len(inputs) < 1000 {
		t.Fatalf("%d inputs in %d files", len(inputs), files)
	}
	read := 0
	for _, in := range inputs {
		ok, diff := simpleDiff(in)
		if diff != "" {
			t.Error(diff)
		}
		if ok {
			read++
		}
	}
	t.Logf("%d inputs in %d files: %d read by Simple", len(inputs), files, read)
}

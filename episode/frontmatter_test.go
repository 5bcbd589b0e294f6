package episode

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

const testPath = "show/ep.md"

// parse parses src as the file show/ep.md, with no folders to check.
func parse(t *testing.T, src string) (*Episode, []Diagnostic) {
	t.Helper()
	return Parse(testPath, []byte(src), nil, nil, Options{})
}

// mustParse parses src and fails the test if it is not an episode.
func mustParse(t *testing.T, src string) (*Episode, []Diagnostic) {
	t.Helper()
	ep, diags := parse(t, src)
	if ep == nil {
		t.Fatalf("Parse failed: %v", diags)
	}
	for _, d := range diags {
		if !d.Warning {
			t.Fatalf("error diagnostic on an episode: %v", d)
		}
	}
	return ep, diags
}

func errorsOf(diags []Diagnostic) []string {
	var out []string
	for _, d := range diags {
		if !d.Warning {
			out = append(out, d.Error())
		}
	}
	return out
}

func warningsOf(diags []Diagnostic) []string {
	var out []string
	for _, d := range diags {
		if d.Warning {
			out = append(out, d.Error())
		}
	}
	return out
}

func TestFrontMatterShapes(t *testing.T) {
	tests := []struct {
		name, src string
		wantHTML  string
		wantTags  []string
	}{
		{"yaml", "---\ntitle: A\ndate: 2025-01-17\ntags: [x, y]\n---\nBody\n", "<p>Body</p>\n", []string{"x", "y"}},
		{"yaml with trailing spaces on delimiters", "--- \ntitle: A\ndate: 2025-01-17\ntags: [x, y]\n---\t\nBody\n", "<p>Body</p>\n", []string{"x", "y"}},
		{"yaml after blank lines", "\n  \n---\ntitle: A\ndate: 2025-01-17\ntags: [x, y]\n---\nBody\n", "<p>Body</p>\n", []string{"x", "y"}},
		{"yaml with BOM", "\xEF\xBB\xBF---\ntitle: A\ndate: 2025-01-17\ntags: [x, y]\n---\nBody\n", "<p>Body</p>\n", []string{"x", "y"}},
		{"yaml with CRLF", "---\r\ntitle: A\r\ndate: 2025-01-17\r\ntags:\r\n  - x\r\n  - y\r\n---\r\nBody\r\n", "<p>Body</p>\n", []string{"x", "y"}},
		{"yaml with BOM and CRLF", "\xEF\xBB\xBF---\r\ntitle: A\r\ndate: 2025-01-17\r\ntags: [x, y]\r\n---\r\nBody\r\n", "<p>Body</p>\n", []string{"x", "y"}},
		{"yaml without body", "---\ntitle: A\ndate: 2025-01-17\ntags: [x, y]\n---", "", []string{"x", "y"}},
		{"toml", "+++\ntitle = \"A\"\ndate = 2025-01-17\ntags = [\"x\", \"y\"]\n+++\nBody\n", "<p>Body</p>\n", []string{"x", "y"}},
		{"toml with BOM and CRLF", "\xEF\xBB\xBF+++\r\ntitle = 'A'\r\ndate = \"2025-01-17\"\r\ntags = ['x', 'y']\r\n+++\r\nBody\r\n", "<p>Body</p>\n", []string{"x", "y"}},
		{"json", "{\n  \"title\": \"A\",\n  \"date\": \"2025-01-17\",\n  \"tags\": [\"x\", \"y\"]\n}\nBody\n", "<p>Body</p>\n", []string{"x", "y"}},
		{"json on one line", "{\"title\": \"A\", \"date\": \"2025-01-17\", \"tags\": [\"x\", \"y\"], \"note\": \"a } in a string\"}\nBody\n", "<p>Body</p>\n", []string{"x", "y"}},
		{"json with CRLF", "{\r\n\"title\": \"A\",\r\n\"date\": \"2025-01-17\",\r\n\"tags\": [\"x\", \"y\"]\r\n}\r\nBody\r\n", "<p>Body</p>\n", []string{"x", "y"}},
	}
	want := time.Date(2025, 1, 16, 23, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, diags := mustParse(t, tt.src)
			if len(diags) != 0 {
				t.Errorf("diagnostics: %v", diags)
			}
			if ep.Title != "A" {
				t.Errorf("Title = %q, want A", ep.Title)
			}
			if !ep.Date.Equal(want) {
				t.Errorf("Date = %v, want %v", ep.Date, want)
			}
			if fmt.Sprint(ep.Tags) != fmt.Sprint(tt.wantTags) {
				t.Errorf("Tags = %q, want %q", ep.Tags, tt.wantTags)
			}
			if ep.HTML != tt.wantHTML {
				t.Errorf("HTML = %q, want %q", ep.HTML, tt.wantHTML)
			}
		})
	}
}

func TestFrontMatterErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // the exact Diagnostic text
		is        error  // when set, errors.Is(d, is) must hold
	}{
		{"no front matter", "# Title\n\nText\n", "show/ep.md: no front matter: not an episode (an episode starts with ---, +++ or {)", ErrNoFrontMatter},
		{"template tag is not json", "{% dailymotion \"x\" %}\n", "show/ep.md: no front matter: not an episode (an episode starts with ---, +++ or {)", ErrNoFrontMatter},
		{"empty file", "", "show/ep.md: no front matter: not an episode (an episode starts with ---, +++ or {)", ErrNoFrontMatter},
		{"unterminated yaml", "---\ntitle: A\n\nBody\n", "show/ep.md:1: front matter: unterminated front matter: no closing ---", ErrUnterminated},
		{"unterminated yaml, one line", "---", "show/ep.md:1: front matter: unterminated front matter: no closing ---", ErrUnterminated},
		{"unterminated toml", "\n+++\ntitle = 'A'\n", "show/ep.md:2: front matter: unterminated front matter: no closing +++", ErrUnterminated},
		{"unterminated json", "{\n\"title\": \"A\"\n", "show/ep.md:1: front matter: unterminated front matter: no closing }", ErrUnterminated},
		{"bad yaml", "---\ntitle: A\ndate: 2025-01-17\ntags: [a, b\n---\n", "show/ep.md:4: front matter: the \"[\" opened on this line is never closed: close it with \"]\" (yaml: did not find expected ',' or ']')", nil},
		{"bad yaml indentation", "---\ntitle: A\n  date: : 2025-01-17\n---\n", "show/ep.md:3: front matter: this line is indented under a key that already has a value: if it is a key, remove the spaces before it; if it continues the value above, put the whole value in quotes (yaml: mapping values are not allowed in this context)", nil},
		{"bad yaml after BOM and CRLF", "\xEF\xBB\xBF---\r\ntitle: A\r\n  date: : 2025-01-17\r\n---\r\n", "show/ep.md:3: front matter: this line is indented under a key that already has a value: if it is a key, remove the spaces before it; if it continues the value above, put the whole value in quotes (yaml: mapping values are not allowed in this context)", nil},
		{"yaml list", "---\n- a\n- b\n---\n", "show/ep.md:2: front matter: not a mapping of keys to values", errNotMapping},
		{"bad toml", "+++\ntitle = 'A'\ndate = = 2025\n+++\n", "show/ep.md:3: front matter: toml: expected value but found '=' instead", nil},
		{"bad json", "{\n\"title\": \"A\",\n\"date\": 2025-01-17\n}\n", "show/ep.md:3: front matter: json: invalid character '-' after object key:value pair", nil},
		{"no title", "---\ndate: 2025-01-17\n---\nBody\n", "show/ep.md:1: title: missing: an episode needs a title", nil},
		{"null title", "---\ntitle:\ndate: 2025-01-17\n---\n", "show/ep.md:2: title: missing: an episode needs a title", nil},
		{"empty title", "---\ndate: 2025-01-17\ntitle: '  '\n---\n", "show/ep.md:3: title: empty: an episode needs a title", nil},
		{"title as a list", "---\ntitle: [a, b]\ndate: 2025-01-17\n---\n", "show/ep.md:2: title: want a string, got a list", nil},
		{"no title in toml", "+++\ndate = 2025-01-17\n+++\n", "show/ep.md:1: title: missing: an episode needs a title", nil},
		{"bad date", "---\ntitle: A\n\ndate: tomorrow\n---\n", `show/ep.md:4: date: not a date: "tomorrow" (want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)`, nil},
		{"bad date after BOM and CRLF", "\xEF\xBB\xBF---\r\ntitle: A\r\n\r\ndate: 17/01/2025\r\n---\r\n", `show/ep.md:4: date: not a date: "17/01/2025" (want YYYY-MM-DD: 2025-01-17)`, nil},
		{"date as a number", "---\ntitle: A\ndate: 20250117\n---\n", "show/ep.md:3: date: want a date, got a number", nil},
		{"bad date in json", "{\n\"title\": \"A\",\n\n\"date\": \"2025-02-30\"\n}\n", `show/ep.md:4: date: not a date: "2025-02-30": day out of range (want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)`, nil},
		{"bad date in toml", "+++\ntitle = 'A'\ndate = 12:00:00\n+++\n", "show/ep.md:3: date: want a date, got a time of day", nil},
		{"NUL byte", "---\ntitle: A\n---\nBody\x00\n", "show/ep.md:4: file: binary file: NUL byte", ErrBinary},
		{"invalid UTF-8 in front matter", "---\ntitle: A\ndescription: \xff\xfe\n---\n", "show/ep.md:3: front matter: binary file: invalid UTF-8", ErrBinary},
		{"UTF-16", "\xff\xfe-\x00-\x00-\x00", "show/ep.md:1: file: binary file: NUL byte", ErrBinary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, diags := parse(t, tt.src)
			if ep != nil {
				t.Errorf("Parse returned an episode: %+v", ep)
			}
			errs := errorsOf(diags)
			if len(errs) != 1 || errs[0] != tt.want {
				t.Fatalf("errors = %q\nwant     [%q]", errs, tt.want)
			}
			if tt.is != nil {
				for _, d := range diags {
					if !d.Warning && !errors.Is(d, tt.is) {
						t.Errorf("errors.Is(%v, %v) = false", d, tt.is)
					}
				}
			}
		})
	}
}

func TestFileTooLarge(t *testing.T) {
	src := []byte("---\ntitle: A\ndate: 2025-01-17\n---\n" + strings.Repeat("x", 100))
	ep, diags := Parse(testPath, src, nil, nil, Options{MaxFileSize: 64})
	if ep != nil || len(diags) != 1 || !errors.Is(diags[0], ErrTooLarge) || diags[0].Warning {
		t.Fatalf("Parse = %v, %v; want one ErrTooLarge error", ep, diags)
	}
	if _, diags := Parse(testPath, src, nil, nil, Options{MaxFileSize: 1000}); len(diags) != 0 {
		t.Errorf("under the limit: %v", diags)
	}
}

// billionLaughs is a YAML document of 9 levels of 9 aliases: about 400
// million strings once expanded, from 700 bytes.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString("---\ntitle: lol\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, c := range "bcdefghi" {
		fmt.Fprintf(&b, "%c: &%c [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", c, c, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = string(c)
	}
	b.WriteString("---\n")
	return b.String()
}

func TestYAMLAliasBomb(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"billion laughs", billionLaughs(), "show/ep.md:7: e: yaml: more than 20000 values once aliases are expanded"},
		{"recursive alias", "---\ntitle: A\na: &a [*a]\n---\n", "show/ep.md:3: a: yaml: nested more than 100 levels deep"},
		{"merge bomb", "---\ntitle: A\na: &a {x: [1,2,3,4,5,6,7,8,9,10]}\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: {<<: [*d, *d, *d]}\n---\n", "show/ep.md:7: e: yaml: more than 20000 values once aliases are expanded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			ep, diags := parse(t, tt.src)
			if d := time.Since(start); d > time.Second {
				t.Errorf("Parse took %v", d)
			}
			if ep != nil {
				t.Fatalf("Parse returned an episode")
			}
			if errs := errorsOf(diags); len(errs) != 1 || errs[0] != tt.want {
				t.Fatalf("errors = %q, want [%q]", errs, tt.want)
			}
		})
	}
}

func TestYAMLAliasesAndMerges(t *testing.T) {
	ep, _ := mustParse(t, "---\ntitle: A\ndate: 2025-01-17\nbase: &base {layout: post, kind: video}\npage:\n  <<: *base\n  kind: podcast\ntags: &t [a, b]\nmore: *t\n---\n")
	page, ok := ep.Params["page"].(map[string]any)
	if !ok || page["layout"] != "post" || page["kind"] != "podcast" {
		t.Errorf("page = %#v, want layout post (merged) and kind podcast (explicit)", ep.Params["page"])
	}
	if fmt.Sprint(ep.Params["more"]) != "[a b]" {
		t.Errorf("more = %#v, want [a b]", ep.Params["more"])
	}
}

func TestDuplicateKeys(t *testing.T) {
	ep, diags := mustParse(t, "---\ntitle: A\ndate: 2025-01-17\nseries: one\nseries: two\nSeries: three\n---\n")
	if ep.Series != "two" {
		t.Errorf("Series = %q, want two (the last value of the key)", ep.Series)
	}
	want := []string{
		"show/ep.md:5: series: duplicate key: the last value is used",
		"show/ep.md:6: Series: duplicate of \"series\": ignored",
	}
	if got := warningsOf(diags); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("warnings = %q\nwant %q", got, want)
	}
}

func TestJSONKeyLines(t *testing.T) {
	src := "{\n  \"title\": \"A\",\n  \"nested\": {\"date\": 1, \"x\": [1, {\"y\": 2}]},\n  \"date\": \"2025-01-17\",\n  \"season\": \"x\"\n}\n"
	_, diags := mustParse(t, src)
	want := []string{`show/ep.md:5: season: not a whole number: "x"`}
	if got := warningsOf(diags); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("warnings = %q, want %q", got, want)
	}
}

func TestTOMLKeyLines(t *testing.T) {
	src := "+++\ntitle = 'A'\ndate = 2025-01-17\n\"season\" = 'x'\n\n[image]\npath = 'https://example.org/a.png'\nalt = 3\n[[persons]]\nname = 'Ada'\n+++\n"
	ep, diags := mustParse(t, src)
	want := []string{`show/ep.md:4: season: not a whole number: "x"`}
	if got := warningsOf(diags); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("warnings = %q, want %q", got, want)
	}
	if ep.Image == nil || ep.Image.Path != "https://example.org/a.png" || ep.Image.Alt != "3" {
		t.Errorf("Image = %+v", ep.Image)
	}
	if len(ep.Persons) != 1 || ep.Persons[0].Name != "Ada" {
		t.Errorf("Persons = %+v", ep.Persons)
	}
}

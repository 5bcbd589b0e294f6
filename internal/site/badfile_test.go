package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/internal/config"
)

// The rule these tests prove: one bad file never stops the show. A build
// of good episode files plus any one other file publishes every good
// episode, in every feed format, and does not fail (but with --strict);
// the other file is published, held back, a twin, a skipped file or a
// note, and exactly one of those.

// goodCount is the number of good episodes beside the bad file.
const goodCount = 3

// goodShow returns goodCount episode files every writer takes, each with
// its guid (urn:good:N), date and media.
func goodShow() fstest.MapFS {
	show := fstest.MapFS{}
	for i := 1; i <= goodCount; i++ {
		show[fmt.Sprintf("good/ep%d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(`---
title: Good episode %d
date: 2025-01-%02d
guid: urn:good:%d
audio: {url: "https://media.example.org/good%d.mp3", length: 1000}
tags: [good]
---
The body of good episode %d.
`, i, i, i, i, i))}
	}
	return show
}

// badConfig is the configuration of these builds: no cache and no
// artwork, so that a build takes a few milliseconds.
func badConfig(t testing.TB) *config.Config {
	t.Helper()
	c := config.Default()
	c.Title = "Test Show"
	c.Description = "A show for tests"
	c.Language = "fr"
	c.BaseURL = "https://example.org/show/"
	c.IDAuthority = "example.org,2025"
	c.Author = "Jane Host"
	c.Owner = config.Owner{Name: "Jane", Email: "jane@example.org"}
	c.Cache = ""
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}

// buildWith builds the good show plus the file bad.md holding bad.
func buildWith(t testing.TB, bad []byte, strict bool) (out string, res *Result, err error) {
	t.Helper()
	content := goodShow()
	if bad != nil {
		content["bad.md"] = &fstest.MapFile{Data: bad}
	}
	out = filepath.Join(t.TempDir(), "site")
	res, err = Run(context.Background(), Options{
		Config: badConfig(t), Content: content, Out: out,
		Now: func() time.Time { return fixedNow }, Strict: strict, Version: "test",
	})
	return out, res, err
}

// checkOneBadFile builds the good show plus bad and checks the rule.
func checkOneBadFile(t testing.TB, bad []byte) (string, *Result) {
	t.Helper()
	out, res, err := buildWith(t, bad, false)
	if err != nil {
		t.Fatalf("the build failed: %v", err)
	}
	notes := 0
	for _, d := range res.Diagnostics {
		if d.Note() {
			notes++
		}
	}
	// Every file is one of these, and only one.
	if n := res.Published + res.Held + res.Twins + res.Skipped + notes; n != goodCount+1 {
		t.Errorf("published %d + held %d + twins %d + skipped %d + notes %d = %d, want %d files",
			res.Published, res.Held, res.Twins, res.Skipped, notes, n, goodCount+1)
	}
	if res.Published < goodCount {
		t.Errorf("published %d, want at least the %d good episodes", res.Published, goodCount)
	}
	for _, name := range []string{"feed.xml", "atom.xml", "feed.json"} {
		f := parseFeedFile(t, filepath.Join(out, name))
		if len(f.Items) != res.Published {
			t.Errorf("%s: %d items, want %d", name, len(f.Items), res.Published)
		}
		seen := map[string]int{}
		for _, it := range f.Items {
			seen[it.GUID]++
		}
		for id, n := range seen {
			if n > 1 {
				t.Errorf("%s: %d items with the id %q", name, n, id)
			}
		}
		for i := 1; i <= goodCount; i++ {
			if id := fmt.Sprintf("urn:good:%d", i); seen[id] != 1 {
				t.Errorf("%s: good episode %s is not published", name, id)
			}
		}
	}
	pages, _ := filepath.Glob(filepath.Join(out, "episodes", "*", "index.html"))
	if len(pages) != res.Published {
		t.Errorf("%d episode pages, want %d", len(pages), res.Published)
	}
	return out, res
}

func parseFeedFile(t testing.TB, p string) *gofeed.Feed {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("gofeed cannot parse %s: %v", p, err)
	}
	return f
}

// knownFields are the front matter keys the episode package reads into
// fields (episode/fields.go's knownKeys).
var knownFields = []string{
	"title", "description", "date", "tags", "series", "image", "apercu",
	"draft", "guid", "slug", "link", "permalink", "audio", "video",
	"enclosure", "duration", "season", "episode", "episode_type",
	"episodetype", "explicit", "persons",
}

// badFile is one hostile file and what the build makes of it.
type badFile struct {
	name string
	data []byte
	// kind is what the file is: "published", "skipped", "twin" or
	// "note".
	kind string
	// diag, when set, is in the text of a diagnostic of bad.md.
	diag string
}

func episodeWith(lines ...string) []byte {
	return []byte("---\n" + strings.Join(lines, "\n") + "\n---\nThe body.\n")
}

func badFiles() []badFile {
	good := goodShow()
	files := []badFile{
		{"missing date", episodeWith("title: No date"), "skipped", "bad.md:1: date: missing: an episode needs a release date"},
		{"bad date", episodeWith("title: Bad date", "date: 2025-02-30"), "skipped", "bad.md:3: date: not a date"},
		{"date out of range", episodeWith("title: Year zero", "date: 0000-01-01"), "skipped", "bad.md:3: date: year 0 is out of range"},
		{"zero date", episodeWith("title: Zero", "date: 0001-01-01T00:00:00Z"), "skipped", "bad.md:3: date: 0001-01-01T00:00:00Z is out of range"},
		{"missing title", episodeWith("date: 2025-01-20"), "skipped", "bad.md:1: title: missing"},
		{"bad yaml", episodeWith("title: [unclosed", "date: 2025-01-20"), "skipped", "bad.md:3: front matter: yaml"},
		{"bad toml", []byte("+++\ntitle = = 'x'\n+++\n"), "skipped", "bad.md:2: front matter: toml"},
		{"bad json", []byte("{\n\"title\": \"x\",,\n}\n"), "skipped", "bad.md:2: front matter: json"},
		{"binary bytes", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), "skipped", "binary file"},
		{"NUL byte in the body", append(episodeWith("title: NUL", "date: 2025-01-20"), 0, 'x'), "skipped", "binary file: NUL byte"},
		{"invalid UTF-8 in the front matter", episodeWith("title: \xff\xfe", "date: 2025-01-20"), "skipped", "bad.md:2: front matter: binary file: invalid UTF-8"},
		{"invalid UTF-8 in the body", append(episodeWith("title: Latin-1 body", "date: 2025-01-20"), "caf\xe9 cr\xe8me\n"...), "published", ""},
		{"empty file", []byte{}, "note", "bad.md: no front matter: not an episode"},
		{"blank lines", []byte("\n\n  \n"), "note", "bad.md: no front matter"},
		{"README", []byte("# About this show\n\n---\n\nNotes.\n"), "note", "bad.md: no front matter"},
		{"only ---", []byte("---"), "skipped", "bad.md:1: front matter: unterminated front matter"},
		{"only --- twice", []byte("---\n---\n"), "skipped", "bad.md:1: title: missing"},
		{"front matter not a mapping", []byte("---\n- a\n---\n"), "skipped", "bad.md:2: front matter: not a mapping"},
		{"too large", episodeWith("title: Huge", "date: 2025-01-20", "description: "+strings.Repeat("x", 600<<10)), "skipped", "bad.md: file: file too large"},
		{"huge line", append(episodeWith("title: Huge line", "date: 2025-01-20", "description: "+strings.Repeat("long ", 20<<10)), strings.Repeat("word ", 60<<10)...), "published", ""},
		{"duplicate guid", episodeWith("title: Another episode", "date: 2025-02-01", "guid: urn:good:2"), "twin",
			`bad.md:4: guid: "urn:good:2" is also the guid of good/ep2.md:4: published once, from good/ep2.md (the earliest date wins, then path order)`},
		{"duplicate guid, earlier", episodeWith("title: Older episode", "date: 2024-12-01", "guid: urn:good:1"), "twin",
			`good/ep1.md:4: guid: "urn:good:1" is also the guid of bad.md:4: published once, from bad.md`},
		{"duplicate guid, same date", episodeWith("title: Same day", "date: 2025-01-03", "guid: urn:good:3"), "twin",
			`good/ep3.md:4: guid: "urn:good:3" is also the guid of bad.md:4: published once, from bad.md`},
		{"guid of another file's path", episodeWith("title: Path id", "date: 2025-01-20", "guid: tag:example.org,2025:episodes/good/ep1"), "published", ""},
		{"guid without printable character", episodeWith("title: Control guid", "date: 2025-01-20", `guid: "\x01\x02"`), "published", "bad.md:4: guid: \"\\x01\\x02\" has no printable character"},
		{"duplicate file", good["good/ep1.md"].Data, "twin", "good/ep1.md: file: same episode as bad.md"},
		{"draft", episodeWith("title: Draft", "date: 2025-01-20", "draft: true"), "held", ""},
	}
	// A value of the wrong type for every known field: a mapping, a
	// list of mappings, a boolean. Only title and date are required.
	for _, key := range knownFields {
		for _, v := range []string{"{a: 1}", "[{a: 1}, [2]]", "true"} {
			lines := []string{"title: Wrong " + key, "date: 2025-01-20"}
			switch key {
			case "title":
				lines = []string{"date: 2025-01-20"}
			case "date":
				lines = []string{"title: Wrong date"}
			}
			kind := "published"
			if (key == "title" && v != "true") || key == "date" {
				kind = "skipped"
			}
			if key == "draft" && v == "true" {
				kind = "held"
			}
			files = append(files, badFile{key + ": " + v, episodeWith(append(lines, key+": "+v)...), kind, ""})
		}
	}
	return files
}

// TestOneBadFile builds the good show with each bad file and checks what
// the build made of it.
func TestOneBadFile(t *testing.T) {
	for _, bf := range badFiles() {
		t.Run(bf.name, func(t *testing.T) {
			_, res := checkOneBadFile(t, bf.data)
			var got string
			switch {
			case res.Skipped == 1:
				got = "skipped"
			case res.Twins == 1:
				got = "twin"
			case res.Held == 1:
				got = "held"
			case res.Published == goodCount+1:
				got = "published"
			default:
				got = "note"
			}
			var all []string
			for _, d := range res.Diagnostics {
				all = append(all, d.Error())
			}
			if got != bf.kind {
				t.Errorf("the file is %s, want %s; diagnostics:\n%s", got, bf.kind, strings.Join(all, "\n"))
			}
			if bf.diag != "" && !strings.Contains(strings.Join(all, "\n"), bf.diag) {
				t.Errorf("no diagnostic has %q:\n%s", bf.diag, strings.Join(all, "\n"))
			}
			// A strict build fails on any problem or readiness finding and
			// writes nothing; a note is not a problem.
			out, _, err := buildWith(t, bf.data, true)
			if wantFail := res.Problems()+len(res.Readiness) > 0; wantFail != errors.Is(err, ErrStrict) {
				t.Errorf("strict build: %v, want a failure: %v", err, wantFail)
			} else if wantFail {
				if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("a failed strict build wrote its output folder: %v", err)
				}
			}
		})
	}
}

// TestSameIDOnePublished checks that of two files with one guid, the one
// published is the same in the feeds, the pages and the transcripts, and
// that the other one is reported with both paths and lines.
func TestSameIDOnePublished(t *testing.T) {
	bad := []byte("---\ntitle: Copied guid\ndate: 2025-03-01\nguid: urn:good:2\n---\n{% transcription \"Host\" %}\n<p>Bad transcript words.</p>\n{% endtranscription %}\n")
	out, res := checkOneBadFile(t, bad)
	if res.Twins != 1 || res.Skipped != 0 || res.Warnings() != 1 {
		t.Fatalf("twins %d skipped %d warnings %d, want 1 0 1", res.Twins, res.Skipped, res.Warnings())
	}
	var found bool
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if bytes.Contains(data, []byte("Copied guid")) || bytes.Contains(data, []byte("Bad transcript words")) {
			t.Errorf("%s holds the episode not published", p)
		}
		found = found || bytes.Contains(data, []byte("Good episode 2"))
		return err
	})
	if err != nil || !found {
		t.Errorf("the episode published is nowhere (%v)", err)
	}
}

// TestNoGoodEpisode checks that a show with nothing to publish (its one
// file skipped, not an episode or held back) still builds its feeds,
// empty.
func TestNoGoodEpisode(t *testing.T) {
	for _, data := range []string{
		"---\ntitle: No date\n---\n",
		"# README\n",
		"---\ntitle: Later\ndate: 2030-01-01\n---\n",
	} {
		out := filepath.Join(t.TempDir(), "site")
		res, err := Run(context.Background(), Options{
			Config: badConfig(t), Content: fstest.MapFS{"bad.md": {Data: []byte(data)}}, Out: out,
			Now: func() time.Time { return fixedNow }, Version: "test",
		})
		if err != nil {
			t.Fatalf("%q: the build failed: %v", data, err)
		}
		for _, name := range []string{"feed.xml", "atom.xml", "feed.json"} {
			if f := parseFeedFile(t, filepath.Join(out, name)); len(f.Items) != 0 || res.Published != 0 {
				t.Errorf("%q: %s has %d items, %d published", data, name, len(f.Items), res.Published)
			}
		}
	}
}

// FuzzOneBadFile checks the rule with any bytes as the bad file. The
// seeds run as a normal test.
func FuzzOneBadFile(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: x\n---\n",
		"---\ntitle: x\ndate: 2025-01-20\nguid: urn:good:1\n---\n",
		"---\ntitle: x\ndate: 0000-01-01\n---\n",
		"+++\ntitle = 'x'\ndate = 9999-12-31T23:59:59-23:59\n+++\n",
		"{\"title\": \"x\", \"date\": \"2025-01-20\", \"guid\": \"\\u0001\", \"tags\": [{}]}\n",
		"---\ntitle: x\ndate: 2025-01-20\nimage: ../../../etc/passwd\naudio: /dev/zero\nlink: \"http://[::1\"\n---\n\x00",
		"\xef\xbb\xbf---\r\ntitle: \"\\uFFFE\"\r\ndate: 2025-01-20\r\n---\r\n{% transcription %}\n",
		"# README\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkOneBadFile(t, data)
	})
}

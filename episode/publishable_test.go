package episode

import (
	"errors"
	"testing"
)

// TestUnpublishable checks that a file the feed writers would refuse is
// a skipped file (one error naming the file, line and field), not an
// episode.
func TestUnpublishable(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"no date", "---\ntitle: A\n---\nBody\n", "show/ep.md:1: date: missing: an episode needs a release date"},
		{"null date", "---\ntitle: A\ndate:\n---\n", "show/ep.md:3: date: missing: an episode needs a release date"},
		{"no date in toml", "\n+++\ntitle = 'A'\n+++\n", "show/ep.md:2: date: missing: an episode needs a release date"},
		{"no date in json", "{\"title\": \"A\"}\n", "show/ep.md:1: date: missing: an episode needs a release date"},
		{"zero time", "---\ntitle: A\ndate: 0001-01-01T00:00:00Z\n---\n", "show/ep.md:3: date: 0001-01-01T00:00:00Z is out of range: the feeds take it for no date"},
		// Year 0 in Paris is in local mean time (+00:09:21), which the
		// writers move to UTC: year -1.
		{"year zero", "---\ntitle: A\ndate: 0000-06-01\n---\n", "show/ep.md:3: date: year 0 is out of range: the feeds carry years 1 to 9999"},
		{"year zero in toml", "+++\ntitle = 'A'\nDate = 0000-06-01T00:00:00Z\n+++\n", "show/ep.md:3: Date: year 0 is out of range: the feeds carry years 1 to 9999"},
		{"year 10000 in UTC", "---\ntitle: A\ndate: 9999-12-31T23:00:00-05:00\n---\n", "show/ep.md:3: date: year 10000 in UTC is out of range: the feeds carry years 1 to 9999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, diags := parse(t, tt.src)
			if ep != nil {
				t.Errorf("Parse returned an episode dated %v", ep.Date)
			}
			if errs := errorsOf(diags); len(errs) != 1 || errs[0] != tt.want {
				t.Errorf("errors = %q\nwant     [%q]", errs, tt.want)
			}
		})
	}
}

func TestPublishableDates(t *testing.T) {
	for _, src := range []string{
		"---\ntitle: A\ndate: 0001-01-02T00:00:00Z\n---\n",
		"---\ntitle: A\ndate: 9999-12-31T23:00:00+01:00\n---\n",
		"---\ntitle: A\ndate: 1850-06-01\n---\n", // local mean time in Paris
	} {
		if _, diags := mustParse(t, src); len(diags) > 0 {
			t.Errorf("%q: %v", src, diags)
		}
	}
}

func TestGUID(t *testing.T) {
	ep, diags := mustParse(t, "---\ntitle: A\ndate: 2025-01-17\n\nGUID: ' urn:x:1 '\n---\n")
	if ep.GUID != "urn:x:1" || ep.GUIDLine != 5 || len(diags) > 0 {
		t.Errorf("GUID %q at line %d, diagnostics %v; want urn:x:1 at line 5", ep.GUID, ep.GUIDLine, diags)
	}
	// Only characters the writers remove: the id from the path is used.
	ep, diags = mustParse(t, "---\ntitle: A\ndate: 2025-01-17\nguid: \"\\x01 \\uFFFE\"\n---\n")
	want := []string{`show/ep.md:4: guid: "\x01 \ufffe" has no printable character: ignored, the id comes from the file's path`}
	if got := warningsOf(diags); ep.GUID != "" || len(got) != 1 || got[0] != want[0] {
		t.Errorf("GUID %q, warnings %q\nwant %q", ep.GUID, got, want)
	}
	if ep, _ := mustParse(t, withKeys()); ep.GUIDLine != 0 {
		t.Errorf("GUIDLine = %d without a guid", ep.GUIDLine)
	}
}

// TestNoFrontMatterIsANote checks that a Markdown file without front
// matter is reported as a note, not as a problem.
func TestNoFrontMatterIsANote(t *testing.T) {
	for _, src := range []string{"# README\n\nNotes.\n", "", "\n\n", "Licence Ouverte\n---\n"} {
		ep, diags := parse(t, src)
		if ep != nil || len(diags) != 1 || !diags[0].Note() || !errors.Is(diags[0], ErrNoFrontMatter) {
			t.Fatalf("%q: episode %v, diagnostics %v; want one note", src, ep != nil, diags)
		}
		if got, want := diags[0].Error(), "show/ep.md: no front matter: not an episode (an episode starts with ---, +++ or {)"; got != want {
			t.Errorf("%q: %q, want %q", src, got, want)
		}
	}
	for _, src := range []string{"---\ntitle: A\n", "---\n", "---\ntitle: A\n---\n", "\x00"} {
		if _, diags := parse(t, src); len(diags) == 0 || diags[0].Note() {
			t.Errorf("%q: %v, want an error", src, diags)
		}
	}
}

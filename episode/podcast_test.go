package episode

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestBodyChapters(t *testing.T) {
	sec := func(s int) time.Duration { return time.Duration(s) * time.Second }
	for _, tc := range []struct {
		name, body string
		want       []Chapter
	}{
		{"youtube", "Chapters:\n0:00 Intro\n1:05 Second part\n1:02:03 Last\n", []Chapter{{Start: 0, Title: "Intro"}, {Start: sec(65), Title: "Second part"}, {Start: sec(3723), Title: "Last"}}},
		{"list with links and dashes", "- [00:00](https://youtu.be/x?t=0) - Intro\n- [02:15](https://youtu.be/x?t=135) – Guest\n", []Chapter{{Start: 0, Title: "Intro"}, {Start: sec(135), Title: "Guest"}}},
		{"bold, blank lines between", "**00:00** Intro\n\n**10:00** : Outro\n", []Chapter{{Start: 0, Title: "Intro"}, {Start: sec(600), Title: "Outro"}}},
		{"second list after prose", "09:00 Breakfast\n10:00 Talk\n\nChapters\n\n00:00 A\n00:30 B\n", []Chapter{{Start: 0, Title: "A"}, {Start: sec(30), Title: "B"}}},
		{"times of day", "09:30 Café d'accueil\n10:00 Table ronde\n12:30 Déjeuner\n", nil},
		{"one line", "00:00 Only one\n", nil},
		{"not increasing", "00:00 A\n05:00 B\n03:00 C\n", nil},
		{"dates and scores", "Le 12/03/2025 à 10h30.\n2025-03-12\nScore 2:1 au match\n00:00\n", nil},
		{"bad seconds", "00:00 A\n01:75 B\n", nil},
		{"prose between", "00:00 A\nSome words.\n01:00 B\n", nil},
		{"code fence", "```\n00:00 A\n01:00 B\n```\n", nil},
		{"transcript shortcode", "{% transcription %}\n00:00 Jane: hi\n00:05 John: hello\n{% endtranscription %}\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := bodyChapters([]byte(tc.body), nil)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	// A list in the transcript section is the transcript's.
	if got := bodyChapters([]byte("x\n00:00 A\n01:00 B\n"), func(line int) bool { return line >= 2 }); got != nil {
		t.Errorf("a skipped list gave %+v", got)
	}
}

func TestPodcastFrontMatter(t *testing.T) {
	fsys := fstest.MapFS{
		"ep.md": {Data: []byte(`---
title: T
date: 2025-01-01
chapters:
  - {start: "00:00", title: Intro, img: "https://example.org/a.jpg"}
  - {start: 90.5, title: Next, url: "not a url"}
  - "1:00 Before the previous one"
  - {title: no start}
soundbites:
  - {start: 10, duration: 30, title: Bite}
  - {start: 10}
location: Paris
license: {name: cc-by-4.0, url: "https://creativecommons.org/licenses/by/4.0/"}
alternate_enclosures:
  - {path: ep.ogg, bitrate: "64000.5", height: 0, default: yes}
  - {url: "https://cdn.example.org/ep.mp4"}
txt: [{purpose: verify, text: abc}, plain]
social: https://mastodon.example/@a/1
---
Body
`)},
		"ep.ogg":  {Data: []byte("OggS....")},
		"typo.md": {Data: []byte("---\ntitle: U\ndate: 2025-01-02\nchapter: [\"00:00 A\"]\nlicence: cc-by-4.0\n---\n")},
	}
	eps, diags := Read(fsys, nil, Options{})
	if len(eps) != 2 {
		t.Fatalf("episodes: %d, %v", len(eps), diags)
	}
	ep := eps[0]
	if ep.Path != "ep.md" {
		ep = eps[1]
	}
	if want := []Chapter{{Start: 0, Title: "Intro", Img: "https://example.org/a.jpg"}, {Start: 90500 * time.Millisecond, Title: "Next"}}; !slices.Equal(ep.Chapters, want) {
		t.Errorf("chapters %+v, want %+v", ep.Chapters, want)
	}
	if want := []Soundbite{{Start: 10 * time.Second, Duration: 30 * time.Second, Title: "Bite"}}; !slices.Equal(ep.Soundbites, want) {
		t.Errorf("soundbites %+v", ep.Soundbites)
	}
	if len(ep.Locations) != 1 || ep.Locations[0].Name != "Paris" {
		t.Errorf("locations %+v", ep.Locations)
	}
	if ep.License == nil || ep.License.Name != "cc-by-4.0" {
		t.Errorf("license %+v", ep.License)
	}
	if a := ep.AlternateEnclosures; len(a) != 2 || a[0].Media.Type != "audio/ogg" || a[0].Media.Length != 8 || a[0].Bitrate != 64000.5 || !a[0].Default ||
		a[1].Media.Root != RootURL || a[1].Media.Type != "video/mp4" {
		t.Errorf("alternate enclosures %+v", a)
	}
	if a := ep.AlternateEnclosures; len(a) != 2 || a[1].Line == 0 || a[1].Line != a[0].Line {
		// A URL without a length is reported by the build, on this line.
		t.Errorf("alternate enclosures' lines: %+v", a)
	}
	if want := []Txt{{Purpose: "verify", Text: "abc"}, {Text: "plain"}}; !slices.Equal(ep.Txts, want) {
		t.Errorf("txt %+v", ep.Txts)
	}
	if len(ep.Social) != 1 || ep.Social[0].Protocol != "activitypub" {
		t.Errorf("social %+v", ep.Social)
	}
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		`chapters: chapter 2: url: "not a url" is not an absolute http(s) URL`,
		"chapters: chapter 3 starts at 1:00, not after the previous one",
		"chapters: chapter 4: no start",
		"soundbites: soundbite 2: start and duration are required",
		`typo.md:4: chapter: unknown key; did you mean "chapters"?`,
		`typo.md:5: licence: unknown key; did you mean "license"?`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no diagnostic %q in:\n%s", want, all)
		}
	}
	for _, d := range diags {
		if !d.Warning || d.Line == 0 {
			t.Errorf("diagnostic %+v: want a warning with its file and line", d)
		}
	}
}

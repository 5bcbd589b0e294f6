package site

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// exampleMP3 is the bundled example's episode whose MP3 holds ID3 CHAP
// frames: 0 s "Générique", 2 s "Les chapitres", 10.427 s "La
// transcription".
var exampleMP3 = filepath.Join("..", "..", "content", "podcast", "03-chapitres-et-transcription.mp3")

// pageChapter is a chapter link as an episode page lists it.
type pageChapter struct {
	Href, Start, Title string
}

func (c pageChapter) String() string { return c.Href + " " + c.Start + " " + c.Title }

// readPageChapters parses an episode page and returns the links of its
// chapter list (nav.chapters), and whether the page has the media
// element player.js drives (data-media).
func readPageChapters(t *testing.T, p string) (chs []pageChapter, player bool) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	attr := func(n *html.Node, name string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == name {
				return a.Val, true
			}
		}
		return "", false
	}
	var text func(n *html.Node) string
	text = func(n *html.Node) string {
		if n.Type == html.TextNode {
			return n.Data
		}
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(text(c))
		}
		return b.String()
	}
	var walk func(n *html.Node, inChapters bool)
	walk = func(n *html.Node, inChapters bool) {
		if n.Type == html.ElementNode {
			if _, ok := attr(n, "data-media"); ok && (n.Data == "audio" || n.Data == "video") {
				player = true
			}
			if class, _ := attr(n, "class"); n.Data == "nav" && slices.Contains(strings.Fields(class), "chapters") {
				inChapters = true
			}
			if start, ok := attr(n, "data-start"); ok && inChapters && n.Data == "a" {
				href, _ := attr(n, "href")
				// The link's text is its time, then the title.
				words := strings.Fields(text(n))
				chs = append(chs, pageChapter{Href: href, Start: start, Title: strings.Join(words[1:], " ")})
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inChapters)
		}
	}
	walk(doc, false)
	return chs, player
}

// mediaTime matches a #t= link as player.js reads it: [h:]m:ss.
var mediaTime = regexp.MustCompile(`^#t=(?:(\d+):)?(\d+):(\d{2})$`)

// checkSeekLinks checks that each chapter link seeks the player to the
// chapter's start: its #t= time is its data-start, to the second.
func checkSeekLinks(t *testing.T, name string, chs []pageChapter) {
	t.Helper()
	for _, c := range chs {
		m := mediaTime.FindStringSubmatch(c.Href)
		start, err := strconv.ParseFloat(c.Start, 64)
		if m == nil || err != nil {
			t.Errorf("%s: chapter %q: href or data-start is not a time", name, c)
			continue
		}
		h, _ := strconv.Atoi(m[1])
		mi, _ := strconv.Atoi(m[2])
		s, _ := strconv.Atoi(m[3])
		if got := h*3600 + mi*60 + s; got != int(start) {
			t.Errorf("%s: chapter %q: #t= is %d s, data-start %s", name, c, got, c.Start)
		}
	}
}

// TestEpisodePageChapters checks that an episode page lists the
// episode's chapters whatever their source (the front matter, a chapters
// file beside the episode, the MP3's ID3 chapters) as links that seek
// its player, and that the page follows its chapters on rebuild: a
// changed chapters file changes the page, and a page made again from an
// episode taken from the cache keeps its list.
func TestEpisodePageChapters(t *testing.T) {
	mp3, err := os.ReadFile(exampleMP3)
	if err != nil {
		t.Fatal(err)
	}
	defer func(w time.Duration) { racyWindow = w }(racyWindow)
	racyWindow = 100 * time.Millisecond
	content, static := diskFolders(t, nil)
	out := filepath.Join(t.TempDir(), "site")
	episode := func(title, date, audio, more string) []byte {
		return fmt.Appendf(nil, "---\ntitle: %s\ndate: %s\naudio: %s\n%s---\nShow notes.\n", title, date, audio, more)
	}
	// Every episode has the same MP3: the front matter's and the file
	// beside the episode's chapters come before the MP3's.
	for p, data := range map[string][]byte{
		"fm.md":   episode("Front matter", "2025-01-10", "fm.mp3", "chapters:\n  - {start: 0, title: Opening}\n  - {start: \"00:05\", title: Interview}\n"),
		"fm.mp3":  mp3,
		"side.md": episode("Beside", "2025-01-11", "side.mp3", ""),
		"side.chapters.json": []byte(`{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "First"},` +
			`{"startTime": 1, "title": "Picture only", "toc": false}, {"startTime": 12.5, "title": "Second"}]}`),
		"side.mp3": mp3,
		"id3.md":   episode("Embedded", "2025-01-12", "id3.mp3", ""),
		"id3.mp3":  mp3,
	} {
		writeFile(t, filepath.Join(content, p), data)
	}
	cfg := testConfig(t)
	run := func() *Result {
		t.Helper()
		settle()
		res := runDisk(t, cfg, content, static, out)
		for _, d := range res.Diagnostics {
			if strings.Contains(d.Error(), "chapters") {
				t.Errorf("unexpected problem: %v", d)
			}
		}
		return res
	}
	page := func(slug string) string { return filepath.Join(out, "episodes", slug, "index.html") }
	check := func(when, slug string, want []string) {
		t.Helper()
		chs, player := readPageChapters(t, page(slug))
		if !player {
			t.Errorf("%s: %s: no media element for the chapters to seek", when, slug)
		}
		var got []string
		for _, c := range chs {
			got = append(got, c.String())
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %s: chapters\n%q\nwant\n%q", when, slug, got, want)
		}
		checkSeekLinks(t, slug, chs)
	}
	want := map[string][]string{
		"fm":   {"#t=0:00 0 Opening", "#t=0:05 5 Interview"},
		"side": {"#t=0:00 0 First", "#t=0:12 12.5 Second"},
		"id3":  {"#t=0:00 0 Générique", "#t=0:02 2 Les chapitres", "#t=0:10 10.427 La transcription"},
	}
	run()
	for slug, w := range want {
		check("first build", slug, w)
	}

	// A changed chapters file: the episode is rendered again, and its
	// page lists the new chapters.
	before, _ := os.ReadFile(page("side"))
	writeFile(t, filepath.Join(content, "side.chapters.json"), []byte(`{"version":"1.2.0","chapters":[{"startTime":0,"title":"Only"},{"startTime":3,"title":"Then"}]}`))
	if res := run(); res.Rendered != 1 {
		t.Errorf("rendered %d episodes after a chapters file changed, want 1", res.Rendered)
	}
	after, _ := os.ReadFile(page("side"))
	if bytes.Equal(before, after) {
		t.Error("the page did not change with its chapters file")
	}
	check("chapters file changed", "side", []string{"#t=0:00 0 Only", "#t=0:03 3 Then"})

	// A neighbour's new title makes the pages beside it again, from
	// episodes taken from the cache: they keep their chapters.
	writeFile(t, filepath.Join(content, "side.md"), episode("Beside, renamed", "2025-01-11", "side.mp3", ""))
	if res := run(); res.Rendered != 1 {
		t.Errorf("rendered %d episodes after a title changed, want 1", res.Rendered)
	}
	if p, _ := os.ReadFile(page("fm")); !bytes.Contains(p, []byte("Beside, renamed")) {
		t.Fatal("the neighbour's page was not made again")
	}
	check("neighbour renamed", "fm", want["fm"])
	check("neighbour renamed", "id3", want["id3"])
}

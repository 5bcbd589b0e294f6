package pages_test

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/pages"
	"github.com/feedcast/feedcast/internal/transcript"
)

// mediaSeconds is the length of the player fixture's audio file.
const mediaSeconds = 100

// playerCues are the player fixture's timed transcript.
var playerCues = []transcript.Segment{
	{Speaker: "Alice", Start: 0, End: 5, Body: "Bonjour à toutes et à tous."},
	{Speaker: "Alice", Start: 5, End: 12.25, Body: "Aujourd’hui, la sobriété."},
	{Speaker: "Bob", Start: 12.25, End: 31, Body: "Merci Alice."},
	{Speaker: "Bob", Start: 31, End: 70, Body: "Parlons des données."},
	{Speaker: "Alice", Start: 70, End: 95.5, Body: "Pour conclure <vraiment> & simplement."},
}

// playerFixture is newFixture with a player to test: the mp3 episode
// ("ete") plays a WAV file of mediaSeconds, lists its chapters in its show
// notes and has a timed transcript; the mp4 episode has WebVTT captions.
func playerFixture(base string) *fixture {
	fx := newFixture(base)
	ete := &fx.site.Episodes[0]
	it := ete.Item
	it.Enclosure = &feed.Enclosure{URL: base + "episodes/ete/ete.wav", Type: "audio/wav", Length: int64(len(wavFile()))}
	it.Duration = mediaSeconds * time.Second
	it.ContentHTML += "<p>Au programme :</p>\n<ul>\n<li>00:00 Introduction</li>\n<li>00:30 – Le sujet</li>\n<li>01:10 Conclusion</li>\n</ul>"
	ete.TranscriptHTML = pages.TranscriptFragment(&transcript.Transcript{Timed: true, Segments: playerCues}, "fr")
	it.Transcripts = []feed.Transcript{{URL: base + "episodes/ete/transcript.vtt", Type: "text/vtt", Language: "fr", Rel: "captions"}}
	video := fx.site.Episodes[3].Item
	video.Transcripts = []feed.Transcript{
		{URL: base + "episodes/video-mp4/transcript.vtt", Type: "text/vtt", Language: "fr", Rel: "captions"},
		{URL: base + "episodes/video-mp4/transcript.html", Type: "text/html", Language: "fr"},
	}
	return fx
}

// wavFile is mediaSeconds of a quiet 440 Hz tone: 8 kHz, 8-bit mono PCM.
func wavFile() []byte {
	const rate = 8000
	n := rate * mediaSeconds
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) } // a bytes.Buffer does not fail
	b.WriteString("RIFF")
	le(uint32(36 + n))
	b.WriteString("WAVEfmt ")
	le(uint32(16))
	le(uint16(1)) // PCM
	le(uint16(1)) // mono
	le(uint32(rate))
	le(uint32(rate)) // bytes per second
	le(uint16(1))    // block align
	le(uint16(8))    // bits per sample
	b.WriteString("data")
	le(uint32(n))
	for i := 0; i < n; i++ {
		b.WriteByte(byte(128 + 8*math.Sin(2*math.Pi*440*float64(i)/rate)))
	}
	return b.Bytes()
}

func TestChaptersFromShowNotes(t *testing.T) {
	for _, tt := range []struct {
		name, html string
		want       []string // "start title"
	}{
		{"list", "<ul><li>00:00 Introduction</li><li>02:15 Le sujet</li><li>1:02:03 Fin</li></ul>",
			[]string{"0s Introduction", "2m15s Le sujet", "1h2m3s Fin"}},
		{"lines of a paragraph", "<p>Chapitres :<br>0:00 – Début<br>\n[12:30] Milieu<br>(25:00) : Fin</p>",
			[]string{"0s Début", "12m30s Milieu", "25m0s Fin"}},
		{"soft line breaks", "<p>00:00 Un\n05:00 | Deux</p>", []string{"0s Un", "5m0s Deux"}},
		{"entities and markup", "<p><strong>00:00</strong> L&#39;accueil &amp; <em>le café</em></p><p>10:00 Suite</p>",
			[]string{"0s L'accueil & le café", "10m0s Suite"}},
		{"one line is no list", "<p>10:30 Rendez-vous devant la mairie.</p>", nil},
		{"times must increase", "<p>05:00 Deux</p><p>01:00 Un</p>", nil},
		{"the first run only", "<p>00:00 A</p><p>01:00 B</p><p>Texte.</p><p>00:00 C</p><p>02:00 D</p>",
			[]string{"0s A", "1m0s B"}},
		{"a run after a single line", "<p>09:00 le matin</p><p>Texte.</p><p>00:00 A</p><p>01:00 B</p>",
			[]string{"0s A", "1m0s B"}},
		{"not a time", "<p>00:75 A</p><p>01:00 B</p>", nil},
		{"no title", "<p>00:00</p><p>01:00</p>", nil},
		{"a clock in a sentence", "<p>Le direct commence à 10:00 et finit à 11:00.</p>", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(base)
			ep := &fx.site.Episodes[0]
			ep.Item.ContentHTML = tt.html
			ep.Item.Duration = 3 * time.Hour
			root := parseHTML(t, "ete", render(t, fx.site)["episodes/ete/index.html"])
			var got []string
			for _, a := range findAll(findFirst(t, root, "nav", "chapters", false), "a") {
				start, _ := attr(a, "data-start")
				href, _ := attr(a, "href")
				var s float64
				fmt.Sscan(start, &s)
				d := time.Duration(s * float64(time.Second))
				if want := "#t=" + strings.Fields(textOf(a))[0]; href != want {
					t.Errorf("chapter link %q, want %q", href, want)
				}
				got = append(got, d.String()+" "+strings.SplitN(textOf(a), " ", 2)[1])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("chapters %q, want %q", got, tt.want)
			}
		})
	}
}

// findFirst returns the first element named tag whose class list has
// class, or nil; with must, a missing element fails the test.
func findFirst(t *testing.T, root *html.Node, tag, class string, must bool) *html.Node {
	t.Helper()
	for _, n := range findAll(root, tag) {
		if c, _ := attr(n, "class"); class == "" || slices.Contains(strings.Fields(c), class) {
			return n
		}
	}
	if must {
		t.Fatalf("no <%s class=%q>", tag, class)
	}
	return &html.Node{Type: html.ElementNode, Data: tag}
}

func TestChaptersPastTheEndAndGiven(t *testing.T) {
	fx := newFixture(base)
	ep := &fx.site.Episodes[0]
	ep.Item.ContentHTML = "<p>00:00 A</p><p>40:00 B</p><p>50:00 C</p>"
	ep.Item.Duration = 45 * time.Minute
	doc := string(render(t, fx.site)["episodes/ete/index.html"])
	if !strings.Contains(doc, `data-start="2400"`) || strings.Contains(doc, `data-start="3000"`) {
		t.Error("want the chapters before the end of the media only")
	}
	ep.Chapters = []pages.Chapter{{Start: 90 * time.Second, Title: "Donné par la build"}}
	doc = string(render(t, fx.site)["episodes/ete/index.html"])
	if !strings.Contains(doc, `<a href="#t=1:30" data-start="90"><span class="chapter-time">1:30</span> Donné par la build</a>`) || strings.Contains(doc, `data-start="2400"`) {
		t.Error("Episode.Chapters do not replace the show notes' chapters")
	}
}

func TestTranscriptFragment(t *testing.T) {
	untimed := &transcript.Transcript{Segments: []transcript.Segment{
		{Speaker: "Alice", Role: "DINUM", Body: "Bonjour <à> tous."},
		{Speaker: "Alice", Body: "Suite."},
		{Body: "Sans nom."},
	}}
	want := "<p><strong>Alice\u00a0:</strong> <small>DINUM</small></p>\n<p>Bonjour &lt;à&gt; tous.</p>\n<p>Suite.</p>\n<p>Sans nom.</p>\n"
	if got := string(pages.TranscriptFragment(untimed, "fr")); got != want {
		t.Errorf("untimed:\n%s\nwant:\n%s", got, want)
	}
	if got := string(pages.TranscriptFragment(untimed, "en")); !strings.HasPrefix(got, "<p><strong>Alice:</strong>") {
		t.Errorf("English speaker label: %s", got)
	}
	timed := &transcript.Transcript{Timed: true, Segments: []transcript.Segment{
		{Speaker: "Bob", Start: 0, End: 1.5, Body: "Un."},
		{Speaker: "Bob", Start: 3725.1234, End: 3726, Body: "Deux & trois."},
	}}
	want = "<p><strong>Bob:</strong></p>\n" +
		`<p class="cue" data-start="0" data-end="1.5"><a class="cue-time" href="#t=0:00">0:00</a> Un.</p>` + "\n" +
		`<p class="cue" data-start="3725.123" data-end="3726"><a class="cue-time" href="#t=1:02:05">1:02:05</a> Deux &amp; trois.</p>` + "\n"
	if got := string(pages.TranscriptFragment(timed, "en")); got != want {
		t.Errorf("timed:\n%s\nwant:\n%s", got, want)
	}
	if pages.TranscriptFragment(nil, "fr") != "" {
		t.Error("no transcript gives HTML")
	}
}

func TestPlayerMarkup(t *testing.T) {
	fx := playerFixture(base)
	files := render(t, fx.site)
	for p, b := range files {
		if strings.HasSuffix(p, ".html") {
			checkPage(t, fx.site, p, b)
		}
	}
	root := parseHTML(t, "ete", files["episodes/ete/index.html"])
	var scripts []string
	for _, s := range findAll(root, "script") {
		src, _ := attr(s, "src")
		scripts = append(scripts, src)
	}
	if want := []string{base + "copy.js", base + "player.js"}; !slices.Equal(scripts, want) {
		t.Errorf("scripts %q, want %q", scripts, want)
	}
	if _, ok := attr(findAll(root, "audio")[0], "data-media"); !ok {
		t.Error("the audio element is not marked for player.js")
	}
	tools := findFirst(t, root, "div", "play-tools", true)
	if _, ok := attr(tools, "hidden"); !ok {
		t.Error("the player tools show without the script")
	}
	var speeds []string
	for _, o := range findAll(tools, "option") {
		v, _ := attr(o, "value")
		_, selected := attr(o, "selected")
		speeds = append(speeds, fmt.Sprintf("%s=%s%v", v, textOf(o), selected))
	}
	if want := []string{"0.75=0,75×false", "1=1×true", "1.25=1,25×false", "1.5=1,5×false", "1.75=1,75×false", "2=2×false"}; !slices.Equal(speeds, want) {
		t.Errorf("speeds %q, want %q", speeds, want)
	}
	if share := findAll(tools, "input")[0]; true {
		if v, _ := attr(share, "data-share"); v != base+"episodes/ete/" {
			t.Errorf("share link base %q", v)
		}
	}
	chapters := findFirst(t, root, "nav", "chapters", true)
	if got := itemTexts(chapters); !slices.Equal(got, []string{"0:00 Introduction", "0:30 Le sujet", "1:10 Conclusion"}) {
		t.Errorf("chapters %q", got)
	}
	if h := findAll(chapters, "h2"); len(h) != 1 || textOf(h[0]) != "Chapitres" {
		t.Error("the chapter list has no heading")
	}
	var cues []*html.Node
	for _, a := range findAll(findFirst(t, root, "section", "transcript", true), "a") {
		// The cues' time links, not the links to the transcript's files.
		if href, _ := attr(a, "href"); strings.HasPrefix(href, "#t=") {
			cues = append(cues, a)
		}
	}
	if len(cues) != len(playerCues) {
		t.Fatalf("%d cue links, want %d", len(cues), len(playerCues))
	}
	if href, _ := attr(cues[4], "href"); href != "#t=1:10" {
		t.Errorf("last cue link %q", href)
	}
	if _, ok := attr(findAll(root, "audio")[0].FirstChild, "kind"); ok {
		t.Error("an audio element has a captions track")
	}

	root = parseHTML(t, "video-mp4", files["episodes/video-mp4/index.html"])
	tracks := findAll(findAll(root, "video")[0], "track")
	if len(tracks) != 1 {
		t.Fatalf("%d tracks, want the WebVTT file", len(tracks))
	}
	for key, want := range map[string]string{"kind": "captions", "src": base + "episodes/video-mp4/transcript.vtt", "srclang": "fr", "label": "Sous-titres (fr)"} {
		if got, _ := attr(tracks[0], key); got != want {
			t.Errorf("track %s = %q, want %q", key, got, want)
		}
	}
	if len(findAll(root, "nav")) != 1 { // the pager only
		t.Error("an episode without chapters lists some")
	}

	// A page without its own media file has no player script.
	root = parseHTML(t, "dailymotion", files["episodes/dailymotion/index.html"])
	for _, s := range findAll(root, "script") {
		if src, _ := attr(s, "src"); strings.HasSuffix(src, "player.js") {
			t.Error("the Dailymotion page loads player.js")
		}
	}

	// English words when the show is in English.
	fx.site.Lang = "en"
	doc := string(render(t, fx.site)["episodes/ete/index.html"])
	for _, want := range []string{">1.25×<", ">Chapters</h2>", "Playback speed", "Link to this moment of the episode"} {
		if !strings.Contains(doc, want) {
			t.Errorf("English page has no %s", want)
		}
	}
}

func itemTexts(n *html.Node) []string {
	var out []string
	for _, li := range findAll(n, "li") {
		out = append(out, textOf(li))
	}
	return out
}

// scriptBudget is what all the JavaScript of the pages may weigh,
// gzipped.
const scriptBudget = 15 * 1024

// gzipped returns the size of b compressed as a server would (gzip -9).
func gzipped(t *testing.T, b []byte) int {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

func TestScriptBudget(t *testing.T) {
	files := render(t, playerFixture(base).site)
	total := 0
	var names []string
	for p, b := range files {
		if strings.HasSuffix(p, ".js") {
			n := gzipped(t, b)
			t.Logf("%s: %d bytes, %d gzipped", p, len(b), n)
			total += n
			names = append(names, p)
		}
	}
	slices.Sort(names)
	if want := []string{"copy.js", "player.js", "widget.js"}; !slices.Equal(names, want) {
		t.Errorf("scripts %q, want %q", names, want)
	}
	if total > scriptBudget {
		t.Errorf("the scripts weigh %d bytes gzipped, over the budget of %d", total, scriptBudget)
	}
}

// loadedLinks are the link relations a browser fetches.
var loadedLinks = map[string]bool{"stylesheet": true, "preload": true, "modulepreload": true, "icon": true, "manifest": true, "prefetch": true, "preconnect": true, "dns-prefetch": true, "apple-touch-icon": true}

// checkSameOrigin checks that a page takes its scripts, styles and fonts
// from its own site (base) only. Iframes, images and media may be
// elsewhere: they are the episodes' own content.
func checkSameOrigin(t *testing.T, base, name string, doc []byte) {
	t.Helper()
	root := parseHTML(t, name, doc)
	site, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	own := func(ref string) bool {
		u, err := url.Parse(ref)
		if err != nil {
			return false
		}
		return u.Scheme == "" && u.Host == "" && !strings.HasPrefix(ref, "//") || u.Scheme == site.Scheme && u.Host == site.Host
	}
	for _, s := range findAll(root, "script") {
		if src, ok := attr(s, "src"); !ok || !own(src) {
			t.Errorf("%s: script %q is not a file of the site", name, src)
		}
	}
	for _, l := range findAll(root, "link") {
		rel, _ := attr(l, "rel")
		href, _ := attr(l, "href")
		for _, r := range strings.Fields(strings.ToLower(rel)) {
			if loadedLinks[r] && !own(href) {
				t.Errorf("%s: <link rel=%q href=%q> is from another origin", name, rel, href)
			}
		}
	}
	// Inline styles are the page's own, but what they fetch must be too.
	var css []string
	for _, st := range findAll(root, "style") {
		css = append(css, textOf(st))
	}
	for _, el := range findAll(root, "") {
		if v, ok := attr(el, "style"); ok {
			css = append(css, v)
		}
	}
	for _, c := range css {
		for _, m := range cssRefs.FindAllStringSubmatch(c, -1) {
			if ref := m[1] + m[2]; !own(ref) {
				t.Errorf("%s: a style fetches %q from another origin", name, ref)
			}
		}
	}
}

// cssRefs finds what CSS fetches: url(...) and @import "...".
var cssRefs = regexp.MustCompile(`(?i)url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)`)

// foreignCSS finds what a style sheet would fetch: imports, fonts and
// url()s.
// foreignCSS finds what makes a style sheet fetch a file; a url() in an
// @namespace rule only names the namespace.
var foreignCSS = regexp.MustCompile(`(?im)@import|@font-face|^(?:[^@\n]|@[^n])*url\(`)

func TestSameOrigin(t *testing.T) {
	fx := playerFixture(base)
	files := render(t, fx.site)
	pagesSeen := 0
	for p, b := range files {
		if strings.HasSuffix(p, ".html") {
			checkSameOrigin(t, base, p, b)
			pagesSeen++
		}
	}
	if pagesSeen < len(fx.site.Episodes)+2 {
		t.Errorf("%d pages checked", pagesSeen)
	}
	if m := foreignCSS.Find(files["style.css"]); m != nil {
		t.Errorf("style.css fetches with %s", m)
	}
	// The embedded players stay: they are the episodes' own content.
	if !bytes.Contains(files["episodes/dailymotion/index.html"], []byte(`<iframe src="https://www.dailymotion.com/embed/`)) {
		t.Error("the Dailymotion player is gone")
	}
}

// TestCorpusScripts builds the real corpus and checks what the build
// wrote: every .js file, gzipped, within the budget, and every HTML page
// with its scripts and styles from the site only.
func TestCorpusScripts(t *testing.T) {
	const site = "https://example.org/podcast/"
	_, out := corpusSite(t, site)
	total, pagesSeen := 0, 0
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		switch filepath.Ext(p) {
		case ".js":
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			total += gzipped(t, b)
		case ".css":
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if m := foreignCSS.Find(b); m != nil {
				t.Errorf("%s fetches with %s", rel, m)
			}
		case ".html":
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			checkSameOrigin(t, site, filepath.ToSlash(rel), b)
			pagesSeen++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total == 0 || pagesSeen < 50 {
		t.Fatalf("%d bytes of scripts and %d pages in %s", total, pagesSeen, out)
	}
	t.Logf("scripts: %d bytes gzipped; %d pages", total, pagesSeen)
	if total > scriptBudget {
		t.Errorf("the build's scripts weigh %d bytes gzipped, over the budget of %d", total, scriptBudget)
	}
}

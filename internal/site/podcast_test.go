package site

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	"github.com/feedcast/feedcast/internal/config"
)

// podcastShowFS is a show whose episodes take their chapters from each
// source: the front matter (over a body list), a chapters file beside
// the episode (over a body list), a body list alone; and one whose body
// holds times and dates that are not chapters.
func podcastShowFS() fstest.MapFS {
	return fstest.MapFS{
		"fm.md": {Data: []byte(`---
title: Front matter chapters
date: 2025-01-10
audio: fm.mp3
episode_type: trailer
season: 2
chapters:
  - start: 0
    title: Opening
  - start: "01:30"
    title: Interview
    url: https://example.org/guest
    img: https://example.org/guest.jpg
  - "1:02:03 Questions"
soundbites:
  - {start: 73, duration: 60, title: The key idea}
location: {name: Paris, rel: creator, geo: "geo:48.8566,2.3522", osm: R7444, country: fr}
license: cc-by-4.0
alternate_enclosures:
  - {path: fm.opus, type: audio/opus, bitrate: 96000, title: Opus, lang: fr}
  - {url: "http://cdn.example.net/fm-720.mp4", type: video/mp4, length: 123456, height: 720}
txt: {purpose: ai-content, text: "false"}
social:
  - {protocol: activitypub, uri: "https://mastodon.example/@show/1", account_id: "@show", priority: 1}
---
00:00 Body intro
05:00 Body end
`)},
		"fm.mp3":  {Data: bytes.Repeat([]byte{0xff, 0xfb, 0x90, 0x00}, 500)},
		"fm.opus": {Data: bytes.Repeat([]byte{'O'}, 300)},
		"side.md": {Data: []byte(`---
title: Sidecar chapters
date: 2025-01-11
---
0:00 Body intro
2:00 Body end
`)},
		"side.chapters.json": {Data: []byte(`{"version": "1.2.0", "chapters": [{"startTime": 12.5, "title": "Second"}, {"startTime": 0, "title": "First", "toc": false}]}`)},
		"body.md": {Data: []byte(`---
title: Body chapters
date: 2025-01-12
---
Show notes:

- [00:00](https://youtu.be/x?t=0) Introduction
- [02:15](https://youtu.be/x?t=135) – The guest

- **1:04:30** Questions

Thanks for listening.
`)},
		"dates.md": {Data: []byte(`---
title: No chapters
date: 2025-01-13
---
Programme du 12/03/2025 :

09:30 Café d'accueil
10:00 Table ronde
12:30 Déjeuner

Rendez-vous à 0:00 précise, 2025-03-12.
`)},
	}
}

func podcastConfig(t *testing.T) *config.Config {
	t.Helper()
	c := testConfig(t)
	c.Podcast = config.Podcast{
		Funding:         []config.Funding{{URL: "https://example.org/donate", Text: "Support the show"}},
		License:         &config.License{Name: "my-license", URL: "https://example.org/license"},
		Locations:       config.OneOrMore[config.Location]{{Name: "Lyon", Geo: "geo:45.76,4.83", Country: "FR"}},
		Trailers:        []config.Trailer{{Title: "Season 3 is coming", URL: "https://cdn.example.net/s3.mp3", Type: "audio/mpeg", Length: 999, PubDate: "2025-02-01", Season: 3}},
		UpdateFrequency: &config.UpdateFrequency{Text: "Every other Monday", RRule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"},
		Podroll:         []config.RemoteFeed{{GUID: "917393e3-1b1e-5cef-ace4-edaa54e1f810", URL: "https://feeds.podcastindex.org/pc20.xml", Title: "Podcasting 2.0"}},
		Txt:             []config.Txt{{Purpose: "verify", Text: "S6lpp-7ZCn8"}},
		Block:           map[string]bool{"google": true, "all": false},
		Social:          []config.Social{{Protocol: "disabled"}},
		Value: &config.Value{Type: "lightning", Method: "keysend", Suggested: "0.00000005000", Recipients: []config.ValueRecipient{
			{Name: "Host", Type: "node", Address: "02d5c1bf8b940dc9cadca86d1b0a3c37fbe39cee4c7e839e33bef9174531d27f52", Split: 95},
			{Name: "App", Type: "node", Address: "03ae9f91a0cb8ff43840e3c322c4c61f019d8c1c3cea15a25cfc425ac605e61a4a", Split: 5, Fee: true},
		}},
		EnclosurePrefix: "https://op3.dev/e/",
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}

func buildPodcastShow(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	res, err := Run(context.Background(), Options{
		Config: podcastConfig(t), Content: podcastShowFS(), Static: staticFS(), Out: out,
		Now: func() time.Time { return fixedNow }, Version: "test",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		if strings.Contains(d.Error(), "chapters") || strings.Contains(d.Error(), "alternate") {
			t.Errorf("unexpected problem: %v", d)
		}
	}
	return out
}

// readChapters reads a published chapters file: its chapters' start
// times and titles, as "start title".
func readChapters(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Version  string
		Chapters []struct {
			StartTime *float64
			Title     string
		}
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if f.Version != "1.2.0" {
		t.Errorf("%s: version %q", path, f.Version)
	}
	var out []string
	for _, c := range f.Chapters {
		if c.StartTime == nil {
			t.Fatalf("%s: a chapter without startTime", path)
		}
		out = append(out, strconv.FormatFloat(*c.StartTime, 'f', -1, 64)+" "+c.Title)
	}
	return out
}

func podcastExt(t *testing.T, exts ext.Extensions, name string) []ext.Extension {
	t.Helper()
	return exts["podcast"][name]
}

func TestPodcastChaptersSources(t *testing.T) {
	out := buildPodcastShow(t)
	data, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := gofeed.NewParser().ParseString(string(data))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"Front matter chapters": {"0 Opening", "90 Interview", "3723 Questions"},
		"Sidecar chapters":      {"0 First", "12.5 Second"},
		"Body chapters":         {"0 Introduction", "135 The guest", "3870 Questions"},
		"No chapters":           nil,
	}
	for _, it := range f.Items {
		w, ok := want[it.Title]
		if !ok {
			t.Errorf("unexpected item %q", it.Title)
			continue
		}
		delete(want, it.Title)
		chs := podcastExt(t, it.Extensions, "chapters")
		if w == nil {
			if len(chs) != 0 {
				t.Errorf("%s: chapters %v, want none", it.Title, chs[0].Attrs)
			}
			continue
		}
		if len(chs) != 1 || chs[0].Attrs["type"] != "application/json+chapters" {
			t.Fatalf("%s: podcast:chapters = %+v", it.Title, chs)
		}
		u := chs[0].Attrs["url"]
		rel, ok := strings.CutPrefix(u, "https://example.org/show/")
		if !ok || !strings.HasSuffix(rel, "/chapters.json") {
			t.Fatalf("%s: chapters url %q", it.Title, u)
		}
		if got := readChapters(t, filepath.Join(out, filepath.FromSlash(rel))); !slices.Equal(got, w) {
			t.Errorf("%s: chapters %q, want %q", it.Title, got, w)
		}
	}
	if len(want) > 0 {
		t.Errorf("items missing: %v", want)
	}
	// The other formats link the same file.
	atom, _ := os.ReadFile(filepath.Join(out, "atom.xml"))
	if !bytes.Contains(atom, []byte(`rel="related" type="application/json+chapters" href="https://example.org/show/episodes/`)) {
		t.Error("the Atom feed does not link the chapters")
	}
	var jf struct {
		Items []struct {
			Title    string
			Feedcast struct {
				Chapters struct{ URL, Type string }
			} `json:"_feedcast"`
		}
	}
	js, _ := os.ReadFile(filepath.Join(out, "feed.json"))
	if err := json.Unmarshal(js, &jf); err != nil {
		t.Fatal(err)
	}
	linked := 0
	for _, it := range jf.Items {
		if c := it.Feedcast.Chapters; c.URL != "" {
			linked++
			if c.Type != "application/json+chapters" || !strings.HasSuffix(c.URL, "/chapters.json") {
				t.Errorf("%s: JSON Feed chapters %+v", it.Title, c)
			}
		}
	}
	if linked != 3 {
		t.Errorf("JSON Feed links %d chapters files, want 3", linked)
	}
}

func TestPodcastTagsAndPrefix(t *testing.T) {
	out := buildPodcastShow(t)
	data, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := gofeed.NewParser().ParseString(string(data))
	if err != nil {
		t.Fatal(err)
	}
	ch := f.Extensions
	for tag, n := range map[string]int{"funding": 1, "license": 1, "location": 1, "trailer": 2, "updateFrequency": 1,
		"podroll": 1, "txt": 1, "block": 2, "socialInteract": 1, "value": 1} {
		if got := len(podcastExt(t, ch, tag)); got != n {
			t.Errorf("channel podcast:%s: %d, want %d", tag, got, n)
		}
	}
	if b := podcastExt(t, ch, "block"); len(b) == 2 && (b[0].Attrs["id"] != "" || b[0].Value != "no" || b[1].Attrs["id"] != "google" || b[1].Value != "yes") {
		t.Errorf("blocks %+v", b)
	}
	// The trailer episode is the show's second trailer, behind the prefix.
	tr := podcastExt(t, ch, "trailer")
	if len(tr) == 2 {
		if tr[0].Attrs["url"] != "https://op3.dev/e/cdn.example.net/s3.mp3" || tr[0].Attrs["season"] != "3" {
			t.Errorf("configured trailer %+v", tr[0].Attrs)
		}
		if tr[1].Value != "Front matter chapters" || tr[1].Attrs["url"] != "https://op3.dev/e/example.org/show/episodes/fm/fm.mp3" || tr[1].Attrs["pubdate"] == "" {
			t.Errorf("episode trailer %q %+v", tr[1].Value, tr[1].Attrs)
		}
	}
	if v := podcastExt(t, ch, "value"); len(v) == 1 && len(v[0].Children["valueRecipient"]) != 2 {
		t.Errorf("value recipients %+v", v[0].Children)
	}
	var fm *gofeed.Item
	for _, it := range f.Items {
		if it.Title == "Front matter chapters" {
			fm = it
		}
	}
	if fm == nil {
		t.Fatal("no front matter episode")
	}
	if len(fm.Enclosures) != 1 || fm.Enclosures[0].URL != "https://op3.dev/e/example.org/show/episodes/fm/fm.mp3" {
		t.Errorf("enclosure %+v", fm.Enclosures)
	}
	alts := podcastExt(t, fm.Extensions, "alternateEnclosure")
	if len(alts) != 2 {
		t.Fatalf("alternate enclosures %+v", alts)
	}
	src := func(a ext.Extension) string { return a.Children["source"][0].Attrs["uri"] }
	if src(alts[0]) != "https://op3.dev/e/example.org/show/episodes/fm/fm.opus" || alts[0].Attrs["bitrate"] != "96000" || alts[0].Attrs["length"] != "300" {
		t.Errorf("local alternate %+v %s", alts[0].Attrs, src(alts[0]))
	}
	// OP3 keeps the scheme of an http target.
	if src(alts[1]) != "https://op3.dev/e/http://cdn.example.net/fm-720.mp4" || alts[1].Attrs["height"] != "720" {
		t.Errorf("remote alternate %+v %s", alts[1].Attrs, src(alts[1]))
	}
	if _, err := os.Stat(filepath.Join(out, "episodes", "fm", "fm.opus")); err != nil {
		t.Errorf("the local alternate file is not published: %v", err)
	}
	if sb := podcastExt(t, fm.Extensions, "soundbite"); len(sb) != 1 || sb[0].Attrs["startTime"] != "73" || sb[0].Attrs["duration"] != "60" || sb[0].Value != "The key idea" {
		t.Errorf("soundbites %+v", sb)
	}
	if l := podcastExt(t, fm.Extensions, "location"); len(l) != 1 || l[0].Value != "Paris" || l[0].Attrs["country"] != "FR" || l[0].Attrs["osm"] != "R7444" {
		t.Errorf("location %+v", l)
	}
	for _, tag := range []string{"license", "txt", "socialInteract"} {
		if len(podcastExt(t, fm.Extensions, tag)) != 1 {
			t.Errorf("item podcast:%s missing", tag)
		}
	}
	// Every format gives the prefixed media URL.
	atom, _ := os.ReadFile(filepath.Join(out, "atom.xml"))
	js, _ := os.ReadFile(filepath.Join(out, "feed.json"))
	for name, doc := range map[string][]byte{"atom": atom, "json": js} {
		if !bytes.Contains(doc, []byte("https://op3.dev/e/example.org/show/episodes/fm/fm.mp3")) {
			t.Errorf("%s: no prefixed enclosure", name)
		}
		if bytes.Contains(doc, []byte(`"https://example.org/show/episodes/fm/fm.mp3"`)) {
			t.Errorf("%s: an enclosure without the prefix", name)
		}
	}
}

// TestPodcastRebuildKeepsChapters checks that an episode taken from the
// build cache keeps its chapters link and file, and that a changed
// chapters file beside an episode is read again.
func TestPodcastRebuildKeepsChapters(t *testing.T) {
	defer func(w time.Duration) { racyWindow = w }(racyWindow)
	racyWindow = 100 * time.Millisecond
	content, static := diskFolders(t, podcastShowFS())
	out := filepath.Join(t.TempDir(), "site")
	cfg := podcastConfig(t)
	run := func() *Result {
		t.Helper()
		return runDisk(t, cfg, content, static, out)
	}
	settle()
	run()
	first, _ := os.ReadFile(filepath.Join(out, "feed.xml"))
	settle()
	if res := run(); res.Reused != res.Published {
		t.Fatalf("reused %d of %d episodes", res.Reused, res.Published)
	}
	second, _ := os.ReadFile(filepath.Join(out, "feed.xml"))
	if !bytes.Equal(first, second) {
		t.Error("a rebuild from the cache changed the feed")
	}
	writeFile(t, filepath.Join(content, "side.chapters.json"), []byte(`{"version":"1.2.0","chapters":[{"startTime":0,"title":"Only"}]}`))
	settle()
	if res := run(); res.Rendered != 1 {
		t.Errorf("rendered %d episodes after a chapters file changed, want 1", res.Rendered)
	}
	if got := readChapters(t, filepath.Join(out, "episodes", "side", "chapters.json")); !slices.Equal(got, []string{"0 Only"}) {
		t.Errorf("after editing the chapters file: %q", got)
	}
}

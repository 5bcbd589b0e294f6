package site

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/output"
)

var fixedNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func testConfig(t *testing.T) *config.Config {
	t.Helper()
	c := config.Default()
	c.Title = "Test Show"
	c.Description = "A show for tests"
	c.Language = "fr"
	c.BaseURL = "https://example.org/show/"
	c.IDAuthority = "example.org,2025"
	c.Author = "Jane Host"
	c.Owner = config.Owner{Name: "Jane", Email: "jane@example.org"}
	c.Categories = []string{"Technology"}
	c.Artwork = "/artwork.png"
	c.Ignore = []string{"README.md"}
	c.Cache = t.TempDir()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}

// showFS is a small show with one of each case the build must handle.
func showFS() fstest.MapFS {
	return fstest.MapFS{
		"README.md": {Data: []byte("# not an episode\n")},
		"audio/ep1.md": {Data: []byte(`---
title: "Épisode 1 : l'audio"
description: Le premier épisode
date: 2025-01-10
tags: [Podcast, "IA et Data"]
series: Saison 1
audio: ep1.mp3
duration: "00:30:05"
season: 1
episode: 1
image: ./ep1.png
---
Le **premier** épisode. <script>alert(1)</script>
`)},
		"audio/ep1.mp3": {Data: bytes.Repeat([]byte{0xff, 0xfb, 0x90, 0x00}, 1000)},
		"audio/ep1.png": {Data: tinyPNG},
		"audio/ep1.vtt": {Data: []byte("WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n<v Jane>Bonjour et bienvenue.\n\n00:00:02.500 --> 00:00:05.000\n<v John>Merci Jane.\n")},
		"video/ep2.md": {Data: []byte(`---
title: Épisode 2 en vidéo
date: 2025-02-01T10:00:00+01:00
tags: ["Vidéo"]
series: Saison 1
---
{%- dailymotion "x9abc" -%}

{% transcription "Jane et John" %}
<p><strong>Jane :</strong> Bonjour.</p>
{% endtranscription %}
`)},
		"copies/ep2.md": {Data: []byte(`---
title: "Épisode 2  en vidéo"
date: 2025-02-01
---
<iframe src="https://www.dailymotion.com/embed/video/x9abc"></iframe>
`)},
		"drafts/secret.md":  {Data: []byte("---\ntitle: Secret draft\ndate: 2025-01-01\ndraft: true\n---\nsecret-draft-body\n")},
		"future/later.md":   {Data: []byte("---\ntitle: Future episode\ndate: 2025-12-24\n---\nfuture-episode-body\n")},
		"broken/nofm.md":    {Data: []byte("just text, no front matter\n")},
		"broken/notitle.md": {Data: []byte("---\ndate: 2025-01-01\n---\nbody\n")},
	}
}

// tinyPNG is a small valid PNG.
var tinyPNG = func() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 36))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}()

func staticFS() fstest.MapFS {
	return fstest.MapFS{
		"artwork.png":  {Data: tinyPNG},
		".hidden/x":    {Data: []byte("x")},
		"css/site.css": {Data: []byte("body{}")},
	}
}

func runBuild(t *testing.T, content, static fs.FS, out string, strict bool) (*Result, error) {
	t.Helper()
	return Run(context.Background(), Options{
		Config: testConfig(t), Content: content, Static: static, Out: out,
		Now: func() time.Time { return fixedNow }, Strict: strict, Version: "test",
	})
}

func TestPipeline(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	res, err := runBuild(t, showFS(), staticFS(), out, false)
	if err != nil {
		t.Fatal(err)
	}
	// broken/nofm.md has no front matter: a note, not a skipped episode.
	if res.Published != 2 || res.Skipped != 1 || res.Held != 2 || res.Twins != 1 {
		t.Errorf("published %d skipped %d held %d twins %d, want 2 1 2 1", res.Published, res.Skipped, res.Held, res.Twins)
	}
	var msgs []string
	for _, d := range res.Diagnostics {
		msgs = append(msgs, d.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"broken/nofm.md", "broken/notitle.md", "copies/ep2.md", "video/ep2.md"} {
		if !strings.Contains(all, want) {
			t.Errorf("diagnostics do not name %s:\n%s", want, all)
		}
	}
	if strings.Contains(all, "README.md") {
		t.Errorf("an ignored file was reported:\n%s", all)
	}

	// 3 formats x (show + 1 series + 3 tags)
	if res.Feeds != 15 {
		t.Errorf("feeds = %d, want 15", res.Feeds)
	}
	for _, p := range []string{
		"feed.xml", "atom.xml", "feed.json",
		"series/saison-1/feed.xml", "tags/podcast/atom.xml", "tags/ia-et-data/feed.json", "tags/video/feed.xml",
		"episodes/ep2/transcript.html", "episodes/ep2/transcript.txt", "episodes/ep2/transcript.json",
		"episodes/ep1/ep1.mp3", "artwork.png", "css/site.css",
	} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("missing %s: %v", p, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, ".hidden")); err == nil {
		t.Error("a dot-folder of the static folder was published")
	}

	// Nothing of a draft or a future episode anywhere in the output.
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		for _, secret := range []string{"Secret draft", "secret-draft-body", "Future episode", "future-episode-body", "alert(1)"} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s contains %q", p, secret)
			}
		}
		return nil
	})

	f := parseFeed(t, filepath.Join(out, "feed.xml"))
	if len(f.Items) != 2 {
		t.Fatalf("root RSS has %d items, want 2", len(f.Items))
	}
	video, audio := f.Items[0], f.Items[1]
	if video.Title != "Épisode 2 en vidéo" || audio.Title != "Épisode 1 : l'audio" {
		t.Errorf("items out of date order: %q, %q", video.Title, audio.Title)
	}
	if audio.GUID != "tag:example.org,2025:episodes/audio/ep1" {
		t.Errorf("guid = %q", audio.GUID)
	}
	if want := time.Date(2025, 1, 9, 23, 0, 0, 0, time.UTC); !audio.PublishedParsed.Equal(want) {
		t.Errorf("date-only published = %v, want midnight in Paris %v", audio.PublishedParsed, want)
	}
	if len(audio.Enclosures) != 1 || audio.Enclosures[0].Length != "4000" || audio.Enclosures[0].Type != "audio/mpeg" ||
		audio.Enclosures[0].URL != "https://example.org/show/episodes/ep1/ep1.mp3" {
		t.Errorf("enclosure = %+v", audio.Enclosures)
	}
	if audio.ITunesExt == nil || audio.ITunesExt.Duration != "1805" || audio.ITunesExt.Season != "1" || audio.ITunesExt.Episode != "1" {
		t.Errorf("itunes = %+v", audio.ITunesExt)
	}
	tr := video.Extensions["podcast"]["transcript"]
	var types []string
	for _, x := range tr {
		types = append(types, x.Attrs["type"]+" "+x.Attrs["url"])
	}
	if want := []string{
		"application/json https://example.org/show/episodes/ep2/transcript.json",
		"text/html https://example.org/show/episodes/ep2/transcript.html",
		"text/plain https://example.org/show/episodes/ep2/transcript.txt",
	}; strings.Join(types, "\n") != strings.Join(want, "\n") {
		t.Errorf("transcripts:\n%s\nwant\n%s", strings.Join(types, "\n"), strings.Join(want, "\n"))
	}
	// A VTT file beside the episode is its transcript: published in every
	// format, the timed ones as captions.
	var audioTr []string
	for _, x := range audio.Extensions["podcast"]["transcript"] {
		audioTr = append(audioTr, x.Attrs["type"]+" "+x.Attrs["rel"])
	}
	if got, want := strings.Join(audioTr, ","), "text/vtt captions,application/x-subrip captions,application/json ,text/html ,text/plain "; got != want {
		t.Errorf("audio transcripts: %s, want %s", got, want)
	}
	srt, _ := os.ReadFile(filepath.Join(out, "episodes/ep1/transcript.srt"))
	if !bytes.Contains(srt, []byte("00:00:02,500 --> 00:00:05,000")) || !bytes.Contains(srt, []byte("John: Merci Jane.")) {
		t.Errorf("transcript.srt:\n%s", srt)
	}
	// The episode's image is published as renditions named after their
	// content; the one without an image gets the show's artwork.
	for _, it := range []*gofeed.Item{audio, video} {
		if it.ITunesExt == nil || !strings.HasSuffix(it.ITunesExt.Image, ".jpg") || !strings.Contains(it.ITunesExt.Image, "/square-") {
			t.Errorf("%s: itunes:image %+v", it.Title, it.ITunesExt)
		}
	}
	if !strings.Contains(audio.ITunesExt.Image, "/episodes/ep1/square-") || !strings.Contains(video.ITunesExt.Image, "/artwork/square-") {
		t.Errorf("images: %s, %s", audio.ITunesExt.Image, video.ITunesExt.Image)
	}
	if p := video.Extensions["media"]["player"]; len(p) != 1 || p[0].Attrs["url"] != "https://www.dailymotion.com/embed/video/x9abc" {
		t.Errorf("media:player = %+v", p)
	}
	if strings.Contains(video.Content, "iframe") || !strings.Contains(video.Content, "https://www.dailymotion.com/video/x9abc") {
		t.Errorf("video content keeps the iframe or lacks the link: %s", video.Content)
	}

	page, _ := os.ReadFile(filepath.Join(out, "episodes/ep2/transcript.html"))
	if !bytes.Contains(page, []byte(`lang="fr"`)) || !bytes.Contains(page, []byte("Bonjour.")) || !bytes.Contains(page, []byte("Jane")) {
		t.Errorf("transcript page:\n%s", page)
	}

	series := parseFeed(t, filepath.Join(out, "series/saison-1/feed.json"))
	if len(series.Items) != 2 || series.Title != "Test Show – Saison 1" {
		t.Errorf("series feed: %q with %d items", series.Title, len(series.Items))
	}
	tag := parseFeed(t, filepath.Join(out, "tags/ia-et-data/atom.xml"))
	if len(tag.Items) != 1 || tag.Items[0].Title != audio.Title {
		t.Errorf("tag feed has %d items", len(tag.Items))
	}
}

func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if _, err := runBuild(t, showFS(), staticFS(), a, false); err != nil {
		t.Fatal(err)
	}
	if _, err := runBuild(t, showFS(), staticFS(), b, false); err != nil {
		t.Fatal(err)
	}
	if diff := compareTrees(t, a, b); diff != "" {
		t.Error(diff)
	}
}

func TestStrictWritesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, err := runBuild(t, fstest.MapFS{"ok.md": {Data: []byte("---\ntitle: OK\ndate: 2025-01-01\n---\nok\n")}}, nil, out, false); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(out, "feed.xml"))
	_, err := runBuild(t, showFS(), staticFS(), out, true)
	if !errors.Is(err, ErrStrict) {
		t.Fatalf("strict build: err = %v, want ErrStrict", err)
	}
	after, _ := os.ReadFile(filepath.Join(out, "feed.xml"))
	if !bytes.Equal(before, after) {
		t.Error("a failed strict build changed the output folder")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary folders left beside the output: %v", entries)
	}
}

func TestRebuildReplacesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, err := runBuild(t, showFS(), staticFS(), out, false); err != nil {
		t.Fatal(err)
	}
	small := fstest.MapFS{"only.md": {Data: []byte("---\ntitle: Only\ndate: 2025-01-01\n---\nx\n")}}
	if _, err := runBuild(t, small, nil, out, false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "series")); err == nil {
		t.Error("files of the previous build are left in the output")
	}
	if f := parseFeed(t, filepath.Join(out, "feed.xml")); len(f.Items) != 1 {
		t.Errorf("%d items after rebuild", len(f.Items))
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("folders left beside the output: %v", entries)
	}
}

// TestGroupFeeds checks that group_feeds chooses the feeds written beside
// the show's, and that the pages list only those.
func TestGroupFeeds(t *testing.T) {
	for _, tt := range []struct {
		groups      []string
		series, tag bool
	}{
		{[]string{config.GroupSeries, config.GroupTags}, true, true},
		{[]string{config.GroupTags}, false, true},
		{[]string{}, false, false},
	} {
		t.Run(strings.Join(tt.groups, "+"), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "site")
			cfg := testConfig(t)
			cfg.GroupFeeds = tt.groups
			res, err := Run(context.Background(), Options{
				Config: cfg, Content: showFS(), Static: staticFS(), Out: out,
				Now: func() time.Time { return fixedNow }, Version: "test",
			})
			if err != nil {
				t.Fatal(err)
			}
			series, tags := 0, 0
			if tt.series {
				series = 1 // Saison 1
			}
			if tt.tag {
				tags = 3 // Podcast, IA et Data, Vidéo
			}
			if want := 3 * (1 + series + tags); res.Feeds != want {
				t.Errorf("%d feeds written, want %d", res.Feeds, want)
			}
			for dir, want := range map[string]bool{"series/saison-1": tt.series, "tags/podcast": tt.tag} {
				_, err := os.Stat(filepath.Join(out, dir, "feed.xml"))
				if (err == nil) != want {
					t.Errorf("%s/feed.xml written: %v, want %v", dir, err == nil, want)
				}
			}
			if f := parseFeed(t, filepath.Join(out, "feed.xml")); len(f.Items) != 2 {
				t.Errorf("show feed: %d items, want 2", len(f.Items))
			}
			opml, err := os.ReadFile(filepath.Join(out, "feeds.opml"))
			if err != nil {
				t.Fatal(err)
			}
			for dir, want := range map[string]bool{"series/saison-1/": tt.series, "tags/podcast/": tt.tag} {
				if got := bytes.Contains(opml, []byte(dir)); got != want {
					t.Errorf("feeds.opml lists %s: %v, want %v", dir, got, want)
				}
			}
		})
	}
}

func parseFeed(t *testing.T, p string) *gofeed.Feed {
	t.Helper()
	r, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f, err := gofeed.NewParser().Parse(r)
	if err != nil {
		t.Fatalf("gofeed cannot parse %s: %v", p, err)
	}
	return f
}

// compareTrees returns "" when the two folders hold the same files with
// the same bytes.
func compareTrees(t *testing.T, a, b string) string {
	t.Helper()
	read := func(root string) map[string][]byte {
		m := map[string][]byte{}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			// The manifest records the files' times: it is not output.
			if err == nil && !d.IsDir() && d.Name() != output.ManifestName {
				rel, _ := filepath.Rel(root, p)
				m[rel], _ = os.ReadFile(p)
			}
			return err
		})
		return m
	}
	ma, mb := read(a), read(b)
	if len(ma) != len(mb) {
		return "different file counts"
	}
	for p, da := range ma {
		if !bytes.Equal(da, mb[p]) {
			return p + " differs between two builds of the same input"
		}
	}
	return ""
}

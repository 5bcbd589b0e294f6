package site

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/config"
)

// networkFS is a content folder with two shows (podcast/, videos/), an
// episode of the top level, and a folder whose _index.md is broken.
func networkFS(podcastTitle string) fstest.MapFS {
	return fstest.MapFS{
		"net/ep0.md": {Data: []byte("---\ntitle: Épisode du réseau\ndate: 2025-01-01\n---\nAu niveau du réseau.\n")},
		"podcast/_index.md": {Data: []byte("---\ntitle: " + podcastTitle + `
artwork: /podcast.png
artwork_alt: Un micro
categories: [Education]
type: serial
seasons: {"Saison A": 3}
---
Le **podcast** de l'équipe, un mardi sur deux.
`)},
		"podcast/ep1.md": {Data: []byte("---\ntitle: Podcast un\ndate: 2025-02-01\nseries: Saison A\nepisode: 1\n---\nUn.\n")},
		"podcast/ep2.md": {Data: []byte("---\ntitle: Podcast deux\ndate: 2025-03-01\nseries: Saison A\nseason: 1\nepisode: 2\n---\nDeux.\n")},
		"videos/_index.md": {Data: []byte(`---
title: Les vidéos
slug: videos-minumeco
podcast_guid: 5b6ae3a0-6b4c-5c5a-9d6e-2f1f0e1b7c11
new_feed_url: https://media.example.net/videos/feed.xml
medium: video
---
`)},
		"videos/v1.md":      {Data: []byte("---\ntitle: Vidéo un\ndate: 2025-02-15\n---\nVidéo.\n")},
		"broken/_index.md":  {Data: []byte("---\ntitle: Cassé\nbase_url: https://other.example/\n---\n")},
		"broken/b1.md":      {Data: []byte("---\ntitle: Sous un index cassé\ndate: 2025-01-15\n---\nB.\n")},
		"nested/_index.md":  {Data: []byte("---\ntitle: [unclosed\n---\n")},
		"toplevel.md":       {Data: []byte("---\ntitle: Au sommet\ndate: 2025-01-02\n---\nSommet.\n")},
		"podcast/README.md": {Data: []byte("# notes\n")},
	}
}

func networkStatic() fstest.MapFS {
	return fstest.MapFS{"artwork.png": {Data: tinyPNG}, "podcast.png": {Data: testPNG(7)}}
}

func buildNetwork(t *testing.T, content fstest.MapFS, change func(*config.Config)) (string, *Result) {
	t.Helper()
	cfg := testConfig(t)
	if change != nil {
		change(cfg)
	}
	out := filepath.Join(t.TempDir(), "site")
	res, err := Run(context.Background(), Options{
		Config: cfg, Content: content, Static: networkStatic(), Out: out,
		Now: func() time.Time { return fixedNow }, Version: "test",
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, res
}

func guids(f *gofeed.Feed) []string {
	var out []string
	for _, it := range f.Items {
		out = append(out, it.GUID)
	}
	slices.Sort(out)
	return out
}

func TestShowFeeds(t *testing.T) {
	out, res := buildNetwork(t, networkFS("Le Podcast"), nil)
	const base = "https://example.org/show/"
	id := func(p string) string { return "tag:example.org,2025:episodes/" + p }

	// Each format of the show's feed is a whole show of its own.
	for _, name := range []string{"feed.xml", "atom.xml", "feed.json"} {
		f := parseFeedFile(t, filepath.Join(out, "shows/podcast", name))
		if f.Title != "Le Podcast" {
			t.Errorf("%s: title %q, want the show's", name, f.Title)
		}
		if !strings.Contains(f.Description, "Le podcast de l'équipe, un mardi sur deux.") || strings.Contains(f.Description, "A show for tests") {
			t.Errorf("%s: description %q, want the index file's body", name, f.Description)
		}
		if got, want := guids(f), []string{id("podcast/ep1"), id("podcast/ep2")}; !slices.Equal(got, want) {
			t.Errorf("%s: items %v, want exactly the show's %v", name, got, want)
		}
		if f.Image == nil || !strings.HasPrefix(f.Image.URL, base+"shows/podcast/artwork/") {
			t.Errorf("%s: image %+v, want the show's own renditions", name, f.Image)
		}
	}
	rss := parseFeedFile(t, filepath.Join(out, "shows/podcast/feed.xml"))
	if g := rss.Extensions["podcast"]["guid"]; len(g) != 1 || g[0].Value != feed.PodcastGUID(base+"shows/podcast/feed.xml") {
		t.Errorf("podcast:guid = %+v, want the UUIDv5 of the show's feed URL", g)
	}
	it := rss.ITunesExt
	// Set by the show: categories, type, artwork alt; inherited: author,
	// owner, language, explicit.
	if it == nil || it.Type != "serial" || len(it.Categories) != 1 || it.Categories[0].Text != "Education" {
		t.Errorf("itunes = %+v, want the show's type and categories", it)
	}
	if it == nil || it.Author != "Jane Host" || it.Owner == nil || it.Owner.Email != "jane@example.org" || rss.Language != "fr" || it.Explicit != "false" {
		t.Errorf("itunes = %+v, language %q: want the top level's author, owner, language and explicit", it, rss.Language)
	}
	if it != nil && it.NewFeedURL != "" {
		t.Errorf("itunes:new-feed-url = %q on a show that did not move", it.NewFeedURL)
	}
	// Seasons: the show gives "Saison A" season 3; an episode's own wins.
	seasons := map[string]string{}
	for _, item := range rss.Items {
		seasons[item.Title] = item.ITunesExt.Season
	}
	if seasons["Podcast un"] != "3" || seasons["Podcast deux"] != "1" {
		t.Errorf("seasons = %v, want Podcast un 3 (the show's) and Podcast deux 1 (its own)", seasons)
	}

	// The other show: its slug, explicit guid and new feed URL.
	v := parseFeedFile(t, filepath.Join(out, "shows/videos-minumeco/feed.xml"))
	if v.Title != "Les vidéos" || !slices.Equal(guids(v), []string{id("videos/v1")}) {
		t.Errorf("videos: %q %v", v.Title, guids(v))
	}
	if g := v.Extensions["podcast"]["guid"]; len(g) != 1 || g[0].Value != "5b6ae3a0-6b4c-5c5a-9d6e-2f1f0e1b7c11" {
		t.Errorf("videos: podcast:guid = %+v, want the explicit one", g)
	}
	if m := v.Extensions["podcast"]["medium"]; len(m) != 1 || m[0].Value != "video" {
		t.Errorf("videos: podcast:medium = %+v", m)
	}
	if v.ITunesExt == nil || v.ITunesExt.NewFeedURL != "https://media.example.net/videos/feed.xml" {
		t.Errorf("videos: itunes:new-feed-url = %+v", v.ITunesExt)
	}
	// A show without artwork of its own has the top level's.
	if v.Image == nil || !strings.HasPrefix(v.Image.URL, base+"artwork/") {
		t.Errorf("videos: image %+v, want the top level's", v.Image)
	}

	// The top-level feed is the network's: every episode, same ids.
	top := parseFeedFile(t, filepath.Join(out, "feed.xml"))
	want := []string{id("broken/b1"), id("net/ep0"), id("podcast/ep1"), id("podcast/ep2"), id("toplevel"), id("videos/v1")}
	if got := guids(top); !slices.Equal(got, want) {
		t.Errorf("top-level items %v, want %v", got, want)
	}
	if top.Title != "Test Show" {
		t.Errorf("top-level title %q", top.Title)
	}

	// A series of one show is published under the show's name and
	// artwork, at its usual address.
	series := parseFeedFile(t, filepath.Join(out, "series/saison-a/feed.xml"))
	if series.Title != "Le Podcast – Saison A" || series.Image == nil || !strings.HasPrefix(series.Image.URL, base+"shows/podcast/artwork/") {
		t.Errorf("series: %q %+v", series.Title, series.Image)
	}
	// The OPML list and the pages name it as its feed does.
	opml := readString(t, filepath.Join(out, "feeds.opml"))
	if !strings.Contains(opml, `text="Le Podcast – Saison A"`) || strings.Contains(opml, "Test Show – Saison A") {
		t.Errorf("feeds.opml does not name the series' feed by its title:\n%s", opml)
	}
	// The home page's subscribe links give apps the feed's title.
	home := readString(t, filepath.Join(out, "index.html"))
	var titles []string
	for _, m := range regexp.MustCompile(`href="(https://antennapod\.org/deeplink/subscribe\?[^"]*)"`).FindAllStringSubmatch(home, -1) {
		u, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(u.Query().Get("url"), "/series/saison-a/feed.xml") {
			titles = append(titles, u.Query().Get("title"))
		}
	}
	if len(titles) == 0 || slices.ContainsFunc(titles, func(s string) bool { return s != "Le Podcast – Saison A" }) {
		t.Errorf("the home page's subscribe links name the series' feed %q, want its title", titles)
	}

	// _index.md is never an episode, nor a note; the broken ones are
	// errors naming line and key, and count as skipped files.
	if res.Published != 6 || res.Skipped != 2 {
		t.Errorf("published %d, skipped %d; want 6, 2", res.Published, res.Skipped)
	}
	var broken []string
	for _, d := range res.Diagnostics {
		if strings.Contains(d.Path, "_index.md") {
			if d.Warning || d.Note() {
				t.Errorf("%v: an index file's problem is an error", d)
			}
			broken = append(broken, d.Error())
		}
	}
	slices.Sort(broken)
	if len(broken) != 2 || !strings.HasPrefix(broken[0], "broken/_index.md:3: base_url: is a key of the configuration file only") ||
		!strings.HasPrefix(broken[1], "nested/_index.md:2: front matter: ") {
		t.Errorf("index file diagnostics:\n%s", strings.Join(broken, "\n"))
	}
	if _, err := os.Stat(filepath.Join(out, "shows/broken")); err == nil {
		t.Error("a broken show has feeds")
	}
	for _, f := range [][]*gofeed.Item{top.Items, rss.Items} {
		for _, item := range f {
			if item.Title == "Le Podcast" || item.Title == "Cassé" {
				t.Errorf("an _index.md is an item: %q", item.Title)
			}
		}
	}
}

func TestShowRenamedKeepsFeed(t *testing.T) {
	a, _ := buildNetwork(t, networkFS("Le Podcast"), nil)
	b, _ := buildNetwork(t, networkFS("Le Podcast renommé"), nil)
	fa, fb := parseFeedFile(t, filepath.Join(a, "shows/podcast/feed.xml")), parseFeedFile(t, filepath.Join(b, "shows/podcast/feed.xml"))
	if fb.Title != "Le Podcast renommé" {
		t.Errorf("title %q", fb.Title)
	}
	ga, gb := fa.Extensions["podcast"]["guid"], fb.Extensions["podcast"]["guid"]
	if len(ga) != 1 || len(gb) != 1 || ga[0].Value != gb[0].Value || fa.FeedLink != fb.FeedLink {
		t.Errorf("renaming the show moved its feed: guid %v -> %v, self %q -> %q", ga, gb, fa.FeedLink, fb.FeedLink)
	}
}

func TestNetworkFeedOff(t *testing.T) {
	content := networkFS("Le Podcast")
	// The videos show puts its episodes back in the network's feeds.
	content["videos/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Les vidéos\nnetwork_feed: true\n---\n")}
	out, res := buildNetwork(t, content, func(c *config.Config) { c.NetworkFeed = false })
	id := func(p string) string { return "tag:example.org,2025:episodes/" + p }
	top := parseFeedFile(t, filepath.Join(out, "feed.json"))
	if got, want := guids(top), []string{id("broken/b1"), id("net/ep0"), id("toplevel"), id("videos/v1")}; !slices.Equal(got, want) {
		t.Errorf("top-level items %v, want %v", got, want)
	}
	show := parseFeedFile(t, filepath.Join(out, "shows/podcast/feed.json"))
	if got, want := guids(show), []string{id("podcast/ep1"), id("podcast/ep2")}; !slices.Equal(got, want) {
		t.Errorf("show items %v, want %v", got, want)
	}
	// Every episode still has its page.
	if res.Published != 6 {
		t.Errorf("published %d", res.Published)
	}
	if _, err := os.Stat(filepath.Join(out, "episodes/ep1/index.html")); err != nil {
		t.Error(err)
	}
}

func TestShowReadinessNamesTheShow(t *testing.T) {
	content := networkFS("Le Podcast")
	content["videos/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Les vidéos\nowner: {name: Vidéos}\n---\n")}
	cfg := testConfig(t)
	res, err := Check(Options{Config: cfg, Content: content, Static: networkStatic(), Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, f := range res.Readiness {
		if f.Show == "videos/_index.md" && f.Key == "owner.email" {
			found = true
		}
		if f.Show != "" && !config.IsShowKey(f.Key) && len(f.Files) == 0 {
			t.Errorf("a show's finding about a key it cannot set: %+v", f)
		}
	}
	if !found {
		b, _ := json.MarshalIndent(res.Readiness, "", " ")
		t.Errorf("no finding names videos/_index.md for its owner without email:\n%s", b)
	}
}

func TestIndexFileNeverAnEpisode(t *testing.T) {
	if episode.IsEpisodeFile("_index.md") {
		t.Error("_index.md is an episode file")
	}
	eps, diags := episode.Read(fstest.MapFS{"a/_index.md": {Data: []byte("---\ntitle: A\ndate: 2025-01-01\n---\n")}}, nil, episode.Options{})
	if len(eps) != 0 || len(diags) != 0 {
		t.Errorf("Read took an _index.md: %v %v", eps, diags)
	}
}

// TestShowRebuild rebuilds with a build cache after changes that only the
// shows' keys see: each output is the one a build from scratch makes.
func TestShowRebuild(t *testing.T) {
	cache := t.TempDir()
	out := filepath.Join(t.TempDir(), "site")
	build := func(content fstest.MapFS, networkFeed bool, out string, cache string) {
		t.Helper()
		cfg := testConfig(t)
		cfg.Cache, cfg.NetworkFeed = cache, networkFeed
		if _, err := Run(context.Background(), Options{
			Config: cfg, Content: content, Static: networkStatic(), Out: out,
			Now: func() time.Time { return fixedNow }, Version: "test",
		}); err != nil {
			t.Fatal(err)
		}
	}
	seasons := networkFS("Le Podcast")
	seasons["podcast/_index.md"] = &fstest.MapFile{Data: bytes.Replace(seasons["podcast/_index.md"].Data, []byte(`"Saison A": 3`), []byte(`"Saison A": 4`), 1)}
	steps := []struct {
		name        string
		content     fstest.MapFS
		networkFeed bool
	}{
		{"first", networkFS("Le Podcast"), true},
		{"renamed", networkFS("Le Podcast renommé"), true},
		{"network feed off", networkFS("Le Podcast renommé"), false},
		{"seasons", seasons, false},
	}
	for _, st := range steps {
		build(st.content, st.networkFeed, out, cache)
		fresh := filepath.Join(t.TempDir(), "site")
		build(st.content, st.networkFeed, fresh, "")
		if d := compareTrees(t, fresh, out); d != "" {
			t.Errorf("%s: the rebuild differs from a fresh build: %s", st.name, d)
		}
	}
}

// A show in another language than the top level's: the build publishes
// it, its channel and pages in its language, its items the same as in
// the top-level feeds.
func TestShowInAnotherLanguage(t *testing.T) {
	content := networkFS("Le Podcast")
	content["videos/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: The videos\nlanguage: en\n---\nOur videos.\n")}
	content["videos/v1.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Video one\ndate: 2025-02-15\ntranscript: v1.vtt\n---\nVideo.\n")}
	content["videos/v1.vtt"] = &fstest.MapFile{Data: []byte("WEBVTT\n\n00:00.000 --> 00:02.000\nHello.\n")}
	out, res := buildNetwork(t, content, nil)
	for _, d := range res.Diagnostics {
		if !d.Warning && !strings.Contains(d.Path, "_index.md") {
			t.Errorf("error: %v", d)
		}
	}
	show := parseFeedFile(t, filepath.Join(out, "shows/videos/feed.xml"))
	if show.Language != "en" || show.Title != "The videos" || len(show.Items) != 1 {
		t.Fatalf("the show's feed: language %q, title %q, %d items", show.Language, show.Title, len(show.Items))
	}
	for _, f := range []string{"feed.json", "atom.xml"} {
		top, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		sh, err := os.ReadFile(filepath.Join(out, "shows/videos", f))
		if err != nil {
			t.Fatal(err)
		}
		// The item's encoding (its transcript link's title included) is
		// the same in both feeds.
		tf, sf := parseFeedFile(t, filepath.Join(out, f)), parseFeedFile(t, filepath.Join(out, "shows/videos", f))
		var topItem *gofeed.Item
		for _, it := range tf.Items {
			if it.Title == "Video one" {
				topItem = it
			}
		}
		if topItem == nil || len(sf.Items) != 1 || sf.Items[0].GUID != topItem.GUID {
			t.Errorf("%s: the show's item differs from the top level's", f)
		}
		if len(top) == 0 || len(sh) == 0 {
			t.Errorf("%s: empty", f)
		}
	}
	page, err := os.ReadFile(filepath.Join(out, "shows/videos/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(`<html lang="en"`)) {
		t.Errorf("the show's page is not in English:\n%.300s", page)
	}
}

// TestShowArtworkBesideIndex: a show's artwork given by a path relative
// to its folder is the file beside its _index.md, as an episode's image
// is beside the episode; a missing one is a warning that names the line,
// and a path out of the content folder is refused.
func TestShowArtworkBesideIndex(t *testing.T) {
	const base = "https://example.org/show/"
	content := networkFS("Le Podcast")
	content["podcast/_index.md"] = &fstest.MapFile{Data: bytes.Replace(content["podcast/_index.md"].Data, []byte("artwork: /podcast.png"), []byte("artwork: images/cover.webp"), 1)}
	content["podcast/images/cover.webp"] = &fstest.MapFile{Data: testPNG(9)} // a PNG: decoders go by the bytes
	out, res := buildNetwork(t, content, nil)
	for _, d := range res.Diagnostics {
		if strings.HasPrefix(d.Path, "podcast/") {
			t.Errorf("unexpected problem: %v", d)
		}
	}
	for _, f := range res.Readiness {
		if f.Show == "podcast/_index.md" && strings.HasPrefix(f.Kind, "artwork") {
			t.Errorf("readiness finding on the show's artwork: %+v", f)
		}
	}
	rss := parseFeedFile(t, filepath.Join(out, "shows/podcast/feed.xml"))
	if rss.Image == nil || !strings.HasPrefix(rss.Image.URL, base+"shows/podcast/artwork/") {
		t.Fatalf("image %+v, want the renditions of the file beside the index file", rss.Image)
	}
	// The rendition is made from cover.webp, not from the static folder's
	// podcast.png (another image) nor the top level's artwork.
	withStatic, _ := buildNetwork(t, networkFS("Le Podcast"), nil)
	if other := parseFeedFile(t, filepath.Join(withStatic, "shows/podcast/feed.xml")); other.Image != nil && other.Image.URL == rss.Image.URL {
		t.Errorf("the renditions of cover.webp and of /podcast.png have the same URL %s", rss.Image.URL)
	}
	if _, err := os.Stat(filepath.Join(out, strings.TrimPrefix(rss.Image.URL, base))); err != nil {
		t.Errorf("the show's artwork is not in the output folder: %v", err)
	}

	// Missing: a warning with the file, the line and the key; the show
	// keeps its feeds, with the top level's artwork.
	delete(content, "podcast/images/cover.webp")
	out, res = buildNetwork(t, content, nil)
	var warned bool
	for _, d := range res.Diagnostics {
		if d.Path == "podcast/_index.md" && d.Field == "artwork" && d.Line == 3 && d.Warning {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning at podcast/_index.md:3 for the missing artwork: %v", res.Diagnostics)
	}
	if rss := parseFeedFile(t, filepath.Join(out, "shows/podcast/feed.xml")); rss.Image == nil || !strings.HasPrefix(rss.Image.URL, base+"artwork/") {
		t.Errorf("image %+v, want the top level's artwork", rss.Image)
	}

	// Out of the content folder: the index file's error.
	content["podcast/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Le Podcast\nartwork: ../../cover.png\n---\n")}
	_, res = buildNetwork(t, content, nil)
	var refused bool
	for _, d := range res.Diagnostics {
		if d.Path == "podcast/_index.md" && !d.Warning && strings.Contains(d.Error(), "_index.md:3: artwork:") && strings.Contains(d.Error(), "outside the content folder") {
			refused = true
		}
	}
	if !refused {
		t.Errorf("no error for an artwork out of the content folder: %v", res.Diagnostics)
	}
}

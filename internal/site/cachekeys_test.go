package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/output"
)

// The cache keys are hand-picked lists of what each output depends on
// (settings, parseKey, renderKey, imageKey, docKey, siteKey, pageKey). A
// key that leaves out something its output depends on makes a build with
// the cache publish stale files. The tests below change each field of
// the configuration and each field of an episode in turn, and require
// the build with the cache to write what a build without it writes, and
// exactly the kinds of outputs the field affects to change. The fields
// are found by reflection, down into the structs of the same package
// (Owner, Directories, Podcast): a field added later fails
// TestCacheKeyCasesCoverFields until its case says what it affects. The
// fields of list elements and pointed-to structs (a trailer's, the value
// block's) are changed with their list's or pointer's case.

// outputKind is a kind of output file.
type outputKind uint8

const (
	outFeeds       outputKind = 1 << iota // feed documents and archive pages
	outPages                              // pages, the OPML list, the stylesheets, the widget
	outImages                             // image renditions and icons
	outTranscripts                        // transcript files
	outChapters                           // JSON Chapters files
	outMedia                              // media files copied from the content folder
	outStatic                             // files copied from the static folder
)

// outNothing is a field that changes no output.
const outNothing outputKind = 0

func (k outputKind) String() string {
	names := []string{"feeds", "pages", "images", "transcripts", "chapters", "media", "static"}
	var parts []string
	for i, n := range names {
		if k&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, "+")
}

// kindOf returns the kind of the output file at p.
func kindOf(p string, static map[string]bool) outputKind {
	base := path.Base(p)
	for _, w := range writers {
		// A feed document, or its preview page for browsers.
		if base == w.format.File || base == w.format.File+".html" {
			return outFeeds
		}
	}
	switch {
	case static[p]:
		return outStatic
	case strings.HasPrefix(base, "transcript."):
		return outTranscripts
	case base == chaptersFile:
		return outChapters
	}
	switch path.Ext(base) {
	case ".jpg", ".png":
		return outImages
	case ".mp3", ".ogg", ".mp4":
		return outMedia
	}
	return outPages
}

// keyCase is one field's change, and the kinds of outputs it changes.
type keyCase struct {
	config  func(*config.Config)
	episode func(*keyEpisode)
	affects outputKind
}

// configCases change each field of config.Config, by path ("Owner.Name";
// the fields of the embedded Podcast under "Podcast.").
var configCases = map[string]keyCase{
	"Title":       {config: func(c *config.Config) { c.Title = "Another Show" }, affects: outFeeds | outPages | outChapters},
	"Description": {config: func(c *config.Config) { c.Description = "Another description" }, affects: outFeeds | outPages},
	"Language":    {config: func(c *config.Config) { c.Language = "en" }, affects: outFeeds | outPages | outTranscripts},
	"BaseURL":     {config: func(c *config.Config) { c.BaseURL = "https://cdn.example.net/podcast/" }, affects: outFeeds | outPages | outTranscripts},
	"Link":        {config: func(c *config.Config) { c.Link = "https://example.org/home/" }, affects: outFeeds | outPages},
	"EpisodeURL":  {config: func(c *config.Config) { c.EpisodeURL = "https://example.org/e/{slug}.html" }, affects: outFeeds | outPages | outTranscripts},
	"IDAuthority": {config: func(c *config.Config) { c.IDAuthority = "example.org,2031" }, affects: outFeeds},
	"Author":      {config: func(c *config.Config) { c.Author = "John Host" }, affects: outFeeds | outPages},
	"Owner.Name":  {config: func(c *config.Config) { c.Owner.Name = "John" }, affects: outFeeds},
	"Owner.Email": {config: func(c *config.Config) { c.Owner.Email = "john@example.org" }, affects: outFeeds},
	"Copyright":   {config: func(c *config.Config) { c.Copyright = "© 2025 Jane" }, affects: outFeeds},
	"Categories":  {config: func(c *config.Config) { c.Categories = []string{"Arts > Design"} }, affects: outFeeds},
	"Explicit":    {config: func(c *config.Config) { c.Explicit = true }, affects: outFeeds},
	"Type":        {config: func(c *config.Config) { c.Type = "serial" }, affects: outFeeds},
	"Medium":      {config: func(c *config.Config) { c.Medium = "music" }, affects: outFeeds},
	"Locked":      {config: func(c *config.Config) { c.Locked = true }, affects: outFeeds},
	"Artwork":     {config: func(c *config.Config) { c.Artwork = "/artwork2.png" }, affects: outFeeds | outPages | outImages},
	"ArtworkAlt":  {config: func(c *config.Config) { c.ArtworkAlt = "The show's logo" }, affects: outFeeds | outPages},
	"ArtworkSize": {config: func(c *config.Config) { c.ArtworkSize = 1500 }, affects: outFeeds | outPages | outImages},
	"ArtworkFit":  {config: func(c *config.Config) { c.ArtworkFit = "crop" }, affects: outFeeds | outPages | outImages},
	"TimeZone":    {config: func(c *config.Config) { c.TimeZone = "America/New_York" }, affects: outFeeds | outPages},
	// The folders of a build are its Options; the configuration's are
	// the command's.
	"Content":    {config: func(c *config.Config) { c.Content = "elsewhere/content" }, affects: outNothing},
	"Static":     {config: func(c *config.Config) { c.Static = "elsewhere/public" }, affects: outNothing},
	"Out":        {config: func(c *config.Config) { c.Out = "elsewhere/_site" }, affects: outNothing},
	"FeedLimit":  {config: func(c *config.Config) { c.FeedLimit = 3 }, affects: outFeeds},
	"FeedsOnly":  {config: func(c *config.Config) { c.FeedsOnly = true }, affects: outFeeds | outPages | outImages | outTranscripts},
	"GroupFeeds": {config: func(c *config.Config) { c.GroupFeeds = []string{config.GroupSeries} }, affects: outFeeds | outPages},
	"Ignore":     {config: func(c *config.Config) { c.Ignore = []string{"d.md"} }, affects: outFeeds | outPages},

	"Directories.Apple":        {config: func(c *config.Config) { c.Directories.Apple = "123456789" }, affects: outPages},
	"Directories.Spotify":      {config: func(c *config.Config) { c.Directories.Spotify = "4rOoJ6Egrf8K2IrywzwOMk" }, affects: outPages},
	"Directories.YouTubeMusic": {config: func(c *config.Config) { c.Directories.YouTubeMusic = "PLabc" }, affects: outPages},
	"Directories.Deezer":       {config: func(c *config.Config) { c.Directories.Deezer = "1234" }, affects: outPages},
	"Directories.PodcastIndex": {config: func(c *config.Config) { c.Directories.PodcastIndex = "920666" }, affects: outPages},
	"Directories.Podverse":     {config: func(c *config.Config) { c.Directories.Podverse = "abc_123" }, affects: outPages},
	"Directories.Fountain":     {config: func(c *config.Config) { c.Directories.Fountain = "xyz" }, affects: outPages},

	"Publish": {config: func(c *config.Config) {
		c.Publish = []config.Target{{Type: "dir", Path: "/srv/podcast"}}
	}, affects: outNothing},
	"Hubs":            {config: func(c *config.Config) { c.Hubs = []string{"https://pubsubhubbub.appspot.com/"} }, affects: outFeeds},
	"Podping":         {config: func(c *config.Config) { c.Podping = true }, affects: outFeeds},
	"PodpingEndpoint": {config: func(c *config.Config) { c.PodpingEndpoint = "https://podping.example/" }, affects: outNothing},
	"StallTimeout":    {config: func(c *config.Config) { c.StallTimeout = time.Minute }, affects: outNothing},
	// The show's media are local files: the probe of remote media has
	// nothing to do, and its limits never change an output.
	"RemoteMedia.Timeout":      {config: func(c *config.Config) { c.RemoteMedia.Timeout = time.Minute }, affects: outNothing},
	"RemoteMedia.TotalTimeout": {config: func(c *config.Config) { c.RemoteMedia.TotalTimeout = time.Hour }, affects: outNothing},
	"RemoteMedia.MaxAge":       {config: func(c *config.Config) { c.RemoteMedia.MaxAge = time.Hour }, affects: outNothing},
	"Schedule":                 {config: func(c *config.Config) { c.Schedule = "@hourly" }, affects: outNothing},
	"ScheduleTimeZone":         {config: func(c *config.Config) { c.ScheduleTimeZone = "Asia/Tokyo" }, affects: outNothing},

	"Podcast.Funding": {config: func(c *config.Config) {
		c.Funding = []config.Funding{{URL: "https://example.org/donate", Text: "Support us"}}
	}, affects: outFeeds},
	"Podcast.License": {config: func(c *config.Config) { c.License = &config.License{Name: "cc-by-4.0"} }, affects: outFeeds},
	"Podcast.Locations": {config: func(c *config.Config) {
		c.Locations = config.OneOrMore[config.Location]{{Name: "Lyon"}}
	}, affects: outFeeds},
	"Podcast.Trailers": {config: func(c *config.Config) {
		c.Trailers = []config.Trailer{{Title: "Trailer", URL: "https://example.org/trailer.mp3", Type: "audio/mpeg", Length: 1000, PubDate: "2025-01-01"}}
	}, affects: outFeeds},
	"Podcast.UpdateFrequency": {config: func(c *config.Config) {
		c.UpdateFrequency = &config.UpdateFrequency{Text: "Every Monday", RRule: "FREQ=WEEKLY;BYDAY=MO"}
	}, affects: outFeeds},
	"Podcast.Podroll": {config: func(c *config.Config) {
		c.Podroll = []config.RemoteFeed{{GUID: "917393e3-1b1e-5cef-ace4-edaa54e1f810", URL: "https://example.com/feed.xml", Title: "A friend"}}
	}, affects: outFeeds},
	"Podcast.Txt":   {config: func(c *config.Config) { c.Txt = []config.Txt{{Purpose: "verify", Text: "S6lpp-7ZCn8-dZfGc"}} }, affects: outFeeds},
	"Podcast.Block": {config: func(c *config.Config) { c.Block = map[string]bool{"google": true} }, affects: outFeeds},
	"Podcast.Social": {config: func(c *config.Config) {
		c.Social = []config.Social{{Protocol: "activitypub", URI: "https://mastodon.example/@show"}}
	}, affects: outFeeds},
	"Podcast.Value": {config: func(c *config.Config) {
		c.Value = &config.Value{Type: "lightning", Method: "keysend", Recipients: []config.ValueRecipient{{Name: "Jane", Type: "node", Address: "02d5c1bf8b940dc9cadca86d1b0a3c37fbe39cee4c7e839e33bef9174531d27f52", Split: 100}}}
	}, affects: outFeeds},
	"Podcast.EnclosurePrefix": {config: func(c *config.Config) { c.EnclosurePrefix = "https://op3.dev/e/" }, affects: outFeeds | outPages},

	"IDBaseURL": {config: func(c *config.Config) { c.IDBaseURL = "https://published.example.com/" }, affects: outFeeds},
	"File":      {config: func(c *config.Config) { c.File = "/etc/feedcast/feedcast.yaml" }, affects: outNothing},
}

// configExempt are the fields of config.Config no case changes, and why.
var configExempt = map[string]string{
	"RemoteMedia.Probe": "turning it on makes the next build look at every episode again, since probed values may change the feeds; with local media only, as here, nothing changes (remote_test.go covers the probe's keys)",
	"Cache":             "the folder of the build cache itself: every case builds with one, and compares with a build without",
	"Location":          "set by Validate from TimeZone, which has a case",
	"NetworkFeed":       "the key show has no show of its own (no _index.md): nothing changes; TestShowRebuild rebuilds a network with it changed",
}

// keyEpisode is the text of an episode file: its front matter keys in
// order, and its body.
type keyEpisode struct {
	name string
	keys []string
	vals map[string]string
	body string
}

// set sets the front matter key k to the YAML value v (which may span
// lines), adding it last when absent.
func (e *keyEpisode) set(k, v string) {
	if _, ok := e.vals[k]; !ok {
		e.keys = append(e.keys, k)
	}
	e.vals[k] = v
}

func (e *keyEpisode) bytes() []byte {
	var b strings.Builder
	b.WriteString("---\n")
	for _, k := range e.keys {
		fmt.Fprintf(&b, "%s: %s\n", k, e.vals[k])
	}
	b.WriteString("---\n")
	b.WriteString(e.body)
	return []byte(b.String())
}

// variedEpisode is the episode the episode cases change: the second of
// four, with neighbours on both sides, and a value for every key.
func variedEpisode() *keyEpisode {
	e := &keyEpisode{name: "b.md", vals: map[string]string{}, body: "Corps de **bêta**.\n"}
	for _, kv := range [][2]string{
		{"title", "Bêta"},
		{"description", "Le deuxième épisode"},
		{"date", "2025-02-01T10:00:00+01:00"},
		{"tags", "[Commun, Bêta]"},
		{"series", "Saison 1"},
		{"image", "b.png"},
		{"draft", "false"},
		{"guid", "urn:uuid:0b1f6f0e-6a77-4a55-9a55-3d1c0e2b7c01"},
		{"slug", "beta"},
		{"link", "https://example.org/ailleurs/beta"},
		{"audio", "b.mp3"},
		{"duration", `"00:10:00"`},
		{"season", "1"},
		{"episode", "2"},
		{"episode_type", "full"},
		{"explicit", "false"},
		{"persons", "[Ada]"},
		{"chapters", "\n  - {start: \"00:00\", title: Intro}\n  - {start: \"01:00\", title: Suite}"},
		{"soundbites", "\n  - {start: 10, duration: 30, title: Extrait}"},
		{"location", "Paris"},
		{"license", "cc-by-4.0"},
		{"alternate_enclosures", "\n  - {url: \"https://cdn.example.org/b.mp4\", type: video/mp4, length: 1000}"},
		{"txt", "[{purpose: verify, text: abc}]"},
		{"social", "https://mastodon.example/@a/1"},
		{"rubrique", "une"},
	} {
		e.set(kv[0], kv[1])
	}
	return e
}

// episodeCases change each field of episode.Episode, through the front
// matter or the body of the varied episode.
var episodeCases = map[string]keyCase{
	// An episode with a guid and a slug takes neither its id nor its
	// folder from its path.
	"Path": {episode: func(e *keyEpisode) { e.name = "beta.md" }, affects: outNothing},
	"Title": {episode: func(e *keyEpisode) { e.set("title", "Bêta, revu") },
		affects: outFeeds | outPages | outChapters},
	"Description": {episode: func(e *keyEpisode) { e.set("description", "Un autre résumé") }, affects: outFeeds | outPages},
	"Date": {episode: func(e *keyEpisode) { e.set("date", "2025-03-15T10:00:00+01:00") },
		affects: outFeeds | outPages},
	// Atom's updated and JSON Feed's date_modified, and so the newest
	// change of the feeds (RSS lastBuildDate) and of the OPML list.
	"Updated": {episode: func(e *keyEpisode) { e.set("updated", "2026-06-01T10:00:00+02:00") }, affects: outFeeds | outPages},
	"Tags":    {episode: func(e *keyEpisode) { e.set("tags", "[Commun, Gamma]") }, affects: outFeeds | outPages},
	"Series":  {episode: func(e *keyEpisode) { e.set("series", "Saison 2") }, affects: outFeeds | outPages},
	"Image": {episode: func(e *keyEpisode) { e.set("image", "b2.png") },
		affects: outFeeds | outPages | outImages},
	// The aperçu is the image of an episode without one.
	"Apercu": {episode: func(e *keyEpisode) { e.set("apercu", "b2.png") }, affects: outNothing},
	"Draft": {episode: func(e *keyEpisode) { e.set("draft", "true") },
		affects: outFeeds | outPages | outImages | outChapters | outMedia},
	"GUID": {episode: func(e *keyEpisode) { e.set("guid", "urn:uuid:5d8c2b1e-4f3a-4b6c-8d9e-0a1b2c3d4e5f") }, affects: outFeeds},
	"Slug": {episode: func(e *keyEpisode) { e.set("slug", "beta-2") },
		affects: outFeeds | outPages | outImages | outChapters | outMedia},
	"Link": {episode: func(e *keyEpisode) { e.set("link", "https://example.org/ailleurs/b") }, affects: outFeeds | outPages},
	"Media": {episode: func(e *keyEpisode) { e.set("audio", "b2.mp3") },
		affects: outFeeds | outPages | outMedia},
	"Duration":    {episode: func(e *keyEpisode) { e.set("duration", `"00:12:00"`) }, affects: outFeeds | outPages},
	"Season":      {episode: func(e *keyEpisode) { e.set("season", "2") }, affects: outFeeds | outPages},
	"Number":      {episode: func(e *keyEpisode) { e.set("episode", "3") }, affects: outFeeds | outPages},
	"EpisodeType": {episode: func(e *keyEpisode) { e.set("episode_type", "bonus") }, affects: outFeeds},
	"Explicit":    {episode: func(e *keyEpisode) { e.set("explicit", "true") }, affects: outFeeds},
	"Persons":     {episode: func(e *keyEpisode) { e.set("persons", "[Ada, Grace]") }, affects: outFeeds | outPages},
	"Chapters": {episode: func(e *keyEpisode) {
		e.set("chapters", "\n  - {start: \"00:00\", title: Intro}\n  - {start: \"02:00\", title: Suite}")
	}, affects: outChapters | outPages}, // the page lists them under its player
	"BodyChapters": {episode: func(e *keyEpisode) { e.body += "\n00:00 Début\n05:00 Suite\n" }, affects: outFeeds | outPages},
	"Soundbites": {episode: func(e *keyEpisode) {
		e.set("soundbites", "\n  - {start: 20, duration: 30, title: Extrait}")
	}, affects: outFeeds},
	"Locations": {episode: func(e *keyEpisode) { e.set("location", "Lyon") }, affects: outFeeds},
	"License":   {episode: func(e *keyEpisode) { e.set("license", "cc-by-sa-4.0") }, affects: outFeeds},
	"AlternateEnclosures": {episode: func(e *keyEpisode) {
		e.set("alternate_enclosures", "\n  - {url: \"https://cdn.example.org/b.mp4\", type: video/mp4, length: 2000}")
	}, affects: outFeeds},
	"Txts":   {episode: func(e *keyEpisode) { e.set("txt", "[{purpose: verify, text: def}]") }, affects: outFeeds},
	"Social": {episode: func(e *keyEpisode) { e.set("social", "https://mastodon.example/@a/2") }, affects: outFeeds},
	"Params": {episode: func(e *keyEpisode) { e.set("rubrique", "deux") }, affects: outNothing},
	"HTML":   {episode: func(e *keyEpisode) { e.body = "Corps de **bêta**, revu.\n" }, affects: outFeeds | outPages},
	"Player": {episode: func(e *keyEpisode) { e.body += "\n{%- dailymotion \"x8xyz\" -%}\n" }, affects: outFeeds | outPages},
	"Transcript": {episode: func(e *keyEpisode) {
		e.body += "\n## Transcription\n\n**Jane :** Bonjour.\n\n**John :** Merci.\n"
	}, affects: outFeeds | outPages | outTranscripts},
}

// episodeExempt are the fields of episode.Episode no case changes, and
// why.
var episodeExempt = map[string]string{
	"Hash":      "the digest of the file's bytes, which every case changes",
	"GUIDLine":  "the line of the guid key, only named in diagnostics",
	"MediaKey":  "the key that gave the media (audio, video or enclosure), only named in diagnostics",
	"MediaLine": "the line of that key, only named in diagnostics",
	"Refs":      "the files the image, aperçu and media keys name, which have cases",
}

// fieldPaths returns the paths of the fields of t, into the structs of
// its own package.
func fieldPaths(t reflect.Type, prefix string) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := prefix + f.Name
		if f.Type.Kind() == reflect.Struct && f.Type.PkgPath() == t.PkgPath() {
			out = append(out, fieldPaths(f.Type, name+".")...)
			continue
		}
		out = append(out, name)
	}
	return out
}

// fieldValue returns the field at path p of the struct v.
func fieldValue(v reflect.Value, p string) reflect.Value {
	for name := range strings.SplitSeq(p, ".") {
		v = v.FieldByName(name)
	}
	return v
}

// checkCovered requires every field to have a case or an exemption, and
// every case and exemption to name a field.
func checkCovered(t *testing.T, what string, fields []string, cases map[string]keyCase, exempt map[string]string) {
	t.Helper()
	var missing []string
	for _, f := range fields {
		_, c := cases[f]
		_, e := exempt[f]
		switch {
		case !c && !e:
			missing = append(missing, f)
		case c && e:
			t.Errorf("%s field %s has a case and an exemption", what, f)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%s fields without a case: %s; add a case saying which outputs each changes (or an exemption saying why it has none)", what, strings.Join(missing, ", "))
	}
	for _, name := range slices.Concat(slices.Collect(maps.Keys(cases)), slices.Collect(maps.Keys(exempt))) {
		if !slices.Contains(fields, name) {
			t.Errorf("%s case %s names no field", what, name)
		}
	}
}

func TestCacheKeyCasesCoverFields(t *testing.T) {
	checkCovered(t, "config.Config", fieldPaths(reflect.TypeFor[config.Config](), ""), configCases, configExempt)
	checkCovered(t, "episode.Episode", fieldPaths(reflect.TypeFor[episode.Episode](), ""), episodeCases, episodeExempt)
}

// testPNG returns a small PNG whose pixels depend on seed.
func testPNG(seed byte) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 48, 27))
	for i := range img.Pix {
		img.Pix[i] = byte(i)*seed + seed
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// keyShow is the show the key tests build: four episodes, one with a
// media file, an image, a transcript and a chapters file beside it, one
// with a player and a transcript in its body, and the varied one.
type keyShow struct {
	content, static string
}

func writeKeyShow(t *testing.T) keyShow {
	t.Helper()
	dir := t.TempDir()
	s := keyShow{content: filepath.Join(dir, "content"), static: filepath.Join(dir, "public")}
	for p, data := range map[string][]byte{
		"artwork.png":  testPNG(1),
		"artwork2.png": testPNG(4),
	} {
		writeFile(t, filepath.Join(s.static, p), data)
	}
	for p, data := range map[string][]byte{
		"a.md":            []byte("---\ntitle: Alpha\ndescription: Le premier\ndate: 2025-01-10\ntags: [Commun, Alpha]\nseries: Saison 1\naudio: a.mp3\nduration: \"00:30:05\"\nimage: a.png\n---\nLe **premier** épisode.\n"),
		"a.mp3":           bytes.Repeat([]byte{0xff, 0xfb, 0x90, 0x00}, 500),
		"a.png":           testPNG(1),
		"a.vtt":           []byte("WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n<v Jane>Bonjour et bienvenue.\n\n00:00:02.500 --> 00:00:05.000\n<v John>Merci Jane.\n"),
		"a.chapters.json": []byte(`{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Début"}, {"startTime": 60, "title": "Suite"}]}`),
		// The images of a, b and the show are one picture, processed once
		// by a build: the artwork takes most of a build's time.
		"b.png":  testPNG(1),
		"b2.png": testPNG(3),
		"b.mp3":  bytes.Repeat([]byte{0xff, 0xfb, 0x90, 0x01}, 400),
		"b2.mp3": bytes.Repeat([]byte{0xff, 0xfb, 0x90, 0x02}, 450),
		"c.md":   []byte("---\ntitle: Gamma\ndate: 2025-03-01T10:00:00+01:00\ntags: [Commun]\n---\n{%- dailymotion \"x9abc\" -%}\n\n{% transcription \"Jane et John\" %}\n<p><strong>Jane :</strong> Bonjour.</p>\n{% endtranscription %}\n"),
		"d.md":   []byte("---\ntitle: Delta\ndate: 2025-04-01\nseries: Saison 2\n---\nLe dernier, daté d'un jour sans heure.\n"),
	} {
		writeFile(t, filepath.Join(s.content, p), data)
	}
	writeFile(t, filepath.Join(s.content, "b.md"), variedEpisode().bytes())
	return s
}

// keyConfig is the configuration the cases change, not validated.
func keyConfig() *config.Config {
	c := config.Default()
	c.Title = "Test Show"
	c.Description = "A show for tests"
	c.Language = "fr"
	c.BaseURL = "https://example.org/show/"
	c.Author = "Jane Host"
	c.Owner = config.Owner{Name: "Jane", Email: "jane@example.org"}
	c.Categories = []string{"Technology"}
	c.Artwork = "/artwork.png"
	c.FeedLimit = 2
	return c
}

func validated(t *testing.T, c *config.Config) *config.Config {
	t.Helper()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}

// build builds the show with cfg into out, with the cache folder cache
// ("" for none).
func (s keyShow) build(t *testing.T, cfg *config.Config, out, cache string) *Result {
	t.Helper()
	c := *cfg
	c.Cache = cache
	res, err := Run(context.Background(), Options{
		Config: &c, Content: openDir(t, s.content).FS(), Static: openDir(t, s.static).FS(), Out: out,
		Now: func() time.Time { return fixedNow }, Version: "test",
	})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res
}

// readOutput returns the files of an output folder but the manifest.
func readOutput(t *testing.T, out string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == output.ManifestName {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		m[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// diffOutputs returns the paths whose files differ between a and b,
// those in one only included, sorted.
func diffOutputs(a, b map[string][]byte) []string {
	var diff []string
	for p, da := range a {
		if db, ok := b[p]; !ok || !bytes.Equal(da, db) {
			diff = append(diff, p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			diff = append(diff, p)
		}
	}
	slices.Sort(diff)
	return diff
}

// keyChain builds the show with the cache into one output folder, case
// after case: the base settings, a case's, the base's again.
type keyChain struct {
	show       keyShow
	out, cache string
	staticSet  map[string]bool
	// base is the output of a build of the base without cache.
	base map[string][]byte
}

func newKeyChain(t *testing.T) *keyChain {
	t.Helper()
	show := writeKeyShow(t)
	ch := &keyChain{show: show, out: filepath.Join(t.TempDir(), "site"), cache: t.TempDir(), staticSet: map[string]bool{}}
	for _, p := range []string{"artwork.png", "artwork2.png"} {
		ch.staticSet[p] = true
	}
	settle()
	cold := filepath.Join(t.TempDir(), "site")
	show.build(t, validated(t, keyConfig()), cold, "")
	ch.base = readOutput(t, cold)
	os.RemoveAll(cold)
	show.build(t, validated(t, keyConfig()), ch.out, ch.cache)
	if d := diffOutputs(ch.base, readOutput(t, ch.out)); len(d) > 0 {
		t.Fatalf("the first build with a cache differs from a build without: %v", d)
	}
	settle()
	return ch
}

// run builds cfg with the cache over the previous build, and requires
// its output to be ref, the output of a build without the cache (made
// when ref is nil), and the kinds of outputs changed since the previous
// build to be want. It returns the result of the build with the cache.
func (ch *keyChain) run(t *testing.T, cfg *config.Config, before, ref map[string][]byte, want outputKind) *Result {
	t.Helper()
	res := ch.show.build(t, cfg, ch.out, ch.cache)
	got := readOutput(t, ch.out)
	if ref == nil {
		cold := filepath.Join(t.TempDir(), "site")
		ch.show.build(t, cfg, cold, "")
		ref = readOutput(t, cold)
		os.RemoveAll(cold)
	}
	if d := diffOutputs(got, ref); len(d) > 0 {
		t.Errorf("the build with the cache differs from a build without it (stale cache key) in %d file(s): %s", len(d), strings.Join(d, ", "))
	}
	var kinds outputKind
	changed := diffOutputs(before, ref)
	for _, p := range changed {
		kinds |= kindOf(p, ch.staticSet)
	}
	if kinds != want {
		t.Errorf("changed %v, want %v; files changed: %s", kinds, want, strings.Join(changed, ", "))
	}
	// Only the files that changed are written.
	written := 0
	for _, p := range changed {
		if _, ok := ref[p]; ok {
			written++
		}
	}
	if res.FilesWritten != written {
		t.Errorf("%d file(s) written, want the %d changed or new", res.FilesWritten, written)
	}
	settle()
	return res
}

// sampled returns the names of cases to run, in order: all of them, or
// under the race detector every raceSample-th (the keys do not depend on
// the detector, which makes each build several times slower; every case
// runs without it).
func sampled(names []string) []string {
	if !raceEnabled {
		return names
	}
	var out []string
	for i, n := range names {
		if i%raceSample == 0 {
			out = append(out, n)
		}
	}
	return out
}

const raceSample = 6

// TestCacheKeys changes each field of the configuration and of an
// episode in turn, builds with the cache, and again with the base
// settings: each build must write what a build without the cache writes.
func TestCacheKeys(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the show three times per field")
	}
	// The two chains build at once; racyWindow is restored once both are
	// done.
	w := racyWindow
	t.Cleanup(func() { racyWindow = w })
	racyWindow = 20 * time.Millisecond
	t.Run("config", func(t *testing.T) {
		t.Parallel()
		cacheKeysConfig(t)
	})
	t.Run("episode", func(t *testing.T) {
		t.Parallel()
		cacheKeysEpisode(t)
	})
	t.Run("files", func(t *testing.T) {
		t.Parallel()
		cacheKeysFiles(t)
	})
}

func cacheKeysConfig(t *testing.T) {
	ch := newKeyChain(t)
	base := validated(t, keyConfig())
	for _, name := range sampled(slices.Sorted(maps.Keys(configCases))) {
		c := configCases[name]
		t.Run(name, func(t *testing.T) {
			cfg := keyConfig()
			c.config(cfg)
			validated(t, cfg)
			if reflect.DeepEqual(fieldValue(reflect.ValueOf(*cfg), name).Interface(), fieldValue(reflect.ValueOf(*base), name).Interface()) {
				t.Fatalf("the case leaves %s as it was", name)
			}
			res := ch.run(t, cfg, ch.base, nil, c.affects)
			// A setting that changes no output leaves the build nothing
			// to do.
			if c.affects == outNothing && !res.Unchanged {
				t.Errorf("a change that changes no output rebuilt the show: %d episode(s) rendered, %d file(s) written", res.Rendered, res.FilesWritten)
			}
			ch.run(t, base, readOutput(t, ch.out), ch.base, c.affects)
		})
	}
}

func cacheKeysEpisode(t *testing.T) {
	ch := newKeyChain(t)
	cfg := validated(t, keyConfig())
	content, static := openDir(t, ch.show.content).FS(), openDir(t, ch.show.static).FS()
	opt := episode.Options{Location: cfg.Location}
	orig := variedEpisode()
	baseEp, diags := episode.Parse(orig.name, orig.bytes(), content, static, opt)
	if baseEp == nil {
		t.Fatalf("the varied episode does not parse: %v", diags)
	}
	for _, name := range sampled(slices.Sorted(maps.Keys(episodeCases))) {
		c := episodeCases[name]
		t.Run(name, func(t *testing.T) {
			e := variedEpisode()
			c.episode(e)
			ep, diags := episode.Parse(e.name, e.bytes(), content, static, opt)
			if ep == nil {
				t.Fatalf("the changed episode does not parse: %v", diags)
			}
			if reflect.DeepEqual(fieldValue(reflect.ValueOf(*ep), name).Interface(), fieldValue(reflect.ValueOf(*baseEp), name).Interface()) {
				t.Fatalf("the case leaves %s as it was", name)
			}
			write := func(e *keyEpisode) {
				for _, n := range []string{orig.name, e.name} {
					os.Remove(filepath.Join(ch.show.content, n))
				}
				writeFile(t, filepath.Join(ch.show.content, e.name), e.bytes())
				settle()
			}
			write(e)
			res := ch.run(t, cfg, ch.base, nil, c.affects)
			if c.affects == outNothing && res.FilesWritten > 0 {
				t.Errorf("a change that changes no output wrote %d file(s)", res.FilesWritten)
			}
			before := readOutput(t, ch.out)
			os.Remove(filepath.Join(ch.show.content, e.name))
			write(orig)
			ch.run(t, cfg, before, ch.base, c.affects)
		})
	}
}

// fileCases change the files the episodes and the configuration refer
// to, by path in the show's folder, to the given bytes (nil removes the
// file).
var fileCases = map[string]struct {
	data    []byte
	affects outputKind
}{
	"content/a.vtt":           {[]byte("WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n<v Jane>Bonsoir.\n"), outFeeds | outPages | outTranscripts},
	"content/a.chapters.json": {[]byte(`{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Autre début"}]}`), outChapters | outPages},
	"content/a.mp3":           {bytes.Repeat([]byte{0xff, 0xfb, 0x90, 0x03}, 600), outFeeds | outMedia},
	"content/b.png":           {testPNG(5), outFeeds | outPages | outImages},
	"public/artwork.png":      {testPNG(6), outFeeds | outPages | outImages | outStatic},
	"content/b.vtt":           {[]byte("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Ada>Bonjour.\n"), outFeeds | outPages | outTranscripts},
	"content/c.chapters.json": {[]byte(`{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Seul"}]}`), outFeeds | outChapters},
	"content/a.png":           {nil, outFeeds | outPages | outImages},
}

func cacheKeysFiles(t *testing.T) {
	ch := newKeyChain(t)
	cfg := validated(t, keyConfig())
	dir := filepath.Dir(ch.show.content)
	for _, name := range sampled(slices.Sorted(maps.Keys(fileCases))) {
		c := fileCases[name]
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, filepath.FromSlash(name))
			orig, err := os.ReadFile(p)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			put := func(data []byte) {
				os.Remove(p)
				if data != nil {
					writeFile(t, p, data)
				}
				settle()
			}
			put(c.data)
			ch.run(t, cfg, ch.base, nil, c.affects)
			before := readOutput(t, ch.out)
			put(orig)
			ch.run(t, cfg, before, ch.base, c.affects)
		})
	}
}

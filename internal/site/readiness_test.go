package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/readiness"
)

// readyConfig is the configuration file of a show directories take.
const readyConfig = `title: "Le Labo"
description: "Un podcast de test, sur la sobriété numérique."
language: fr
base_url: https://podcast.example.org/
owner:
  name: Labo
  email: labo@example.org
categories: [Technology]
artwork: /artwork.png
`

// episodeFile is an episode file with the given front matter lines.
func episodeFile(lines ...string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\n" + strings.Join(lines, "\n") + "\n---\nLe corps de l'épisode.\n")}
}

// readyEpisodes are two episodes directories take.
func readyEpisodes() fstest.MapFS {
	return fstest.MapFS{
		"01-a.md": episodeFile(`title: "Premier"`, "date: 2025-01-10", "episode: 1",
			"audio: {url: https://media.example.org/a.mp3, type: audio/mpeg, length: 1000}"),
		"02-b.md": episodeFile(`title: "Second"`, "date: 2025-02-10", "episode: 2",
			"audio: {url: https://media.example.org/b.m4a, type: audio/x-m4a, length: 2000}"),
	}
}

// loadConfig writes text as a configuration file and loads it, as the
// command does.
func loadConfig(t *testing.T, text string) *config.Config {
	t.Helper()
	name := filepath.Join(t.TempDir(), "feedcast.yaml")
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(name, false)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Cache = ""
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// describe is a finding as the tests compare it: kind, key, files, count.
func describe(fs []readiness.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s %v %d", f.Kind, f.Key, f.Files, f.Count))
	}
	return out
}

// TestReadinessFindings builds real shows, each with one mistake, and
// checks both that a build reports it and that Check (which writes
// nothing) reports the same.
func TestReadinessFindings(t *testing.T) {
	replace := func(old, new string) string {
		if !strings.Contains(readyConfig, old) {
			t.Fatalf("the ready config has no %q", old)
		}
		return strings.Replace(readyConfig, old, new, 1)
	}
	with := func(files map[string]*fstest.MapFile) fstest.MapFS {
		fsys := readyEpisodes()
		for name, f := range files {
			if f == nil {
				delete(fsys, name)
			} else {
				fsys[name] = f
			}
		}
		return fsys
	}
	noAudio := episodeFile(`title: "Second"`, "date: 2025-02-10", "episode: 2")
	tests := []struct {
		name    string
		config  string
		content fstest.MapFS
		want    []string
		// msg is a part of the only finding's line.
		msg string
	}{
		{name: "ready", config: readyConfig, content: readyEpisodes()},
		{name: "no title", config: replace(`title: "Le Labo"`+"\n", ""), content: readyEpisodes(),
			want: []string{"title-missing title [] 0"}, msg: `feedcast.yaml: title: is not set: the show is called "Podcast"`},
		{name: "long title", config: replace(`"Le Labo"`, `"`+strings.Repeat("Labo ", 60)+`"`), content: readyEpisodes(),
			want: []string{"title-long title [] 0"}, msg: "299 characters"},
		{name: "no description", config: replace("description: \"Un podcast de test, sur la sobriété numérique.\"\n", ""), content: readyEpisodes(),
			want: []string{"description-missing description [] 0"}, msg: "description: is empty"},
		{name: "unknown language", config: replace("language: fr", "language: xx"), content: readyEpisodes(),
			want: []string{"language language [] 0"}, msg: `"xx" is not an ISO 639 language code`},
		{name: "three-letter language", config: replace("language: fr", "language: fra-FR"), content: readyEpisodes(),
			want: []string{"language language [] 0"}, msg: `two-letter ISO 639 codes: "fr"`},
		{name: "no artwork", config: replace("artwork: /artwork.png\n", ""), content: readyEpisodes(),
			want: []string{"artwork-missing artwork [] 0"}, msg: "artwork: is not set: Apple Podcasts requires show artwork (itunes:image)"},
		{name: "webp artwork URL", config: replace("/artwork.png", "https://cdn.example.org/art.webp"), content: readyEpisodes(),
			want: []string{"artwork-format artwork [] 0"}, msg: "not a .jpg or .png URL"},
		{name: "no category", config: replace("categories: [Technology]\n", ""), content: readyEpisodes(),
			want: []string{"categories-missing categories [] 0"}, msg: "categories: is empty"},
		{name: "no owner email", config: replace("  email: labo@example.org\n", ""), content: readyEpisodes(),
			want: []string{"owner-email owner.email [] 0"}, msg: "feedcast.yaml: owner.email: is empty: Spotify"},
		{name: "locked without owner", config: replace("  email: labo@example.org\n", "") + "locked: true\n", content: readyEpisodes(),
			want: []string{"owner-email owner.email [] 0"}, msg: "locked (podcast:locked) with no owner email"},
		{name: "local base URL", config: replace("https://podcast.example.org/", "http://127.0.0.1:8080/"), content: readyEpisodes(),
			want: []string{"base-url-local base_url [] 0"}, msg: "is a local address (127.0.0.1)"},
		{name: "no episode", config: readyConfig, content: fstest.MapFS{"draft.md": episodeFile("title: Brouillon", "date: 2025-01-01", "draft: true")},
			want: []string{"no-episodes content [] 0"}, msg: "content: no episode is published"},
		{name: "no media", config: readyConfig, content: with(map[string]*fstest.MapFile{"02-b.md": noAudio}),
			want: []string{"no-media audio [02-b.md] 1"}, msg: "02-b.md: audio: no media file"},
		{name: "no media in a blog", config: readyConfig + "medium: blog\n", content: with(map[string]*fstest.MapFile{"02-b.md": noAudio})},
		{name: "media file not found", config: readyConfig, content: with(map[string]*fstest.MapFile{
			"02-b.md": episodeFile(`title: "Second"`, "date: 2025-02-10", "audio: missing.mp3")})},
		{name: "ogg audio", config: readyConfig, content: with(map[string]*fstest.MapFile{
			"02-b.md": episodeFile(`title: "Second"`, "date: 2025-02-10", "audio: {url: https://media.example.org/b.ogg, length: 2000}")}),
			want: []string{"media-type audio [02-b.md] 1"}, msg: "02-b.md: audio: Apple Podcasts lists M4A, MP3"},
		{name: "webm video", config: readyConfig, content: with(map[string]*fstest.MapFile{
			"02-b.md": episodeFile(`title: "Second"`, "date: 2025-02-10", "video: {url: https://media.example.org/b.webm, length: 2000}")}),
			want: []string{"media-type video [02-b.md] 1"}, msg: "02-b.md: video:"},
		{name: "same media file", config: readyConfig, content: with(map[string]*fstest.MapFile{
			"02-b.md": episodeFile(`title: "Second"`, "date: 2025-02-10", "audio: {url: https://media.example.org/a.mp3, type: audio/mpeg, length: 1000}")}),
			want: []string{"media-duplicate audio [01-a.md 02-b.md] 2"}, msg: "01-a.md, 02-b.md: audio: the same media file"},
		{name: "same guid", config: readyConfig, content: with(map[string]*fstest.MapFile{
			"03-c.md": episodeFile(`title: "Troisième"`, "date: 2025-03-10", "guid: tag:podcast.example.org,2000:episodes/01-a",
				"audio: {url: https://media.example.org/c.mp3, type: audio/mpeg, length: 3000}")}),
			// The build publishes one of the two and warns: nothing is left
			// for the directories to refuse.
			want: nil},
		{name: "same title", config: readyConfig, content: with(map[string]*fstest.MapFile{
			"03-c.md": episodeFile(`title: "PREMIER "`, "date: 2025-03-10",
				"audio: {url: https://media.example.org/c.mp3, type: audio/mpeg, length: 3000}")}),
			want: []string{"title-duplicate title [01-a.md 03-c.md] 2"}, msg: "title: the same title as another episode"},
		{name: "long episode title", config: readyConfig, content: with(map[string]*fstest.MapFile{
			"03-c.md": episodeFile(`title: "`+strings.Repeat("é", 256)+`"`, "date: 2025-03-10",
				"audio: {url: https://media.example.org/c.mp3, type: audio/mpeg, length: 3000}")}),
			want: []string{"title-long title [03-c.md] 1"}, msg: "longer than 255 characters"},
		{name: "serial without numbers", config: readyConfig + "type: serial\n", content: with(map[string]*fstest.MapFile{
			"03-c.md": episodeFile(`title: "Troisième"`, "date: 2025-03-10",
				"audio: {url: https://media.example.org/c.mp3, type: audio/mpeg, length: 3000}")}),
			want: []string{"serial-number episode [03-c.md] 1"}, msg: "03-c.md: episode: no episode number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := loadConfig(t, tt.config)
			opt := Options{Config: cfg, Content: tt.content, Static: staticFS(), Now: func() time.Time { return fixedNow }, Version: "test"}
			checked, err := Check(opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(checked.Readiness); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Check: findings\n%q\nwant\n%q", got, tt.want)
			}
			opt.Out = filepath.Join(t.TempDir(), "site")
			built, err := Run(context.Background(), opt)
			if err != nil && (tt.name != "no episode" || built == nil) {
				// A show without episodes has no date for its Atom feed:
				// the build fails, after the readiness checks.
				t.Fatal(err)
			}
			if !reflect.DeepEqual(built.Readiness, checked.Readiness) {
				t.Errorf("the build found\n%q\nCheck found\n%q", describe(built.Readiness), describe(checked.Readiness))
			}
			if tt.msg != "" && len(built.Readiness) == 1 {
				if line := built.Readiness[0].Line("feedcast.yaml", nil); !strings.Contains(line, tt.msg) {
					t.Errorf("line %q lacks %q", line, tt.msg)
				}
			}
			if w := built.Warnings(); (w > 0) != (tt.name == "media file not found" || tt.name == "same guid") {
				t.Errorf("%d warnings: %v", w, built.Diagnostics)
			}
			if checked.Warnings() != built.Warnings() || checked.Skipped != built.Skipped || checked.Twins != built.Twins {
				t.Errorf("Check: %d warnings, %d skipped, %d twins; the build: %d, %d, %d",
					checked.Warnings(), checked.Skipped, checked.Twins, built.Warnings(), built.Skipped, built.Twins)
			}
		})
	}
}

// TestReadinessGroupsEpisodes: a show of many episodes without media gets
// one finding, naming the first files in path order and counting them
// all, whatever the files' order on disk.
func TestReadinessGroupsEpisodes(t *testing.T) {
	content := fstest.MapFS{}
	for i := range 60 {
		content[fmt.Sprintf("s%d/ep-%02d.md", i%3, i)] = episodeFile(fmt.Sprintf("title: Épisode %d", i), "date: 2025-01-01", "series: S")
	}
	// Two with the same title, one with an unsupported type.
	content["z/ep-a.md"] = episodeFile("title: Même titre", "date: 2025-01-02", "audio: {url: https://m.example.org/a.ogg, length: 10}")
	content["z/ep-b.md"] = episodeFile("title: Même titre", "date: 2025-01-03", "audio: {url: https://m.example.org/b.mp3, length: 10}")
	cfg := loadConfig(t, readyConfig)
	res, err := Check(Options{Config: cfg, Content: content, Static: staticFS(), Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"no-media audio [s0/ep-00.md s0/ep-03.md s0/ep-06.md] 60",
		"media-type audio [z/ep-a.md] 1",
		"title-duplicate title [z/ep-a.md z/ep-b.md] 2",
	}
	if got := describe(res.Readiness); !reflect.DeepEqual(got, want) {
		t.Errorf("findings\n%q\nwant\n%q", got, want)
	}
	line := res.Readiness[0].Line("feedcast.yaml", func(p string) string { return "content/" + p })
	if want := "content/s0/ep-00.md, content/s0/ep-03.md, content/s0/ep-06.md and 57 more: audio: no media file"; !strings.HasPrefix(line, want) {
		t.Errorf("line %q, want it to start with %q", line, want)
	}
	if res.Published != 62 || res.NoMedia != 60 {
		t.Errorf("published %d, no media %d", res.Published, res.NoMedia)
	}
}

// TestReadinessStrictAndUnchanged: a build reports the findings and
// succeeds; a strict build fails on them and writes nothing, also when
// every input is as the previous build found it (the findings are kept
// with the build's record).
func TestReadinessStrictAndUnchanged(t *testing.T) {
	cfg := loadConfig(t, strings.Replace(readyConfig, "  email: labo@example.org\n", "", 1))
	cfg.Cache = t.TempDir()
	out := filepath.Join(t.TempDir(), "site")
	opt := Options{Config: cfg, Content: readyEpisodes(), Static: staticFS(), Out: out, Now: func() time.Time { return fixedNow }, Version: "test"}
	first, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatalf("a build with findings failed: %v", err)
	}
	if got := describe(first.Readiness); !reflect.DeepEqual(got, []string{"owner-email owner.email [] 0"}) {
		t.Fatalf("findings %q", got)
	}
	// An fstest.MapFS's signatures cannot be trusted: real folders for
	// the unchanged build.
	opt.Content = realFolder(t, readyEpisodes())
	opt.Static = realFolder(t, staticFS())
	settle()
	if _, err := Run(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	again, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Unchanged {
		t.Fatal("the second build of the same inputs did not find them unchanged")
	}
	if !reflect.DeepEqual(again.Readiness, first.Readiness) {
		t.Errorf("the unchanged build reports\n%q\nthe first\n%q", describe(again.Readiness), describe(first.Readiness))
	}
	before := snapshot(t, out)
	opt.Strict = true
	res, err := Run(context.Background(), opt)
	if !errors.Is(err, ErrStrict) || len(res.Readiness) != 1 {
		t.Fatalf("strict unchanged build: err %v, findings %q", err, describe(res.Readiness))
	}
	opt.Content = readyEpisodes() // inputs the previous build's record does not vouch for: the full path
	if _, err := Run(context.Background(), opt); !errors.Is(err, ErrStrict) {
		t.Fatalf("strict build: err %v", err)
	}
	if after := snapshot(t, out); !reflect.DeepEqual(before, after) {
		t.Error("a failed strict build changed the output folder")
	}
}

// realFolder writes the files of fsys into a folder and opens it as the
// command does.
func realFolder(t *testing.T, fsys fstest.MapFS) fs.FS {
	t.Helper()
	dir := t.TempDir()
	for name, f := range fsys {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root.FS()
}

// snapshot lists every file under dir with its size and time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		out[p] = fmt.Sprintf("%d %d %v", info.Size(), info.ModTime().UnixNano(), info.Mode())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

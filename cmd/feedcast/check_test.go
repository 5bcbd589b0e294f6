package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// copyTree copies the folder src into a new temporary folder and returns
// it.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if d.Name() == ".feedcast-cache" || d.Name() == "_site" {
				return filepath.SkipDir // what other runs left there
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// notReadyShow is a show with a title and episodes with media, but no
// owner email, no category and no artwork.
func notReadyShow(t *testing.T) (dir, config string) {
	t.Helper()
	dir = t.TempDir()
	config = filepath.Join(dir, "feedcast.yaml")
	files := map[string]string{
		"feedcast.yaml": "title: Mon premier podcast\ndescription: Des épisodes.\nlanguage: fr\nbase_url: https://podcast.example.org/\n",
		"content/01.md": "---\ntitle: Un\ndate: 2025-01-01\naudio: {url: https://media.example.org/1.mp3, type: audio/mpeg, length: 100}\n---\nUn.\n",
		"content/02.md": "---\ntitle: Deux\ndate: 2025-02-01\n---\nDeux, sans fichier.\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, config
}

// tree lists every file and folder under dir with its size, time and
// mode.
func tree(t *testing.T, dir string) map[string]string {
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

func TestStrictBuildFailsOnReadiness(t *testing.T) {
	dir, config := notReadyShow(t)
	wantLines := []string{
		"readiness: " + filepath.ToSlash(config) + ": artwork: is not set: Apple Podcasts requires show artwork (itunes:image)",
		"readiness: " + filepath.ToSlash(config) + ": categories: is empty: Apple Podcasts requires a category",
		"readiness: " + filepath.ToSlash(config) + ": owner.email: is empty: Spotify and other directories send the code",
		"readiness: " + filepath.ToSlash(filepath.Join(dir, "content", "02.md")) + ": audio: no media file",
	}
	out := filepath.Join(dir, "_site")
	code, _, stderr := run(t, "build", "--config", config, "--strict")
	if code != exitFail || !strings.Contains(stderr, "strict mode: the build has problems: 4 problem(s)") {
		t.Errorf("--strict on a show that is not ready: exit %d:\n%s", code, stderr)
	}
	checkLines(t, stderr, wantLines)
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed --strict build wrote the output folder")
	}

	// Without --strict the findings are printed, and the build succeeds:
	// they are not warnings.
	code, _, stderr = run(t, "build", "--config", config)
	if code != exitOK || !strings.Contains(stderr, "feedcast: 2 episodes published, 0 skipped, 0 held back, 0 warnings;") {
		t.Errorf("a build of a show that is not ready: exit %d:\n%s", code, stderr)
	}
	checkLines(t, stderr, wantLines)

	// The test show of the repository is ready: --strict passes. (Built
	// where it is, with its build cache, as TestBuildCommand does: its
	// images are encoded once.)
	code, _, stderr = run(t, "build", "--config", audioshow, "--out", filepath.Join(t.TempDir(), "site"), "--strict")
	if code != exitOK || strings.Contains(stderr, "readiness:") {
		t.Errorf("--strict on the ready test show: exit %d:\n%s", code, stderr)
	}
}

// checkLines checks that every want is the start of a line of stderr, in
// that order.
func checkLines(t *testing.T, stderr string, want []string) {
	t.Helper()
	var got []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "readiness: ") {
			got = append(got, l)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d readiness lines, want %d:\n%s", len(got), len(want), stderr)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("line %d:\n%s\nwant it to start with\n%s", i, got[i], want[i])
		}
	}
}

func TestCheckWritesNothing(t *testing.T) {
	dir, config := notReadyShow(t)
	before := tree(t, dir)
	code, stdout, stderr := run(t, "check", "--config", config)
	if code != exitFail {
		t.Errorf("check of a show that is not ready: exit %d:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("check wrote to stdout: %q", stdout)
	}
	for _, want := range []string{
		"readiness: " + filepath.ToSlash(config) + ": owner.email: ",
		"feedcast check: 2 episodes published, 0 skipped, 0 held back, 0 warnings, 4 readiness findings\n",
		"feedcast: not ready: 4 problem(s)\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if after := tree(t, dir); !reflect.DeepEqual(before, after) {
		t.Errorf("check changed the show's folder:\nbefore %v\nafter  %v", before, after)
	}

	ready := copyTree(t, filepath.Dir(audioshow))
	before = tree(t, ready)
	code, _, stderr = run(t, "check", "--config", filepath.Join(ready, "feedcast.yaml"))
	if code != exitOK || !strings.HasSuffix(stderr, "feedcast check: 3 episodes published, 0 skipped, 0 held back, 0 warnings, 0 readiness findings\nfeedcast check: ready\n") {
		t.Errorf("check of the ready test show: exit %d:\n%s", code, stderr)
	}
	if after := tree(t, ready); !reflect.DeepEqual(before, after) {
		t.Errorf("check changed the show's folder:\nbefore %v\nafter  %v", before, after)
	}

	// A reading problem alone makes the show not ready, as it fails a
	// strict build; a Markdown file that is not an episode does not.
	notes := filepath.Join(ready, "episodes", "NOTES.md")
	if err := os.WriteFile(notes, []byte("# Notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "check", "--config", filepath.Join(ready, "feedcast.yaml"))
	if code != exitOK || !strings.Contains(stderr, "NOTES.md: no front matter: not an episode") {
		t.Errorf("check with a Markdown file that is not an episode: exit %d:\n%s", code, stderr)
	}
	if err := os.WriteFile(filepath.Join(ready, "episodes", "04-broken.md"), []byte("---\ntitle: Épisode 4 : la suite\ndate: 2025-01-01\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "check", "--config", filepath.Join(ready, "feedcast.yaml"))
	if code != exitFail || !strings.Contains(stderr, `04-broken.md:2: front matter: a value containing ":" must be in quotes`) {
		t.Errorf("check with a broken episode file: exit %d:\n%s", code, stderr)
	}
}

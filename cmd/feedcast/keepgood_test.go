package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// keepShow writes a show of three episodes, with a build cache and a dir
// publish target, and returns its config path, content folder and
// target.
func keepShow(t *testing.T) (cfgPath, content, target string) {
	t.Helper()
	dir := t.TempDir()
	content = filepath.Join(dir, "content")
	os.MkdirAll(content, 0o755)
	for name, text := range map[string]string{
		"ep1.md": "---\ntitle: Un\ndate: 2025-01-01\n---\nPremier.\n",
		"ep2.md": "---\ntitle: Deux\ndate: 2025-01-02\n---\nDeuxième.\n\n## Transcription\n\n**Jane :** Bonjour.\n",
		"ep3.md": "---\ntitle: Trois\ndate: 2025-01-03\n---\nTroisième.\n",
	} {
		if err := os.WriteFile(filepath.Join(content, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfgPath = filepath.Join(dir, "feedcast.yaml")
	os.WriteFile(cfgPath, []byte(`title: Show
language: fr
base_url: https://example.org/
cache: .feedcast-cache
publish:
  - type: dir
    name: local
    path: published
`), 0o644)
	return cfgPath, content, filepath.Join(dir, "published")
}

// targetFiles lists the files of the target under episodes/ep2/.
func targetFiles(t *testing.T, target string) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(filepath.Join(target, "episodes", "ep2"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, filepath.Base(p))
		}
		return nil
	})
	slices.Sort(files)
	return files
}

// targetItems parses the target's three feeds with gofeed and returns
// "format guid title content" for each item.
func targetItems(t *testing.T, target string) []string {
	t.Helper()
	var items []string
	for _, name := range []string{"feed.xml", "atom.xml", "feed.json"} {
		data, err := os.ReadFile(filepath.Join(target, name))
		if err != nil {
			t.Fatal(err)
		}
		f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, it := range f.Items {
			items = append(items, name+" "+it.GUID+" "+it.Title+" "+it.Content+it.Description)
		}
	}
	slices.Sort(items)
	return items
}

// TestPublishKeepsBrokenEpisode: a typo in one episode's front matter
// does not delete its files from the target, nor take its items out of
// the feeds; the run says so and exits 3 until the file is fixed; a
// deleted file removes the episode.
func TestPublishKeepsBrokenEpisode(t *testing.T) {
	cfgPath, content, target := keepShow(t)
	if code, stdout, stderr := run(t, "publish", "--config", cfgPath); code != exitOK {
		t.Fatalf("first publish: exit %d\n%s\n%s", code, stdout, stderr)
	}
	good, files := targetItems(t, target), targetFiles(t, target)
	if len(good) != 9 || !slices.Contains(files, "index.html") || !slices.Contains(files, "transcript.html") {
		t.Fatalf("first publish: items %q, files of ep2 %v", good, files)
	}

	ep2 := filepath.Join(content, "ep2.md")
	os.WriteFile(ep2, []byte("---\ntitle: Épisode 6 : le retour\ndate: 2025-01-02\n---\nDeuxième, modifié.\n"), 0o644)
	for i := range 2 {
		code, stdout, stderr := run(t, "publish", "--config", cfgPath)
		if code != exitSkipped {
			t.Errorf("publish %d with a broken file: exit %d, want %d\n%s\n%s", i+1, code, exitSkipped, stdout, stderr)
		}
		if !strings.Contains(stdout, "local: 0 uploaded (0 bytes), 0 deleted") {
			t.Errorf("publish %d with a broken file changed the target:\n%s", i+1, stdout)
		}
		want := "warning: " + filepath.ToSlash(ep2) + `:2: front matter: a value containing ":" must be in quotes`
		if !strings.Contains(stderr, want) || !strings.Contains(stderr, ": the version built on 2026-11-26 01:00 CET is kept until the file is fixed\n") ||
			!strings.Contains(stderr, "feedcast: 3 episodes published, 1 skipped (1 kept at its last good version), 0 held back,") || strings.Contains(stderr, "error:") {
			t.Errorf("publish %d: stderr does not tell the file kept:\n%s", i+1, stderr)
		}
		if got := targetItems(t, target); !slices.Equal(got, good) {
			t.Errorf("publish %d: the feeds changed:\n%q\nwant\n%q", i+1, got, good)
		}
		if got := targetFiles(t, target); !slices.Equal(got, files) {
			t.Errorf("publish %d: ep2's files on the target are %v, want %v", i+1, got, files)
		}
	}
	if code, _, stderr := run(t, "build", "--config", cfgPath, "--strict"); code != exitFail {
		t.Errorf("--strict with a kept file: exit %d, want %d\n%s", code, exitFail, stderr)
	}

	// Fixed: the new version is published.
	os.WriteFile(ep2, []byte("---\ntitle: \"Épisode 6 : le retour\"\ndate: 2025-01-02\n---\nDeuxième, modifié.\n"), 0o644)
	code, stdout, stderr := run(t, "publish", "--config", cfgPath)
	if code != exitOK || !strings.Contains(stderr, " 0 skipped,") {
		t.Errorf("fixed: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if got := strings.Join(targetItems(t, target), "\n"); strings.Count(got, "Épisode 6 : le retour") != 3 || !strings.Contains(got, "modifié") {
		t.Errorf("fixed: the new version is not published:\n%s", got)
	}

	// Deleted: the episode goes, from the feeds and the target.
	os.Remove(ep2)
	code, stdout, stderr = run(t, "publish", "--config", cfgPath)
	if code != exitOK || strings.Contains(stdout, " 0 deleted") {
		t.Errorf("deleted: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if got := targetItems(t, target); len(got) != 6 {
		t.Errorf("deleted: items %q", got)
	}
	if got := targetFiles(t, target); len(got) != 0 {
		t.Errorf("deleted: ep2's files left on the target: %v", got)
	}

	// A new broken file, never an episode, is skipped as it always was.
	os.WriteFile(filepath.Join(content, "ep4.md"), []byte("---\ntitle: Quatre\n---\nSans date.\n"), 0o644)
	code, _, stderr = run(t, "build", "--config", cfgPath)
	if code != exitSkipped || !strings.Contains(stderr, "ep4.md:1: date: missing: an episode needs a release date (skipped)\n") ||
		!strings.Contains(stderr, "feedcast: 2 episodes published, 1 skipped,") {
		t.Errorf("never good: exit %d\n%s", code, stderr)
	}
}

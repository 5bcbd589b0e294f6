package site

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/output"
	"github.com/feedcast/feedcast/internal/pages"
)

// incrementalShow writes a show of n episodes (and the static folder) to
// disk: signatures and the build cache need real files.
func incrementalShow(t *testing.T, n int) (content, static string) {
	t.Helper()
	content, static = diskFolders(t, showFS())
	for i := 1; i <= n; i++ {
		writeEpisode(t, content, i, "")
	}
	return content, static
}

// writeEpisode writes the i-th generated episode, dated i days into 2024.
func writeEpisode(t *testing.T, content string, i int, extra string) {
	t.Helper()
	text := fmt.Sprintf("---\ntitle: Épisode généré %d%s\ndate: %s\ntags: [Généré, %s]\n---\nCorps **%d** avec un [lien](/x/).\n\n## Transcription\n\n**Jane :** Bonjour %d.\n",
		i, extra, time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format(time.RFC3339), []string{"Pair", "Impair"}[i%2], i, i)
	writeFile(t, filepath.Join(content, "gen", fmt.Sprintf("ep%03d.md", i)), []byte(text))
}

// diskFolders writes files as the content folder and staticFS as the
// static folder, both on disk (signatures and the build cache need real
// files), and returns their paths.
func diskFolders(t *testing.T, files fstest.MapFS) (content, static string) {
	t.Helper()
	dir := t.TempDir()
	content, static = filepath.Join(dir, "content"), filepath.Join(dir, "public")
	for p, f := range staticFS() {
		writeFile(t, filepath.Join(static, p), f.Data)
	}
	for p, f := range files {
		writeFile(t, filepath.Join(content, p), f.Data)
	}
	return content, static
}

// runDisk builds the show of the folders content and static on disk
// (signatures and the build cache need real files) into out, as of
// fixedNow; a failed build fails the test.
func runDisk(t *testing.T, cfg *config.Config, content, static, out string) *Result {
	t.Helper()
	res, err := Run(context.Background(), Options{
		Config: cfg, Content: openDir(t, content).FS(), Static: openDir(t, static).FS(), Out: out,
		Now: func() time.Time { return fixedNow }, Version: "test",
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func writeFile(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fileID is what tells whether a build rewrote a file.
type fileID struct {
	mtime time.Time
	ino   uint64
	size  int64
}

// outputFiles returns every file of the output folder but the manifest.
func outputFiles(t *testing.T, out string) map[string]fileID {
	t.Helper()
	m := map[string]fileID{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == output.ManifestName {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		m[filepath.ToSlash(rel)] = fileID{info.ModTime(), info.Sys().(*syscall.Stat_t).Ino, info.Size()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// checkManifestDirs requires the folders of the output manifest to be
// the folders of its files and their parents, as a rebuild that keeps the
// same files takes them from the previous manifest.
func checkManifestDirs(t *testing.T, out string) {
	t.Helper()
	files, dirs := output.ManifestPaths(out)
	want := map[string]bool{".": true}
	for _, p := range files {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			want[d] = true
		}
	}
	got := map[string]bool{}
	for _, d := range dirs {
		got[d] = true
	}
	if len(files) == 0 || !maps.Equal(got, want) {
		t.Errorf("manifest of %d files: folders %v, want %v", len(files), slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
}

// settle waits until the files written so far are old enough for their
// signatures to be trusted.
func settle() { time.Sleep(racyWindow + 20*time.Millisecond) }

func TestIncrementalRebuild(t *testing.T) {
	defer func(w time.Duration) { racyWindow = w }(racyWindow)
	racyWindow = 100 * time.Millisecond

	content, static := incrementalShow(t, 12)
	cache := t.TempDir()
	out := filepath.Join(t.TempDir(), "site")
	build := func(t *testing.T) *Result {
		t.Helper()
		cfg := testConfig(t)
		cfg.Cache = cache
		cfg.FeedLimit = 5
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		res := runDisk(t, cfg, content, static, out)
		checkManifestDirs(t, out)
		return res
	}

	settle()
	first := build(t)
	if first.Rendered != first.Published || first.Reused != 0 || first.FilesWritten != first.Files || first.FilesUnchanged != 0 {
		t.Fatalf("first build: %d rendered, %d reused of %d; %d written, %d unchanged of %d files",
			first.Rendered, first.Reused, first.Published, first.FilesWritten, first.FilesUnchanged, first.Files)
	}
	if _, err := os.Stat(filepath.Join(out, "archive", "2", "feed.xml")); err != nil {
		t.Fatalf("no archive pages: %v", err)
	}
	settle()
	before := outputFiles(t, out)

	t.Run("nothing changed", func(t *testing.T) {
		for range 2 {
			res := build(t)
			if !res.Unchanged || res.Rendered != 0 || res.Reused != first.Published || res.FilesWritten != 0 ||
				res.FilesDeleted != 0 || res.FilesUnchanged != first.Files {
				t.Errorf("rebuild: unchanged %v, %d rendered, %d reused; %d written, %d deleted, %d unchanged of %d files",
					res.Unchanged, res.Rendered, res.Reused, res.FilesWritten, res.FilesDeleted, res.FilesUnchanged, res.Files)
			}
			if res.Published != first.Published || res.Feeds != first.Feeds || len(res.Diagnostics) != len(first.Diagnostics) {
				t.Errorf("rebuild reports %d published, %d feeds, %d diagnostics; first build %d, %d, %d",
					res.Published, res.Feeds, len(res.Diagnostics), first.Published, first.Feeds, len(first.Diagnostics))
			}
			if diff := changedFiles(before, outputFiles(t, out)); diff != "" {
				t.Errorf("a rebuild with nothing changed touched files:\n%s", diff)
			}
		}
	})

	t.Run("one episode changed", func(t *testing.T) {
		writeEpisode(t, content, 7, " (corrigé)")
		settle()
		res := build(t)
		if res.Unchanged || res.Rendered != 1 || res.Reused != first.Published-1 {
			t.Errorf("%d rendered, %d reused, want 1 and %d", res.Rendered, res.Reused, first.Published-1)
		}
		after := outputFiles(t, out)
		changed := strings.Fields(changedFiles(before, after))
		// Rewritten: its page, its neighbours' (their pager shows its
		// title), its transcript, and the documents that hold it: the
		// show's archive page 2 (episodes 6 to 10 of 14). Kept: the
		// other pages, transcripts and archive pages, and the
		// subscription documents, which hold the 5 latest episodes.
		for _, want := range []string{"episodes/ep007/index.html", "episodes/ep006/index.html", "episodes/ep008/index.html",
			"archive/2/feed.xml", "archive/2/atom.xml", "archive/2/feed.json", "episodes/ep007/transcript.html"} {
			if !contains(changed, want) {
				t.Errorf("%s was not rewritten; rewritten: %v", want, changed)
			}
		}
		// The list page of its tag shows its title; the other tag's
		// list page is kept.
		if !contains(changed, "tags/impair/index.html") {
			t.Errorf("the page of the episode's tag was not rewritten; rewritten: %v", changed)
		}
		for _, keep := range []string{"archive/1/feed.xml", "feed.xml", "episodes/ep003/index.html", "episodes/ep003/transcript.html", "atom.xml", "tags/pair/index.html"} {
			if _, ok := after[keep]; !ok {
				t.Errorf("no %s", keep)
			}
			if contains(changed, keep) {
				t.Errorf("%s was rewritten", keep)
			}
		}
		if res.FilesWritten != len(changed) {
			t.Errorf("FilesWritten = %d, but %d files changed: %v", res.FilesWritten, len(changed), changed)
		}
		before = after
	})

	t.Run("new episode", func(t *testing.T) {
		writeEpisode(t, content, 13, "")
		settle()
		res := build(t)
		if res.Rendered != 1 {
			t.Errorf("%d rendered, want 1", res.Rendered)
		}
		changed := strings.Fields(changedFiles(before, outputFiles(t, out)))
		// 14 episodes with the two of showFS, 5 per page: the archive
		// pages (1 to 5, 6 to 10) are full already and stay as they are.
		for _, keep := range []string{"archive/1/feed.xml", "archive/2/atom.xml", "archive/2/feed.json"} {
			if contains(changed, keep) {
				t.Errorf("%s was rewritten although its episodes did not change", keep)
			}
		}
		if !contains(changed, "feed.xml") || !contains(changed, "episodes/ep013/index.html") {
			t.Errorf("the feed or the new page was not written: %v", changed)
		}
	})

	t.Run("episode deleted, output damaged", func(t *testing.T) {
		if err := os.Remove(filepath.Join(content, "gen", "ep013.md")); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(out, "episodes", "ep003", "transcript.txt")); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, "stray.txt"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		settle()
		res := build(t)
		if res.FilesDeleted == 0 {
			t.Error("the files of the deleted episode were not deleted")
		}
		for _, p := range []string{"episodes/ep013/index.html", "stray.txt"} {
			if _, err := os.Stat(filepath.Join(out, p)); err == nil {
				t.Errorf("%s is left in the output", p)
			}
		}
		if _, err := os.Stat(filepath.Join(out, "episodes", "ep003", "transcript.txt")); err != nil {
			t.Errorf("a deleted output file was not written again: %v", err)
		}
	})

	t.Run("same as a cold build", func(t *testing.T) {
		cold := filepath.Join(t.TempDir(), "cold")
		cfg := testConfig(t)
		cfg.Cache = ""
		cfg.FeedLimit = 5
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		runDisk(t, cfg, content, static, cold)
		if diff := compareTrees(t, out, cold); diff != "" {
			t.Error("the incrementally built folder differs from a cold build: " + diff)
		}
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// changedFiles lists the files added, removed or rewritten.
func changedFiles(before, after map[string]fileID) string {
	var b strings.Builder
	for p, a := range after {
		if bf, ok := before[p]; !ok || bf != a {
			fmt.Fprintln(&b, p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			fmt.Fprintln(&b, p)
		}
	}
	return b.String()
}

// TestListPagesKept: when an episode changes, its page, its neighbours'
// and the one page of each of its lists that shows it are made again;
// every other page, those of the same lists included, is kept without
// being made.
func TestListPagesKept(t *testing.T) {
	defer func(w time.Duration) { racyWindow = w }(racyWindow)
	racyWindow = 100 * time.Millisecond

	content, static := incrementalShow(t, 2*pages.ListSize+10)
	cache := t.TempDir()
	out := filepath.Join(t.TempDir(), "site")
	build := func() *Result {
		t.Helper()
		cfg := testConfig(t)
		cfg.Cache = cache
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		return runDisk(t, cfg, content, static, out)
	}
	settle()
	first := build()
	settle()
	lists := 0
	for p := range outputFiles(t, out) {
		if strings.HasPrefix(p, "tags/") || strings.HasPrefix(p, "series/") {
			if strings.HasSuffix(p, "/index.html") {
				lists++
			}
		}
	}
	// "Généré" has 110 episodes on 3 pages, "Pair" and "Impair" 55 on 2.
	if lists < 7 {
		t.Fatalf("%d list pages, want at least 7", lists)
	}

	writeEpisode(t, content, 60, " (corrigé)") // in "Généré" and "Pair"
	settle()
	res := build()
	if res.Rendered != 1 {
		t.Fatalf("%d episodes rendered, want 1", res.Rendered)
	}
	// Not made again: the other episodes' pages, and the list pages but
	// the two that show episode 60.
	if got, want := first.PagesMade-res.PagesMade, (first.Published-3)+(lists-2); got != want {
		t.Errorf("the rebuild made %d pages of the first build's %d: %d fewer, want %d fewer (%d published, %d list pages)",
			res.PagesMade, first.PagesMade, got, want, first.Published, lists)
	}
	page, err := os.ReadFile(filepath.Join(out, "tags", "pair", "index.html")) // episodes 110 to 12
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Épisode généré 60 (corrigé)") {
		t.Errorf("the page of the tag that shows episode 60 does not show its new title")
	}
}

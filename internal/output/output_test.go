package output

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestSink writes a folder, then updates it in place: an unchanged file
// keeps its inode and time, a changed one is replaced, a file no longer
// written is deleted with its emptied folder, and the manifest keeps the
// caller's record and lists the files.
func TestSink(t *testing.T) {
	out := filepath.Join(t.TempDir(), "_site")
	since := time.Now().Add(time.Hour).UnixNano() // no folder time trusted
	build := func(files map[string]string, record []byte) (*Sink, []byte) {
		t.Helper()
		var got []byte
		s, err := Open(out, since, func(b []byte) { got = b })
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range slices.Sorted(maps.Keys(files)) {
			var k Key // what the file is made from: here, its bytes
			copy(k[:], files[p])
			if err := s.Put(p, k, []byte(files[p])); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Finish(record); err != nil {
			t.Fatal(err)
		}
		return s, slices.Clone(got)
	}
	s, rec := build(map[string]string{"feed.xml": "<rss/>", "a/b/img.jpg": "jpeg", "index.html": "v1"}, []byte("first"))
	if !s.Fresh() || rec != nil {
		t.Fatalf("first build: fresh %v, record %q", s.Fresh(), rec)
	}
	if w, u, d := s.Counts(); w != 3 || u != 0 || d != 0 {
		t.Errorf("first build: %d written, %d unchanged, %d deleted", w, u, d)
	}
	before, err := os.Stat(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}

	s, rec = build(map[string]string{"feed.xml": "<rss/>", "index.html": "v2"}, nil)
	if s.Fresh() || string(rec) != "first" {
		t.Fatalf("second build: fresh %v, record %q", s.Fresh(), rec)
	}
	if w, u, d := s.Counts(); w != 1 || u != 1 || d != 1 {
		t.Errorf("second build: %d written, %d unchanged, %d deleted, want 1, 1, 1", w, u, d)
	}
	after, err := os.Stat(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || !before.ModTime().Equal(after.ModTime()) {
		t.Error("an unchanged file was written again")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "v2" {
		t.Errorf("index.html = %q, want v2", b)
	}
	if _, err := os.Stat(filepath.Join(out, "a")); !os.IsNotExist(err) {
		t.Errorf("the emptied folder is still there: %v", err)
	}
	files, _ := ManifestPaths(out)
	slices.Sort(files)
	if !slices.Equal(files, []string{"feed.xml", "index.html"}) {
		t.Errorf("manifest files %v", files)
	}

	// Nothing changed: the folder is intact, and the record is gone
	// (the second build left none).
	s, rec = build(map[string]string{"feed.xml": "<rss/>", "index.html": "v2"}, nil)
	if rec != nil {
		t.Errorf("third build: record %q, want none", rec)
	}
	if w, u, d := s.Counts(); w != 0 || u != 2 || d != 0 {
		t.Errorf("third build: %d written, %d unchanged, %d deleted", w, u, d)
	}
	s, err = Open(out, since, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Intact() || s.Previous() != 2 {
		t.Errorf("intact %v, %d previous files", s.Intact(), s.Previous())
	}
	os.WriteFile(filepath.Join(out, "stray.txt"), []byte("x"), 0o644)
	if s, err = Open(out, since, nil); err != nil || s.Intact() {
		t.Errorf("a folder with a stray file is intact (%v)", err)
	}
}

package feedtest

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/feedcast/feedcast/feed"
)

// WriteFunc is a format's entry point: rss.Write, atom.Write, jsonfeed.Write.
type WriteFunc func(io.Writer, *feed.Feed) error

// Golden compares got with the golden file at path; with update, it first
// rewrites the file with got.
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update after checking the diff):\n%s", path, got)
	}
}

// HistoryGolden writes each kind of RFC 5005 document (HistoryShows) and
// compares it with testdata/history-<name>.golden<ext>.
func HistoryGolden(t *testing.T, write WriteFunc, ext string, update bool) {
	for _, s := range HistoryShows() {
		t.Run(s.Name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf, s.Feed); err != nil {
				t.Fatal(err)
			}
			Golden(t, filepath.Join("testdata", "history-"+s.Name+".golden"+ext), buf.Bytes(), update)
		})
	}
}

// CheckItemCache checks that a feed written with an item cache is the same
// as without, and that a second feed takes its items from the cache.
func CheckItemCache(t *testing.T, write WriteFunc) {
	for _, s := range Shows() {
		var plain, first, second bytes.Buffer
		if err := write(&plain, s.Feed); err != nil {
			t.Fatal(err)
		}
		cache := &ItemCache{}
		s.Feed.Fragments = cache
		if err := write(&first, s.Feed); err != nil {
			t.Fatal(err)
		}
		if err := write(&second, s.Feed); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(plain.Bytes(), first.Bytes()) || !bytes.Equal(plain.Bytes(), second.Bytes()) {
			t.Errorf("%s: the item cache changes the output", s.Name)
		}
		if cache.Hits != len(s.Feed.Items) {
			t.Errorf("%s: %d cache hits for %d items", s.Name, cache.Hits, len(s.Feed.Items))
		}
	}
}

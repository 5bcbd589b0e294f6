package rss

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

// TestHistoryGolden writes each kind of RFC 5005 document.
func TestHistoryGolden(t *testing.T) {
	for _, s := range feedtest.HistoryShows() {
		t.Run(s.Name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, s.Feed); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			path := filepath.Join("testdata", "history-"+s.Name+".golden.xml")
			if *update {
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
		})
	}
}

// TestItemCache checks that a feed written with an item cache is the same
// as without, and that a second feed takes its items from the cache.
func TestItemCache(t *testing.T) {
	for _, s := range feedtest.Shows() {
		var plain, first, second bytes.Buffer
		if err := Write(&plain, s.Feed); err != nil {
			t.Fatal(err)
		}
		cache := &feedtest.ItemCache{}
		s.Feed.Fragments = cache
		if err := Write(&first, s.Feed); err != nil {
			t.Fatal(err)
		}
		if err := Write(&second, s.Feed); err != nil {
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

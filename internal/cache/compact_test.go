package cache

import (
	"strings"
	"testing"
)

// TestCompactKeepsBodies checks that compacting the blob store moves the
// parts of the records, the HTML of their last good version included, and
// that the index written after it points at their new places (a record
// read from the index is written back from the bytes read, which no
// longer tell where its parts are).
func TestCompactKeepsBodies(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir, Key{1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.blobs.Put([]byte("garbage, no longer used")); err != nil {
		t.Fatal(err)
	}
	texts := []string{"rss", "atom", "json", "page", "transcript", "body", "body transcript"}
	parts := make([][]byte, len(texts))
	for i, s := range texts {
		parts[i] = []byte(s)
	}
	refs, err := c.blobs.Put(parts...)
	if err != nil {
		t.Fatal(err)
	}
	rec := &EpisodeRecord{Render: &RenderRecord{}, Bodied: true}
	copy(rec.Render.Parts[:], refs)
	copy(rec.Body[:], refs[NumParts:])
	// The record as a later build has it: read from the index.
	idx, err := decodeIndex(encodeIndex(&Index{Format: Format, Episodes: map[string]*EpisodeRecord{"a.md": rec}}))
	if err != nil || idx.Episodes["a.md"].raw == nil {
		t.Fatalf("%v, %+v", err, idx.Episodes["a.md"])
	}
	if err := c.compact(idx); err != nil {
		t.Fatal(err)
	}
	again, err := decodeIndex(encodeIndex(idx))
	if err != nil {
		t.Fatal(err)
	}
	got := again.Episodes["a.md"]
	all := append(got.Render.Parts[:], got.Body[:]...)
	for i, r := range all {
		b, err := c.blobs.Get(r, nil)
		if err != nil || string(b) != texts[i] {
			t.Errorf("part %d after compaction: %q, %v; want %q", i, b, err, texts[i])
		}
	}
	if size := c.blobs.size.Load(); size != int64(len(strings.Join(texts, ""))) {
		t.Errorf("compacted store of %d bytes", size)
	}
}

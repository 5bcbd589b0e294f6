package cache

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// TestBlobStorePut stores many parts in one put, from several goroutines
// at once, and reads each back.
func TestBlobStorePut(t *testing.T) {
	b, err := Scratch(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	const workers, parts = 4, 2055
	want := make([][][]byte, workers)
	refs := make([][]BlobRef, workers)
	var wg sync.WaitGroup
	for w := range workers {
		for i := range parts {
			p := []byte(fmt.Sprintf("w%d-part%d;", w, i))
			if i%5 == 0 {
				p = nil // empty parts are skipped by the write
			}
			want[w] = append(want[w], bytes.Repeat(p, 1+i%3))
		}
		wg.Go(func() {
			var err error
			if refs[w], err = b.Put(want[w]...); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for w := range workers {
		if len(refs[w]) != parts {
			t.Fatalf("worker %d: %d refs, want %d", w, len(refs[w]), parts)
		}
		for i, r := range refs[w] {
			got, err := b.Get(r, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want[w][i]) {
				t.Fatalf("worker %d part %d: got %q, want %q", w, i, got, want[w][i])
			}
		}
	}
}

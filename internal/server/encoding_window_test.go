package server

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/andybalholm/brotli"
)

// TestBrotliWindow: the window made to the body's size still holds the
// whole body, so every size decodes to the same bytes, and compresses as
// well as the default window does.
func TestBrotliWindow(t *testing.T) {
	for n, want := range map[int]int{0: 10, 1000: 10, 1008: 10, 1009: 11, 10800: 14, 1 << 20: 21, 64 << 20: 24} {
		if got := brotliWindow(n); got != want {
			t.Errorf("brotliWindow(%d) = %d, want %d", n, got, want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"épisode ", "podcast ", "<item>", "</item>\n", "numérique ", "sobriété "}
	for _, n := range []int{1500, 1 << 14, (1 << 14) + 1, 200 << 10} {
		var b bytes.Buffer
		for b.Len() < n {
			b.WriteString(words[r.IntN(len(words))])
		}
		data := b.Bytes()[:n]
		got, err := compress(data, encBrotli)
		if err != nil || got == nil {
			t.Fatalf("%d bytes: %v, %d bytes", n, err, len(got))
		}
		plain, err := io.ReadAll(brotli.NewReader(bytes.NewReader(got)))
		if err != nil || !bytes.Equal(plain, data) {
			t.Fatalf("%d bytes: decoded %d bytes, %v", n, len(plain), err)
		}
		_, q := levels(n)
		var def bytes.Buffer
		w := brotli.NewWriterLevel(&def, q)
		w.Write(data)
		w.Close()
		if len(got) > def.Len()+def.Len()/100 {
			t.Errorf("%d bytes: %d compressed, the default window gives %d", n, len(got), def.Len())
		}
	}
}

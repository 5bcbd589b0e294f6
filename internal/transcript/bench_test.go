package transcript

import (
	"io"
	"testing"
)

// benchPath is the longest transcript of the corpus (about 50 KB of HTML).
const benchPath = "podcasts/referents/saison2-episode3-Gvermotdesroches/S2E3.md"

func benchHTML(b *testing.B) string {
	b.Helper()
	tr, ok := corpusTranscripts(b)[benchPath]
	if !ok {
		b.Skipf("%s not in the corpus", benchPath)
	}
	return tr.HTML
}

func BenchmarkFromHTML(b *testing.B) {
	src := benchHTML(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if tr, _ := FromHTML(src); len(tr.Segments) == 0 {
			b.Fatal("no segments")
		}
	}
}

// BenchmarkWriteAll writes the corpus transcript, timed with a cue every
// three seconds, in the five formats.
func BenchmarkWriteAll(b *testing.B) {
	tr, _ := FromHTML(benchHTML(b))
	tr.Timed = true
	for i := range tr.Segments {
		tr.Segments[i].Start, tr.Segments[i].End = float64(3*i), float64(3*i+3)
	}
	page := Page{Title: "S2E3", EpisodeURL: "https://example.org/s2e3/", Lang: "fr"}
	b.ReportAllocs()
	for b.Loop() {
		for _, write := range []func(io.Writer) error{
			func(w io.Writer) error { return tr.WriteHTML(w, page) },
			tr.WriteText, tr.WriteJSON, tr.WriteVTT, tr.WriteSRT,
		} {
			if err := write(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	}
}

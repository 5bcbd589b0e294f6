package feed

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkCleanText measures the check of text that is clean, per byte:
// the episode files of the real corpus, French text with its markup.
func BenchmarkCleanText(b *testing.B) {
	root := filepath.Join("..", "..", "shared", "corpus", "minumeco")
	var sb strings.Builder
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		data, err := os.ReadFile(p)
		sb.Write(data)
		return err
	})
	if err != nil {
		b.Skipf("real corpus: %v", err)
	}
	s := CleanText(sb.String()) // clean once: the check of clean text is measured
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if CleanText(s) != s {
			b.Fatal("clean text changed")
		}
	}
}

package artwork

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir holds the real images of the Minumeco site.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "minumeco")

// corpusFiles lists the corpus images, sorted; under -short only every
// fourth, under the race detector every tenth. It skips the test when the
// corpus is absent.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("corpus not available:", err)
	}
	var files []string
	err := filepath.WalkDir(corpusDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg":
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	step := 1
	switch {
	case raceEnabled:
		step = 10
	case testing.Short():
		step = 4
	}
	var some []string
	for i, f := range files {
		if i%step == 0 {
			some = append(some, f)
		}
	}
	return some
}

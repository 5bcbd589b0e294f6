package dir_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/dir"
	"github.com/feedcast/feedcast/internal/publish/publishtest"
	"github.com/feedcast/feedcast/internal/publish/tree"
)

func TestTarget(t *testing.T) {
	publishtest.RunTargetTests(t, func(t *testing.T) func() publish.Target {
		folder := filepath.Join(t.TempDir(), "www")
		return func() publish.Target {
			tg, err := dir.New("dir", folder)
			if err != nil {
				t.Fatal(err)
			}
			return tg
		}
	})
}

// TestNoManifest publishes to a folder that another tool filled: the
// files are listed by size and uploaded again, the manifest written, and
// a file changed by hand behind the manifest's back is uploaded again.
func TestNoManifest(t *testing.T) {
	files := publishtest.Site([]int{1, 2}, 1)
	src := publishtest.WriteSite(t, files)
	folder := publishtest.WriteSite(t, files)
	open := func() *dir.Target {
		tg, err := dir.New("dir", folder)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { tg.Close() })
		return tg
	}
	objs, err := open().List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for k, o := range objs {
		if o.Hash != "" || o.Size != int64(len(files[k])) {
			t.Errorf("%s: listed %+v without a manifest, want the size and no hash", k, o)
		}
	}
	rep, err := publish.Sync(context.Background(), src, open(), publishtest.Options())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Uploaded != len(files) {
		t.Errorf("uploaded %d, want %d", rep.Uploaded, len(files))
	}
	if _, err := os.Stat(filepath.Join(folder, tree.ManifestName)); err != nil {
		t.Fatalf("no manifest: %v", err)
	}

	// Same size, other bytes, another modification time.
	p := filepath.Join(folder, "feed.xml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.ToUpper(string(b))), 0o644)
	os.Chtimes(p, time0, time0)
	rep, err = publish.Sync(context.Background(), src, open(), publishtest.Options())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Uploaded != 1 || len(rep.ChangedFeeds) != 1 {
		t.Errorf("after a change by hand: uploaded %d, feeds %q; want 1, [feed.xml]", rep.Uploaded, rep.ChangedFeeds)
	}
	publishtest.Equal(t, open(), src)
}

// TestLeftovers removes the temporary files of a killed run and the
// folders that deletions leave empty.
func TestLeftovers(t *testing.T) {
	src := publishtest.WriteSite(t, publishtest.Site([]int{1}, 1))
	folder := t.TempDir()
	tmp := filepath.Join(folder, "episodes", tree.TempPrefix+"0123")
	os.MkdirAll(filepath.Dir(tmp), 0o755)
	os.WriteFile(tmp, []byte("half"), 0o644)
	tg, err := dir.New("dir", folder)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	if _, err := publish.Sync(context.Background(), src, tg, publishtest.Options()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("temporary file left: %v", err)
	}
	empty := publishtest.WriteSite(t, map[string][]byte{"index.html": []byte("<p>gone</p>")})
	opt := publishtest.Options()
	opt.MaxDeletes = -1
	if _, err := publish.Sync(context.Background(), empty, tg, opt); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(folder, "episodes")); !os.IsNotExist(err) {
		t.Errorf("empty folder left: %v", err)
	}
}

var time0 = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

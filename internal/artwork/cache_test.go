package artwork

import (
	"bytes"
	"context"
	"image/color"
	"os"
	"path/filepath"
	"testing"
)

func TestCache(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	jobs := []Job{
		{Name: "a.png", Data: solid(t, 300, 200, color.RGBA{200, 0, 0, 255})},
		{Name: "b.svg", Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="20" height="30" fill="#00f"/></svg>`)},
	}
	if files := corpusFiles(t); len(files) > 0 {
		data, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, Job{Name: files[0], Data: data})
	}

	first := newProcessor(t, Options{CacheDir: dir})
	want := first.ProcessAll(context.Background(), jobs, nil)
	if s := first.Stats(); s.Encoded != len(jobs) || s.CacheHits != 0 {
		t.Fatalf("first run: %+v", s)
	}

	// A new processor, as in a second build, reads everything back.
	second := newProcessor(t, Options{CacheDir: dir})
	got := second.ProcessAll(context.Background(), jobs, nil)
	if s := second.Stats(); s.Encoded != 0 || s.CacheHits != len(jobs) {
		t.Errorf("second run: %+v, want 0 encoded", s)
	}
	for i := range jobs {
		if got[i].Err != nil {
			t.Fatal(got[i].Err)
		}
		if len(got[i].Renditions) != 3 || got[i].Format != want[i].Format {
			t.Fatalf("%s: cached result %+v", jobs[i].Name, got[i])
		}
		for k, r := range got[i].Renditions {
			w := want[i].Renditions[k]
			if !bytes.Equal(r.Data, w.Data) || r.Kind != w.Kind || r.Width != w.Width || r.Height != w.Height || r.Upscaled != w.Upscaled {
				t.Errorf("%s %s: cached rendition differs", jobs[i].Name, r.Kind)
			}
		}
	}

	// Other output settings miss the cache.
	navy := newProcessor(t, Options{CacheDir: dir, Background: color.RGBA{0, 0, 128, 255}})
	navy.Process(context.Background(), jobs[0].Name, jobs[0].Data)
	if s := navy.Stats(); s.Encoded != 1 || s.CacheHits != 0 {
		t.Errorf("other background: %+v", s)
	}

	// A damaged file is a miss, and the next run repairs it.
	files, err := filepath.Glob(filepath.Join(dir, "*", "*-square.jpg"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cached files: %v", err)
	}
	for _, f := range files {
		if err := os.WriteFile(f, []byte("damaged"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	third := newProcessor(t, Options{CacheDir: dir})
	third.Process(context.Background(), jobs[0].Name, jobs[0].Data)
	fourth := newProcessor(t, Options{CacheDir: dir})
	res := fourth.Process(context.Background(), jobs[0].Name, jobs[0].Data)
	if s3, s4 := third.Stats(), fourth.Stats(); s3.Encoded != 1 || s4.CacheHits != 1 {
		t.Errorf("after damage: %+v then %+v", s3, s4)
	}
	if !bytes.Equal(res.Renditions[0].Data, want[0].Renditions[0].Data) {
		t.Error("repaired rendition differs")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*", ".tmp-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

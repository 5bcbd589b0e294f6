package artwork

import (
	"bytes"
	"context"
	"image/color"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestProcessAll checks order, deduplication, progress and that outputs
// are the same bytes whatever the number of workers.
func TestProcessAll(t *testing.T) {
	t.Parallel()
	var jobs []Job
	for _, f := range corpusFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, Job{Name: filepath.Base(f), Data: data})
		if len(jobs) == 4 {
			break
		}
	}
	red := solid(t, 50, 40, color.RGBA{255, 0, 0, 255})
	jobs = append(jobs,
		Job{Name: "red-1.png", Data: red},
		Job{Name: "broken.png", Data: red[:30]},
		Job{Name: "red-2.png", Data: red},
	)

	one := newProcessor(t, Options{Workers: 1})
	var mu sync.Mutex
	var seen []int
	serial := one.ProcessAll(context.Background(), jobs, func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if total != len(jobs) {
			t.Errorf("progress total %d", total)
		}
		seen = append(seen, done)
	})
	if len(seen) == 0 || seen[len(seen)-1] != len(jobs) {
		t.Errorf("progress %v", seen)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] <= seen[i-1] {
			t.Errorf("progress not increasing: %v", seen)
		}
	}
	// The corpus holds the same picture under several names.
	unique := map[string]bool{}
	for _, j := range jobs {
		unique[string(j.Data)] = true
	}
	want := Stats{Encoded: len(unique) - 1, Shared: len(jobs) - len(unique), Failed: 1}
	if s := one.Stats(); s != want {
		t.Errorf("stats %+v, want %+v", s, want)
	}

	many := newProcessor(t, Options{Workers: 4})
	parallel := many.ProcessAll(context.Background(), jobs, nil)
	for i, j := range jobs {
		a, b := serial[i], parallel[i]
		if (a.Err == nil) != (b.Err == nil) {
			t.Fatalf("%s: errors %v and %v", j.Name, a.Err, b.Err)
		}
		if a.Err != nil {
			if got := a.Err.Error(); !bytes.Contains([]byte(got), []byte(j.Name)) {
				t.Errorf("error %q does not name %s", got, j.Name)
			}
			continue
		}
		for k := range a.Renditions {
			if !bytes.Equal(a.Renditions[k].Data, b.Renditions[k].Data) {
				t.Errorf("%s %s: bytes differ between 1 and 4 workers", j.Name, a.Renditions[k].Kind)
			}
		}
		// And Process alone gives the same bytes.
		if i == 0 {
			c := newProcessor(t, Options{}).Process(context.Background(), j.Name, j.Data)
			if c.Err != nil || !bytes.Equal(c.Renditions[0].Data, a.Renditions[0].Data) {
				t.Errorf("%s: Process differs from ProcessAll (%v)", j.Name, c.Err)
			}
		}
	}
}

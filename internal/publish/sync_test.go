package publish_test

import (
	"context"
	"errors"
	"github.com/feedcast/feedcast/internal/filetype"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/publishtest"
)

func TestMemoryTarget(t *testing.T) {
	publishtest.RunTargetTests(t, func(t *testing.T) func() publish.Target {
		m := publishtest.NewMemory()
		return func() publish.Target { return m }
	})
}

func TestScan(t *testing.T) {
	dir := publishtest.WriteSite(t, map[string][]byte{
		"feed.xml":                 []byte("<rss/>"),
		"episodes/é 1/cover.webp":  []byte("RIFF"),
		".feedcast-manifest.json":  []byte("{}"),
		"x/.feedcast-tmp-0123":     []byte("half"),
		".well-known/security.txt": []byte("Contact: x"),
	})
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	objs, err := publish.Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := range objs {
		got = append(got, k)
	}
	slices.Sort(got)
	want := []string{".well-known/security.txt", "episodes/é 1/cover.webp", "feed.xml"}
	if !slices.Equal(got, want) {
		t.Errorf("scanned %q, want %q", got, want)
	}
	want0 := publish.Object{Key: "feed.xml", Size: 6, Hash: publish.Hash([]byte("<rss/>")),
		ContentType: "application/rss+xml; charset=utf-8", CacheControl: filetype.CacheShort}
	if objs["feed.xml"] != want0 {
		t.Errorf("feed.xml: %+v, want %+v", objs["feed.xml"], want0)
	}
	if _, err := publish.Scan(filepath.Join(dir, "missing")); err == nil {
		t.Error("scan of a missing folder succeeded")
	}
}

// slowTarget blocks every Put until the context ends.
type slowTarget struct{ *publishtest.Memory }

func (s slowTarget) Put(ctx context.Context, _ publish.Object, _ io.Reader) error {
	<-ctx.Done()
	return ctx.Err()
}

func TestDeadline(t *testing.T) {
	dir := publishtest.WriteSite(t, publishtest.Site([]int{1}, 1))
	opt := publishtest.Options()
	opt.Deadline = 50 * time.Millisecond
	start := time.Now()
	rep, err := publish.Sync(context.Background(), dir, slowTarget{publishtest.NewMemory()}, opt)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("sync past its deadline: %v", err)
	}
	if rep.Uploaded != 0 || time.Since(start) > 5*time.Second {
		t.Errorf("uploaded %d in %v", rep.Uploaded, time.Since(start))
	}
}

// TestDeleteMissing goes on when a file to delete is already gone.
func TestDeleteMissing(t *testing.T) {
	m := publishtest.NewMemory()
	opt := publishtest.Options()
	v1 := publishtest.WriteSite(t, publishtest.Site([]int{1, 2}, 1))
	if _, err := publish.Sync(context.Background(), v1, m, opt); err != nil {
		t.Fatal(err)
	}
	gone := &vanishing{Memory: m}
	v2 := publishtest.WriteSite(t, publishtest.Site([]int{2}, 1))
	rep, err := publish.Sync(context.Background(), v2, gone, opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Deleted != len(rep.Deletes) {
		t.Errorf("deleted %d of %d", rep.Deleted, len(rep.Deletes))
	}
}

// vanishing deletes every file itself just before Sync asks to.
type vanishing struct{ *publishtest.Memory }

func (v *vanishing) Delete(ctx context.Context, key string) error {
	v.Memory.Delete(ctx, key)
	return v.Memory.Delete(ctx, key)
}

// TestPutFailureStopsTheRun: after a failed upload no feed is replaced.
func TestPutFailureStopsTheRun(t *testing.T) {
	m := publishtest.NewMemory()
	dir := publishtest.WriteSite(t, publishtest.Site([]int{1, 2}, 1))
	rec := &publishtest.Recorder{Target: &publishtest.Cut{Target: m, After: 2}}
	_, err := publish.Sync(context.Background(), dir, rec, publishtest.Options())
	if !errors.Is(err, publishtest.ErrCut) {
		t.Fatalf("sync: %v", err)
	}
	for _, e := range rec.Events {
		if publish.IsFeed(publish.Object{ContentType: filetype.ContentType(e.Key, nil)}) {
			t.Errorf("feed %s uploaded after a failure", e.Key)
		}
	}
}

// slowDeletes is a target whose deletions of feeds are slow, and that
// records when each deletion starts and ends.
type slowDeletes struct {
	*publishtest.Memory
	mu     sync.Mutex
	events []string // "start key", "end key"
}

func (s *slowDeletes) add(e string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, e)
}

func (s *slowDeletes) Delete(ctx context.Context, key string) error {
	s.add("start " + key)
	if publish.IsFeed(publish.Object{ContentType: filetype.ContentType(key, nil)}) {
		time.Sleep(30 * time.Millisecond)
	}
	err := s.Memory.Delete(ctx, key)
	s.add("end " + key)
	return err
}

// TestDeletePhases deletes feeds, then pages, then the other files, each
// step finished before the next starts, so that no page outlives the
// images it shows and no feed the pages it links to, even for a moment.
func TestDeletePhases(t *testing.T) {
	tg := &slowDeletes{Memory: publishtest.NewMemory()}
	files := publishtest.Site([]int{1, 2, 3, 4, 5, 6}, 1)
	for _, ep := range []string{"ep-2", "ep-3", "ep-4"} {
		files["episodes/"+ep+"/index.html"] = []byte("<!doctype html><title>" + ep + "</title>")
	}
	old := publishtest.WriteSite(t, files)
	opt := publishtest.Options()
	opt.Concurrency = 8
	if _, err := publish.Sync(context.Background(), old, tg, opt); err != nil {
		t.Fatal(err)
	}
	// Remove everything of episodes 2 to 6, and the series feeds.
	if _, err := publish.Sync(context.Background(), publishtest.WriteSite(t, publishtest.Site([]int{1}, 1)), tg, opt); err != nil {
		t.Fatal(err)
	}
	stage := func(key string) int {
		k := filetype.KindOf(key, filetype.ContentType(key, nil))
		switch k {
		case filetype.KindFeed:
			return 0
		case filetype.KindPage:
			return 1
		}
		return 2
	}
	running := map[int]int{}
	done := map[int]bool{}
	seen := map[int]bool{}
	for _, e := range tg.events {
		op, key, _ := strings.Cut(e, " ")
		st := stage(key)
		seen[st] = true
		if op == "start" {
			for before := range st {
				if running[before] > 0 {
					t.Errorf("%s started while a deletion of step %d was going", key, before)
				}
			}
			if done[st] {
				t.Errorf("%s started after a later step", key)
			}
			running[st]++
			continue
		}
		running[st]--
		for before := range st {
			done[before] = true
		}
	}
	if !seen[0] || !seen[1] || !seen[2] {
		t.Errorf("deletions %q: want feeds, pages and files deleted", tg.events)
	}
}

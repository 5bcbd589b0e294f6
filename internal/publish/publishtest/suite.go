// Package publishtest is the conformance suite that every publish.Target
// runs, against a real server where the target has one, and the helpers
// it uses: a small built show (Site), a target that records the order of
// its calls (Recorder) and one that fails half-way (Cut).
package publishtest

import (
	"bytes"
	"context"
	"errors"
	"github.com/feedcast/feedcast/internal/filetype"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/publish"
)

// Factory makes an empty place on a backend for one test and returns a
// function that opens a handle on it. Every handle it opens sees what the
// others wrote: the suite opens a new one where a new process would.
type Factory func(t *testing.T) (open func() publish.Target)

// Options are the sync options of the suite: no waiting between retries.
func Options() publish.Options {
	return publish.Options{
		Concurrency: 3,
		Retry: publish.Backoff{Attempts: 2, Rand: func() float64 { return 0.5 },
			Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }},
	}
}

// RunTargetTests runs the conformance suite on the targets made by newTarget.
func RunTargetTests(t *testing.T, newTarget Factory) {
	opener := func(t *testing.T) func() publish.Target {
		open := newTarget(t)
		return func() publish.Target {
			tg := open()
			t.Cleanup(func() { publish.Close(tg) })
			return tg
		}
	}
	t.Run("Empty", func(t *testing.T) { testEmpty(t, opener(t)) })
	t.Run("PutListDelete", func(t *testing.T) { testPutListDelete(t, opener(t)) })
	t.Run("Overwrite", func(t *testing.T) { testOverwrite(t, opener(t)) })
	t.Run("Names", func(t *testing.T) { testNames(t, opener(t)) })
	t.Run("DeleteMissing", func(t *testing.T) { testDeleteMissing(t, opener(t)) })
	t.Run("SyncTwice", func(t *testing.T) { testSyncTwice(t, opener(t)) })
	t.Run("Order", func(t *testing.T) { testOrder(t, opener(t)) })
	t.Run("DeleteCap", func(t *testing.T) { testDeleteCap(t, opener(t)) })
	t.Run("DryRun", func(t *testing.T) { testDryRun(t, opener(t)) })
	t.Run("Interrupted", func(t *testing.T) { testInterrupted(t, opener(t)) })
}

func put(t *testing.T, tg publish.Target, key, ctype string, body []byte) publish.Object {
	t.Helper()
	o := publish.Object{Key: key, Size: int64(len(body)), Hash: publish.Hash(body),
		ContentType: ctype, CacheControl: filetype.CacheControl(key, filetype.KindOf(key, ctype), ctype)}
	if err := tg.Put(context.Background(), o, bytes.NewReader(body)); err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
	return o
}

func list(t *testing.T, tg publish.Target) map[string]publish.Object {
	t.Helper()
	m, err := tg.List(context.Background())
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	return m
}

func commit(t *testing.T, tg publish.Target) {
	t.Helper()
	if c, ok := tg.(publish.Committer); ok {
		if err := c.Commit(context.Background()); err != nil {
			t.Fatalf("commit: %v", err)
		}
	}
}

func testEmpty(t *testing.T, open func() publish.Target) {
	if m := list(t, open()); len(m) != 0 {
		t.Fatalf("a new target lists %v", slices.Sorted(maps.Keys(m)))
	}
}

func testPutListDelete(t *testing.T, open func() publish.Target) {
	tg := open()
	want := []publish.Object{
		put(t, tg, "feed.xml", "application/rss+xml; charset=utf-8", []byte("<rss/>")),
		put(t, tg, "episodes/a/cover.webp", "image/webp", []byte("RIFF")),
		put(t, tg, "empty.txt", "text/plain; charset=utf-8", nil),
	}
	check := func(tg publish.Target, why string) {
		t.Helper()
		got := list(t, tg)
		if len(got) != len(want) {
			t.Fatalf("%s: listed %v, want %d objects", why, slices.Sorted(maps.Keys(got)), len(want))
		}
		for _, w := range want {
			if g := got[w.Key]; g != w {
				t.Errorf("%s: listed %+v, want %+v", why, g, w)
			}
		}
	}
	check(tg, "same handle")
	commit(t, tg)
	check(open(), "new handle")

	if err := tg.Delete(context.Background(), "episodes/a/cover.webp"); err != nil {
		t.Fatalf("delete: %v", err)
	}
	want = slices.Delete(want, 1, 2)
	check(tg, "after delete")
	commit(t, tg)
	check(open(), "new handle after delete")
}

func testOverwrite(t *testing.T, open func() publish.Target) {
	tg := open()
	put(t, tg, "feed.xml", "application/rss+xml; charset=utf-8", []byte("<rss>old, longer</rss>"))
	want := put(t, tg, "feed.xml", "application/rss+xml; charset=utf-8", []byte("<rss>new</rss>"))
	if got := list(t, tg)["feed.xml"]; got != want {
		t.Errorf("listed %+v, want %+v", got, want)
	}
	commit(t, tg)
	if got := list(t, open())["feed.xml"]; got != want {
		t.Errorf("new handle: listed %+v, want %+v", got, want)
	}
}

// testNames puts keys that need escaping in URLs and paths.
func testNames(t *testing.T, open func() publish.Target) {
	tg := open()
	keys := []string{
		"a/b/c/d.txt",
		"dir with space/épisode à écouter.mp3",
		"Ünïcödé/ファイル 1+1=2 & 50%.txt",
		"q?x=1#frag.txt",
	}
	for _, k := range keys {
		put(t, tg, k, "text/plain; charset=utf-8", []byte(k))
	}
	commit(t, tg)
	got := list(t, open())
	if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(slices.Values(keys))) {
		t.Fatalf("listed %q, want %q", slices.Sorted(maps.Keys(got)), keys)
	}
	for _, k := range keys {
		if got[k].Hash != publish.Hash([]byte(k)) {
			t.Errorf("%s: hash %q", k, got[k].Hash)
		}
		if err := tg.Delete(context.Background(), k); err != nil {
			t.Fatalf("delete %s: %v", k, err)
		}
	}
	commit(t, tg)
	if got := list(t, open()); len(got) != 0 {
		t.Errorf("after deleting all: %v", slices.Sorted(maps.Keys(got)))
	}
}

func testDeleteMissing(t *testing.T, open func() publish.Target) {
	err := open().Delete(context.Background(), "no/such/file.mp3")
	if err != nil && !errors.Is(err, publish.ErrNotFound) {
		t.Errorf("delete of a missing key: %v, want nil or ErrNotFound", err)
	}
}

// Equal fails t unless the target lists exactly the files of the output
// folder dir, with their hashes and headers.
func Equal(t testing.TB, tg publish.Target, dir string) {
	t.Helper()
	local, err := publish.Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	remote, err := tg.List(context.Background())
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	p := publish.Diff(local, remote)
	for _, o := range p.Uploads {
		t.Errorf("%s: on the target %+v, built %+v", o.Key, remote[o.Key], o)
	}
	for _, o := range p.Deletes {
		t.Errorf("%s: on the target, not built", o.Key)
	}
}

func syncOK(t *testing.T, dir string, tg publish.Target, opt publish.Options) publish.Report {
	t.Helper()
	rep, err := publish.Sync(context.Background(), dir, tg, opt)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return rep
}

func testSyncTwice(t *testing.T, open func() publish.Target) {
	files := Site([]int{1, 2, 3}, 1)
	dir := WriteSite(t, files)
	rep := syncOK(t, dir, open(), Options())
	if rep.Uploaded != len(files) || rep.Deleted != 0 {
		t.Errorf("first sync: uploaded %d, deleted %d; want %d, 0", rep.Uploaded, rep.Deleted, len(files))
	}
	wantFeeds := []string{"atom.xml", "feed.json", "feed.xml", "series/saison-1/feed.xml", "tags/économie/feed.xml"}
	if !slices.Equal(rep.ChangedFeeds, wantFeeds) {
		t.Errorf("changed feeds %q, want %q", rep.ChangedFeeds, wantFeeds)
	}
	Equal(t, open(), dir)
	rep = syncOK(t, dir, open(), Options())
	if rep.Uploaded != 0 || rep.Deleted != 0 || rep.Unchanged != len(files) || len(rep.ChangedFeeds) != 0 {
		t.Errorf("second sync: %+v, want nothing changed", rep)
	}
}

// testOrder checks that files go before pages, pages before feeds, and
// deletions after every upload, feeds first.
func testOrder(t *testing.T, open func() publish.Target) {
	syncOK(t, WriteSite(t, Site([]int{1, 2, 3}, 1)), open(), Options())
	// Episode 1 goes, 4 comes, every transcript changes, and the series
	// feed goes with episode 1 and 2.
	v2 := Site([]int{3, 4}, 2)
	rec := &Recorder{Target: open()}
	dir := WriteSite(t, v2)
	syncOK(t, dir, rec, Options())
	Equal(t, open(), dir)

	stageOf := func(key string) int {
		switch k := filetype.KindOf(key, filetype.ContentType(key, nil)); k {
		case filetype.KindPage:
			return 1
		case filetype.KindFeed:
			return 2
		}
		return 0
	}
	// lastEnd[s] is the index of the last put-end of step s.
	lastEnd := map[int]int{}
	sawDelete, lastDeleteStage := false, 3
	for i, e := range rec.Events {
		s := stageOf(e.Key)
		switch e.Op {
		case "put-start":
			if sawDelete {
				t.Errorf("event %d: put %s after a delete", i, e.Key)
			}
		case "put-end":
			lastEnd[s] = i
		case "delete":
			sawDelete = true
			if s > lastDeleteStage {
				t.Errorf("event %d: delete %s after the deletion of a file of a lower step", i, e.Key)
			}
			lastDeleteStage = s
		}
	}
	// No put starts before every put of the steps before it has ended.
	for i, e := range rec.Events {
		if e.Op != "put-start" {
			continue
		}
		for before := range stageOf(e.Key) {
			if j, ok := lastEnd[before]; ok && j > i {
				t.Errorf("put %s started at event %d, before the last put of step %d ended (event %d)", e.Key, i, before, j)
			}
		}
	}
	if !sawDelete {
		t.Errorf("no deletion recorded: %v", rec.Events)
	}
	if last := rec.Events[len(rec.Events)-1]; last.Op != "delete" {
		t.Errorf("last call %v, want a delete", last)
	}
}

func testDeleteCap(t *testing.T, open func() publish.Target) {
	v1 := WriteSite(t, Site([]int{1, 2, 3, 4}, 1))
	syncOK(t, v1, open(), Options())
	v2 := WriteSite(t, Site([]int{4}, 1)) // 9 files and a feed go
	opt := Options()
	opt.MaxDeletes = 5
	rep, err := publish.Sync(context.Background(), v2, open(), opt)
	if !errors.Is(err, publish.ErrTooManyDeletes) {
		t.Fatalf("sync over the cap: %v, want ErrTooManyDeletes", err)
	}
	if len(rep.Deletes) != 10 || rep.Uploaded != 0 || rep.Deleted != 0 {
		t.Errorf("report %d deletes planned, %d uploaded, %d deleted; want 10, 0, 0", len(rep.Deletes), rep.Uploaded, rep.Deleted)
	}
	Equal(t, open(), v1)
	opt.MaxDeletes = 10
	if rep := syncOK(t, v2, open(), opt); rep.Deleted != 10 {
		t.Errorf("deleted %d, want 10", rep.Deleted)
	}
	Equal(t, open(), v2)
}

func testDryRun(t *testing.T, open func() publish.Target) {
	files := Site([]int{1, 2}, 1)
	opt := Options()
	opt.DryRun = true
	rep := syncOK(t, WriteSite(t, files), open(), opt)
	if len(rep.Uploads) != len(files) || rep.Uploaded != 0 || len(rep.ChangedFeeds) != 0 {
		t.Errorf("dry run: %d planned, %d uploaded, feeds %q; want %d, 0, none", len(rep.Uploads), rep.Uploaded, rep.ChangedFeeds, len(files))
	}
	if last := rep.Uploads[len(rep.Uploads)-1]; !strings.HasSuffix(last.Key, "feed.xml") && !strings.HasSuffix(last.Key, ".json") {
		t.Errorf("dry run: last upload %s, want a feed", last.Key)
	}
	if m := list(t, open()); len(m) != 0 {
		t.Errorf("dry run changed the target: %v", slices.Sorted(maps.Keys(m)))
	}
}

// testInterrupted cuts a run after a few uploads, checks that the feeds
// on the target point at files that are there, and that the next run
// completes the work.
func testInterrupted(t *testing.T, open func() publish.Target) {
	v1files := Site([]int{1, 2, 3}, 1)
	v1 := WriteSite(t, v1files)
	syncOK(t, v1, open(), Options())
	v2files := Site([]int{2, 3, 4, 5}, 2)
	v2 := WriteSite(t, v2files)

	cut := &Cut{Target: open(), After: 3}
	if _, err := publish.Sync(context.Background(), v2, cut, Options()); !errors.Is(err, ErrCut) {
		t.Fatalf("interrupted sync: %v, want ErrCut", err)
	}
	CheckFeeds(t, open(), v1files, v2files)

	rep := syncOK(t, v2, open(), Options())
	if rep.Uploaded == 0 || rep.Deleted == 0 {
		t.Errorf("completing run: uploaded %d, deleted %d", rep.Uploaded, rep.Deleted)
	}
	Equal(t, open(), v2)
	if rep := syncOK(t, v2, open(), Options()); rep.Uploaded != 0 || rep.Deleted != 0 {
		t.Errorf("run after completion: uploaded %d, deleted %d; want 0, 0", rep.Uploaded, rep.Deleted)
	}
}

// CheckFeeds fails t unless every feed on the target is one of the given
// versions of the site and every file it points at is on the target.
func CheckFeeds(t testing.TB, tg publish.Target, versions ...map[string][]byte) {
	t.Helper()
	remote, err := tg.List(context.Background())
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	for key, o := range remote {
		if !publish.IsFeed(publish.Object{ContentType: filetype.ContentType(key, nil)}) {
			continue
		}
		var doc []byte
		for _, v := range versions {
			if b, ok := v[key]; ok && publish.Hash(b) == o.Hash {
				doc = b
			}
		}
		if doc == nil {
			t.Errorf("feed %s on the target (sha256 %q) is none of the builds", key, o.Hash)
			continue
		}
		for _, ref := range References(doc) {
			if _, ok := remote[ref]; !ok {
				t.Errorf("feed %s points at %s, which is not on the target", key, ref)
			}
		}
	}
}

package publish_test

import (
	"github.com/feedcast/feedcast/internal/filetype"
	"slices"
	"testing"

	"github.com/feedcast/feedcast/internal/publish"
)

func obj(key, hash string) publish.Object {
	ctype := filetype.ContentType(key, nil)
	return publish.Object{Key: key, Size: int64(len(hash)), Hash: hash, ContentType: ctype,
		CacheControl: filetype.CacheControl(key, filetype.KindOf(key, ctype), ctype)}
}

func keys(objs []publish.Object) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o.Key)
	}
	return out
}

func TestDiff(t *testing.T) {
	local := map[string]publish.Object{}
	remote := map[string]publish.Object{}
	add := func(m map[string]publish.Object, o publish.Object) { m[o.Key] = o }
	add(local, obj("feed.xml", "new"))
	add(remote, obj("feed.xml", "old"))
	add(local, obj("index.html", "same"))
	add(remote, obj("index.html", "same"))
	add(local, obj("b/ep.mp3", "same"))
	unknown := obj("b/ep.mp3", "")
	unknown.Hash = ""
	add(remote, unknown)
	add(local, obj("a/cover.webp", "same"))
	retyped := obj("a/cover.webp", "same")
	retyped.CacheControl = filetype.CacheShort
	add(remote, retyped)
	add(local, obj("tags/x/atom.xml", "new"))
	add(local, obj("about.html", "same"))
	spaced := obj("about.html", "same")
	spaced.ContentType = "text/html;charset=UTF-8"
	add(remote, spaced)
	add(remote, obj("old/ep.mp3", "x"))
	add(remote, obj("old/index.html", "x"))
	add(remote, obj("old/feed.xml", "x"))

	p := publish.Diff(local, remote)
	want := []string{"a/cover.webp", "b/ep.mp3", "feed.xml", "tags/x/atom.xml"}
	if got := keys(p.Uploads); !slices.Equal(got, want) {
		t.Errorf("uploads %q, want %q", got, want)
	}
	want = []string{"old/feed.xml", "old/index.html", "old/ep.mp3"}
	if got := keys(p.Deletes); !slices.Equal(got, want) {
		t.Errorf("deletes %q, want %q", got, want)
	}
	if p.Unchanged != 2 {
		t.Errorf("unchanged %d, want 2", p.Unchanged)
	}
}

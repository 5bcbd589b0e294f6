package site

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/feedcast/feedcast/internal/cache"
	"github.com/feedcast/feedcast/internal/pages"
)

func TestWithoutTranscript(t *testing.T) {
	tr := "<p>Jane : bonjour.</p>\n"
	tests := []struct{ name, body, want string }{
		{"shortcode section",
			"<p>intro</p>\n<section class=\"transcript\">\n<h2>Transcription</h2>\n" + tr + "</section>\n<p>outro</p>",
			"<p>intro</p>\n\n<p>outro</p>"},
		{"markdown section",
			"<p>intro</p>\n<h2>Transcription du podcast</h2>\n" + tr + "<h2>Liens</h2>",
			"<p>intro</p>\n<h2>Liens</h2>"},
		{"not found", "<p>intro</p>", "<p>intro</p>"},
		{"a heading further up stays",
			"<h2>Transcription</h2><p>x</p>" + tr,
			"<h2>Transcription</h2><p>x</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := withoutTranscript(tt.body, tr); got != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestListKeys: a list page's key changes with the episodes on it, and
// with what every page of its list shows (the list's size), not with the
// episodes on the list's other pages.
func TestListKeys(t *testing.T) {
	const n = 2*pages.ListSize + 10
	entries := make([]*entry, n)
	idx := make([]int, n)
	for i := range entries {
		entries[i] = &entry{key: cache.Digest("episode", i), slug: fmt.Sprint("ep", i)}
		idx[i] = i
	}
	g := &group{dir: "tags/x/", name: "X", entries: entries}
	s := &site{}
	keys := func() map[string]key { return s.listKeys(key{1}, []list{{g, idx}}, entries) }
	paths := []string{"tags/x/index.html", "tags/x/page/2/index.html", "tags/x/page/3/index.html"}
	before := keys()
	if len(before) != len(paths) {
		t.Fatalf("keys of %v, want %v", slices.Sorted(maps.Keys(before)), paths)
	}
	changed := func(after map[string]key) (out []string) {
		for _, p := range paths {
			if before[p] != after[p] {
				out = append(out, p)
			}
		}
		return out
	}

	// An episode of page 2 is rendered differently, then renamed.
	entries[pages.ListSize+3].key = cache.Digest("episode", "edited")
	if got := changed(keys()); !slices.Equal(got, paths[1:2]) {
		t.Errorf("an episode of page 2 changed: pages %v changed, want %v", got, paths[1:2])
	}
	before = keys()
	entries[2].slug = "renamed"
	if got := changed(keys()); !slices.Equal(got, paths[:1]) {
		t.Errorf("an episode of page 1 renamed: pages %v changed, want %v", got, paths[:1])
	}

	// One episode fewer in the list: every page shows the count.
	before = keys()
	if got := changed(s.listKeys(key{1}, []list{{g, idx[1:]}}, entries)); !slices.Equal(got, paths) {
		t.Errorf("one episode fewer: pages %v changed, want all", got)
	}
	// Another site (settings, feeds): every page.
	if got := changed(s.listKeys(key{2}, []list{{g, idx}}, entries)); !slices.Equal(got, paths) {
		t.Errorf("another site: pages %v changed, want all", got)
	}

	// An episode whose rendering is unknown: its page has no key, and
	// is made every time.
	entries[pages.ListSize*2+1].key = key{}
	got := keys()
	if _, ok := got[paths[2]]; ok || len(got) != 2 {
		t.Errorf("page 3 has an episode of unknown key: keys of %v, want none for it", slices.Sorted(maps.Keys(got)))
	}
}

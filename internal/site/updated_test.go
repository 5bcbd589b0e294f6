package site

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/internal/config"
)

// updatedEntries returns entries of episodes with the given guids and
// times (release, and front matter updated when not zero).
func updatedEntries(eps ...*episode.Episode) []*entry {
	out := make([]*entry, len(eps))
	for i, e := range eps {
		out[i] = &entry{ep: e}
	}
	return out
}

func TestSetUpdated(t *testing.T) {
	s := &site{buildSettings: buildSettings{cfg: &config.Config{IDAuthority: "example.org,2025"}}}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 1, 17, 0, 0, 0, 0, paris)
	end := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
	ep := func(id string, date, updated time.Time) *episode.Episode {
		return &episode.Episode{GUID: id, Date: date, Updated: updated}
	}
	tests := []struct {
		name string
		eps  []*episode.Episode
		want []time.Time // by episode
	}{
		{"distinct instants are kept",
			[]*episode.Episode{ep("b", day, time.Time{}), ep("a", day.Add(time.Hour), time.Time{})},
			[]time.Time{day, day.Add(time.Hour)}},
		{"same day: by id, a second apart",
			[]*episode.Episode{ep("c", day, time.Time{}), ep("a", day, time.Time{}), ep("b", day, time.Time{})},
			[]time.Time{day.Add(2 * time.Second), day, day.Add(time.Second)}},
		{"front matter updated wins and takes part",
			[]*episode.Episode{ep("a", day.AddDate(0, 0, -3), day), ep("b", day, time.Time{}), ep("c", day, day.Add(time.Minute))},
			[]time.Time{day, day.Add(time.Second), day.Add(time.Minute)}},
		{"a second another episode holds is skipped, that episode keeps it",
			[]*episode.Episode{ep("a", day, time.Time{}), ep("b", day, time.Time{}), ep("c", day.Add(time.Second), time.Time{}), ep("d", day.Add(time.Second), time.Time{})},
			[]time.Time{day, day.Add(2 * time.Second), day.Add(time.Second), day.Add(3 * time.Second)}},
		{"the same instant in two zones is one instant",
			[]*episode.Episode{ep("b", day, time.Time{}), ep("a", day.UTC(), time.Time{})},
			[]time.Time{day.Add(time.Second), day.UTC()}},
		{"fractions of a second are the second the writers write",
			[]*episode.Episode{ep("a", day.Add(200*time.Millisecond), time.Time{}), ep("b", day.Add(700*time.Millisecond), time.Time{})},
			[]time.Time{day.Add(200 * time.Millisecond), day.Add(time.Second)}},
		{"no second after the year 9999",
			[]*episode.Episode{ep("a", end, time.Time{}), ep("b", end, time.Time{})},
			[]time.Time{end, end}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := updatedEntries(tt.eps...)
			s.setUpdated(entries)
			for i, en := range entries {
				if !en.updated.Equal(tt.want[i]) {
					t.Errorf("%s: updated %s, want %s", en.ep.GUID, en.updated.Format(time.RFC3339Nano), tt.want[i].Format(time.RFC3339Nano))
				}
				if _, off := en.updated.Zone(); off != offsetOf(baseUpdated(en)) {
					t.Errorf("%s: updated %s is not in the zone of %s", en.ep.GUID, en.updated, baseUpdated(en))
				}
			}
		})
	}
}

func offsetOf(t time.Time) int {
	_, off := t.Zone()
	return off
}

// TestSetUpdatedRandom checks the rule's promises on random shows: every
// episode has its own second, never before its own time; the first by id
// of an instant keeps it; and adding an episode whose id is greater than
// every other's, on an instant one of them has, moves no one.
func TestSetUpdatedRandom(t *testing.T) {
	s := &site{buildSettings: buildSettings{cfg: &config.Config{IDAuthority: "example.org,2025"}}}
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for round := range 200 {
		n := 1 + rng.IntN(60)
		eps := make([]*episode.Episode, n)
		for i := range eps {
			// A few days and a few seconds: many collisions.
			date := base.AddDate(0, 0, rng.IntN(3)).Add(time.Duration(rng.IntN(4)) * time.Second)
			var updated time.Time
			if rng.IntN(4) == 0 {
				updated = date.Add(time.Duration(rng.IntN(3)) * time.Second)
			}
			eps[i] = &episode.Episode{GUID: fmt.Sprintf("id-%03d", rng.IntN(1000)*1000+i), Date: date, Updated: updated}
		}
		entries := updatedEntries(eps...)
		s.setUpdated(entries)
		seconds := map[int64]string{}
		firsts := map[int64]string{}
		for _, en := range entries {
			own := baseUpdated(en)
			if en.updated.Before(own) {
				t.Fatalf("round %d: %s updated %s before its own time %s", round, en.ep.GUID, en.updated, own)
			}
			if other, ok := seconds[en.updated.Unix()]; ok {
				t.Fatalf("round %d: %s and %s have the same updated %s", round, en.ep.GUID, other, en.updated)
			}
			seconds[en.updated.Unix()] = en.ep.GUID
			if f, ok := firsts[own.Unix()]; !ok || en.ep.GUID < f {
				firsts[own.Unix()] = en.ep.GUID
			}
		}
		for _, en := range entries {
			if firsts[baseUpdated(en).Unix()] == en.ep.GUID && !en.updated.Equal(baseUpdated(en)) {
				t.Fatalf("round %d: %s is the first of its instant but moved to %s", round, en.ep.GUID, en.updated)
			}
		}
		before := make([]time.Time, n)
		for i, en := range entries {
			before[i] = en.updated
		}
		// Released on an instant an episode has as its own (not one
		// another moved to: that one would move on).
		last := &episode.Episode{GUID: "id-z", Date: baseUpdated(entries[rng.IntN(n)])}
		entries = append(entries, &entry{ep: last})
		s.setUpdated(entries)
		for i, en := range entries[:n] {
			if !en.updated.Equal(before[i]) {
				t.Fatalf("round %d: adding %s moved %s from %s to %s", round, last.GUID, en.ep.GUID, before[i], en.updated)
			}
		}
	}
}

// sameDayShow writes a show whose episodes ep1 to ep<n> are dated the
// same day but ep1, released earlier and updated that day.
func sameDayShow(t *testing.T, content string, from, to int) {
	t.Helper()
	for i := from; i <= to; i++ {
		fm := fmt.Sprintf("title: Épisode %d\ndate: 2025-03-03\ntags: [Jour, %s]\nseries: Saison\n", i, []string{"Pair", "Impair"}[i%2])
		if i == 1 {
			fm = "title: Épisode 1\ndate: 2025-01-10\nupdated: 2025-03-03\ntags: [Jour, Impair]\nseries: Saison\n"
		}
		writeFile(t, filepath.Join(content, "jour", fmt.Sprintf("ep%d.md", i)), []byte("---\n"+fm+"---\nCorps de l'épisode.\n"))
	}
}

// atomTimes reads the updated and published times of an Atom feed's
// entries by id.
func atomTimes(t *testing.T, p string) (updated, published map[string]time.Time) {
	t.Helper()
	f := parseFeed(t, p)
	if f.FeedType != "atom" {
		t.Fatalf("%s is %s, not Atom", p, f.FeedType)
	}
	updated, published = map[string]time.Time{}, map[string]time.Time{}
	for _, it := range f.Items {
		if it.UpdatedParsed == nil || it.PublishedParsed == nil {
			t.Fatalf("%s: entry %s lacks updated or published", p, it.GUID)
		}
		updated[it.GUID], published[it.GUID] = *it.UpdatedParsed, *it.PublishedParsed
	}
	return updated, published
}

func TestSameDayUpdatedInFeeds(t *testing.T) {
	defer func(w time.Duration) { racyWindow = w }(racyWindow)
	racyWindow = 100 * time.Millisecond

	content, static := diskFolders(t, nil)
	cache := filepath.Join(t.TempDir(), "cache")
	sameDayShow(t, content, 1, 4)
	build := func(t *testing.T, out, cache string) *Result {
		t.Helper()
		cfg := testConfig(t)
		cfg.Cache = cache
		cfg.GroupFeeds = []string{config.GroupSeries, config.GroupTags}
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		return runDisk(t, cfg, content, static, out)
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 3, 3, 0, 0, 0, 0, paris)
	id := func(i int) string { return fmt.Sprintf("tag:example.org,2025:episodes/jour/ep%d", i) }
	released := func(i int) time.Time {
		if i == 1 {
			return time.Date(2025, 1, 10, 0, 0, 0, 0, paris)
		}
		return day
	}
	// check reads every Atom feed of out and returns the show's updated
	// times, after checking that each feed has distinct ones, that they
	// are the show's, and that published is the release date.
	check := func(t *testing.T, out string, n int) map[string]time.Time {
		t.Helper()
		show, published := atomTimes(t, filepath.Join(out, "atom.xml"))
		if len(show) != n {
			t.Fatalf("atom.xml has %d entries, want %d", len(show), n)
		}
		for i := 1; i <= n; i++ {
			if p := published[id(i)]; !p.Equal(released(i)) {
				t.Errorf("%s published %s, want its release date %s", id(i), p, released(i))
			}
		}
		feeds, _ := filepath.Glob(filepath.Join(out, "*", "*", "atom.xml"))
		if len(feeds) < 4 { // one series, three tags
			t.Fatalf("only %d series and tag feeds: %v", len(feeds), feeds)
		}
		feeds = append(feeds, filepath.Join(out, "atom.xml"))
		for _, p := range feeds {
			updated, _ := atomTimes(t, p)
			seen := map[time.Time]string{}
			for gid, u := range updated {
				if other, ok := seen[u]; ok {
					t.Errorf("%s: %s and %s have the same updated %s", p, gid, other, u)
				}
				seen[u] = gid
				if !u.Equal(show[gid]) {
					t.Errorf("%s: %s updated %s, but %s in atom.xml", p, gid, u, show[gid])
				}
			}
		}
		// JSON Feed says the same in date_modified.
		jf := parseFeed(t, filepath.Join(out, "feed.json"))
		for _, it := range jf.Items {
			if it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(show[it.GUID]) {
				t.Errorf("feed.json: %s date_modified %v, want %s", it.GUID, it.UpdatedParsed, show[it.GUID])
			}
		}
		return show
	}

	out := filepath.Join(t.TempDir(), "site")
	first := build(t, out, cache)
	four := check(t, out, 4)
	// ep1's updated is the day: it shares it with ep2 to ep4, and comes
	// first by id.
	if !four[id(1)].Equal(day) {
		t.Errorf("ep1 updated %s, want the front matter's %s", four[id(1)], day)
	}

	t.Run("a fifth episode with a greater id moves no one", func(t *testing.T) {
		settle()
		sameDayShow(t, content, 5, 5)
		settle()
		res := build(t, out, cache)
		five := check(t, out, 5)
		for gid, u := range four {
			if !five[gid].Equal(u) {
				t.Errorf("%s updated %s, %s before the fifth episode", gid, five[gid], u)
			}
		}
		if res.Rendered != 1 || res.Reused != first.Published {
			t.Errorf("%d rendered, %d reused; want only the new episode rendered", res.Rendered, res.Reused)
		}
		cold := filepath.Join(t.TempDir(), "cold")
		build(t, cold, "")
		if diff := compareTrees(t, out, cold); diff != "" {
			t.Error("the cached build differs from a cold build: " + diff)
		}
	})

	t.Run("an episode with a smaller id moves the others, in the cache too", func(t *testing.T) {
		settle()
		writeFile(t, filepath.Join(content, "jour", "ep0.md"), []byte("---\ntitle: Épisode 0\ndate: 2025-03-03\n---\nCorps.\n"))
		settle()
		res := build(t, out, cache)
		if res.Rendered < 2 {
			t.Errorf("%d rendered: the episodes whose updated moved were taken from the cache", res.Rendered)
		}
		cold := filepath.Join(t.TempDir(), "cold")
		build(t, cold, "")
		if diff := compareTrees(t, out, cold); diff != "" {
			t.Error("the cached build differs from a cold build: " + diff)
		}
		updated, _ := atomTimes(t, filepath.Join(out, "atom.xml"))
		if !updated["tag:example.org,2025:episodes/jour/ep0"].Equal(day) || updated[id(1)].Equal(day) {
			t.Errorf("ep0 updated %s and ep1 %s: want ep0 to keep the day", updated["tag:example.org,2025:episodes/jour/ep0"], updated[id(1)])
		}
	})
}

// TestCorpusUpdatedDistinct checks that no Atom document of the corpus
// (show, series, tags, archive pages) has two entries with one updated
// time, which the W3C validator reports (DuplicateUpdated), and that an
// episode has the same updated in every document.
func TestCorpusUpdatedDistinct(t *testing.T) {
	out, _, _ := corpusBuild(t)
	var feeds []string
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "atom.xml" {
			feeds = append(feeds, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) < 10 {
		t.Fatalf("only %d Atom feeds: %v", len(feeds), feeds)
	}
	show := map[string]time.Time{}
	for _, p := range feeds {
		updated, published := atomTimes(t, p)
		seen := map[time.Time]string{}
		for id, u := range updated {
			if other, ok := seen[u]; ok {
				t.Errorf("%s: %s and %s have the same updated %s", p, id, other, u)
			}
			seen[u] = id
			if u.Before(published[id]) {
				t.Errorf("%s: %s updated %s before it was published %s", p, id, u, published[id])
			}
			if s, ok := show[id]; ok && !s.Equal(u) {
				t.Errorf("%s: %s updated %s, %s in another feed", p, id, u, s)
			}
			show[id] = u
		}
	}
	if len(show) != 50 {
		t.Errorf("%d episodes in the Atom feeds, want 50", len(show))
	}
}

// TestCorpusW3CNoDuplicateUpdated runs the W3C Feed Validation Service on
// the corpus's Atom feeds, when it is installed beside the repository
// (../shared/tools/validate-feeds and its unpacked validator).
func TestCorpusW3CNoDuplicateUpdated(t *testing.T) {
	if testing.Short() {
		t.Skip("the W3C validator takes seconds per feed")
	}
	tool, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "tools", "validate-feeds"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tool); err != nil {
		t.Skipf("no validate-feeds at %s", tool)
	}
	list, err := exec.Command(tool, "--list").CombinedOutput()
	if err != nil || !strings.Contains(string(list), "available  w3c-feedvalidator") {
		t.Skipf("the W3C validator is not installed: %s", list)
	}
	out, _, _ := corpusBuild(t)
	feeds := []string{filepath.Join(out, "atom.xml")}
	for _, dir := range []string{"series", "tags"} {
		m, _ := filepath.Glob(filepath.Join(out, dir, "*", "atom.xml"))
		feeds = append(feeds, m...)
	}
	cmd := exec.Command(tool, append([]string{"--strict", "--only", "w3c-feedvalidator"}, feeds...)...)
	report, err := cmd.CombinedOutput()
	if strings.Contains(string(report), "DuplicateUpdated") {
		t.Errorf("the W3C validator reports DuplicateUpdated:\n%s", report)
	}
	if err != nil {
		t.Errorf("validate-feeds --strict failed (%v):\n%s", err, report)
	}
}

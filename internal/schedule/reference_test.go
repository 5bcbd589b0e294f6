package schedule_test

import (
	"testing"
	"time"

	cron "github.com/netresearch/go-cron"
)

// timeline is the real time line a minute at a time, with the wall clock
// of each minute in a location.
type timeline struct {
	loc      *time.Location
	from, to time.Time
	instants []time.Time // from a day before from, up to to
	walls    []time.Time // as UTC
}

func newTimeline(loc *time.Location, from, to time.Time) *timeline {
	tl := &timeline{loc: loc, from: from, to: to}
	for i := from.Add(-26 * time.Hour); i.Before(to); i = i.Add(time.Minute) {
		tl.instants = append(tl.instants, i)
		tl.walls = append(tl.walls, wallOf(i.In(loc)))
	}
	return tl
}

// reference lists the run times of a five-field spec in [from, to) the
// slow way: it walks the time line and applies the package's DST rules to
// each minute's wall clock.
func (tl *timeline) reference(t *testing.T, spec string) []time.Time {
	t.Helper()
	m, err := cron.MustNewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month |
		cron.Dow | cron.Descriptor | cron.DowOrDom).Parse("CRON_TZ=UTC " + spec)
	if err != nil {
		t.Fatal(err)
	}
	match := map[time.Time]bool{} // matching wall times, as UTC
	for w := m.Next(tl.walls[0].Add(-24 * time.Hour)); w.Before(tl.walls[len(tl.walls)-1].Add(24 * time.Hour)); w = m.Next(w) {
		match[w] = true
	}
	interval := true // the hour field matches every hour
	for h := range 24 {
		hour := time.Date(2000, 1, 3, h, 0, 0, 0, time.UTC)
		if !m.Next(hour.Add(-time.Second)).Before(hour.Add(time.Hour)) {
			interval = false
		}
	}
	var out []time.Time
	seen := map[time.Time]bool{} // wall times that already happened
	for k, i := range tl.instants {
		w := tl.walls[k]
		run := match[w] && (interval || !seen[w])
		seen[w] = true
		if k > 0 && !interval && w.Sub(tl.walls[k-1]) > time.Minute {
			// A gap just ended: run if a skipped wall time matched.
			for g := tl.walls[k-1].Add(time.Minute); g.Before(w); g = g.Add(time.Minute) {
				run = run || match[g]
			}
		}
		if run && !i.Before(tl.from) {
			out = append(out, i)
		}
	}
	return out
}

func wallOf(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
}

func TestNextMatchesReference(t *testing.T) {
	specs := []string{"30 2 * * *", "0 * * * *", "*/15 * * * *", "45 1 * * *", "0 0 * * *",
		"15 2,3 * * *", "*/20 1-3 * * *", "0 */2 * * *", "30 0 * * SUN", "10 * * * *"}
	// Days around clock changes: Paris and New York (one hour), Lord Howe
	// (half an hour), São Paulo in 2018 (midnight skipped), Sydney
	// (southern hemisphere).
	days := []struct {
		zone string
		day  [3]int
	}{
		{"Europe/Paris", [3]int{2026, 3, 29}}, {"Europe/Paris", [3]int{2026, 10, 25}},
		{"America/New_York", [3]int{2026, 3, 8}}, {"America/New_York", [3]int{2026, 11, 1}},
		{"Australia/Lord_Howe", [3]int{2026, 4, 5}}, {"Australia/Lord_Howe", [3]int{2026, 10, 4}},
		{"America/Sao_Paulo", [3]int{2018, 11, 4}}, {"America/Sao_Paulo", [3]int{2018, 2, 17}},
		{"Australia/Sydney", [3]int{2026, 4, 5}}, {"Australia/Sydney", [3]int{2026, 10, 4}},
	}
	for _, d := range days {
		loc := mustLoad(t, d.zone)
		from := time.Date(d.day[0], time.Month(d.day[1]), d.day[2]-1, 0, 0, 0, 0, loc)
		tl := newTimeline(loc, from, from.AddDate(0, 0, 3))
		for _, spec := range specs {
			want := utc(tl.reference(t, spec))
			got := utc(runs(t, mustParse(t, spec, loc), tl.from, tl.to))
			if !equal(got, want) {
				t.Errorf("%s %v %q:\n got %v\nwant %v", d.zone, d.day, spec, got, want)
			}
		}
	}
}

package schedule_test

import (
	"strings"
	"testing"
	"time"

	cron "github.com/netresearch/go-cron"

	"github.com/feedcast/feedcast/internal/schedule"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustParse(t testing.TB, spec string, loc *time.Location) schedule.Schedule {
	t.Helper()
	s, err := schedule.Parse(spec, loc)
	if err != nil {
		t.Fatalf("Parse(%q): %v", spec, err)
	}
	return s
}

// runs returns the run times of s in [from, to).
func runs(t testing.TB, s schedule.Schedule, from, to time.Time) []time.Time {
	t.Helper()
	var out []time.Time
	for at := s.Next(from.Add(-time.Nanosecond)); !at.IsZero() && at.Before(to); at = s.Next(at) {
		out = append(out, at)
		if len(out) > 10000 {
			t.Fatal("too many runs")
		}
	}
	return out
}

func utc(ts []time.Time) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.UTC().Format(time.RFC3339)
	}
	return out
}

// The Europe/Paris days of 2026 whose clocks change: on Sunday 29 March
// 02:00 CET (01:00 UTC) becomes 03:00 CEST; on Sunday 25 October 03:00
// CEST (01:00 UTC) becomes 02:00 CET. Each day runs from local midnight to
// local midnight: 23 hours in March, 25 in October.
func dstDays(t *testing.T) (paris *time.Location, spring, fall [2]time.Time) {
	paris = mustLoad(t, "Europe/Paris")
	spring = [2]time.Time{time.Date(2026, 3, 29, 0, 0, 0, 0, paris), time.Date(2026, 3, 30, 0, 0, 0, 0, paris)}
	fall = [2]time.Time{time.Date(2026, 10, 25, 0, 0, 0, 0, paris), time.Date(2026, 10, 26, 0, 0, 0, 0, paris)}
	if h := spring[1].Sub(spring[0]); h != 23*time.Hour {
		t.Fatalf("spring day lasts %v in this tzdata", h)
	}
	if h := fall[1].Sub(fall[0]); h != 25*time.Hour {
		t.Fatalf("fall day lasts %v in this tzdata", h)
	}
	return paris, spring, fall
}

// For the record, measured with robfig/cron/v3 v3.0.1 and
// netresearch/go-cron v0.9.1 on the same days (neither is used for this):
//
//	"CRON_TZ=Europe/Paris 30 2 * * *"
//	  29 March:   robfig: no run;              go-cron: 03:30 CEST
//	  25 October: both: 02:30 CEST and 02:30 CET (two runs)
//	"TZ=UTC":     robfig: panics (slice bounds out of range [:-1]);
//	              go-cron: error "missing fields after timezone"
func TestNextDailyAcrossDST(t *testing.T) {
	paris, spring, fall := dstDays(t)
	s := mustParse(t, "30 2 * * *", paris)

	got := utc(runs(t, s, spring[0], spring[1]))
	// 02:30 does not exist: once, at the end of the gap, 03:00 CEST.
	if want := []string{"2026-03-29T01:00:00Z"}; !equal(got, want) {
		t.Errorf("29 March: runs %v, want %v", got, want)
	}
	got = utc(runs(t, s, fall[0], fall[1]))
	// 02:30 happens twice: once, at the first, 02:30 CEST.
	if want := []string{"2026-10-25T00:30:00Z"}; !equal(got, want) {
		t.Errorf("25 October: runs %v, want %v", got, want)
	}

	// The days around are untouched, and the result is in t's location.
	next := s.Next(time.Date(2026, 3, 28, 12, 0, 0, 0, paris))
	if want := time.Date(2026, 3, 29, 3, 0, 0, 0, paris); !next.Equal(want) || next.Location() != paris {
		t.Errorf("Next(28 March noon) = %v, want %v", next, want)
	}
	if got, want := s.Next(spring[1]), time.Date(2026, 3, 30, 2, 30, 0, 0, paris); !got.Equal(want) {
		t.Errorf("Next(30 March 00:00) = %v, want %v", got, want)
	}
	// From inside the repeated hour, after the first 02:30: the next day.
	in := time.Date(2026, 10, 25, 1, 10, 0, 0, time.UTC) // 02:10 CET
	if got, want := s.Next(in), time.Date(2026, 10, 26, 2, 30, 0, 0, paris); !got.Equal(want) {
		t.Errorf("Next(02:10 CET) = %v, want %v", got, want)
	}
	// From inside the first 02:xx: the first 02:30.
	in = time.Date(2026, 10, 25, 0, 10, 0, 0, time.UTC) // 02:10 CEST
	if got, want := s.Next(in), time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Next(02:10 CEST) = %v, want %v", got, want)
	}
}

func TestNextHourlyAcrossDST(t *testing.T) {
	paris, spring, fall := dstDays(t)
	for _, spec := range []string{"0 * * * *", "@hourly"} {
		s := mustParse(t, spec, paris)
		if n := len(runs(t, s, spring[0], spring[1])); n != 23 {
			t.Errorf("%q on 29 March: %d runs, want 23", spec, n)
		}
		got := runs(t, s, fall[0], fall[1])
		if len(got) != 25 {
			t.Errorf("%q on 25 October: %d runs, want 25", spec, len(got))
		}
		assertSpacing(t, spec, got, time.Hour)
	}
}

func TestNextQuarterHoursAcrossDST(t *testing.T) {
	paris, spring, fall := dstDays(t)
	s := mustParse(t, "*/15 * * * *", paris)
	for _, day := range []struct {
		name  string
		span  [2]time.Time
		count int
	}{{"29 March", spring, 23 * 4}, {"25 October", fall, 25 * 4}} {
		got := runs(t, s, day.span[0], day.span[1])
		if len(got) != day.count {
			t.Errorf("%s: %d runs, want %d", day.name, len(got), day.count)
		}
		assertSpacing(t, day.name, got, 15*time.Minute)
	}
	// Across the fall-back hour it runs on each real quarter hour: 02:45
	// CEST, then 02:00 CET, 15 minutes later.
	at := s.Next(time.Date(2026, 10, 25, 0, 45, 0, 0, time.UTC))
	if want := time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC); !at.Equal(want) {
		t.Errorf("after 02:45 CEST: %v, want %v (02:00 CET)", at, want)
	}
}

// A time-of-day spec with a wildcard minute runs in the first of the
// repeated hours only, and once at the end of a gap.
func TestNextFixedHourWildcardMinute(t *testing.T) {
	paris, spring, fall := dstDays(t)
	s := mustParse(t, "*/15 2 * * *", paris)
	if got, want := utc(runs(t, s, spring[0], spring[1])), []string{"2026-03-29T01:00:00Z"}; !equal(got, want) {
		t.Errorf("29 March: %v, want %v", got, want)
	}
	want := []string{"2026-10-25T00:00:00Z", "2026-10-25T00:15:00Z", "2026-10-25T00:30:00Z", "2026-10-25T00:45:00Z"}
	if got := utc(runs(t, s, fall[0], fall[1])); !equal(got, want) {
		t.Errorf("25 October: %v, want %v", got, want)
	}
	// 02:00 and 03:00 both fall on 03:00 CEST on 29 March: one run.
	s = mustParse(t, "0 2,3 * * *", paris)
	if got, want := utc(runs(t, s, spring[0], spring[1])), []string{"2026-03-29T01:00:00Z"}; !equal(got, want) {
		t.Errorf("0 2,3 on 29 March: %v, want %v", got, want)
	}
}

func TestNextDailyDescriptor(t *testing.T) {
	paris, spring, fall := dstDays(t)
	s := mustParse(t, "@daily", paris)
	for _, day := range [][2]time.Time{spring, fall} {
		got := runs(t, s, day[0], day[1])
		if len(got) != 1 || !got[0].Equal(day[0]) {
			t.Errorf("@daily on %s: %v, want one run at local midnight", day[0].Format(time.DateOnly), got)
		}
	}
}

func TestNextEvery(t *testing.T) {
	paris, _, fall := dstDays(t)
	s := mustParse(t, "@every 10m", paris)
	got := runs(t, s, fall[0], fall[1])
	if len(got) != 25*6 {
		t.Errorf("@every 10m over 25 October: %d runs, want %d", len(got), 25*6)
	}
	assertSpacing(t, "@every 10m", got, 10*time.Minute)
	from := time.Date(2026, 10, 25, 0, 55, 0, 0, time.UTC)
	if got, want := s.Next(from), from.Add(10*time.Minute); !got.Equal(want) {
		t.Errorf("Next(%v) = %v, want %v", from, got, want)
	}
}

// Specs whose time zone is in their text override the option.
func TestParseTimeZone(t *testing.T) {
	paris := mustLoad(t, "Europe/Paris")
	from := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		spec string
		loc  *time.Location
		want time.Time
	}{
		{"30 2 * * *", nil, time.Date(2026, 6, 1, 2, 30, 0, 0, time.UTC)},
		{"30 2 * * *", paris, time.Date(2026, 6, 1, 0, 30, 0, 0, time.UTC)},
		{"CRON_TZ=Europe/Paris 30 2 * * *", nil, time.Date(2026, 6, 1, 0, 30, 0, 0, time.UTC)},
		{"TZ=Europe/Paris 30 2 * * *", nil, time.Date(2026, 6, 1, 0, 30, 0, 0, time.UTC)},
		{"CRON_TZ=UTC 30 2 * * *", paris, time.Date(2026, 6, 1, 2, 30, 0, 0, time.UTC)},
		{"TZ=UTC 0 3 * * *", paris, time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)},
		{"  CRON_TZ=Europe/Paris @daily ", nil, time.Date(2026, 6, 1, 22, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		s := mustParse(t, c.spec, c.loc)
		if got := s.Next(from); !got.Equal(c.want) {
			t.Errorf("Parse(%q, %v).Next = %v, want %v", c.spec, c.loc, got, c.want)
		}
	}
	// The prefix gives the same DST behaviour as the option.
	_, spring, _ := dstDays(t)
	a := runs(t, mustParse(t, "CRON_TZ=Europe/Paris 30 2 * * *", nil), spring[0], spring[1])
	b := runs(t, mustParse(t, "30 2 * * *", paris), spring[0], spring[1])
	if !equal(utc(a), utc(b)) {
		t.Errorf("prefix %v, option %v", utc(a), utc(b))
	}
}

// As in robfig/cron: with both the day of month and the day of week
// restricted, either matches.
func TestNextDayOfMonthOrWeek(t *testing.T) {
	s := mustParse(t, "0 0 1 * MON", nil)
	from := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) // a Monday, the 1st
	got := utc(runs(t, s, from, from.AddDate(0, 0, 31)))
	want := []string{"2026-06-01T00:00:00Z", "2026-06-08T00:00:00Z", "2026-06-15T00:00:00Z",
		"2026-06-22T00:00:00Z", "2026-06-29T00:00:00Z", "2026-07-01T00:00:00Z"}
	if !equal(got, want) {
		t.Errorf("runs %v, want %v", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	for _, spec := range []string{
		"", "   ", "TZ=UTC", "CRON_TZ=UTC", "TZ=", "TZ= 0 0 * * *",
		"CRON_TZ=Mars/Olympus_Mons 0 0 * * *", "* * * *", "0 0 * * * *",
		"61 * * * *", "0 24 * * *", "0 0 32 * *", "0 0 * 13 *", "0 0 * * 8",
		"*/0 * * * *", "5-1/x * * * *", "@every", "@every 0s", "@every -5m",
		"@every 500ms", "@fortnightly", "every day", "H * * * *",
	} {
		s, err := schedule.Parse(spec, nil)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want an error", spec, s)
			continue
		}
		if !strings.Contains(err.Error(), strings.TrimSpace(spec)) {
			t.Errorf("Parse(%q) error %q does not name the spec", spec, err)
		}
	}
}

// Where no clock changes, the next times are the parser's own.
func TestNextMatchesParserInUTC(t *testing.T) {
	specs := []string{"*/15 * * * *", "30 2 * * *", "0 0 1 * MON", "5 4 * * SUN", "0 0 29 2 *",
		"0 9-17/2 * * MON-FRI", "@monthly", "@weekly", "@yearly", "59 23 31 12 *"}
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, spec := range specs {
		ours := mustParse(t, spec, nil)
		theirs, err := cron.MustNewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month |
			cron.Dow | cron.Descriptor | cron.DowOrDom).Parse("CRON_TZ=UTC " + spec)
		if err != nil {
			t.Fatal(err)
		}
		a, b := from, from
		for range 200 {
			a, b = ours.Next(a), theirs.Next(b)
			if !a.Equal(b) {
				t.Errorf("%q: ours %v, parser %v", spec, a, b)
				break
			}
		}
	}
}

func assertSpacing(t *testing.T, name string, ts []time.Time, d time.Duration) {
	t.Helper()
	for i := 1; i < len(ts); i++ {
		if gap := ts[i].Sub(ts[i-1]); gap != d {
			t.Errorf("%s: %v after %v, want %v apart", name, ts[i].UTC(), ts[i-1].UTC(), d)
		}
	}
}

func equal(a, b []string) bool { return strings.Join(a, " ") == strings.Join(b, " ") }

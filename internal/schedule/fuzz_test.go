package schedule_test

import (
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/schedule"
)

// FuzzParse checks that no spec makes Parse or Next panic, and that Next
// moves forward.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"*/15 * * * *", "30 2 * * *", "@every 10m", "@hourly", "TZ=UTC",
		"CRON_TZ=Europe/Paris 30 2 * * *", "TZ=UTC 0 3 * * *", "0 0 1 * MON", "5-1/2 * * * *",
		"CRON_TZ=", "TZ=Europe/Paris", "@every 1h30m", "0 0 29 2 *", "1,2,3 */4 1-7 JAN-MAR SUN"} {
		f.Add(s, int64(1792800000))
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		f.Skip(err)
	}
	f.Fuzz(func(t *testing.T, spec string, unix int64) {
		s, err := schedule.Parse(spec, paris)
		if err != nil {
			return
		}
		from := time.Unix(unix%(1<<34), 0)
		next := s.Next(from)
		if !next.IsZero() && !next.After(from) {
			t.Errorf("Parse(%q).Next(%v) = %v, not after", spec, from, next)
		}
	})
}

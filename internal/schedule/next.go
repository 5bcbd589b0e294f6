package schedule

import (
	"time"

	cron "github.com/netresearch/go-cron"
)

// calendar is a crontab schedule on the wall clock of loc. Its matcher,
// wall, works on wall times written as UTC, where no time is skipped or
// repeated; Next places those wall times on the real time line one zone
// (span of constant UTC offset) at a time.
type calendar struct {
	wall *cron.SpecSchedule // Location is UTC
	loc  *time.Location
	// interval is set when the hour field matches every hour: repeated wall
	// times run twice and skipped ones not at all. Otherwise the spec is a
	// time of day: it runs at the first of repeated wall times and at the
	// end of a gap for wall times inside it.
	interval bool
}

// maxZoneSteps bounds the zones Next walks through; the matcher itself
// gives up after five years.
const maxZoneSteps = 200

func (c *calendar) Next(t time.Time) time.Time {
	cur := t.In(c.loc)
	after := wallClock(cur) // the next wall time must be strictly after this
	for range maxZoneSteps {
		off := offset(cur)
		start, end := cur.ZoneBounds()
		if !c.interval && !start.IsZero() {
			// After a fall-back, the wall times from the zone's start up to
			// the previous offset already happened once: skip them.
			if prev := offset(start.Add(-time.Nanosecond)); prev > off {
				if seen := wallClock(start).Add(prev - off - time.Nanosecond); after.Before(seen) {
					after = seen
				}
			}
		}
		w := c.wall.Next(after)
		if w.IsZero() {
			return time.Time{}
		}
		at := w.Add(-off) // w as an instant, if it falls in this zone
		if end.IsZero() || at.Before(end) {
			return at.In(t.Location())
		}
		// w lies past this zone. Between the zone's last wall time and the
		// next zone's first there is a gap when the offset grows.
		if !c.interval && offset(end) > off && w.Before(wallClock(end)) {
			return end.In(t.Location())
		}
		cur = end
		after = wallClock(end).Add(-time.Nanosecond)
	}
	return time.Time{}
}

// wallClock returns t's wall clock reading written as a UTC time.
func wallClock(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, t.Nanosecond(), time.UTC)
}

// offset returns t's offset from UTC in its location.
func offset(t time.Time) time.Duration {
	_, s := t.Zone()
	return time.Duration(s) * time.Second
}

package schedule

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // CRON_TZ= names resolve on hosts without a zone database

	cron "github.com/netresearch/go-cron"
)

// Schedule tells when a job runs next.
type Schedule interface {
	// Next returns the first run time strictly after t, in t's location,
	// or the zero time if there is none.
	Next(t time.Time) time.Time
}

// parser reads robfig/cron's standard specs, with robfig's rule for a
// restricted day of month and day of week (either matches).
var parser = cron.MustNewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month |
	cron.Dow | cron.Descriptor | cron.DowOrDom)

// Parse parses a cron spec (see the package documentation). loc is the
// time zone of a spec without a CRON_TZ= or TZ= prefix; nil means UTC. The
// error of a malformed spec names the spec.
func Parse(spec string, loc *time.Location) (sched Schedule, err error) {
	defer func() {
		// The parser is a dependency that reads user input: a panic in it
		// is reported as a bad spec, not a crash of the daemon.
		if r := recover(); r != nil {
			sched, err = nil, fmt.Errorf("parse schedule %q: parser failed: %v", spec, r)
		}
	}()
	s := strings.TrimSpace(spec)
	parsed, err := parser.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("parse schedule %q: %w", spec, err)
	}
	switch p := parsed.(type) {
	case cron.ConstantDelaySchedule:
		return every{p}, nil
	case *cron.SpecSchedule:
		if loc == nil {
			loc = time.UTC
		}
		if strings.HasPrefix(s, "TZ=") || strings.HasPrefix(s, "CRON_TZ=") {
			loc = p.Location
		}
		wall := *p
		wall.Location = time.UTC
		const allHours = 1<<24 - 1
		return &calendar{wall: &wall, loc: loc, interval: p.Hour&allHours == allHours}, nil
	default:
		return nil, fmt.Errorf("parse schedule %q: unsupported schedule type %T", spec, parsed)
	}
}

// every is "@every d": absolute time, d after the given time, rounded to
// the second as robfig/cron does.
type every struct{ s cron.ConstantDelaySchedule }

func (e every) Next(t time.Time) time.Time { return e.s.Next(t) }

package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Job is one run: build and publish. It returns when done or when ctx is
// canceled. A failed run must leave the last good publication in place.
type Job func(ctx context.Context) (RunResult, error)

// Options configure a Scheduler. Only Spec is required.
type Options struct {
	// Spec is the cron spec (see the package documentation).
	Spec string
	// Location is the time zone of a Spec without a CRON_TZ= prefix; nil
	// means UTC.
	Location *time.Location
	// Clock defaults to SystemClock().
	Clock Clock
	// Logger defaults to a logger that discards.
	Logger *slog.Logger
	// StatusFile, if set, is where the status is written (atomically) at
	// each change, for ReadStatus in another process.
	StatusFile string
	// MaxBackoff caps the delay before retrying a failed run; default 15m.
	MaxBackoff time.Duration
	// RunAtStart runs the job as soon as Run starts, then on the schedule.
	RunAtStart bool
	// OnChange, if set, is called with the new status after each change,
	// from the loop's goroutine: it must return quickly.
	OnChange func(Status)
}

// Defaults of Options.
const (
	DefaultMaxBackoff = 15 * time.Minute
	firstBackoff      = 30 * time.Second
)

// ErrRunning is returned by Run when the Scheduler is already running.
var ErrRunning = errors.New("scheduler is already running")

// Scheduler runs a Job on a Schedule. Status may be called from any
// goroutine.
type Scheduler struct {
	job        Job
	sched      Schedule
	clock      Clock
	log        *slog.Logger
	statusFile string
	maxBackoff time.Duration
	runAtStart bool
	onChange   func(Status)

	active atomic.Bool // Run is going

	mu     sync.RWMutex
	status Status
}

// New returns a Scheduler for job, checking the options.
func New(job Job, opt Options) (*Scheduler, error) {
	if job == nil {
		return nil, errors.New("new scheduler: nil job")
	}
	sched, err := Parse(opt.Spec, opt.Location)
	if err != nil {
		return nil, fmt.Errorf("new scheduler: %w", err)
	}
	s := &Scheduler{
		job:        job,
		sched:      sched,
		clock:      opt.Clock,
		log:        opt.Logger,
		statusFile: opt.StatusFile,
		maxBackoff: opt.MaxBackoff,
		runAtStart: opt.RunAtStart,
		onChange:   opt.OnChange,
	}
	if s.clock == nil {
		s.clock = SystemClock()
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxBackoff <= 0 {
		s.maxBackoff = DefaultMaxBackoff
	}
	now := s.clock.Now()
	next := sched.Next(now)
	if next.IsZero() {
		return nil, fmt.Errorf("new scheduler: schedule %q has no run after %s", opt.Spec, now.Format(time.RFC3339))
	}
	s.status = Status{Spec: opt.Spec, NextRun: next}
	return s, nil
}

// Status returns a copy of the current status.
func (s *Scheduler) Status() Status {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.status
}

// backoff returns the delay before retrying after n consecutive failures:
// 30s, 1m, 2m, ... capped at max.
func backoff(n int, max time.Duration) time.Duration {
	d := firstBackoff
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

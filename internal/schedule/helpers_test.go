package schedule_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/schedule"
	"github.com/feedcast/feedcast/internal/schedule/schedtest"
	"github.com/feedcast/feedcast/internal/syncbuf"
)

// t0 is a Monday, 10:07 UTC: "*/15" next runs at 10:15.
var t0 = time.Date(2026, 6, 1, 10, 7, 0, 0, time.UTC)

// at returns t0's day at h:m:s UTC.
func at(h, m, s int) time.Time { return time.Date(2026, 6, 1, h, m, s, 0, time.UTC) }

// harness runs a Scheduler on a fake clock and follows its status changes.
type harness struct {
	t      *testing.T
	clk    *schedtest.Clock
	s      *schedule.Scheduler
	events chan schedule.Status
	logs   *syncbuf.Buffer
	cancel context.CancelFunc
	done   chan error
	last   schedule.Status
}

func newHarness(t *testing.T) *harness {
	return &harness{
		t:      t,
		clk:    schedtest.NewClock(t0),
		events: make(chan schedule.Status, 4096),
		logs:   &syncbuf.Buffer{},
		done:   make(chan error, 1),
	}
}

// start runs job on spec; edit, if not nil, changes the options.
func (h *harness) start(spec string, job schedule.Job, edit func(*schedule.Options)) {
	h.t.Helper()
	opt := schedule.Options{
		Spec:     spec,
		Clock:    h.clk,
		Logger:   slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		OnChange: func(st schedule.Status) { h.events <- st },
	}
	if edit != nil {
		edit(&opt)
	}
	s, err := schedule.New(job, opt)
	if err != nil {
		h.t.Fatal(err)
	}
	h.s = s
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- s.Run(ctx) }()
	h.t.Cleanup(func() { h.stop() })
	h.waitFor("loop started", func(st schedule.Status) bool { return !st.Updated.IsZero() })
}

// waitFor reads status changes until cond holds and returns that status.
// It waits in real time only for the loop's goroutine, never for the
// schedule: the fake clock is moved by the test.
func (h *harness) waitFor(what string, cond func(schedule.Status) bool) schedule.Status {
	h.t.Helper()
	timeout := time.NewTimer(5 * time.Second)
	defer timeout.Stop()
	for {
		select {
		case st := <-h.events:
			h.last = st
			if cond(st) {
				return st
			}
		case <-timeout.C:
			h.t.Fatalf("waiting for %s; last status %+v", what, h.last)
		}
	}
}

// finished waits until the loop has recorded n finished runs and no run
// is going.
func (h *harness) finished(n int) schedule.Status {
	h.t.Helper()
	return h.waitFor("finished runs", func(st schedule.Status) bool { return st.Runs == n && !st.Running })
}

func (h *harness) running() schedule.Status {
	h.t.Helper()
	return h.waitFor("a run", func(st schedule.Status) bool { return st.Running })
}

// set moves the fake clock to t once the loop waits on its timer. (The
// loop reads the time, then makes a timer for the delay left: moving the
// clock between the two would push the timer back.)
func (h *harness) set(t time.Time) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.clk.BlockUntil(ctx, 1); err != nil {
		h.t.Fatalf("loop not waiting on a timer: %v", err)
	}
	h.clk.Set(t)
}

func (h *harness) advance(d time.Duration) { h.t.Helper(); h.set(h.clk.Now().Add(d)) }

// stop cancels the loop and returns Run's error.
func (h *harness) stop() error {
	h.t.Helper()
	h.cancel()
	select {
	case err := <-h.done:
		h.done <- err // stop may be called again by Cleanup
		return err
	case <-time.After(5 * time.Second):
		h.t.Fatal("Run did not return after cancel")
		return nil
	}
}

// recorder is a job that records the fake time of each call.
type recorder struct {
	clk   *schedtest.Clock
	mu    sync.Mutex
	calls []time.Time
}

func (r *recorder) record() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clk.Now()
	r.calls = append(r.calls, now)
	return now
}

func (r *recorder) times() []time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Time(nil), r.calls...)
}

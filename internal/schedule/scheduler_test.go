package schedule_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/schedule"
)

func TestRunsAtScheduledTimes(t *testing.T) {
	h := newHarness(t)
	rec := &recorder{clk: h.clk}
	h.start("*/15 * * * *", func(context.Context) (schedule.RunResult, error) {
		rec.record()
		return schedule.RunResult{Episodes: 3, FilesUploaded: 2}, nil
	}, nil)
	if got := h.s.Status().NextRun; !got.Equal(at(10, 15, 0)) {
		t.Fatalf("NextRun before the first run = %v, want 10:15", got)
	}

	want := []time.Time{at(10, 15, 0), at(10, 30, 0), at(10, 45, 0), at(11, 0, 0)}
	h.advance(7 * time.Minute) // 10:14: nothing due
	for i, due := range want {
		h.set(due)
		h.finished(i + 1)
	}
	if got := rec.times(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("runs at %v, want %v", got, want)
	}
	st := h.s.Status()
	if !st.LastStart.Equal(at(11, 0, 0)) || st.LastResult != schedule.ResultOK ||
		st.LastRun != (schedule.RunResult{Episodes: 3, FilesUploaded: 2}) ||
		!st.NextRun.Equal(at(11, 15, 0)) || st.Retry || st.Runs != 4 || st.Skipped != 0 ||
		!st.LastSuccess.Equal(at(11, 0, 0)) || st.Spec != "*/15 * * * *" {
		t.Errorf("status %+v", st)
	}
	if err := h.stop(); err != nil {
		t.Errorf("Run returned %v, want nil", err)
	}
	if st := h.s.Status(); !st.NextRun.IsZero() || st.Running {
		t.Errorf("status after stop %+v, want no next run", st)
	}
}

func TestRunAtStart(t *testing.T) {
	h := newHarness(t)
	rec := &recorder{clk: h.clk}
	h.start("*/15 * * * *", func(context.Context) (schedule.RunResult, error) {
		rec.record()
		return schedule.RunResult{}, nil
	}, func(o *schedule.Options) { o.RunAtStart = true })
	st := h.finished(1)
	if got := rec.times(); len(got) != 1 || !got[0].Equal(t0) {
		t.Errorf("runs at %v, want one at start %v", got, t0)
	}
	if !st.NextRun.Equal(at(10, 15, 0)) {
		t.Errorf("NextRun = %v, want 10:15", st.NextRun)
	}
}

// A run that lasts past the next scheduled times makes the loop skip them,
// never start a second run beside it.
func TestOverlappingRunsSkipped(t *testing.T) {
	h := newHarness(t)
	var inFlight, maxInFlight, calls atomic.Int32
	release := make(chan struct{})
	h.start("*/15 * * * *", func(ctx context.Context) (schedule.RunResult, error) {
		calls.Add(1)
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := maxInFlight.Load()
			if n <= m || maxInFlight.CompareAndSwap(m, n) {
				break
			}
		}
		select {
		case <-release:
		case <-ctx.Done():
		}
		return schedule.RunResult{}, nil
	}, nil)

	// Status is read from another goroutine all along (for -race).
	stopReading := make(chan struct{})
	defer close(stopReading)
	go func() {
		for {
			select {
			case <-stopReading:
				return
			default:
				_ = h.s.Status()
			}
		}
	}()

	h.set(at(10, 15, 0))
	if st := h.running(); !st.RunningSince.Equal(at(10, 15, 0)) {
		t.Errorf("RunningSince = %v, want 10:15", st.RunningSince)
	}
	h.set(at(10, 30, 0))
	h.waitFor("a skip", func(st schedule.Status) bool { return st.Skipped == 1 })
	h.set(at(10, 45, 0))
	h.waitFor("a skip", func(st schedule.Status) bool { return st.Skipped == 2 })
	// Woken late, the loop counts every scheduled time it passed.
	h.set(at(11, 20, 0)) // 11:00 and 11:15
	st := h.waitFor("two skips", func(st schedule.Status) bool { return st.Skipped == 4 })
	if !st.Running || !st.NextRun.Equal(at(11, 30, 0)) {
		t.Errorf("status %+v, want running, next 11:30", st)
	}
	release <- struct{}{}
	st = h.finished(1)
	if !st.NextRun.Equal(at(11, 30, 0)) || st.LastResult != schedule.ResultOK {
		t.Errorf("status %+v", st)
	}
	h.set(at(11, 30, 0))
	h.running()
	release <- struct{}{}
	h.finished(2)

	if n := calls.Load(); n != 2 {
		t.Errorf("%d runs, want 2", n)
	}
	if m := maxInFlight.Load(); m != 1 {
		t.Errorf("%d runs at once, want 1", m)
	}
	if n := strings.Count(h.logs.String(), "scheduled run skipped"); n != 3 {
		t.Errorf("%d skip log lines, want 3:\n%s", n, h.logs)
	}
}

// A run that ends after the next scheduled time skips it, whichever of the
// run's end and the timer the loop sees first.
func TestLongRunSkipsTheTimeItOverran(t *testing.T) {
	h := newHarness(t)
	h.start("*/15 * * * *", func(context.Context) (schedule.RunResult, error) {
		h.clk.Advance(20 * time.Minute) // the run takes 20 minutes
		return schedule.RunResult{}, nil
	}, nil)
	h.set(at(10, 15, 0))
	st := h.finished(1)
	if st.Skipped != 1 || !st.NextRun.Equal(at(10, 45, 0)) || st.LastDuration != schedule.Duration(20*time.Minute) {
		t.Errorf("status %+v, want 1 skipped, next 10:45, lasted 20m", st)
	}
}

func TestFailedRunRetriedWithBackoff(t *testing.T) {
	h := newHarness(t)
	rec := &recorder{clk: h.clk}
	var calls atomic.Int32
	h.start("0 * * * *", func(context.Context) (schedule.RunResult, error) {
		rec.record()
		if n := calls.Add(1); n <= 3 {
			return schedule.RunResult{Episodes: 1}, fmt.Errorf("upload: boom %d", n)
		}
		return schedule.RunResult{Episodes: 4, FilesUploaded: 9}, nil
	}, nil)

	h.set(at(11, 0, 0))
	st := h.finished(1)
	if st.LastResult != schedule.ResultFailed || st.LastError != "upload: boom 1" ||
		st.ConsecutiveFailures != 1 || !st.Retry || !st.NextRun.Equal(at(11, 0, 30)) ||
		st.LastRun.Episodes != 1 || !st.LastSuccess.IsZero() {
		t.Fatalf("after the first failure: %+v", st)
	}
	h.advance(30 * time.Second)
	st = h.finished(2)
	if !st.NextRun.Equal(at(11, 1, 30)) || st.ConsecutiveFailures != 2 || st.LastError != "upload: boom 2" {
		t.Fatalf("after the second failure: %+v", st)
	}
	h.advance(time.Minute)
	st = h.finished(3)
	if !st.NextRun.Equal(at(11, 3, 30)) || st.ConsecutiveFailures != 3 {
		t.Fatalf("after the third failure: %+v", st)
	}
	h.advance(2 * time.Minute)
	st = h.finished(4)
	if st.LastResult != schedule.ResultOK || st.LastError != "" || st.ConsecutiveFailures != 0 ||
		st.Retry || !st.NextRun.Equal(at(12, 0, 0)) || !st.LastSuccess.Equal(at(11, 3, 30)) ||
		st.LastRun != (schedule.RunResult{Episodes: 4, FilesUploaded: 9}) {
		t.Errorf("after the success: %+v", st)
	}
	want := []time.Time{at(11, 0, 0), at(11, 0, 30), at(11, 1, 30), at(11, 3, 30)}
	if got := rec.times(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("runs at %v, want %v", got, want)
	}
	if !strings.Contains(h.logs.String(), "upload: boom 3") {
		t.Errorf("failure not logged:\n%s", h.logs)
	}
}

func TestBackoffCapped(t *testing.T) {
	h := newHarness(t)
	h.start("@daily", func(context.Context) (schedule.RunResult, error) {
		return schedule.RunResult{}, errors.New("down")
	}, func(o *schedule.Options) { o.MaxBackoff = 2 * time.Minute; o.RunAtStart = true })
	for i, want := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 2 * time.Minute, 2 * time.Minute} {
		st := h.finished(i + 1)
		if got := st.NextRun.Sub(st.LastStart); got != want || !st.Retry {
			t.Fatalf("failure %d: retry after %v (retry %v), want %v", i+1, got, st.Retry, want)
		}
		h.set(st.NextRun)
	}
}

// A retry never goes at or past the next scheduled run: that run is the
// retry.
func TestRetryNotPastNextRun(t *testing.T) {
	h := newHarness(t)
	rec := &recorder{clk: h.clk}
	h.start("*/5 * * * *", func(context.Context) (schedule.RunResult, error) {
		rec.record()
		return schedule.RunResult{}, errors.New("down")
	}, nil)
	h.set(at(10, 10, 0))
	for i, next := range []time.Time{at(10, 10, 30), at(10, 11, 30), at(10, 13, 30)} {
		st := h.finished(i + 1)
		if !st.NextRun.Equal(next) || !st.Retry {
			t.Fatalf("failure %d: next %v retry %v, want %v", i+1, st.NextRun, st.Retry, next)
		}
		h.set(next)
	}
	// The next delay, 4m, would end at 10:17:30, past 10:15.
	st := h.finished(4)
	if !st.NextRun.Equal(at(10, 15, 0)) || st.Retry {
		t.Fatalf("status %+v, want the scheduled 10:15", st)
	}
	h.set(at(10, 15, 0))
	// The fifth failure's delay, 8m, is past 10:20 too.
	if st := h.finished(5); !st.NextRun.Equal(at(10, 20, 0)) || st.Retry || st.ConsecutiveFailures != 5 {
		t.Errorf("status %+v, want the scheduled 10:20", st)
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	h := newHarness(t)
	h.start("@hourly", func(context.Context) (schedule.RunResult, error) {
		return schedule.RunResult{}, errors.New("down")
	}, func(o *schedule.Options) { o.RunAtStart = true })
	if st := h.finished(1); !st.Retry {
		t.Fatalf("status %+v, want a retry pending", st)
	}
	if err := h.stop(); err != nil {
		t.Errorf("Run returned %v, want nil", err)
	}
	if n := h.clk.Pending(); n != 0 {
		t.Errorf("%d timers left pending", n)
	}
	if st := h.s.Status(); st.Retry || !st.NextRun.IsZero() || st.LastResult != schedule.ResultFailed {
		t.Errorf("status after stop %+v", st)
	}
}

func TestCancelDuringRun(t *testing.T) {
	h := newHarness(t)
	h.start("*/15 * * * *", func(ctx context.Context) (schedule.RunResult, error) {
		<-ctx.Done()
		return schedule.RunResult{}, fmt.Errorf("build: %w", ctx.Err())
	}, nil)
	h.set(at(10, 15, 0))
	h.running()
	if err := h.stop(); err != nil {
		t.Errorf("Run returned %v, want nil", err)
	}
	st := h.s.Status()
	if st.Running || st.LastResult != schedule.ResultCanceled || st.Retry || st.Runs != 1 {
		t.Errorf("status after stop %+v", st)
	}
}

func TestJobPanicIsAFailure(t *testing.T) {
	h := newHarness(t)
	var calls atomic.Int32
	h.start("*/15 * * * *", func(context.Context) (schedule.RunResult, error) {
		if calls.Add(1) == 1 {
			panic("nil map")
		}
		return schedule.RunResult{}, nil
	}, nil)
	h.set(at(10, 15, 0))
	st := h.finished(1)
	if st.LastResult != schedule.ResultFailed || !strings.Contains(st.LastError, "panicked: nil map") {
		t.Fatalf("status %+v", st)
	}
	h.set(st.NextRun)
	if st := h.finished(2); st.LastResult != schedule.ResultOK {
		t.Errorf("status %+v, want the retry to succeed", st)
	}
}

// An episode dated in the future is published by the first run at or
// after its date, as a job that publishes "episodes dated <= now" sees it.
func TestFutureEpisodePublishedByFirstRunAfterItsDate(t *testing.T) {
	h := newHarness(t)
	dates := map[string]time.Time{
		"ep1": at(9, 0, 0),
		"ep2": at(10, 20, 0), // future at the 10:15 run
		"ep3": at(10, 30, 0), // exactly at the 10:30 run
	}
	published := map[time.Time][]string{}
	h.start("*/15 * * * *", func(context.Context) (schedule.RunResult, error) {
		now := h.clk.Now()
		var eps []string
		for _, name := range []string{"ep1", "ep2", "ep3"} {
			if !dates[name].After(now) {
				eps = append(eps, name)
			}
		}
		published[now] = eps // only one run at a time
		return schedule.RunResult{Episodes: len(eps)}, nil
	}, nil)
	h.set(at(10, 15, 0))
	if st := h.finished(1); st.LastRun.Episodes != 1 {
		t.Errorf("10:15 run: %d episodes, want 1", st.LastRun.Episodes)
	}
	h.set(at(10, 30, 0))
	if st := h.finished(2); st.LastRun.Episodes != 3 {
		t.Errorf("10:30 run: %d episodes, want 3", st.LastRun.Episodes)
	}
	h.stop()
	want := map[time.Time][]string{at(10, 15, 0): {"ep1"}, at(10, 30, 0): {"ep1", "ep2", "ep3"}}
	if fmt.Sprint(published) != fmt.Sprint(want) {
		t.Errorf("published %v, want %v", published, want)
	}
}

func TestRunTwice(t *testing.T) {
	h := newHarness(t)
	h.start("@hourly", func(context.Context) (schedule.RunResult, error) { return schedule.RunResult{}, nil }, nil)
	if err := h.s.Run(context.Background()); !errors.Is(err, schedule.ErrRunning) {
		t.Errorf("second Run = %v, want ErrRunning", err)
	}
}

func TestNewErrors(t *testing.T) {
	job := func(context.Context) (schedule.RunResult, error) { return schedule.RunResult{}, nil }
	for _, c := range []struct {
		job  schedule.Job
		spec string
		want string
	}{
		{nil, "@hourly", "nil job"},
		{job, "*/61 * * * *", `"*/61 * * * *"`},
		{job, "TZ=UTC", `"TZ=UTC"`},
		{job, "0 0 30 2 *", `schedule "0 0 30 2 *" has no run`},
	} {
		_, err := schedule.New(c.job, schedule.Options{Spec: c.spec})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New(%q) error %v, want one containing %s", c.spec, err, c.want)
		}
	}
}

package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"
)

// maxCatchUp bounds the scheduled times counted when the loop wakes late.
const maxCatchUp = 10000

// outcome is a finished run.
type outcome struct {
	start, end time.Time
	res        RunResult
	err        error
}

// loop is the state of one call of Run, owned by its goroutine.
type loop struct {
	*Scheduler
	ctx      context.Context
	next     time.Time    // next scheduled time
	retryAt  time.Time    // retry of a failed run, before next; zero if none
	failures int          // consecutive failed runs
	done     chan outcome // non-nil while a run is going
}

// Run runs the job on the schedule until ctx is done. It then cancels a run
// in progress (through the job's ctx), waits for it to return, and returns
// nil. It returns ErrRunning if Run is already going.
func (s *Scheduler) Run(ctx context.Context) error {
	if !s.active.CompareAndSwap(false, true) {
		return ErrRunning
	}
	defer s.active.Store(false)

	now := s.clock.Now()
	l := &loop{Scheduler: s, ctx: ctx, next: s.sched.Next(now)}
	if s.runAtStart {
		l.start(now)
	} else {
		l.publish(nil)
	}
	for {
		var fire <-chan time.Time
		timer := l.arm()
		if timer != nil {
			fire = timer.C()
		}
		select {
		case <-ctx.Done():
			stop(timer)
			l.shutdown()
			return nil
		case o := <-l.done:
			stop(timer)
			l.finish(o)
		case <-fire:
			l.fire(s.clock.Now())
		}
	}
}

// arm returns a timer for the next event: the retry if one is due before
// the next scheduled time, else that time. It is nil when there is none.
func (l *loop) arm() Timer {
	at := l.next
	if l.done == nil && !l.retryAt.IsZero() && l.retryAt.Before(at) {
		at = l.retryAt
	}
	if at.IsZero() {
		return nil
	}
	return l.clock.NewTimer(at.Sub(l.clock.Now()))
}

func stop(t Timer) {
	if t != nil {
		t.Stop()
	}
}

// fire handles a timer: a scheduled time or a retry is due.
func (l *loop) fire(now time.Time) {
	switch {
	case !l.next.After(now):
		due := l.next
		n := l.passScheduled(now)
		l.retryAt = time.Time{} // the scheduled run is the retry
		if l.done != nil {
			l.skip(due, n)
			return
		}
		if n > 1 {
			l.log.Warn("scheduled runs missed: the loop woke late", "missed", n-1, "due", due)
		}
		l.start(now)
	case !l.retryAt.IsZero() && !l.retryAt.After(now) && l.done == nil:
		l.retryAt = time.Time{}
		l.log.Info("retrying failed run", "attempt", l.failures+1)
		l.start(now)
	}
}

// passScheduled moves next past now and returns how many scheduled times
// it passed.
func (l *loop) passScheduled(now time.Time) int {
	n := 0
	for !l.next.IsZero() && !l.next.After(now) {
		n++
		if n == maxCatchUp {
			l.next = l.sched.Next(now)
			break
		}
		l.next = l.sched.Next(l.next)
	}
	return n
}

// skip records n scheduled times, the first due, that came during a run.
func (l *loop) skip(due time.Time, n int) {
	l.log.Warn("scheduled run skipped: previous run still going",
		"due", due, "skipped", n, "running_since", l.Status().RunningSince)
	l.publish(func(st *Status) { st.Skipped += n })
}

// start starts a run at now in its own goroutine.
func (l *loop) start(now time.Time) {
	done := make(chan outcome, 1)
	l.done = done
	l.log.Info("run started", "at", now)
	go l.execute(now, done)
	l.publish(func(st *Status) {
		st.Running = true
		st.RunningSince = now
	})
}

// execute runs the job and sends its outcome. A panic in the job is a
// failed run.
func (l *loop) execute(start time.Time, done chan<- outcome) {
	o := outcome{start: start}
	defer func() {
		if r := recover(); r != nil {
			l.log.Error("run panicked", "panic", r, "stack", string(debug.Stack()))
			o.err = fmt.Errorf("job panicked: %v", r)
		}
		o.end = l.clock.Now()
		done <- o
	}()
	o.res, o.err = l.job(l.ctx)
}

// finish records a finished run and plans a retry if it failed.
func (l *loop) finish(o outcome) {
	l.done = nil
	// A scheduled time that came during the run, and that the timer did not
	// report before the run's end, is skipped all the same.
	if !l.next.IsZero() && !l.next.After(o.end) {
		due := l.next
		l.skip(due, l.passScheduled(o.end))
	}
	result := ResultOK
	l.retryAt = time.Time{}
	switch {
	case o.err == nil:
		l.failures = 0
		msg, level := "run finished", slog.LevelInfo
		if o.res.SkippedEpisodes > 0 {
			msg, level = "run finished, with episodes skipped", slog.LevelWarn
		}
		l.log.Log(context.Background(), level, msg, "start", o.start, "duration", o.end.Sub(o.start),
			"episodes", o.res.Episodes, "files_uploaded", o.res.FilesUploaded,
			"skipped_episodes", o.res.SkippedEpisodes, "warnings", o.res.Warnings)
	case l.ctx.Err() != nil:
		result = ResultCanceled
		l.log.Info("run canceled", "start", o.start, "err", o.err)
	default:
		result = ResultFailed
		l.failures++
		if retry := o.end.Add(backoff(l.failures, l.maxBackoff)); retry.Before(l.next) {
			l.retryAt = retry
		}
		l.log.Error("run failed", "start", o.start, "duration", o.end.Sub(o.start),
			"err", o.err, "failures", l.failures, "retry_at", l.retryAt, "next", l.next)
	}
	l.publish(func(st *Status) {
		st.Running = false
		st.RunningSince = time.Time{}
		st.LastStart = o.start
		st.LastDuration = Duration(o.end.Sub(o.start))
		st.LastResult = result
		st.LastError = ""
		if o.err != nil {
			st.LastError = o.err.Error()
		}
		st.LastRun = o.res
		if result == ResultOK {
			st.LastSuccess = o.start
		}
		st.Runs++
		st.ConsecutiveFailures = l.failures
	})
}

// shutdown waits for a run in progress and records the stopped loop.
func (l *loop) shutdown() {
	if l.done != nil {
		l.finish(<-l.done)
	}
	l.next, l.retryAt = time.Time{}, time.Time{}
	l.publish(nil)
	l.log.Info("scheduler stopped")
}

// publish applies change to the status, sets its next run, then writes the
// status file and calls OnChange.
func (l *loop) publish(change func(*Status)) {
	l.mu.Lock()
	if change != nil {
		change(&l.status)
	}
	st := &l.status
	st.NextRun, st.Retry = l.next, false
	if l.done == nil && !l.retryAt.IsZero() && l.retryAt.Before(l.next) {
		st.NextRun, st.Retry = l.retryAt, true
	}
	st.Updated = l.clock.Now()
	snapshot := *st
	l.mu.Unlock()

	if l.statusFile != "" {
		if err := WriteStatus(l.statusFile, snapshot); err != nil {
			l.log.Warn("status not saved", "err", err)
		}
	}
	if l.onChange != nil {
		l.onChange(snapshot)
	}
}

// Package schedtest provides a fake schedule.Clock for tests: time moves
// only when the test says so, and timers fire then.
//
// Code under test, such as schedule.Scheduler.Run, reads the time and then
// makes a timer for the delay left. A test that moves the clock between the
// two pushes the timer back, so it first waits for the timer with
// BlockUntil:
//
//	clk := schedtest.NewClock(start)
//	go s.Run(ctx)
//	if err := clk.BlockUntil(ctx, 1); err != nil { ... }
//	clk.Advance(15 * time.Minute) // the 15-minute run starts
package schedtest

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/feedcast/feedcast/internal/schedule"
)

// Clock is a fake schedule.Clock. Its zero value is not usable; call
// NewClock. It is safe for concurrent use.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	timers  []*timer      // pending, in no order
	changed chan struct{} // closed when timers changes
}

var _ schedule.Clock = (*Clock)(nil)

// NewClock returns a Clock reading now.
func NewClock(now time.Time) *Clock {
	return &Clock{now: now, changed: make(chan struct{})}
}

// Now returns the fake time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// NewTimer returns a timer that fires when the clock has been moved d or
// more forward; at once if d <= 0.
func (c *Clock) NewTimer(d time.Duration) schedule.Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &timer{c: c, at: c.now.Add(d), ch: make(chan time.Time, 1)}
	if d <= 0 {
		t.ch <- c.now
		return t
	}
	c.timers = append(c.timers, t)
	c.notify()
	return t
}

// Advance moves the clock d forward and fires the timers that are due, the
// earliest first.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set(c.now.Add(d))
}

// Set moves the clock to t, which must not be before the current time, and
// fires the timers that are due, the earliest first.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Before(c.now) {
		panic("schedtest: Set moves the clock backwards")
	}
	c.set(t)
}

func (c *Clock) set(t time.Time) {
	c.now = t
	var due []*timer
	c.timers = slices.DeleteFunc(c.timers, func(tm *timer) bool {
		if tm.at.After(t) {
			return false
		}
		due = append(due, tm)
		return true
	})
	slices.SortStableFunc(due, func(a, b *timer) int { return a.at.Compare(b.at) })
	for _, tm := range due {
		tm.ch <- t
	}
	if len(due) > 0 {
		c.notify()
	}
}

// Pending returns the number of timers that have not fired or been
// stopped.
func (c *Clock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// BlockUntil waits until at least n timers are pending, or ctx is done.
func (c *Clock) BlockUntil(ctx context.Context, n int) error {
	for {
		c.mu.Lock()
		pending, changed := len(c.timers), c.changed
		c.mu.Unlock()
		if pending >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// notify wakes BlockUntil; c.mu must be held.
func (c *Clock) notify() {
	close(c.changed)
	c.changed = make(chan struct{})
}

type timer struct {
	c  *Clock
	at time.Time
	ch chan time.Time
}

func (t *timer) C() <-chan time.Time { return t.ch }

func (t *timer) Stop() bool {
	c := t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	i := slices.Index(c.timers, t)
	if i < 0 {
		return false
	}
	c.timers = slices.Delete(c.timers, i, i+1)
	c.notify()
	return true
}

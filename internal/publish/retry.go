package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"
)

// Backoff retries transient errors with capped exponential backoff and
// jitter. The zero value uses the defaults; tests inject Rand and Sleep to
// make the waits deterministic and instant.
type Backoff struct {
	// Attempts is the number of tries in all (default 5); 1 disables
	// retrying.
	Attempts int
	// Base is the wait before the second try (default 500ms); it doubles
	// for each further try, up to Max (default 30s).
	Base, Max time.Duration
	// Rand returns a number in [0, 1) that spreads the waits of clients
	// retrying at once (default math/rand/v2.Float64).
	Rand func() float64
	// Sleep waits for d or until ctx is done, returning ctx.Err() then
	// (default: a timer).
	Sleep func(ctx context.Context, d time.Duration) error
}

// RetryAfter is implemented by errors that carry the wait a server asked
// for (HTTP Retry-After).
type RetryAfter interface {
	error
	RetryAfter() time.Duration
}

func (b Backoff) withDefaults() Backoff {
	if b.Attempts <= 0 {
		b.Attempts = 5
	}
	if b.Base <= 0 {
		b.Base = 500 * time.Millisecond
	}
	if b.Max <= 0 {
		b.Max = 30 * time.Second
	}
	if b.Rand == nil {
		b.Rand = rand.Float64
	}
	if b.Sleep == nil {
		b.Sleep = sleep
	}
	return b
}

// Wait returns the wait before try n+1 after n failed tries (n >= 1):
// Base*2^(n-1) capped at Max, of which the upper half is random ("equal
// jitter": never less than half the step, so retries do not bunch up). A
// longer RetryAfter from the server is honoured, up to Max.
func (b Backoff) Wait(n int, err error) time.Duration {
	b = b.withDefaults()
	d := b.Max
	if n-1 < 32 {
		d = min(b.Base<<(n-1), b.Max)
	}
	d = d/2 + time.Duration(b.Rand()*float64(d/2))
	if ra, ok := errors.AsType[RetryAfter](err); ok && ra.RetryAfter() > d {
		d = min(ra.RetryAfter(), b.Max)
	}
	return d
}

// Do calls fn until it succeeds, returns a permanent error (see
// IsPermanent), or has been tried Attempts times; what names the work in
// the log.
func (b Backoff) Do(ctx context.Context, log *slog.Logger, what string, fn func(context.Context) error) error {
	b = b.withDefaults()
	for n := 1; ; n++ {
		err := fn(ctx)
		if err == nil {
			return nil
		}
		if IsPermanent(err) || ctx.Err() != nil {
			return err
		}
		if n >= b.Attempts {
			return &triesError{err: err, n: n}
		}
		d := b.Wait(n, err)
		if log != nil {
			log.Warn("retrying", "op", what, "try", n, "wait", d, "err", err)
		}
		if serr := b.Sleep(ctx, d); serr != nil {
			return fmt.Errorf("%w (%w after %d tries)", err, serr, n)
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// triesError is the last error of an operation tried n times.
type triesError struct {
	err error
	n   int
}

func (e *triesError) Error() string { return fmt.Sprintf("%v (%d tries)", e.err, e.n) }
func (e *triesError) Unwrap() error { return e.err }

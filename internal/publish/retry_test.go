package publish_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/publish"
)

func TestBackoffWait(t *testing.T) {
	b := publish.Backoff{Base: time.Second, Max: 10 * time.Second, Rand: func() float64 { return 0 }}
	var got []time.Duration
	for n := 1; n <= 6; n++ {
		got = append(got, b.Wait(n, nil))
	}
	// Half of the step, the rest random: 0 here.
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	if !slices.Equal(got, want) {
		t.Errorf("waits %v, want %v", got, want)
	}
	b.Rand = func() float64 { return 0.999999 }
	if d := b.Wait(64, nil); d < 9*time.Second || d > 10*time.Second {
		t.Errorf("wait %v after many tries, want about the cap", d)
	}
	if d := b.Wait(1, retryAfter(7*time.Second)); d != 7*time.Second {
		t.Errorf("wait %v with Retry-After 7s", d)
	}
	if d := b.Wait(1, fmt.Errorf("wrapped: %w", retryAfter(time.Hour))); d != 10*time.Second {
		t.Errorf("wait %v with Retry-After 1h, want the cap", d)
	}
}

type retryAfter time.Duration

func (r retryAfter) Error() string             { return "busy" }
func (r retryAfter) RetryAfter() time.Duration { return time.Duration(r) }

func TestBackoffDo(t *testing.T) {
	var waits []time.Duration
	b := publish.Backoff{Attempts: 4, Base: time.Second, Rand: func() float64 { return 0.5 },
		Sleep: func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
	calls := 0
	err := b.Do(context.Background(), nil, "op", func(context.Context) error {
		calls++
		if calls < 3 {
			return errors.New("transient")
		}
		return nil
	})
	if err != nil || calls != 3 || !slices.Equal(waits, []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond}) {
		t.Errorf("transient twice: err %v, %d calls, waits %v", err, calls, waits)
	}

	calls, waits = 0, nil
	errDown := errors.New("down")
	err = b.Do(context.Background(), nil, "op", func(context.Context) error { calls++; return errDown })
	if !errors.Is(err, errDown) || calls != 4 {
		t.Errorf("always failing: err %v after %d calls, want 4", err, calls)
	}

	calls = 0
	err = b.Do(context.Background(), nil, "op", func(context.Context) error { calls++; return publish.Permanent(errDown) })
	if !errors.Is(err, errDown) || calls != 1 {
		t.Errorf("permanent: err %v after %d calls, want 1", err, calls)
	}

	ctx, cancel := context.WithCancel(context.Background())
	calls = 0
	b.Sleep = func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }
	err = b.Do(ctx, nil, "op", func(context.Context) error { calls++; return errDown })
	if !errors.Is(err, context.Canceled) || !errors.Is(err, errDown) || calls != 1 {
		t.Errorf("cancelled while waiting: err %v after %d calls", err, calls)
	}
}

package schedule

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute,
		8 * time.Minute, 15 * time.Minute, 15 * time.Minute}
	for i, w := range want {
		if got := backoff(i+1, DefaultMaxBackoff); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := backoff(1000, DefaultMaxBackoff); got != DefaultMaxBackoff {
		t.Errorf("backoff(1000) = %v", got)
	}
	if got := backoff(1, 10*time.Second); got != 10*time.Second {
		t.Errorf("backoff under a 10s cap = %v", got)
	}
}

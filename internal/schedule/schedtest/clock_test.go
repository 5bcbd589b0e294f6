package schedtest_test

import (
	"context"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/schedule/schedtest"
)

func TestClock(t *testing.T) {
	t0 := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	c := schedtest.NewClock(t0)
	late := c.NewTimer(2 * time.Minute)
	early := c.NewTimer(time.Minute)
	stopped := c.NewTimer(time.Minute)
	if n := c.Pending(); n != 3 {
		t.Fatalf("%d pending, want 3", n)
	}
	if !stopped.Stop() || stopped.Stop() {
		t.Error("Stop reports wrong")
	}
	c.Advance(30 * time.Second)
	select {
	case <-early.C():
		t.Fatal("timer fired early")
	default:
	}
	c.Set(t0.Add(time.Minute))
	if got := <-early.C(); !got.Equal(t0.Add(time.Minute)) {
		t.Errorf("fired with %v", got)
	}
	if early.Stop() {
		t.Error("Stop of a fired timer reports true")
	}
	c.Advance(time.Hour)
	<-late.C()
	select {
	case <-stopped.C():
		t.Error("stopped timer fired")
	default:
	}
	if !c.Now().Equal(t0.Add(time.Hour + time.Minute)) {
		t.Errorf("Now = %v", c.Now())
	}
	now := c.NewTimer(0)
	<-now.C()
	if n := c.Pending(); n != 0 {
		t.Errorf("%d pending, want 0", n)
	}
}

func TestBlockUntil(t *testing.T) {
	c := schedtest.NewClock(time.Unix(0, 0))
	go func() {
		c.NewTimer(time.Second)
		c.NewTimer(time.Second)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.BlockUntil(ctx, 2); err != nil {
		t.Fatal(err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if err := c.BlockUntil(ctx, 3); err == nil {
		t.Error("BlockUntil returned nil with a canceled context")
	}
}

func TestSetBackwardsPanics(t *testing.T) {
	c := schedtest.NewClock(time.Unix(100, 0))
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	c.Set(time.Unix(0, 0))
}

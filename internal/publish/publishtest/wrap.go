package publishtest

import (
	"context"
	"errors"
	"io"
	"sync"

	"github.com/feedcast/feedcast/internal/publish"
)

// Event is one call seen by a Recorder.
type Event struct {
	Op  string // "put-start", "put-end", "delete"
	Key string
}

// Recorder is a target that records the order of the calls it passes on.
type Recorder struct {
	publish.Target
	mu     sync.Mutex
	Events []Event
}

var (
	_ publish.Target    = (*Recorder)(nil)
	_ publish.Committer = (*Recorder)(nil)
)

func (r *Recorder) add(op, key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Events = append(r.Events, Event{op, key})
}

// Put records the start and the end of the call.
func (r *Recorder) Put(ctx context.Context, obj publish.Object, body io.Reader) error {
	r.add("put-start", obj.Key)
	err := r.Target.Put(ctx, obj, body)
	r.add("put-end", obj.Key)
	return err
}

// Delete records the call.
func (r *Recorder) Delete(ctx context.Context, key string) error {
	r.add("delete", key)
	return r.Target.Delete(ctx, key)
}

// Commit passes the call on to a Committer.
func (r *Recorder) Commit(ctx context.Context) error {
	if c, ok := r.Target.(publish.Committer); ok {
		return c.Commit(ctx)
	}
	return nil
}

// ErrCut is the error of the calls a Cut target refuses.
var ErrCut = errors.New("connection cut")

// Cut is a target that lets After puts through, then cuts: it runs OnCut
// once (stopping a real server, say) and passes the later calls on, so
// that they meet the real failure; without OnCut it fails them with
// ErrCut, as a lost network would. It does not pass Commit on, like a
// process killed before the end of its run.
type Cut struct {
	publish.Target
	After int
	OnCut func()
	mu    sync.Mutex
	puts  int
	cut   bool
}

var _ publish.Target = (*Cut)(nil)

// pass reports whether a call goes on to the target; counting tells
// whether it is a put.
func (c *Cut) pass(counting bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.cut && counting && c.puts < c.After {
		c.puts++
		return true
	}
	if !c.cut && (counting || c.puts >= c.After) {
		c.cut = true
		if c.OnCut != nil {
			c.OnCut()
		}
	}
	return !c.cut || c.OnCut != nil
}

// Put passes on the first After calls; then the target is cut.
func (c *Cut) Put(ctx context.Context, obj publish.Object, body io.Reader) error {
	if !c.pass(true) {
		return ErrCut
	}
	return c.Target.Put(ctx, obj, body)
}

// Delete is refused once the target is cut.
func (c *Cut) Delete(ctx context.Context, key string) error {
	if !c.pass(false) {
		return ErrCut
	}
	return c.Target.Delete(ctx, key)
}

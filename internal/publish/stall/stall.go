// Package stall bounds the network steps of a publish by their lack of
// progress rather than by their total time: a connection that is
// accepted and never answered, an answer that never comes, an upload the
// server stops reading all fail once no byte has moved for the stall
// timeout, while an upload of several gigabytes that keeps moving goes
// through however long it takes.
//
// Transport does it for HTTP (S3, WebSub hubs, Podping): each request has
// a watchdog that every byte of its body sent and of its answer read
// puts back to the full timeout; when it runs out, the request's context
// is canceled and the request fails with an *Error. Conn does it for a
// connection that several calls share (SFTP over SSH): while at least one
// call is under way, a connection on which no byte moves for the timeout
// is closed.
//
// An *Error is transient: publish.Backoff retries it.
package stall

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Default is the stall timeout when the configuration sets none
// (stall_timeout).
const Default = 30 * time.Second

// Error is the failure of a network step that made no progress for Idle.
type Error struct {
	// Addr is the server ("host:port").
	Addr string
	Idle time.Duration
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s stalled: nothing received or sent for %s (stall_timeout)", e.Addr, e.Idle)
}

// Timeout reports true, as a net.Error of a timeout does.
func (e *Error) Timeout() bool { return true }

// Temporary reports true: the next try may well go through.
func (e *Error) Temporary() bool { return true }

// Is reports that an *Error matches any other: errors.Is(err, &Error{}).
func (e *Error) Is(target error) bool {
	_, ok := target.(*Error)
	return ok
}

// IsStall reports whether err is, or wraps, an *Error.
func IsStall(err error) bool {
	_, ok := errors.AsType[*Error](err)
	return ok
}

// watchdog calls its function once when it was not kicked for idle.
type watchdog struct {
	idle    time.Duration
	timer   *time.Timer
	fired   atomic.Bool
	stopped atomic.Bool
}

func startWatchdog(idle time.Duration, onStall func()) *watchdog {
	w := &watchdog{idle: idle}
	w.timer = time.AfterFunc(idle, func() {
		if w.stopped.Load() || w.fired.Swap(true) {
			return
		}
		onStall()
	})
	return w
}

// kick puts the watchdog back to the full timeout.
func (w *watchdog) kick() {
	if !w.stopped.Load() && !w.fired.Load() {
		w.timer.Reset(w.idle)
	}
}

// stop stops the watchdog and reports whether it had fired.
func (w *watchdog) stop() bool {
	w.stopped.Store(true)
	w.timer.Stop()
	return w.fired.Load()
}

// NewHTTPClient returns a client whose requests fail once they make no
// progress for idle (Default when idle <= 0): connecting, the TLS
// handshake, waiting for the answer's first byte, sending the body and
// reading the answer.
func NewHTTPClient(idle time.Duration) *http.Client {
	if idle <= 0 {
		idle = Default
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	d := &net.Dialer{Timeout: idle, KeepAlive: 30 * time.Second}
	tr.DialContext = d.DialContext
	tr.TLSHandshakeTimeout = idle
	return &http.Client{Transport: Transport(tr, idle)}
}

// Transport wraps base (http.DefaultTransport when nil) so that a request
// fails with an *Error once no byte of it or of its answer moved for idle.
func Transport(base http.RoundTripper, idle time.Duration) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	if idle <= 0 {
		idle = Default
	}
	return &transport{base: base, idle: idle}
}

type transport struct {
	base http.RoundTripper
	idle time.Duration
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	return send(req, t.idle, t.base.RoundTrip)
}

// Doer sends requests: an *http.Client, or the HTTP client of the AWS
// SDK's configuration (aws.HTTPClient).
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// WrapDoer returns d whose requests fail with an *Error once no byte of
// them or of their answer moved for idle (Default when idle <= 0).
func WrapDoer(d Doer, idle time.Duration) Doer {
	if idle <= 0 {
		idle = Default
	}
	return &doer{d: d, idle: idle}
}

type doer struct {
	d    Doer
	idle time.Duration
}

func (d *doer) Do(req *http.Request) (*http.Response, error) { return send(req, d.idle, d.d.Do) }

// send sends req with fn under a watchdog of idle.
func send(req *http.Request, idle time.Duration, fn func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	ctx, cancel := context.WithCancel(req.Context())
	w := startWatchdog(idle, cancel)
	r := req.Clone(ctx)
	if req.Body != nil && req.Body != http.NoBody {
		r.Body = &sendBody{ReadCloser: req.Body, w: w}
	}
	resp, err := fn(r)
	if err != nil {
		stalled := w.stop()
		cancel()
		if stalled && req.Context().Err() == nil {
			return nil, &Error{Addr: req.URL.Host, Idle: idle}
		}
		return nil, err
	}
	w.kick()
	resp.Body = &answerBody{rc: resp.Body, w: w, cancel: cancel, addr: req.URL.Host}
	return resp, nil
}

// sendBody is a request body whose reads, the bytes going out, are
// progress.
type sendBody struct {
	io.ReadCloser
	w *watchdog
}

func (b *sendBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.w.kick()
	}
	return n, err
}

// answerBody is an answer's body whose reads are progress.
type answerBody struct {
	rc     io.ReadCloser
	w      *watchdog
	cancel context.CancelFunc
	addr   string
}

func (b *answerBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.w.kick()
	}
	if err != nil && err != io.EOF && b.w.fired.Load() {
		err = &Error{Addr: b.addr, Idle: b.w.idle}
	}
	return n, err
}

func (b *answerBody) Close() error {
	b.w.stop()
	err := b.rc.Close()
	b.cancel()
	return err
}

// Conn is a connection shared by calls, each between Begin and End:
// while one at least is under way, the connection is closed once no
// byte was read or written for the timeout. Its reads and writes then
// fail with an *Error, and Stalled reports true.
type Conn struct {
	net.Conn
	idle time.Duration

	mu    sync.Mutex
	busy  int
	timer *time.Timer

	stalled atomic.Bool
}

// NewConn wraps c with a stall timeout of idle (Default when idle <= 0).
func NewConn(c net.Conn, idle time.Duration) *Conn {
	if idle <= 0 {
		idle = Default
	}
	sc := &Conn{Conn: c, idle: idle}
	sc.timer = time.AfterFunc(time.Hour, sc.fire)
	sc.timer.Stop()
	return sc
}

func (c *Conn) fire() {
	c.mu.Lock()
	busy := c.busy
	c.mu.Unlock()
	if busy > 0 && !c.stalled.Swap(true) {
		c.Conn.Close()
	}
}

// Begin starts a call: the connection is watched until the matching End.
func (c *Conn) Begin() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.busy++
	if c.busy == 1 {
		c.timer.Reset(c.idle)
	}
}

// End ends a call begun by Begin.
func (c *Conn) End() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.busy--
	if c.busy == 0 {
		c.timer.Stop()
	}
}

// Stalled reports whether the connection was closed for lack of progress.
func (c *Conn) Stalled() bool { return c.stalled.Load() }

// Err returns the *Error of the stalled connection.
func (c *Conn) Err() error { return &Error{Addr: c.RemoteAddr().String(), Idle: c.idle} }

func (c *Conn) progress() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.busy > 0 && !c.stalled.Load() {
		c.timer.Reset(c.idle)
	}
}

func (c *Conn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.progress()
	}
	if err != nil && c.stalled.Load() {
		err = c.Err()
	}
	return n, err
}

func (c *Conn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if n > 0 {
		c.progress()
	}
	if err != nil && c.stalled.Load() {
		err = c.Err()
	}
	return n, err
}

// Describe tells a network failure in a few words: "connect
// 127.0.0.1:9: connection refused", "lookup example.org: no such host",
// the stall of an *Error, without the request line an *url.Error adds.
func Describe(err error) string {
	if se, ok := errors.AsType[*Error](err); ok {
		return se.Error()
	}
	if dns, ok := errors.AsType[*net.DNSError](err); ok {
		return dns.Error()
	}
	if op, ok := errors.AsType[*net.OpError](err); ok {
		what := op.Op
		if what == "dial" {
			what = "connect"
		}
		if op.Addr != nil {
			what += " " + op.Addr.String()
		}
		inner := op.Err
		if se, ok := inner.(*os.SyscallError); ok {
			inner = se.Err
		}
		return what + ": " + inner.Error()
	}
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "deadline exceeded"
	}
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err.Error()
	}
	return err.Error()
}

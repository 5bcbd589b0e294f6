package server

import (
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// The cap on open connections. Every connection costs a file descriptor,
// and the process has a fixed number of them (RLIMIT_NOFILE), shared with
// the files the server and the builds open. When a new connection comes
// at the cap, the server closes the connection that has been idle longest
// between two requests (keep-alive) and serves the new one: the idle
// client loses nothing but a warm connection, and reconnects when it
// needs one. A connection that has not sent its first request yet, or is
// being answered, is never closed for room. When none is idle, the server
// stops accepting: new connections wait in the kernel's listen queue,
// where they cost no descriptor, and are accepted as soon as a connection
// closes or goes idle.

// Bounds of the default cap on connections (DefaultMaxConns).
const (
	// reservedFiles are the descriptors left for files and the runtime
	// when the cap is derived from RLIMIT_NOFILE.
	reservedFiles = 64
	// maxDefaultConns bounds the default: each connection costs some
	// memory (a goroutine and its buffers), and a feed host with more
	// clients at once than this wants a proxy in front.
	maxDefaultConns = 8192
)

// maxConnsFor is the default cap on connections for a descriptor limit:
// the limit less reservedFiles (a quarter of it for small limits), within
// [1, maxDefaultConns].
func maxConnsFor(nofile uint64) int {
	reserve := uint64(reservedFiles)
	if nofile < 4*reservedFiles {
		reserve = nofile / 4
	}
	n := min(nofile-reserve, maxDefaultConns)
	return int(max(n, 1))
}

// connLimit counts the open connections of a listener and caps them.
type connLimit struct {
	max int // no cap when not positive

	mu       sync.Mutex
	conns    map[*trackedConn]struct{}
	n        int // open connections, and the one being accepted
	evicting int // idle connections told to close, not closed yet
	// wake is signalled when a connection closes, or goes idle while an
	// accept waits for room.
	wake    chan struct{}
	waiting atomic.Bool
	done    chan struct{}
	once    sync.Once
}

func newConnLimit(max int) *connLimit {
	return &connLimit{max: max, conns: map[*trackedConn]struct{}{}, wake: make(chan struct{}, 1), done: make(chan struct{})}
}

func (l *connLimit) signal() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// acquire waits until a connection may be accepted: while the cap is
// reached and no connection is idle, it waits for one to close or go
// idle. It reports false once l is closed. Accepting one at the cap, when
// some connection is idle, is made room for by admitted.
func (l *connLimit) acquire() bool {
	l.mu.Lock()
	for l.max > 0 && l.n >= l.max && l.oldestIdle() == nil {
		l.waiting.Store(true)
		l.mu.Unlock()
		select {
		case <-l.wake:
		case <-l.done:
			l.waiting.Store(false)
			return false
		}
		l.mu.Lock()
		l.waiting.Store(false)
	}
	l.n++
	l.mu.Unlock()
	return true
}

// admitted tracks an accepted connection and, past the cap, closes the
// connection idle the longest: a new client gets the room, not a client
// that may never come back. With none idle by then, the cap is passed by
// one until a connection closes.
func (l *connLimit) admitted(c net.Conn) *trackedConn {
	tc := &trackedConn{Conn: c, l: l}
	l.mu.Lock()
	l.conns[tc] = struct{}{}
	if l.max > 0 && l.n-l.evicting > l.max {
		if old := l.oldestIdle(); old != nil {
			l.evicting++
			old.evict()
		}
	}
	l.mu.Unlock()
	return tc
}

// oldestIdle returns the connection idle the longest, nil when none is.
// It runs with l.mu held, at the cap only.
func (l *connLimit) oldestIdle() *trackedConn {
	var best *trackedConn
	var since int64
	for c := range l.conns {
		if t := c.idleSince.Load(); t != 0 && !c.evicted.Load() && (best == nil || t < since) {
			best, since = c, t
		}
	}
	return best
}

// unacquire gives back the room taken by acquire when Accept failed.
func (l *connLimit) unacquire() {
	l.mu.Lock()
	l.n--
	l.mu.Unlock()
	l.signal()
}

func (l *connLimit) release(tc *trackedConn) {
	l.mu.Lock()
	delete(l.conns, tc)
	l.n--
	if tc.evicted.Load() {
		l.evicting--
	}
	l.mu.Unlock()
	l.signal()
}

func (l *connLimit) close() { l.once.Do(func() { close(l.done) }) }

// limitListener accepts from a listener within the cap of l. Accept
// returns the connections as *trackedConn.
type limitListener struct {
	net.Listener
	l *connLimit
	// skipLead makes the connections drop the empty lines before their
	// first request line (for net/http alone; the fast path does it).
	skipLead bool
}

func (ln *limitListener) Accept() (net.Conn, error) {
	if !ln.l.acquire() {
		return nil, net.ErrClosed
	}
	c, err := ln.Listener.Accept()
	if err != nil {
		ln.l.unacquire()
		return nil, err
	}
	tc := ln.l.admitted(c)
	tc.skipLead = ln.skipLead
	return tc, nil
}

func (ln *limitListener) Close() error {
	ln.l.close()
	return ln.Listener.Close()
}

// connState follows net/http's connections, to know which are idle; it
// calls next, the http.Server's own hook, if any.
func (l *connLimit) connState(next func(net.Conn, http.ConnState)) func(net.Conn, http.ConnState) {
	return func(c net.Conn, st http.ConnState) {
		if tc := trackedOf(c); tc != nil {
			switch st {
			case http.StateIdle:
				tc.setIdle(true)
			case http.StateActive:
				tc.setIdle(false)
			}
		}
		if next != nil {
			next(c, st)
		}
	}
}

// trackedConn is a connection counted by a connLimit until it closes.
type trackedConn struct {
	net.Conn
	l         *connLimit
	idleSince atomic.Int64 // UnixNano of the start of a keep-alive wait; 0 when not idle
	evicted   atomic.Bool
	closed    atomic.Bool
	skipLead  bool
}

func trackedOf(c net.Conn) *trackedConn {
	switch c := c.(type) {
	case *trackedConn:
		return c
	case *replayConn:
		return trackedOf(c.Conn)
	}
	return nil
}

// setIdle marks the connection as waiting for another request, or not.
func (c *trackedConn) setIdle(idle bool) {
	if !idle {
		c.idleSince.Store(0)
		return
	}
	c.idleSince.Store(time.Now().UnixNano())
	if c.l.waiting.Load() {
		c.l.signal()
	}
}

// evict makes the connection's pending and future reads fail, which
// closes it, whoever reads it.
func (c *trackedConn) evict() {
	c.evicted.Store(true)
	c.Conn.SetReadDeadline(aLongTimeAgo)
}

// SetReadDeadline keeps the deadline of an evicted connection in the past.
// Set after evicted, so that a deadline set by its reader after evict's
// one sees the flag.
func (c *trackedConn) SetReadDeadline(t time.Time) error {
	if c.evicted.Load() {
		t = aLongTimeAgo
	}
	return c.Conn.SetReadDeadline(t)
}

func (c *trackedConn) SetDeadline(t time.Time) error {
	err := c.Conn.SetWriteDeadline(t)
	return errors.Join(err, c.SetReadDeadline(t))
}

// Read drops the CR and LF bytes before the first request line when
// skipLead is set: RFC 9112 §2.2 asks a server to ignore empty lines
// there, which net/http does only after a POST.
func (c *trackedConn) Read(p []byte) (int, error) {
	for c.skipLead {
		n, err := c.Conn.Read(p)
		k := numLeadingCRorLF(p[:n])
		if k < n {
			c.skipLead = false
			return copy(p, p[k:n]), err
		}
		if err != nil {
			return 0, err
		}
	}
	return c.Conn.Read(p)
}

func numLeadingCRorLF(b []byte) int {
	n := 0
	for n < len(b) && (b[n] == '\r' || b[n] == '\n') {
		n++
	}
	return n
}

func (c *trackedConn) Close() error {
	err := c.Conn.Close()
	if !c.closed.Swap(true) {
		c.l.release(c)
	}
	return err
}

// CloseWrite lets net/http half-close a TCP connection, as it does before
// closing one after an error.
func (c *trackedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// ReadFrom keeps the TCP connection's sendfile and splice for bodies read
// from disk.
func (c *trackedConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}

// SyscallConn lets the fast path wait for a request without a buffer.
func (c *trackedConn) SyscallConn() (syscall.RawConn, error) {
	if sc, ok := c.Conn.(syscall.Conn); ok {
		return sc.SyscallConn()
	}
	return nil, errors.ErrUnsupported
}

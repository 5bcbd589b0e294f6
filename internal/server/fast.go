package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// The fast path. Most requests a feed host gets are the same few: a
// podcast app or feed reader polling a feed with If-None-Match, answered
// 304, or fetching it whole, gzip'ed. For those, net/http's general
// machinery (a request and a header map per request, a background read,
// buffered writers) costs about twice what the answer itself does.
//
// So every connection is first read by a small HTTP/1.1 loop of our own.
// It answers the GET and HEAD requests whose whole answer is already in
// the snapshot: a file kept in memory, with no Range, no If-Match or
// If-Unmodified-Since, no body; the answer is picked by the handler's own
// rules (file.pick, file.revalidate, negotiate) and written from heads
// serialised once per snapshot (rep.fullHead...). At the first request
// it does not take (see parseHead: anything unusual, other methods,
// other paths, errors, /healthz, /metrics), it hands the connection, with
// the bytes it has read and not answered, to the http.Server, which
// serves it from then on. The two answer alike: TestFastPathMatchesHandler
// compares them field by field.

// readBufSize is the read buffer of a connection. A connection holds one
// only while it has bytes to answer: buffers come from readBufs when
// bytes arrive and go back once they are answered, so that an idle
// keep-alive connection costs no buffer. A head that does not fit gets a
// buffer of its own, up to the http.Server's MaxHeaderBytes and the slack
// net/http allows; a larger head goes to net/http, which answers 431.
const readBufSize = 4 << 10

var (
	readBufs = sync.Pool{New: func() any { b := make([]byte, readBufSize); return &b }}
	outBufs  = sync.Pool{New: func() any { b := make([]byte, 0, 1<<10); return &b }}
)

// takeBuf gives fc a buffer from readBufs.
func (fc *fastConn) takeBuf() {
	fc.bufp = readBufs.Get().(*[]byte)
	fc.buf = (*fc.bufp)[:0]
}

// dropBuf gives fc's buffer back to readBufs if it came from there.
func (fc *fastConn) dropBuf() {
	if fc.bufp != nil {
		readBufs.Put(fc.bufp)
	}
	fc.buf, fc.bufp = nil, nil
}

// smallBody is the size under which a body is copied after its head and
// both are sent in one write; larger bodies are sent with writev.
const smallBody = 16 << 10

// front reads the connections of a listener: the fast path first, then
// net/http through queue.
type front struct {
	s        *Server
	queue    *connQueue
	errorLog *log.Logger // the http.Server's
	limits   limits
	limit    *connLimit
	done     chan struct{} // closed when the shutdown begins

	closing atomic.Bool
	mu      sync.Mutex
	conns   map[*fastConn]struct{}
	wg      sync.WaitGroup

	date atomic.Pointer[dateLine]
	// answered counts the requests the fast path answered, handedOff the
	// connections it passed to net/http (for tests).
	answered, handedOff atomic.Int64
}

// ServeOptions configure Serve.
type ServeOptions struct {
	// Grace is how long a shutdown waits for the requests in flight.
	Grace time.Duration
	// Fast, when set, is the Server whose files the fast path answers;
	// the rest goes to the http.Server, whose handler must send Fast's
	// files to Fast's Handler (as its own handler or the one of "/" in a
	// mux). With Fast nil, net/http answers everything.
	Fast *Server
	// MaxConns caps the connections open at once: at the cap the server
	// closes the connection idle longest between two requests, and when
	// none is idle it stops accepting until one closes (new connections
	// wait in the kernel's listen queue). 0 is DefaultMaxConns(); a
	// negative value sets no cap.
	MaxConns int
}

// Serve serves on ln until ctx is done, then shuts down gracefully: the
// listener is closed at once, so new connections are refused; requests in
// flight get up to opt.Grace to finish; connections still open then are
// closed. It returns nil after a clean shutdown. Errors accepting a
// connection (out of file descriptors, say) never stop it: it retries,
// waiting from 5 ms to 1 s between tries, as net/http does. It sets
// srv.ConnState, calling the hook already there.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, opt ServeOptions) error {
	max := opt.MaxConns
	if max == 0 {
		max = DefaultMaxConns()
	}
	limit := newConnLimit(max)
	if opt.Fast == nil {
		return serveHTTP(ctx, srv, ln, limit, opt.Grace)
	}
	return newFront(opt.Fast, ln.Addr(), limit).serve(ctx, srv, ln, opt.Grace)
}

// serveHTTP serves ln with net/http alone. net/http retries the errors of
// Accept it deems temporary, the lack of file descriptors among them.
func serveHTTP(ctx context.Context, srv *http.Server, rawLn net.Listener, limit *connLimit, grace time.Duration) error {
	srv.ConnState = limit.connState(srv.ConnState)
	ln := &limitListener{Listener: rawLn, l: limit, skipLead: true}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", serr)
	}
	if err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func newFront(s *Server, addr net.Addr, limit *connLimit) *front {
	return &front{s: s, queue: newConnQueue(addr), conns: map[*fastConn]struct{}{}, limit: limit, done: make(chan struct{})}
}

func (fr *front) serve(ctx context.Context, srv *http.Server, rawLn net.Listener, grace time.Duration) error {
	fr.errorLog = srv.ErrorLog
	fr.limits = limitsOf(srv)
	srv.ConnState = fr.limit.connState(srv.ConnState)
	ln := &limitListener{Listener: rawLn, l: fr.limit}
	httpErr := make(chan error, 1)
	go func() { httpErr <- srv.Serve(fr.queue) }()
	acceptErr := make(chan error, 1)
	go func() { acceptErr <- fr.accept(ln) }()
	var err error
	select {
	case err = <-acceptErr:
		err = fmt.Errorf("serve: %w", err)
	case err = <-httpErr:
		err = fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	ln.Close()
	fr.closing.Store(true)
	close(fr.done)
	fr.wakeIdle()

	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	shutdownErr := make(chan error, 1)
	go func() { shutdownErr <- srv.Shutdown(sctx) }()
	fastDone := make(chan struct{})
	go func() { fr.wg.Wait(); close(fastDone) }()
	select {
	case <-fastDone:
	case <-sctx.Done():
		fr.closeAll()
		<-fastDone
	}
	if serr := <-shutdownErr; serr != nil {
		srv.Close()
		err = errors.Join(err, fmt.Errorf("shutdown: %w", serr))
	} else if sctx.Err() != nil {
		err = errors.Join(err, fmt.Errorf("shutdown: %w", sctx.Err()))
	}
	return err
}

// accept accepts connections until ln is closed. Any other error is taken
// as temporary: running out of file descriptors (EMFILE, ENFILE) or of
// memory for sockets, a connection reset before it was accepted. It is
// logged and Accept tried again after a pause, 5 ms doubling up to 1 s,
// as net/http does for the errors it deems temporary; the connections
// already open are answered meanwhile.
func (fr *front) accept(ln net.Listener) error {
	var delay time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if fr.closing.Load() || errors.Is(err, net.ErrClosed) {
				return nil
			}
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			if fr.errorLog != nil {
				fr.errorLog.Printf("fast path: accept: %v; retrying in %v", err, delay)
			}
			t := time.NewTimer(delay)
			select {
			case <-t.C:
			case <-fr.done:
				t.Stop()
			}
			continue
		}
		delay = 0
		tc := c.(*trackedConn)
		fc := &fastConn{fr: fr, c: tc}
		if sc, err := tc.SyscallConn(); err == nil && rawReads {
			fc.raw = sc
		}
		if !fr.track(fc) {
			c.Close()
			continue
		}
		go fc.serve()
	}
}

func (fr *front) track(fc *fastConn) bool {
	fr.mu.Lock()
	defer fr.mu.Unlock()
	if fr.closing.Load() {
		return false
	}
	fr.conns[fc] = struct{}{}
	fr.wg.Add(1)
	return true
}

func (fr *front) forget(fc *fastConn) {
	fr.mu.Lock()
	delete(fr.conns, fc)
	fr.mu.Unlock()
}

// wakeIdle makes every pending read return, so that the connections
// waiting for a request close, and the ones busy writing an answer close
// after it.
func (fr *front) wakeIdle() {
	fr.mu.Lock()
	defer fr.mu.Unlock()
	for fc := range fr.conns {
		fc.c.SetReadDeadline(aLongTimeAgo)
	}
}

func (fr *front) closeAll() {
	fr.mu.Lock()
	defer fr.mu.Unlock()
	for fc := range fr.conns {
		fc.c.Close()
	}
}

var aLongTimeAgo = time.Unix(1, 0)

// limits are the timeouts of the fast path, the http.Server's (0 for
// none), read as net/http reads them.
type limits struct {
	header, idle, write time.Duration
	// maxHead is the size of the largest head the fast path reads before
	// it hands the connection over: net/http's limit (MaxHeaderBytes and
	// 4 KiB of slack), so that net/http finds any head whole in the bytes
	// handed over, or its limit passed, and never reads on with a
	// deadline of its own (one header timeout per head).
	maxHead int
}

func limitsOf(srv *http.Server) limits {
	maxHeader := srv.MaxHeaderBytes
	if maxHeader <= 0 {
		maxHeader = http.DefaultMaxHeaderBytes
	}
	l := limits{header: srv.ReadHeaderTimeout, idle: srv.IdleTimeout, write: srv.WriteTimeout, maxHead: maxHeader + 4096}
	if l.header <= 0 {
		l.header = srv.ReadTimeout
	}
	if l.idle <= 0 {
		l.idle = srv.ReadTimeout
	}
	return l
}

// after returns t+d, or no deadline when d is not positive.
func after(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return time.Time{}
	}
	return t.Add(d)
}

// dateLine is a Date field, made once per second.
type dateLine struct {
	sec  int64
	line []byte
}

func (fr *front) dateLine(now time.Time) []byte {
	if d := fr.date.Load(); d != nil && d.sec == now.Unix() {
		return d.line
	}
	line := now.UTC().AppendFormat([]byte("Date: "), http.TimeFormat)
	line = append(line, "\r\n"...)
	fr.date.Store(&dateLine{sec: now.Unix(), line: line})
	return line
}

// fastConn is one connection read by the fast path.
type fastConn struct {
	fr  *front
	c   *trackedConn
	raw syscall.RawConn // to wait for bytes without a buffer; nil if none
	// rawRead is fc.readRaw, bound once; rawN and rawErr are its results.
	rawRead func(fd uintptr) bool
	rawN    int
	rawErr  error
	buf     []byte  // bytes read and not answered yet; nil when none
	bufp    *[]byte // buf's storage when it came from readBufs
	// timing is set while a head is being read: from the connection's
	// start for its first request, from the first byte of each later one.
	timing  bool
	started time.Time // when the head timeout started
	served  int       // requests answered
	req     fastRequest
	vals    [3][1]string
	vec     [2][]byte
}

func (fc *fastConn) serve() {
	defer fc.fr.wg.Done()
	defer func() {
		// As net/http does for a handler: a bug costs the connection,
		// not the server.
		if err := recover(); err != nil {
			fc.close()
			if l := fc.fr.errorLog; l != nil {
				l.Printf("fast path: panic serving %v: %v\n%s", fc.c.RemoteAddr(), err, debug.Stack())
			}
		}
	}()
	for {
		if k := numLeadingCRorLF(fc.buf); k > 0 {
			// Empty lines before a request line are ignored (RFC 9112
			// §2.2); like net/http after a POST, any CR and LF bytes.
			fc.buf = fc.buf[:copy(fc.buf, fc.buf[k:])]
		}
		n, st := parseHead(fc.buf, &fc.req)
		switch st {
		case headIncomplete:
			if len(fc.buf) >= fc.fr.limits.maxHead {
				fc.handoff() // net/http answers 431
				return
			}
			if !fc.read() {
				fc.close()
				return
			}
			continue
		case headHandoff:
			if hasTransferEncoding(fc.buf[:n]) {
				fc.refuseBody()
				return
			}
			fc.handoff()
			return
		}
		answered, ok := fc.answer()
		if !answered {
			fc.handoff()
			return
		}
		if !ok {
			fc.close()
			return
		}
		if fc.req.close || fc.fr.closing.Load() {
			fc.closeAfterAnswer()
			return
		}
		fc.timing = false
		if rest := copy(fc.buf, fc.buf[n:]); rest > 0 {
			fc.buf = fc.buf[:rest] // pipelined
		} else {
			fc.dropBuf()
		}
	}
}

// read reads more of a request head, with the http.Server's limits: the
// first request of a connection must come whole within the header
// timeout of the connection's start; a later one must start within the
// idle timeout of the previous answer, and come whole within the header
// timeout of its first byte. It reports false when the connection is to
// be closed.
func (fc *fastConn) read() bool {
	lim := &fc.fr.limits
	now := time.Now()
	if !fc.timing && fc.served == 0 {
		fc.timing, fc.started = true, now
	}
	idle := !fc.timing
	var deadline time.Time
	if idle {
		deadline = after(now, lim.idle)
		fc.c.setIdle(true)
	} else {
		deadline = after(fc.started, lim.header)
	}
	fc.c.SetReadDeadline(deadline)
	// Checked after the deadline is set: a shutdown or an eviction that
	// began before sees this read start and waits; one that begins after
	// sets a deadline in the past that wakes it.
	if fc.fr.closing.Load() || fc.c.evicted.Load() {
		return false
	}
	err := fc.fill()
	if idle {
		fc.c.setIdle(false)
		if len(fc.buf) > 0 {
			// The head timeout starts with its first byte, not with the
			// wait for it.
			fc.timing, fc.started = true, time.Now()
		}
	}
	return err == nil
}

// fill reads bytes into fc.buf. With no bytes pending, it waits for the
// connection to be readable before it takes a buffer.
func (fc *fastConn) fill() error {
	if fc.buf == nil && fc.raw != nil {
		if fc.rawRead == nil {
			fc.rawRead = fc.readRaw
		}
		fc.rawN, fc.rawErr = 0, nil
		if err := fc.raw.Read(fc.rawRead); err != nil {
			return err
		}
		if fc.rawErr != nil {
			return fc.rawErr
		}
		if fc.rawN == 0 {
			return io.EOF
		}
		return nil
	}
	if fc.buf == nil {
		fc.takeBuf()
	}
	if len(fc.buf) == cap(fc.buf) {
		// A long head: a buffer of its own, as large as net/http's limit.
		big := make([]byte, len(fc.buf), fc.fr.limits.maxHead)
		copy(big, fc.buf)
		fc.dropBuf()
		fc.buf = big
	}
	m, err := fc.c.Read(fc.buf[len(fc.buf):cap(fc.buf)])
	fc.buf = fc.buf[:len(fc.buf)+m]
	if m > 0 {
		return nil
	}
	return err
}

// answer answers the request in fc.req if its whole answer is in the
// current snapshot's memory. answered is false when it wrote nothing and
// net/http is to answer; ok is false when the write failed.
func (fc *fastConn) answer() (answered, ok bool) {
	s := fc.fr.s
	var start time.Time
	if s.log != nil {
		start = s.now()
	}
	snap := s.snap.Load()
	if snap == nil {
		return false, true
	}
	f := snap.files[fc.req.path]
	if f == nil {
		return false, true
	}
	r := &fc.req
	f, asXML := f.pick(r.values(fieldAccept, r.accept, &fc.vals[0]), r.values(fieldSecFetchDest, r.secFetchDest, &fc.vals[1]))
	enc, notModified := f.revalidate(
		r.values(fieldAcceptEncoding, r.acceptEncoding, &fc.vals[0]),
		r.values(fieldIfNoneMatch, r.ifNoneMatch, &fc.vals[1]),
		r.values(fieldIfModifiedSince, r.ifModifiedSince, &fc.vals[2]))
	rp := f.reps[enc]
	status, head := http.StatusNotModified, rp.notModifiedHead
	var body []byte
	if !notModified {
		if rp.body == nil && f.disk != nil {
			return false, true // read from disk: net/http's io.Copy does it
		}
		status, head = http.StatusOK, rp.fullHead
		if asXML {
			head = rp.pageHead
		}
		if !r.head {
			body = rp.body
		}
	}
	// Counted before the write, as the handler counts what it hands to
	// net/http's buffers: a test that got the answer sees it counted.
	n := int64(len(body))
	fc.served++
	fc.fr.answered.Add(1)
	s.metrics.observe(f.kind, status, n)
	now := time.Now()
	fc.c.SetWriteDeadline(after(now, fc.fr.limits.write))
	outp := outBufs.Get().(*[]byte)
	out := append((*outp)[:0], head...)
	out = append(out, fc.fr.dateLine(now)...)
	if r.close || fc.fr.closing.Load() {
		r.close = true
		out = append(out, "Connection: close\r\n"...)
	}
	out = append(out, "\r\n"...)
	var err error
	if len(body) < smallBody {
		out = append(out, body...)
		_, err = fc.c.Write(out)
	} else {
		fc.vec[0], fc.vec[1] = out, body
		bufs := net.Buffers(fc.vec[:])
		_, err = bufs.WriteTo(fc.c.Conn) // the TCP connection: one writev
	}
	if cap(out) <= 2*smallBody {
		*outp = out[:0]
		outBufs.Put(outp)
	}
	if s.log != nil {
		s.log.LogAttrs(context.Background(), slog.LevelInfo, "request",
			accessAttrs(method(r.head), strings.Clone(r.target), status, n, s.now().Sub(start), fc.c.RemoteAddr().String(), strings.Clone(r.userAgent))...)
	}
	return true, err == nil
}

func method(head bool) string {
	if head {
		return http.MethodHead
	}
	return http.MethodGet
}

// refuseBody answers a head with a Transfer-Encoding as the handler does
// (refuseBody in serve.go): 400, and the connection closed. The fast path
// sees the raw head, and so also the heads net/http reads without their
// Transfer-Encoding (HTTP/1.0 ones, which RFC 9112 §6.1 says to treat as
// badly framed).
func (fc *fastConn) refuseBody() {
	const msg = "request content is not accepted\n"
	now := time.Now()
	fc.c.SetWriteDeadline(after(now, fc.fr.limits.write))
	out := []byte("HTTP/1.1 400 Bad Request\r\nCache-Control: no-store\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n")
	out = append(out, fc.fr.dateLine(now)...)
	out = append(out, "Content-Length: "+strconv.Itoa(len(msg))+"\r\n\r\n"+msg...)
	fc.fr.s.metrics.observe(kindOther, http.StatusBadRequest, int64(len(msg)))
	if _, err := fc.c.Write(out); err != nil {
		fc.close()
		return
	}
	fc.closeAfterAnswer()
}

// handoff passes the connection and the bytes read from it to net/http.
func (fc *fastConn) handoff() {
	fc.fr.forget(fc)
	if fc.fr.closing.Load() {
		fc.c.Close()
		return
	}
	fc.c.SetDeadline(time.Time{})
	fc.fr.handedOff.Add(1)
	var c net.Conn = fc.c
	if len(fc.buf) > 0 {
		c = &replayConn{Conn: fc.c, pending: fc.buf}
	}
	fc.fr.queue.push(c)
}

func (fc *fastConn) close() {
	fc.fr.forget(fc)
	fc.c.Close()
}

// rstAvoidanceDelay is how long a connection closed after an answer stays
// half-open, as in net/http: closing a socket with unread bytes in it
// sends a reset, which may make the client drop the answer.
const rstAvoidanceDelay = 500 * time.Millisecond

// closeAfterAnswer closes the connection after an answer with
// Connection: close.
func (fc *fastConn) closeAfterAnswer() {
	fc.c.CloseWrite()
	time.Sleep(rstAvoidanceDelay)
	fc.close()
}

// replayConn is a connection whose first bytes were already read.
type replayConn struct {
	net.Conn
	pending []byte
}

func (c *replayConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

// CloseWrite lets net/http half-close a TCP connection, as it does before
// closing one after an error.
func (c *replayConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// connQueue is the listener of the http.Server: the connections the fast
// path hands over.
type connQueue struct {
	addr      net.Addr
	conns     chan net.Conn
	done      chan struct{}
	closeOnce sync.Once
}

func newConnQueue(addr net.Addr) *connQueue {
	return &connQueue{addr: addr, conns: make(chan net.Conn), done: make(chan struct{})}
}

func (q *connQueue) push(c net.Conn) {
	select {
	case q.conns <- c:
	case <-q.done:
		c.Close()
	}
}

func (q *connQueue) Accept() (net.Conn, error) {
	select {
	case c := <-q.conns:
		return c, nil
	case <-q.done:
		return nil, net.ErrClosed
	}
}

func (q *connQueue) Close() error {
	q.closeOnce.Do(func() { close(q.done) })
	return nil
}

func (q *connQueue) Addr() net.Addr { return q.addr }

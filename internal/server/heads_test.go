package server

import (
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestHeadAfterIdle sends a keep-alive request after an idle wait longer
// than the header timeout, its head in two writes: the header timeout
// counts from its first byte, not from the start of the wait.
func TestHeadAfterIdle(t *testing.T) {
	snap := smallSnapshot(t)
	for _, fast := range []bool{true, false} {
		s := New(Options{})
		s.Swap(snap)
		l := startLoopback(t, s, fast, func(srv *http.Server) {
			srv.ReadHeaderTimeout, srv.IdleTimeout = 200*time.Millisecond, 5*time.Second
		})
		c := dialClient(t, strings.TrimPrefix(l.URL, "http://"))
		c.mustGet("first request")
		time.Sleep(500 * time.Millisecond)
		c.conn.SetDeadline(time.Now().Add(5 * time.Second))
		io.WriteString(c.conn, "GET /feed.xml HTTP/1.1\r\n")
		time.Sleep(50 * time.Millisecond)
		io.WriteString(c.conn, "Host: test\r\n\r\n")
		resp, err := http.ReadResponse(c.br, nil)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("fast=%v: a head in two parts after an idle wait: %v %v", fast, resp, err)
		}
	}
}

// TestSlowLongHead sends a head longer than a read buffer, slowly and
// never ending: the connection must close one header timeout after its
// start, not two (one in the fast path, one more in net/http).
func TestSlowLongHead(t *testing.T) {
	snap := smallSnapshot(t)
	const timeout = 600 * time.Millisecond
	for _, fast := range []bool{true, false} {
		s := New(Options{})
		s.Swap(snap)
		l := startLoopback(t, s, fast, func(srv *http.Server) { srv.ReadHeaderTimeout = timeout })
		c := dialClient(t, strings.TrimPrefix(l.URL, "http://"))
		start := time.Now()
		go func() {
			io.WriteString(c.conn, "GET /feed.xml HTTP/1.1\r\nHost: test\r\nCookie: ")
			chunk := strings.Repeat("a", 500)
			for range 100 { // 4 KiB in about 400 ms, then more
				if _, err := io.WriteString(c.conn, chunk); err != nil {
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		}()
		if !c.closedByServer(5 * time.Second) {
			t.Fatalf("fast=%v: still open", fast)
		}
		if d := time.Since(start); d < timeout-50*time.Millisecond || d > timeout+timeout/2 {
			t.Errorf("fast=%v: closed after %v, want about %v", fast, d, timeout)
		}
	}
}

// TestBareLF sends heads whose lines end with a bare LF, which net/http
// reads (RFC 9112 §2.2 allows it): they must be answered at once, not
// after the header timeout.
func TestBareLF(t *testing.T) {
	snap := smallSnapshot(t)
	s := New(Options{})
	s.Swap(snap)
	l := startLoopback(t, s, true)
	addr := strings.TrimPrefix(l.URL, "http://")
	for _, raw := range []string{
		"GET /feed.xml HTTP/1.1\nHost: x\n\n",
		"GET /feed.xml HTTP/1.1\r\nHost: x\n\r\n",
		"GET /feed.xml HTTP/1.1\r\nHost: x\r\n\n",
	} {
		c := dialClient(t, addr)
		c.conn.SetDeadline(time.Now().Add(2 * time.Second))
		io.WriteString(c.conn, raw)
		resp, err := http.ReadResponse(c.br, nil)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("%q: %v %v", raw, resp, err)
		}
	}
}

// TestRefuseTransferEncoding checks that a request with a
// Transfer-Encoding, with or without a Content-Length, is answered 400
// and its connection closed (RFC 9112 §6.1), on a connection's first
// request and after the fast path handed it over, and for HTTP/1.0, whose
// Transfer-Encoding net/http drops.
func TestRefuseTransferEncoding(t *testing.T) {
	snap := smallSnapshot(t)
	s := New(Options{})
	s.Swap(snap)
	l := startLoopback(t, s, true)
	addr := strings.TrimPrefix(l.URL, "http://")
	const smuggled = "GET /feed.xml HTTP/1.1\r\nHost: test\r\n\r\n"
	for _, raw := range []string{
		"GET /feed.xml HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"GET /feed.xml HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\nContent-Length: 46\r\n\r\n0\r\n\r\n" + smuggled,
		"GET /feed.xml HTTP/1.0\r\nHost: test\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
		// After a request net/http answers, the handler refuses it.
		"GET /feed.xml HTTP/1.1\r\nHost: test\r\nRange: bytes=0-1\r\n\r\nGET /feed.xml HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
	} {
		c := dialClient(t, addr)
		c.conn.SetDeadline(time.Now().Add(5 * time.Second))
		io.WriteString(c.conn, raw)
		for {
			resp, err := http.ReadResponse(c.br, nil)
			if err != nil {
				t.Errorf("%q: %v", raw, err)
				break
			}
			io.Copy(io.Discard, resp.Body)
			if resp.StatusCode == http.StatusPartialContent {
				continue
			}
			if resp.StatusCode != http.StatusBadRequest || !resp.Close || resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%q: %s close=%v %v", raw, resp.Status, resp.Close, resp.Header)
			}
			if !c.closedByServer(2 * time.Second) {
				t.Errorf("%q: the connection stays open", raw)
			}
			break
		}
	}
}

// TestErrorsNotStored checks that no error or precondition answer may be
// stored by a shared cache.
func TestErrorsNotStored(t *testing.T) {
	_, ts, _ := newTestServer(t, testFiles())
	for _, req := range [][]string{
		{"GET", "/feed.xml", "If-Match: \"nope\""},
		{"GET", "/feed.xml", "If-Unmodified-Since: Sat, 01 Jan 2000 00:00:00 GMT"},
		{"GET", "/feed.xml", "Range: bytes=99999999-"},
		{"GET", "/nope.xml"},
		{"POST", "/feed.xml"},
	} {
		resp, _ := get(t, ts, req[0], req[1], req[2:]...)
		if resp.StatusCode < 400 {
			t.Errorf("%v: %s", req, resp.Status)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%v: %s with Cache-Control %q", req, resp.Status, cc)
		}
	}
}

// TestIdleConnMemory checks that an idle keep-alive connection of the
// fast path holds no buffer: the heap grows by less than a read buffer
// per connection, though it counts both ends of each connection.
func TestIdleConnMemory(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes the heap's size")
	}
	snap := smallSnapshot(t)
	s := New(Options{})
	s.Swap(snap)
	l := startLoopback(t, s, true)
	addr := strings.TrimPrefix(l.URL, "http://")
	const n = 200
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	warm := dialClient(t, addr)
	warm.mustGet("warm-up")
	before := heap()
	clients := make([]*client, n)
	for i := range clients {
		c := dialClient(t, addr)
		c.mustGet(fmt.Sprintf("client %d", i))
		c.br = nil // the client's own buffer
		clients[i] = c
	}
	after := heap()
	per := (int64(after) - int64(before)) / n
	t.Logf("%d bytes of heap per idle connection, client side included", per)
	if per > readBufSize { // the read buffer it held before, alone
		t.Errorf("%d bytes of heap per idle connection", per)
	}
	runtime.KeepAlive(clients)
}

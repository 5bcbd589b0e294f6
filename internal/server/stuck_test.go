//go:build linux

package server

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// TestWriteTimeout checks that a client that asks for answers and never
// reads them is dropped once the write timeout has passed, by the fast
// path and by net/http, and that other clients are served meanwhile.
// (The soak suite, internal/server/soaktest, runs stuck clients against
// the real binary, whose write timeout is minutes long.)
func TestWriteTimeout(t *testing.T) {
	snap, err := Load(writeSite(t, t.TempDir(), testFiles()), LoadOptions{BuildTime: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	// Far more than the socket buffers hold: the server's writes block.
	const asked = 1000
	feedSize := snap.files["/feed.xml"].size
	if asked*feedSize < 16<<20 {
		t.Fatalf("the feed, %d bytes, is too small to block the writes", feedSize)
	}
	const timeout = 500 * time.Millisecond
	for _, fast := range []bool{true, false} {
		t.Run(fmt.Sprintf("fast=%v", fast), func(t *testing.T) {
			s := New(Options{})
			s.Swap(snap)
			l := startLoopback(t, s, fast, func(srv *http.Server) { srv.WriteTimeout = timeout })
			addr := strings.TrimPrefix(l.URL, "http://")
			stuck := dialClient(t, addr)
			stuck.conn.(*net.TCPConn).SetReadBuffer(4 << 10)
			stuck.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
			start := time.Now() // before the server's first answer starts
			if _, err := io.WriteString(stuck.conn, strings.Repeat("GET /feed.xml HTTP/1.1\r\nHost: test\r\n\r\n", asked)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(timeout / 5)
			dialClient(t, addr).mustGet("a client beside the stuck one")
			if err := established(stuck.conn); err != nil {
				t.Fatalf("the stuck connection ended before the write timeout: %v", err)
			}
			var closed time.Duration
			for {
				time.Sleep(20 * time.Millisecond)
				if err = established(stuck.conn); err != nil {
					closed = time.Since(start)
					break
				}
				if time.Since(start) > 10*time.Second {
					t.Fatalf("the stuck connection is open after %v", time.Since(start))
				}
			}
			if closed < timeout {
				t.Errorf("the stuck connection ended after %v, before the write timeout %v", closed, timeout)
			}
			if fast && l.front.answered.Load() == 0 {
				t.Error("the fast path answered nothing")
			}
			t.Logf("the stuck connection ended after %v: %v", closed.Round(time.Millisecond), err)
		})
	}
}

// established tells whether c is still open, from the state of its TCP socket:
// nil while it is established, an error once the server closed it (FIN)
// or reset it, even with data left unread before that.
func established(c net.Conn) error {
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		return err
	}
	var info syscall.TCPInfo
	var errno syscall.Errno
	if err := rc.Control(func(fd uintptr) {
		size := uint32(syscall.SizeofTCPInfo)
		_, _, errno = syscall.Syscall6(syscall.SYS_GETSOCKOPT, fd, syscall.SOL_TCP, syscall.TCP_INFO,
			uintptr(unsafe.Pointer(&info)), uintptr(unsafe.Pointer(&size)), 0)
	}); err != nil {
		return err
	}
	if errno != 0 {
		return errno
	}
	const established = 1 // TCP_ESTABLISHED of include/net/tcp_states.h
	if info.State != established {
		return fmt.Errorf("TCP state %d", info.State)
	}
	return nil
}

package stall_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/nettest"
	"github.com/feedcast/feedcast/internal/publish/stall"
)

const idle = 300 * time.Millisecond

// TestSilentServer: a server that accepts and never answers fails the
// request after the stall timeout, with an *Error.
func TestSilentServer(t *testing.T) {
	addr := nettest.Silent(t)
	c := stall.NewHTTPClient(idle)
	start := time.Now()
	resp, err := c.Get("http://" + addr + "/")
	if err == nil {
		resp.Body.Close()
		t.Fatal("a request to a silent server succeeded")
	}
	if d := time.Since(start); d < idle || d > 10*idle {
		t.Errorf("failed after %s, want about %s", d, idle)
	}
	if !stall.IsStall(err) || !strings.Contains(err.Error(), addr) {
		t.Errorf("error %v, want a stall naming %s", err, addr)
	}
}

// slowReader gives n chunks, one every gap.
type slowReader struct {
	n   int
	gap time.Duration
}

func (r *slowReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	time.Sleep(r.gap)
	r.n--
	return copy(p, bytes.Repeat([]byte("x"), min(len(p), 1024))), nil
}

// TestSlowButMoving: an upload and a download that take several times
// the stall timeout in all, but keep moving, go through.
func TestSlowButMoving(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(200)
		for range 8 {
			w.Write(bytes.Repeat([]byte("y"), 1024))
			w.(http.Flusher).Flush()
			time.Sleep(idle / 3)
		}
	}))
	defer srv.Close()
	c := stall.NewHTTPClient(idle)
	req, _ := http.NewRequest("PUT", srv.URL, io.NopCloser(&slowReader{n: 8, gap: idle / 3}))
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || len(b) != 8*1024 {
		t.Fatalf("read %d bytes: %v", len(b), err)
	}
	if d := time.Since(start); d < 2*idle {
		t.Errorf("took %s: the test must outlast the stall timeout", d)
	}
}

// TestAnswerStops: an answer that stops half-way fails its read.
func TestAnswerStops(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("start"))
		w.(http.Flusher).Flush()
		<-release
	}))
	defer srv.Close()
	defer close(release)
	resp, err := stall.NewHTTPClient(idle).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	if !stall.IsStall(err) {
		t.Errorf("read of a stopped answer: %v, want a stall", err)
	}
}

// TestConn: a shared connection is closed when a call waits too long,
// and left alone while no call is under way.
func TestConn(t *testing.T) {
	addr := nettest.Silent(t)
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c := stall.NewConn(nc, idle)
	defer c.Close()
	time.Sleep(2 * idle) // idle, no call: not closed
	if c.Stalled() {
		t.Fatal("closed with no call under way")
	}
	c.Begin()
	if _, err := c.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*idle)
	defer cancel()
	go func() { <-ctx.Done(); c.Conn.Close() }()
	start := time.Now()
	_, err = c.Read(make([]byte, 1))
	c.End()
	if !stall.IsStall(err) || !c.Stalled() {
		t.Errorf("read from a silent server: %v, want a stall", err)
	}
	if d := time.Since(start); d > 10*idle {
		t.Errorf("stalled after %s, want about %s", d, idle)
	}
}

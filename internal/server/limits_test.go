package server

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// client is a raw keep-alive connection of a test.
type client struct {
	t    *testing.T
	conn net.Conn
	br   *bufio.Reader
}

func dialClient(t *testing.T, addr string) *client {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &client{t: t, conn: conn, br: bufio.NewReader(conn)}
}

// get sends a GET of /feed.xml and reads the answer within wait.
func (c *client) get(wait time.Duration) (*http.Response, error) {
	c.conn.SetDeadline(time.Now().Add(wait))
	if _, err := io.WriteString(c.conn, "GET /feed.xml HTTP/1.1\r\nHost: test\r\n\r\n"); err != nil {
		return nil, err
	}
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return resp, err
}

func (c *client) mustGet(what string) {
	c.t.Helper()
	resp, err := c.get(5 * time.Second)
	if err != nil || resp.StatusCode != http.StatusOK {
		c.t.Fatalf("%s: %v %v", what, resp, err)
	}
}

// closedByServer tells whether the server closed the connection within
// wait.
func (c *client) closedByServer(wait time.Duration) bool {
	c.conn.SetReadDeadline(time.Now().Add(wait))
	_, err := c.br.ReadByte()
	return err != nil && !errors.Is(err, os.ErrDeadlineExceeded)
}

func smallSnapshot(t *testing.T) *Snapshot {
	t.Helper()
	snap, err := Load(writeSite(t, t.TempDir(), map[string][]byte{"feed.xml": []byte(rssFeed("A", 3))}), LoadOptions{BuildTime: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// TestConnCap checks the cap on connections, with the fast path and with
// net/http alone: at the cap a new client is served and the connection
// idle longest closed; with no idle connection, the new one waits in the
// listen queue until one closes.
func TestConnCap(t *testing.T) {
	snap := smallSnapshot(t)
	for _, fast := range []bool{true, false} {
		t.Run(fmt.Sprintf("fast=%v", fast), func(t *testing.T) {
			s := New(Options{})
			s.Swap(snap)
			l := startLimited(t, s, fast, 3)
			addr := strings.TrimPrefix(l.URL, "http://")
			var idle []*client
			for i := range 3 {
				c := dialClient(t, addr)
				c.mustGet(fmt.Sprintf("client %d", i))
				idle = append(idle, c)
				time.Sleep(20 * time.Millisecond) // distinct idle times
			}
			c4 := dialClient(t, addr)
			c4.mustGet("a fourth client at the cap")
			if !idle[0].closedByServer(2 * time.Second) {
				t.Error("the connection idle longest is still open")
			}
			for _, c := range idle[1:] {
				c.mustGet("a client idle for a shorter time")
			}
			// Connections that sent nothing yet are not idle: the next
			// client waits until one of them closes.
			for _, c := range append(idle[1:], c4) {
				c.conn.Close()
			}
			var silent []*client
			for range 3 {
				silent = append(silent, dialClient(t, addr))
			}
			time.Sleep(100 * time.Millisecond) // the three are accepted
			late := dialClient(t, addr)
			if resp, err := late.get(400 * time.Millisecond); err == nil {
				t.Fatalf("a client past the cap was answered while no connection was idle: %s", resp.Status)
			}
			silent[0].conn.Close()
			late.conn.SetDeadline(time.Now().Add(5 * time.Second))
			resp, err := http.ReadResponse(late.br, nil)
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("after a connection closed: %v %v", resp, err)
			}
		})
	}
}

func TestMaxConnsFor(t *testing.T) {
	for _, c := range []struct {
		nofile uint64
		want   int
	}{{1024, 960}, {64, 48}, {4, 3}, {1, 1}, {0, 1}, {1 << 20, maxDefaultConns}, {256, 192}} {
		if got := maxConnsFor(c.nofile); got != c.want {
			t.Errorf("maxConnsFor(%d) = %d, want %d", c.nofile, got, c.want)
		}
	}
}

// TestOutOfFiles runs a server with a limit of 64 open files in a child
// process (the test binary itself) and opens 100 connections to it.
// Without a cap, accepting fails with EMFILE: the server must keep
// answering the connections it has and accept the others once some
// close. With the default cap, derived from the limit, new clients get
// the room of idle ones.
func TestOutOfFiles(t *testing.T) {
	if os.Getenv("FEEDCAST_TEST_NOFILE_CHILD") != "" {
		lowFilesChild(t)
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("RLIMIT_NOFILE behaviour checked on Linux")
	}
	t.Run("no cap", func(t *testing.T) {
		addr, stop := startLowFilesChild(t, -1)
		first := dialClient(t, addr)
		first.mustGet("first client")
		var others []*client
		for range 100 {
			others = append(others, dialClient(t, addr))
		}
		time.Sleep(300 * time.Millisecond) // Accept fails and retries
		first.mustGet("a client accepted before the server ran out of files")
		for _, c := range others[:80] {
			c.conn.Close()
		}
		others[99].mustGet("a client queued while the server was out of files")
		if out := stop(); !strings.Contains(out, "too many open files") {
			t.Errorf("the server never ran out of files:\n%s", out)
		}
	})
	t.Run("default cap", func(t *testing.T) {
		addr, stop := startLowFilesChild(t, 0)
		var clients []*client
		for i := range 100 {
			c := dialClient(t, addr)
			c.mustGet(fmt.Sprintf("client %d", i))
			clients = append(clients, c)
		}
		if !clients[0].closedByServer(time.Second) {
			t.Error("the first client, idle longest, is still connected")
		}
		clients[99].mustGet("the last client again")
		stop()
	})
}

// startLowFilesChild starts the child server and returns its address and
// a function that stops it and returns its output.
func startLowFilesChild(t *testing.T, maxConns int) (addr string, stop func() string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestOutOfFiles$", "-test.count=1")
	cmd.Env = append(os.Environ(), "FEEDCAST_TEST_NOFILE_CHILD=1", "FEEDCAST_TEST_MAXCONNS="+strconv.Itoa(maxConns))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		exited <- cmd.Wait()
	}()
	var out strings.Builder
	stopped := false
	stop = func() string {
		if stopped {
			return out.String()
		}
		stopped = true
		stdin.Close()
		for l := range lines {
			out.WriteString(l + "\n")
		}
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("the server exited: %v\n%s%s", err, &out, &stderr)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Errorf("the server did not stop\n%s%s", &out, &stderr)
		}
		if !strings.Contains(out.String(), "stopped") {
			t.Errorf("the server did not stop cleanly:\n%s%s", &out, &stderr)
		}
		return out.String() + stderr.String()
	}
	t.Cleanup(func() { stop() })
	select {
	case l, ok := <-lines:
		if !ok || !strings.HasPrefix(l, "listening ") {
			t.Fatalf("child: %q\n%s", l, &stderr)
		}
		return strings.TrimPrefix(l, "listening "), stop
	case <-time.After(30 * time.Second):
		t.Fatalf("the child did not start\n%s", &stderr)
	}
	return "", stop
}

// lowFilesChild is the child of TestOutOfFiles: it lowers its own limit
// of open files to 64 and serves until its stdin closes.
func lowFilesChild(t *testing.T) {
	snap := smallSnapshot(t)
	maxConns, _ := strconv.Atoi(os.Getenv("FEEDCAST_TEST_MAXCONNS"))
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		t.Fatal(err)
	}
	rl.Cur = 64
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		t.Fatal(err)
	}
	s := New(Options{})
	s.Swap(snap)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("listening %s\n", ln.Addr())
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	srv := NewHTTPServer(s.Handler(), nil)
	srv.ErrorLog = log.New(os.Stdout, "", 0)
	if err := Serve(ctx, srv, ln, ServeOptions{Grace: time.Second, Fast: s, MaxConns: maxConns}); err != nil {
		fmt.Printf("%v\n", err)
		os.Exit(1)
	}
	fmt.Println("stopped")
}

//go:build soak && linux

package soaktest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// Bounds of the suite. They are generous on purpose: the suite runs on
// small shared machines, and must fail on a server that stops answering
// or leaks, not on a slow scheduler.
const (
	healthEvery = 100 * time.Millisecond // between two /healthz polls
	healthWait  = 5 * time.Second        // a poll slower than this fails
	healthP99   = 2 * time.Second        // at most, over a phase
	settleMax   = 10 * time.Second       // for the server to come back to its level
	settleExact = 2 * time.Second        // more, once within the slack, to come back exactly
	minPhase    = 3 * time.Second        // the short phases repeat their rounds this long
	// Slack over the level before a phase, after it settled.
	slackGoroutines = 20
	slackFDs        = 32
	slackHeap       = 64 << 20
	ioWait          = 10 * time.Second // any read or write of a client
)

// Sizes of the phases.
const (
	floodConns     = 1000
	floodNoFile    = 256
	slowlorisConns = 3000
	idleConns      = 10000
	neverReaders   = 40
	resets         = 400
	pipelines      = 300
	bigSize        = 8 << 20 // a static file served from disk
	pipelinedGets  = 1000    // feeds asked for, never read, on one connection
)

// nofileEnv makes the test binary a wrapper: it lowers its limit of open
// files (RLIMIT_NOFILE, soft and hard) to the value of the variable and
// executes the program named by its arguments.
const nofileEnv = "FEEDCAST_SOAK_NOFILE"

func TestMain(m *testing.M) {
	if v := os.Getenv(nofileEnv); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err == nil {
			err = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &syscall.Rlimit{Cur: n, Max: n})
		}
		if err == nil {
			env := slices.DeleteFunc(os.Environ(), func(s string) bool { return strings.HasPrefix(s, nofileEnv+"=") })
			err = syscall.Exec(os.Args[1], os.Args[1:], env)
		}
		fmt.Fprintf(os.Stderr, "soak wrapper: %v\n", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// TestSoak runs every phase against the real binary. The phases run one
// after the other; each logs one line of figures:
//
//	soak: phase=NAME conns=N polls=N fails=N p50_ms=X p99_ms=X max_ms=X goroutines=B/P/A fds=B/P/A heap_mib=B/P/A live_mib=B/P/A rss_mib=B/P/A settle_ms=X dur_s=X
//
// where B, P and A are the server's figures before the phase, at its
// peak and after it settled: goroutines, open descriptors, heap in use
// (garbage not yet collected included), heap live at the last garbage
// collection, and resident memory.
func TestSoak(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the soak suite reads /proc and RLIMIT_NOFILE: Linux only")
	}
	suiteStart := time.Now()
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	show, big := makeShow(t, dir)

	t.Run("flood", func(t *testing.T) { floodPhase(t, bin, show) })
	t.Run("flood-nocap", func(t *testing.T) { floodNoCapPhase(t, bin, show) })

	// The main server: a cap above the idle phase's connections, so
	// that none of them is closed to make room (the flood phases check
	// that).
	srv := startServer(t, bin, show, 0, "--max-conns", strconv.Itoa(idleConns+2000))
	feed := srv.fetch(t, "/feed.xml")
	t.Run("slowloris", func(t *testing.T) { slowlorisPhase(t, srv) })
	t.Run("idle", func(t *testing.T) { idlePhase(t, srv) })
	t.Run("never-read", func(t *testing.T) { neverReadPhase(t, srv, big) })
	t.Run("resets", func(t *testing.T) { resetPhase(t, srv) })
	t.Run("pipelined", func(t *testing.T) { pipelinedPhase(t, srv, feed, big) })
	srv.stop(t)
	t.Logf("soak: suite took %.1f s", time.Since(suiteStart).Seconds())
}

// buildBinary builds cmd/feedcast into dir.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || len(bytes.TrimSpace(out)) == 0 {
		t.Fatalf("go env GOMOD: %v %s", err, out)
	}
	root := filepath.Dir(string(bytes.TrimSpace(out)))
	bin := filepath.Join(dir, "feedcast")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/feedcast")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/feedcast: %v\n%s", err, out)
	}
	return bin
}

// makeShow copies testdata/audioshow into dir and adds a large static
// file, which the server sends from disk. It returns the configuration
// file and the large file's content.
func makeShow(t *testing.T, dir string) (config string, big []byte) {
	t.Helper()
	show := filepath.Join(dir, "show")
	if err := os.CopyFS(show, os.DirFS("../../../testdata/audioshow")); err != nil {
		t.Fatal(err)
	}
	big = make([]byte, bigSize)
	rand.NewChaCha8([32]byte{7}).Read(big)
	if err := os.MkdirAll(filepath.Join(show, "public"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(show, "public", "big.bin"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(show, "feedcast.yaml"), big
}

// server is a running "feedcast serve".
type server struct {
	cmd     *exec.Cmd
	addr    string
	logPath string
	done    chan error
	stopped bool
}

var servingRE = regexp.MustCompile(`msg=serving url=http://([0-9.]+:[0-9]+)/`)

// startServer runs "feedcast serve" on 127.0.0.1:0 with a limit of open
// files when nofile is positive, and waits until it serves.
func startServer(t *testing.T, bin, config string, nofile int, extra ...string) *server {
	t.Helper()
	dir := t.TempDir()
	args := append([]string{"serve", "--config", config, "--out", filepath.Join(dir, "site"), "--cache", "", "--addr", "127.0.0.1:0"}, extra...)
	cmd := exec.Command(bin, args...)
	if nofile > 0 {
		cmd = exec.Command(os.Args[0], append([]string{bin}, args...)...)
		cmd.Env = append(os.Environ(), nofileEnv+"="+strconv.Itoa(nofile))
	}
	s := &server{cmd: cmd, logPath: filepath.Join(dir, "server.log"), done: make(chan error, 1)}
	logf, err := os.Create(s.logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if !s.stopped {
			cmd.Process.Kill()
			<-s.done
		}
	})
	started := time.Now()
	deadline := started.Add(60 * time.Second)
	for {
		if m := servingRE.FindStringSubmatch(s.log()); m != nil {
			s.addr = m[1]
			t.Logf("%s: serving after %.1f s", strings.Join(append([]string{"feedcast serve"}, extra...), " "), time.Since(started).Seconds())
			break
		}
		select {
		case err := <-s.done:
			s.stopped = true
			t.Fatalf("feedcast serve exited: %v\n%s", err, s.log())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("feedcast serve did not start within 60 s\n%s", s.log())
		}
	}
	if nofile > 0 {
		if got := s.limitNoFile(t); got != nofile {
			t.Fatalf("the server's limit of open files is %d, want %d", got, nofile)
		}
	}
	return s
}

func (s *server) log() string {
	b, _ := os.ReadFile(s.logPath)
	return string(b)
}

// stop sends SIGTERM and requires a clean stop.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if s.stopped {
		return
	}
	s.stopped = true
	start := time.Now()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("feedcast serve: %v", err)
		}
		t.Logf("feedcast serve stopped %.1f s after SIGTERM", time.Since(start).Seconds())
	case <-time.After(40 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
		t.Errorf("feedcast serve did not stop within 40 s of SIGTERM")
	}
	if !strings.Contains(s.log(), "msg=stopped") {
		t.Errorf("feedcast serve did not log its stop:\n%s", tail(s.log(), 20))
	}
}

// limitNoFile reads the server's soft limit of open files.
func (s *server) limitNoFile(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/limits", s.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "Max open files"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, err := strconv.Atoi(f[0])
				if err == nil {
					return n
				}
			}
		}
	}
	t.Fatalf("no open files limit in /proc/%d/limits", s.cmd.Process.Pid)
	return 0
}

// fetch GETs path on a connection of its own and returns the body.
func (s *server) fetch(t *testing.T, path string) []byte {
	t.Helper()
	k, err := dialKA(s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer k.c.Close()
	resp, body, err := k.do("GET", path, "Connection: close\r\n")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %v %v", path, resp, err)
	}
	return body
}

// figures are a server's resources at one moment.
type figures struct {
	goroutines int
	fds        int
	heapInuse  float64 // bytes, garbage not yet collected included
	// heapLive is the heap marked live by the last garbage collection
	// (go_memstats_next_gc_bytes over 1+GOGC/100).
	heapLive float64
	rss      float64 // bytes, resident memory of the process
}

// sample reads the goroutines and heap from /metrics, on k when not nil
// (a keep-alive connection: the server may be unable to accept), and
// counts the descriptors in /proc.
func (s *server) sample(k *kaConn) (figures, error) {
	var f figures
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", s.cmd.Process.Pid))
	if err != nil {
		return f, err
	}
	f.fds = len(fds)
	if k == nil {
		k, err = dialKA(s.addr)
		if err != nil {
			return f, err
		}
		defer k.c.Close()
	}
	resp, body, err := k.do("GET", "/metrics", "")
	if err != nil {
		return f, err
	}
	if resp.StatusCode != http.StatusOK {
		return f, fmt.Errorf("/metrics: %s", resp.Status)
	}
	found := 0
	var nextGC, gogc float64
	for line := range strings.SplitSeq(string(body), "\n") {
		name, v, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			continue
		}
		switch name {
		case "go_goroutines":
			f.goroutines = int(x)
			found++
		case "go_memstats_heap_inuse_bytes":
			f.heapInuse = x
			found++
		case "go_memstats_next_gc_bytes":
			nextGC = x
			found++
		case "go_gc_gogc_percent":
			gogc = x
			found++
		case "process_resident_memory_bytes":
			// Absent when the server is out of descriptors: the
			// collector cannot open /proc/self/stat then.
			f.rss = x
		}
	}
	if found != 4 {
		return f, fmt.Errorf("/metrics lacks one of go_goroutines, go_memstats_heap_inuse_bytes, go_memstats_next_gc_bytes, go_gc_gogc_percent")
	}
	f.heapLive = nextGC / (1 + gogc/100)
	return f, nil
}

// kaConn is a raw keep-alive client connection.
type kaConn struct {
	c  net.Conn
	br *bufio.Reader
	mu sync.Mutex // one request at a time: the poller and sample share it
}

func dialKA(addr string) (*kaConn, error) {
	c, err := net.DialTimeout("tcp", addr, healthWait)
	if err != nil {
		return nil, err
	}
	return &kaConn{c: c, br: bufio.NewReader(c)}, nil
}

// do sends one request with extra header lines and reads its answer
// within healthWait.
func (k *kaConn) do(method, path, extra string) (*http.Response, []byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.c.SetDeadline(time.Now().Add(healthWait))
	defer k.c.SetDeadline(time.Time{})
	if _, err := io.WriteString(k.c, method+" "+path+" HTTP/1.1\r\nHost: soak\r\n"+extra+"\r\n"); err != nil {
		return nil, nil, err
	}
	resp, err := http.ReadResponse(k.br, &http.Request{Method: method})
	if err != nil {
		return nil, nil, err
	}
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

// poller asks for /healthz every healthEvery until stopped, on a new
// connection each time, or on a keep-alive connection when given one.
type poller struct {
	stopc chan struct{}
	done  chan struct{}
	lat   []time.Duration
	fails []string
}

func startPoller(addr string, ka *kaConn) *poller {
	p := &poller{stopc: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for {
			start := time.Now()
			err := pollOnce(addr, ka)
			d := time.Since(start)
			p.lat = append(p.lat, d)
			if err != nil {
				p.fails = append(p.fails, fmt.Sprintf("after %v: %v", d.Round(time.Millisecond), err))
			}
			select {
			case <-p.stopc:
				return
			case <-time.After(healthEvery):
			}
		}
	}()
	return p
}

func pollOnce(addr string, ka *kaConn) error {
	k, extra := ka, ""
	if k == nil {
		var err error
		if k, err = dialKA(addr); err != nil {
			return err
		}
		defer k.c.Close()
		extra = "Connection: close\r\n"
	}
	resp, body, err := k.do("GET", "/healthz", extra)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`"status":"ok"`)) {
		return fmt.Errorf("/healthz: %s %.80q", resp.Status, body)
	}
	return nil
}

// healthStats are the latencies of a phase's polls.
type healthStats struct {
	n, fails      int
	p50, p99, max time.Duration
}

func (p *poller) stop() (healthStats, []string) {
	close(p.stopc)
	<-p.done
	lat := slices.Clone(p.lat)
	slices.Sort(lat)
	st := healthStats{n: len(lat), fails: len(p.fails)}
	if len(lat) > 0 {
		st.p50 = lat[(len(lat)-1)/2]
		st.p99 = lat[(len(lat)*99+99)/100-1]
		st.max = lat[len(lat)-1]
	}
	return st, p.fails
}

// phase runs body while polling /healthz, then waits for the server to
// come back to its level, logs the figures and checks the bounds. body
// calls peak at its moment of most load, and returns the number of
// connections it opened. ka, when not nil, is the keep-alive connection
// used for the polls and the metrics.
func phase(t *testing.T, s *server, ka *kaConn, body func(peak func()) (conns int)) {
	t.Helper()
	before, err := s.sample(ka)
	if err != nil {
		t.Fatalf("before: %v", err)
	}
	var peakFig figures
	peaked := false
	start := time.Now()
	p := startPoller(s.addr, ka)
	conns := body(func() {
		peaked = true
		if peakFig, err = s.sample(ka); err != nil {
			t.Errorf("at the peak: %v", err)
		}
	})
	st, fails := p.stop()
	dur := time.Since(start)
	settleStart := time.Now()
	// Wait for the figures to come back within the slack, then up to
	// settleExact more for them to come back to their level.
	var after figures
	var within time.Time
	for {
		after, err = s.sample(ka)
		if err == nil && after.goroutines <= before.goroutines+1 && after.fds <= before.fds+1 {
			break
		}
		if err == nil && after.goroutines <= before.goroutines+slackGoroutines && after.fds <= before.fds+slackFDs {
			if within.IsZero() {
				within = time.Now()
			} else if time.Since(within) > settleExact {
				break
			}
		}
		if time.Since(settleStart) > settleMax {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	settle := time.Since(settleStart)
	if !peaked {
		peakFig = after
	}
	mib := func(x float64) string {
		if x == 0 {
			return "-" // not reported: resident memory, out of descriptors
		}
		return fmt.Sprintf("%.1f", x/(1<<20))
	}
	t.Logf("soak: phase=%s conns=%d polls=%d fails=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f goroutines=%d/%d/%d fds=%d/%d/%d heap_mib=%s/%s/%s live_mib=%s/%s/%s rss_mib=%s/%s/%s settle_ms=%d dur_s=%.1f",
		strings.TrimPrefix(t.Name(), "TestSoak/"), conns, st.n, st.fails, ms(st.p50), ms(st.p99), ms(st.max),
		before.goroutines, peakFig.goroutines, after.goroutines, before.fds, peakFig.fds, after.fds,
		mib(before.heapInuse), mib(peakFig.heapInuse), mib(after.heapInuse),
		mib(before.heapLive), mib(peakFig.heapLive), mib(after.heapLive),
		mib(before.rss), mib(peakFig.rss), mib(after.rss), settle.Milliseconds(), dur.Seconds())
	if err != nil {
		t.Errorf("after the phase: %v", err)
	}
	for i, f := range fails {
		if i == 5 {
			t.Errorf("... and %d more failed polls", len(fails)-5)
			break
		}
		t.Errorf("/healthz poll failed %s", f)
	}
	if st.n < 3 {
		t.Errorf("/healthz was polled %d times only", st.n)
	}
	if st.p99 > healthP99 {
		t.Errorf("/healthz p99 latency %v, want at most %v", st.p99, healthP99)
	}
	if after.goroutines > before.goroutines+slackGoroutines {
		t.Errorf("goroutines: %d after %v, %d before", after.goroutines, settleMax, before.goroutines)
	}
	if after.fds > before.fds+slackFDs {
		t.Errorf("open descriptors: %d after %v, %d before", after.fds, settleMax, before.fds)
	}
	if after.heapInuse > before.heapInuse+slackHeap {
		t.Errorf("heap in use: %.1f MiB after, %.1f MiB before", after.heapInuse/(1<<20), before.heapInuse/(1<<20))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// parallel runs f(0..n-1) on workers goroutines and returns the first
// errors (at most 5) and their count.
func parallel(n, workers int, f func(i int) error) (errs []error, count int) {
	var mu sync.Mutex
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					count++
					if len(errs) < 5 {
						errs = append(errs, fmt.Errorf("%d: %w", i, err))
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return errs, count
}

func checkErrs(t *testing.T, what string, errs []error, count int) {
	t.Helper()
	if count > 0 {
		t.Errorf("%s: %d failed, first: %v", what, count, errors.Join(errs...))
	}
}

// getFeed sends a GET of /feed.xml on a new connection, reads the answer
// and keeps the connection.
func getFeed(addr string) (*kaConn, error) {
	k, err := dialKA(addr)
	if err != nil {
		return nil, err
	}
	resp, _, err := k.do("GET", "/feed.xml", "")
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET /feed.xml: %s", resp.Status)
	}
	if err != nil {
		k.c.Close()
		return nil, err
	}
	return k, nil
}

// closedByServer tells whether the server closed c: a read that ends
// within wait with EOF or a reset, not with the deadline.
func closedByServer(c net.Conn, wait time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(wait))
	var b [1]byte
	_, err := c.Read(b[:])
	return err != nil && !errors.Is(err, os.ErrDeadlineExceeded)
}

// floodPhase: a server limited to 256 open files, with its default cap
// on connections, gets 1,000 clients that each ask for the feed and stay
// connected. Every one must be answered: the server closes the
// connections idle longest to make room, and at most its cap stay open.
func floodPhase(t *testing.T, bin, show string) {
	s := startServer(t, bin, show, floodNoFile)
	phase(t, s, nil, func(peak func()) int {
		var conns []*kaConn
		var mu sync.Mutex
		defer func() {
			for _, k := range conns {
				k.c.Close()
			}
		}()
		errs, n := parallel(floodConns, 8, func(int) error {
			k, err := getFeed(s.addr)
			if err != nil {
				return err
			}
			mu.Lock()
			conns = append(conns, k)
			mu.Unlock()
			return nil
		})
		checkErrs(t, "clients of the feed", errs, n)
		peak()
		var closed atomic.Int64
		parallel(len(conns), 64, func(i int) error {
			if closedByServer(conns[i].c, time.Second) {
				closed.Add(1)
			}
			return nil
		})
		open := len(conns) - int(closed.Load())
		// The default cap for 256 files is 192 (see maxConnsFor).
		if open > 193 {
			t.Errorf("%d of %d idle connections still open, want at most the cap, 192", open, len(conns))
		}
		t.Logf("flood: %d idle connections closed to make room, %d open", closed.Load(), open)
		return floodConns
	})
	s.stop(t)
	if strings.Contains(s.log(), "too many open files") {
		t.Errorf("with its default cap, the server ran out of files:\n%s", grepLines(s.log(), "too many open files", 5))
	}
}

// floodNoCapPhase: the same server with no cap on connections gets
// 1,000 clients that connect and send nothing. Accepting fails with
// EMFILE: the server must keep answering a connection it already has
// (the polls and the metrics go through it) and, once the clients go,
// accept new connections again.
func floodNoCapPhase(t *testing.T, bin, show string) {
	s := startServer(t, bin, show, floodNoFile, "--max-conns", "-1")
	ka, err := dialKA(s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer ka.c.Close()
	phase(t, s, ka, func(peak func()) int {
		conns := make([]net.Conn, floodConns)
		errs, n := parallel(floodConns, 8, func(i int) error {
			c, err := net.DialTimeout("tcp", s.addr, ioWait)
			conns[i] = c
			return err
		})
		checkErrs(t, "silent clients", errs, n)
		// The server accepts until it is out of files, then retries.
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(s.log(), "too many open files") && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		time.Sleep(minPhase) // retries, and the polls meanwhile
		peak()
		for _, c := range conns {
			if c != nil {
				c.Close()
			}
		}
		// A new client is served again once the flood is gone (the
		// retries wait 1 s at most).
		start := time.Now()
		for {
			err := pollOnce(s.addr, nil)
			if err == nil {
				t.Logf("flood-nocap: a new client was served %v after the flood closed", time.Since(start).Round(time.Millisecond))
				break
			}
			if time.Since(start) > 10*time.Second {
				t.Errorf("a new client after the flood: %v", err)
				break
			}
		}
		return floodConns
	})
	s.stop(t)
	if !strings.Contains(s.log(), "too many open files") {
		t.Errorf("the server never ran out of files: the phase tested nothing\n%s", tail(s.log(), 20))
	}
}

// slowlorisPhase: 3,000 clients send a request head a byte a second.
// The server must close each within its head timeout (10 s from the
// connection), and not before.
func slowlorisPhase(t *testing.T, s *server) {
	head := "GET /feed.xml HTTP/1.1\r\nHost: soak\r\nUser-Agent: slowloris\r\nX-Pad: " + strings.Repeat("a", 100)
	conns := make([]net.Conn, slowlorisConns)
	dialed := make([]time.Time, slowlorisConns)
	closedAt := make([]atomic.Int64, slowlorisConns)
	phase(t, s, nil, func(peak func()) int {
		errs, n := parallel(slowlorisConns, 16, func(i int) error {
			c, err := net.DialTimeout("tcp", s.addr, ioWait)
			if err != nil {
				return err
			}
			conns[i], dialed[i] = c, time.Now()
			_, err = c.Write([]byte(head[:1]))
			return err
		})
		checkErrs(t, "slowloris clients", errs, n)
		var wg sync.WaitGroup
		for i, c := range conns {
			if c == nil {
				continue
			}
			wg.Go(func() {
				c.SetReadDeadline(time.Now().Add(40 * time.Second))
				io.Copy(io.Discard, c) // until the server closes it
				closedAt[i].Store(time.Now().UnixNano())
			})
		}
		start := time.Now()
		peaked := false
		for round := 1; time.Since(start) < 30*time.Second; round++ {
			left := 0
			for i, c := range conns {
				if c == nil || closedAt[i].Load() != 0 {
					continue
				}
				left++
				c.SetWriteDeadline(time.Now().Add(100 * time.Millisecond))
				c.Write([]byte{head[round%len(head)]})
			}
			if left == 0 {
				break
			}
			if !peaked && time.Since(start) > 2*time.Second {
				peaked = true
				peak()
			}
			time.Sleep(time.Second)
		}
		for _, c := range conns {
			if c != nil {
				c.Close()
			}
		}
		wg.Wait()
		var early, late int
		var slowest time.Duration
		for i := range conns {
			if conns[i] == nil {
				continue
			}
			d := time.Duration(closedAt[i].Load() - dialed[i].UnixNano())
			slowest = max(slowest, d)
			switch {
			case d < 9*time.Second:
				early++
			case d > 25*time.Second:
				late++
			}
		}
		if early > 0 || late > 0 {
			t.Errorf("%d slowloris connections closed before 9 s, %d after 25 s (or never), want all within the head timeout, 10 s", early, late)
		}
		t.Logf("slowloris: all closed by the server, the last %.1f s after its connection", slowest.Seconds())
		return slowlorisConns
	})
}

// idlePhase: 10,000 clients ask for the feed and stay connected, idle.
// New clients must still be served, and the idle ones must still work.
func idlePhase(t *testing.T, s *server) {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		t.Fatal(err)
	}
	if rl.Cur < idleConns+1000 && rl.Max >= idleConns+1000 {
		rl.Cur = rl.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl)
		syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl)
	}
	if rl.Cur < idleConns+1000 {
		t.Skipf("the limit of open files of the test, %d, is too low for %d connections", rl.Cur, idleConns)
	}
	if n := s.limitNoFile(t); n < idleConns+200 {
		t.Skipf("the limit of open files of the server, %d, is too low for %d connections", n, idleConns)
	}
	phase(t, s, nil, func(peak func()) int {
		conns := make([]*kaConn, idleConns)
		defer func() {
			for _, k := range conns {
				if k != nil {
					k.c.Close()
				}
			}
		}()
		start := time.Now()
		errs, n := parallel(idleConns, 32, func(i int) error {
			k, err := getFeed(s.addr)
			conns[i] = k
			return err
		})
		checkErrs(t, "idle clients", errs, n)
		t.Logf("idle: %d clients connected and answered in %.1f s", idleConns-n, time.Since(start).Seconds())
		time.Sleep(minPhase) // idle, the polls meanwhile
		peak()
		// Every 20th idle connection asks again.
		errs, n = parallel(idleConns/20, 16, func(i int) error {
			k := conns[i*20]
			if k == nil {
				return nil
			}
			resp, _, err := k.do("GET", "/healthz", "")
			if err == nil && resp.StatusCode != http.StatusOK {
				err = fmt.Errorf("%s", resp.Status)
			}
			return err
		})
		checkErrs(t, "idle clients asking again", errs, n)
		return idleConns
	})
}

// neverReadPhase: 40 clients ask for large answers and never read them,
// half for the 8 MiB file (from disk, by net/http), half for the feed a
// thousand times on one connection (the fast path). The server's writes
// to them block; clients that read must still get the large file, and
// closing the stuck clients (a reset, with data unread) must free their
// resources. Their write timeout, minutes long, is checked in-process by
// the server package's TestWriteTimeout.
func neverReadPhase(t *testing.T, s *server, big []byte) {
	phase(t, s, nil, func(peak func()) int {
		conns := make([]net.Conn, neverReaders)
		defer func() {
			for _, c := range conns {
				if c != nil {
					c.Close()
				}
			}
		}()
		feeds := strings.Repeat("GET /feed.xml HTTP/1.1\r\nHost: soak\r\n\r\n", pipelinedGets)
		errs, n := parallel(neverReaders, 8, func(i int) error {
			c, err := net.DialTimeout("tcp", s.addr, ioWait)
			if err != nil {
				return err
			}
			conns[i] = c
			c.(*net.TCPConn).SetReadBuffer(16 << 10)
			c.SetWriteDeadline(time.Now().Add(ioWait))
			req := "GET /big.bin HTTP/1.1\r\nHost: soak\r\n\r\n"
			if i%2 == 1 {
				req = feeds
			}
			_, err = io.WriteString(c, req)
			return err
		})
		checkErrs(t, "clients that never read", errs, n)
		time.Sleep(500 * time.Millisecond) // the server fills their windows
		peak()
		// Clients that read, meanwhile.
		readers := 0
		for start := time.Now(); time.Since(start) < minPhase; {
			errs, n = parallel(4, 4, func(int) error { return getBig(s.addr, big) })
			checkErrs(t, "clients reading the large file beside the stuck ones", errs, n)
			readers += 4
		}
		// The stuck clients are still connected: their writes wait, within
		// the write timeout.
		for i, c := range conns {
			if c != nil {
				if err := established(c); err != nil {
					t.Errorf("client %d that never read: %v", i, err)
				}
			}
		}
		t.Logf("never-read: %d downloads of the large file beside %d stuck clients", readers, neverReaders)
		return neverReaders + readers
	})
}

// getBig downloads the large file and checks it.
func getBig(addr string, big []byte) error {
	k, err := dialKA(addr)
	if err != nil {
		return err
	}
	defer k.c.Close()
	k.c.SetDeadline(time.Now().Add(ioWait))
	io.WriteString(k.c, "GET /big.bin HTTP/1.1\r\nHost: soak\r\n\r\n")
	resp, err := http.ReadResponse(k.br, nil)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, big) {
		return fmt.Errorf("GET /big.bin: %s, %d bytes, want %d", resp.Status, len(body), len(big))
	}
	return nil
}

// resetPhase: clients reset their connection (SO_LINGER 0) in the
// middle of an answer: of the large file, of pipelined feeds, of a range,
// or right after their request; rounds of 400 for minPhase.
func resetPhase(t *testing.T, s *server) {
	phase(t, s, nil, func(peak func()) int {
		var midway atomic.Int64
		total := 0
		for start := time.Now(); time.Since(start) < minPhase && total < 10*resets; total += resets {
			errs, n := parallel(resets, 8, func(i int) error {
				if total == 0 && i == resets/2 {
					peak()
				}
				return resetOne(s.addr, i, &midway)
			})
			checkErrs(t, "resetting clients", errs, n)
		}
		t.Logf("resets: %d connections reset in the middle of an answer, %d right after the request", midway.Load(), total-int(midway.Load()))
		return total
	})
}

func resetOne(addr string, i int, midway *atomic.Int64) error {
	c, err := net.DialTimeout("tcp", addr, ioWait)
	if err != nil {
		return err
	}
	tc := c.(*net.TCPConn)
	defer func() {
		tc.SetLinger(0)
		tc.Close()
	}()
	c.SetDeadline(time.Now().Add(ioWait))
	var req string
	switch i % 4 {
	case 0:
		req = "GET /big.bin HTTP/1.1\r\nHost: soak\r\n\r\n"
	case 1:
		req = strings.Repeat("GET /feed.xml HTTP/1.1\r\nHost: soak\r\nAccept-Encoding: gzip\r\n\r\n", 200)
	case 2:
		req = "GET /big.bin HTTP/1.1\r\nHost: soak\r\nRange: bytes=1000-4000000\r\n\r\n"
	case 3:
		req = "GET /feed.xml HTTP/1.1\r\nHost: soak\r\n\r\nGET /big.bin HTTP/1.1\r\nHost: soak\r\n\r\n"
	}
	if _, err := io.WriteString(c, req); err != nil {
		return err
	}
	if i%8 == 7 {
		return nil // reset at once
	}
	// Read a part of the answer, then reset.
	buf := make([]byte, 32<<10)
	if _, err := io.ReadFull(c, buf); err != nil {
		return err
	}
	if !bytes.HasPrefix(buf, []byte("HTTP/1.1 20")) {
		return fmt.Errorf("answer %.40q", buf)
	}
	midway.Add(1)
	return nil
}

// step is one request of a pipeline and what its answer must be.
type step struct {
	raw    string
	method string
	status int
	body   []byte // nil: not checked
	gzip   bool   // body is gzipped
}

// pipelinedPhase: connections each send, in one write, a mix of requests
// answered by the fast path and by net/http; the answers must come in
// order, framed right, and the connection must close after the last one.
// Rounds of 300 connections for minPhase.
func pipelinedPhase(t *testing.T, s *server, feed, big []byte) {
	const h = "Host: soak\r\n"
	get := func(extra string) string { return "GET /feed.xml HTTP/1.1\r\n" + h + extra + "\r\n" }
	feedOK := step{raw: get(""), method: "GET", status: 200, body: feed}
	feedGz := step{raw: get("Accept-Encoding: gzip\r\n"), method: "GET", status: 200, body: feed, gzip: true}
	head := step{raw: "HEAD /feed.xml HTTP/1.1\r\n" + h + "\r\n", method: "HEAD", status: 200, body: []byte{}}
	post := step{raw: "POST /feed.xml HTTP/1.1\r\n" + h + "Content-Length: 5\r\n\r\nhello", method: "POST", status: 405}
	odd := step{raw: "BREW /feed.xml HTTP/1.1\r\n" + h + "\r\n", method: "BREW", status: 405}
	rng := step{raw: "GET /big.bin HTTP/1.1\r\n" + h + "Range: bytes=100-299\r\n\r\n", method: "GET", status: 206, body: big[100:300]}
	missing := step{raw: "GET /nope HTTP/1.1\r\n" + h + "\r\n", method: "GET", status: 404}
	health := step{raw: "GET /healthz HTTP/1.1\r\n" + h + "\r\n", method: "GET", status: 200}
	last := step{raw: get("Connection: close\r\n"), method: "GET", status: 200, body: feed}
	lastLF := step{raw: "GET /feed.xml HTTP/1.1\nHost: soak\nConnection: close\n\n", method: "GET", status: 200, body: feed}
	mixes := [][]step{
		{feedOK, post, feedOK, odd, feedGz, last},
		{feedOK, feedGz, head, rng, health, feedOK, last},
		{feedGz, missing, feedOK, post, head, lastLF},
		{post, feedOK, odd, rng, missing, health, last},
	}
	phase(t, s, nil, func(peak func()) int {
		total := 0
		for start := time.Now(); time.Since(start) < minPhase && total < 20*pipelines; total += pipelines {
			errs, n := parallel(pipelines, 8, func(i int) error {
				if total == 0 && i == pipelines/2 {
					peak()
				}
				return pipeline(s.addr, mixes[i%len(mixes)])
			})
			checkErrs(t, "pipelines", errs, n)
		}
		return total
	})
}

// pipeline sends steps in one write and checks the answers, then that
// the server closes the connection.
func pipeline(addr string, steps []step) error {
	c, err := net.DialTimeout("tcp", addr, ioWait)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(ioWait))
	var raw strings.Builder
	for _, s := range steps {
		raw.WriteString(s.raw)
	}
	if _, err := io.WriteString(c, raw.String()); err != nil {
		return err
	}
	br := bufio.NewReader(c)
	for i, s := range steps {
		resp, err := http.ReadResponse(br, &http.Request{Method: s.method})
		if err != nil {
			return fmt.Errorf("answer %d: %w", i+1, err)
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return fmt.Errorf("answer %d: body: %w", i+1, err)
		}
		if resp.StatusCode != s.status {
			return fmt.Errorf("answer %d to %.30q: %s, want %d", i+1, s.raw, resp.Status, s.status)
		}
		if s.gzip {
			if resp.Header.Get("Content-Encoding") != "gzip" {
				return fmt.Errorf("answer %d: Content-Encoding %q", i+1, resp.Header.Get("Content-Encoding"))
			}
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				return fmt.Errorf("answer %d: %w", i+1, err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				return fmt.Errorf("answer %d: %w", i+1, err)
			}
		}
		if s.body != nil && !bytes.Equal(body, s.body) {
			return fmt.Errorf("answer %d to %.30q: %d bytes differ from the %d expected", i+1, s.raw, len(body), len(s.body))
		}
	}
	if b, err := br.ReadByte(); err == nil {
		return fmt.Errorf("bytes after the last answer: %q...", b)
	} else if errors.Is(err, os.ErrDeadlineExceeded) {
		return fmt.Errorf("the connection stayed open after Connection: close")
	}
	return nil
}

// established tells whether c is still open, from the state of its TCP
// socket: nil while it is established, an error once the server closed
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
	const tcpEstablished = 1 // include/net/tcp_states.h
	if info.State != tcpEstablished {
		return fmt.Errorf("TCP state %d, not established", info.State)
	}
	return nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func grepLines(s, sub string, n int) string {
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		if strings.Contains(line, sub) && len(out) < n {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/syncbuf"
)

const showConfig = `title: Le Labo
language: fr
base_url: https://example.org/
content: content
static: public
out: site
`

// writeShow writes a show of two episodes under dir, with the files of
// static in its static folder, and returns the config file's path.
func writeShow(t *testing.T, dir string, static map[string][]byte) string {
	t.Helper()
	files := map[string][]byte{
		"feedcast.yaml":  []byte(showConfig),
		"content/one.md": []byte("---\ntitle: Épisode un\ndate: 2025-01-01\n---\nPremier.\n"),
		"content/two.md": []byte("---\ntitle: Épisode deux\ndate: 2025-02-01\n---\nSecond.\n"),
	}
	for p, data := range static {
		files["public/"+p] = data
	}
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "feedcast.yaml")
}

// servingURL returns the URL of the "serving" record in JSON logs.
func servingURL(logs string) string {
	for line := range strings.Lines(logs) {
		var rec struct{ Msg, URL string }
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "serving" {
			return rec.URL
		}
	}
	return ""
}

// waitFor polls cond every 20 ms until it holds or the time is up.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", d, what)
		}
	}
}

func fetch(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// TestServeWatch serves a show with --watch, changes an episode and sees
// the feed change, then breaks the config and the content folder and sees
// the last good build still served.
func TestServeWatch(t *testing.T) {
	dir := t.TempDir()
	cfg := writeShow(t, dir, map[string][]byte{"robots.txt": []byte("User-agent: *\n")})
	logs := &syncbuf.Buffer{}
	m := &Main{Stdout: io.Discard, Stderr: logs, Now: func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }}
	ctx, cancel := context.WithCancel(context.Background())
	exit := make(chan int, 1)
	go func() {
		exit <- m.Run(ctx, []string{"serve", "--config", cfg, "--addr", "127.0.0.1:0", "--watch", "--poll", "50ms", "--log-format", "json"})
	}()
	defer func() {
		cancel()
		if code := <-exit; code != exitOK {
			t.Errorf("exit %d; logs:\n%s", code, logs)
		}
	}()
	var base string
	waitFor(t, "the server to start", 60*time.Second, func() bool { base = servingURL(logs.String()); return base != "" })

	resp, body := fetch(t, base+"feed.xml")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/rss+xml; charset=utf-8" || !strings.Contains(body, "Épisode deux") {
		t.Fatalf("feed.xml: %d %s", resp.StatusCode, resp.Header)
	}
	etag1 := resp.Header.Get("ETag")
	if resp, _ := fetch(t, base+"robots.txt"); resp.StatusCode != 200 {
		t.Errorf("a static file: %d", resp.StatusCode)
	}
	if !strings.Contains(logs.String(), `"msg":"request"`) || !strings.Contains(logs.String(), `"path":"/feed.xml"`) {
		t.Errorf("no access log:\n%s", logs)
	}

	// An episode changes: the feed follows.
	if err := os.WriteFile(filepath.Join(dir, "content", "two.md"), []byte("---\ntitle: Épisode deux, corrigé\ndate: 2025-02-01\n---\nSecond.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var etag2 string
	waitFor(t, "feed.xml to change", 30*time.Second, func() bool {
		resp, _ := fetch(t, base+"feed.xml")
		etag2 = resp.Header.Get("ETag")
		return etag2 != etag1
	})
	if _, body := fetch(t, base+"feed.xml"); !strings.Contains(body, "Épisode deux, corrigé") {
		t.Errorf("the new feed lacks the new title")
	}

	failures := func() int {
		return strings.Count(logs.String(), `"msg":"rebuild failed, the last good build stays online"`)
	}
	rebuilt := func() int { return strings.Count(logs.String(), `"msg":"rebuilt"`) }
	stillServed := func(step string) {
		t.Helper()
		resp, _ := fetch(t, base+"feed.xml")
		if resp.StatusCode != 200 || resp.Header.Get("ETag") != etag2 {
			t.Errorf("%s: feed.xml %d, ETag %s, want the last good %s", step, resp.StatusCode, resp.Header.Get("ETag"), etag2)
		}
		resp, body := fetch(t, base+"healthz")
		if resp.StatusCode != 200 || !strings.Contains(body, `"last_build_ok":false`) {
			t.Errorf("%s: healthz %d %s", step, resp.StatusCode, body)
		}
		if _, body := fetch(t, base+"metrics"); !strings.Contains(body, "\nfeedcast_last_build_success 0\n") {
			t.Errorf("%s: metrics do not show the failure", step)
		}
	}

	// A broken config: the last good build stays online.
	if err := os.WriteFile(cfg, []byte(showConfig+"no_such_key: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a failed rebuild", 30*time.Second, func() bool { return failures() == 1 })
	stillServed("invalid config")

	// Fixed again, then the content folder disappears.
	n := rebuilt()
	if err := os.WriteFile(cfg, []byte(showConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a rebuild", 30*time.Second, func() bool { return rebuilt() > n })
	if err := os.Rename(filepath.Join(dir, "content"), filepath.Join(dir, "gone")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a second failed rebuild", 30*time.Second, func() bool { return failures() == 2 })
	stillServed("no content folder")
}

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--log-format", "xml"},
		{"serve", "extra"},
		{"serve", "--poll", "0s"},
		{"serve", "--nope"},
	} {
		if code, _, stderr := run(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, stderr:\n%s", args, code, stderr)
		}
	}
	if code, stdout, stderr := run(t, "serve", "-h"); code != exitOK || !strings.Contains(stdout, "-watch") || stderr != "" {
		t.Errorf("serve -h: exit %d:\n%s", code, stderr)
	}
	t.Chdir(t.TempDir())
	if code, _, stderr := run(t, "serve", "--addr", "127.0.0.1:0"); code != exitFail || !strings.Contains(stderr, "content folder: ") {
		t.Errorf("a failed first build: exit %d:\n%s", code, stderr)
	}
}

// TestServeHelperProcess is "feedcast" itself, run by
// TestServeShutdownOnSIGTERM as a child process: the arguments after "--"
// go to main, which sets up the signal handling.
func TestServeHelperProcess(t *testing.T) {
	if os.Getenv("FEEDCAST_SERVE_HELPER") != "1" {
		t.Skip("run as a child process by TestServeShutdownOnSIGTERM")
	}
	i := slices.Index(os.Args, "--")
	os.Args = append([]string{"feedcast"}, os.Args[i+1:]...)
	main()
}

// TestServeShutdownOnSIGTERM runs "feedcast serve" as a process, starts a
// large download that the client does not read yet, sends SIGTERM, and
// checks that new connections are refused while the download completes
// with all its bytes, and that the process then exits 0.
func TestServeShutdownOnSIGTERM(t *testing.T) {
	big := make([]byte, 32<<20) // more than the socket buffers hold
	rand.NewChaCha8([32]byte{3}).Read(big)
	cfg := writeShow(t, t.TempDir(), map[string][]byte{"big.mp4": big})

	cmd := exec.Command(os.Args[0], "-test.run=^TestServeHelperProcess$", "--",
		"serve", "--config", cfg, "--addr", "127.0.0.1:0", "--log-format", "json", "--access-log=false")
	cmd.Env = append(os.Environ(), "FEEDCAST_SERVE_HELPER=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logs := &syncbuf.Buffer{}
	exited := make(chan error, 1)
	go func() {
		io.Copy(logs, stderr)
		exited <- cmd.Wait()
	}()
	defer cmd.Process.Kill() // after a failure; an error once it has exited
	var base string
	waitFor(t, "the server to start", 60*time.Second, func() bool { base = servingURL(logs.String()); return base != "" })
	addr := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /big.mp4 HTTP/1.1\r\nHost: test\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%v %v", resp, err)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "new connections to be refused", 10*time.Second, func() bool {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	select {
	case err := <-exited:
		t.Fatalf("the process exited (%v) before the download in flight finished:\n%s", err, logs)
	default:
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil || sha256.Sum256(body) != sha256.Sum256(big) {
		t.Fatalf("the download in flight got %d of %d bytes (%v)", len(body), len(big), err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit: %v\n%s", err, logs)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("the process did not exit:\n%s", logs)
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("no stop record:\n%s", logs)
	}
}

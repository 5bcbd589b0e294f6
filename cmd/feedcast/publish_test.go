package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/nettest"
	"github.com/feedcast/feedcast/internal/schedule"
	"github.com/feedcast/feedcast/internal/syncbuf"
)

// publishShow writes a show with a dir publish target into a temp folder
// and returns its config path and target folder.
func publishShow(t *testing.T) (cfgPath, target string) {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "ep1.md"), []byte("---\ntitle: Un\ndate: 2025-01-01\n---\nPremier.\n"), 0o644)
	cfgPath = filepath.Join(dir, "feedcast.yaml")
	os.WriteFile(cfgPath, []byte(`title: Show
language: fr
base_url: https://example.org/
cache: ""
publish:
  - type: dir
    name: local
    path: published
schedule: "@every 1h"
`), 0o644)
	return cfgPath, filepath.Join(dir, "published")
}

func TestPublishCommand(t *testing.T) {
	cfgPath, target := publishShow(t)

	code, stdout, stderr := run(t, "publish", "--config", cfgPath, "--dry-run")
	if code != exitOK || !strings.Contains(stdout, "local: would upload feed.xml") || !strings.Contains(stdout, "(dry run: nothing changed)") {
		t.Fatalf("dry run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if _, err := os.Stat(target); err == nil {
		t.Fatal("a dry run created the target")
	}

	code, stdout, stderr = run(t, "publish", "--config", cfgPath)
	if code != exitOK || !strings.Contains(stdout, "local: ") || !strings.Contains(stdout, " 0 deleted, 0 unchanged") {
		t.Fatalf("publish: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, f := range []string{"feed.xml", "atom.xml", "feed.json", "index.html"} {
		if _, err := os.Stat(filepath.Join(target, f)); err != nil {
			t.Error(err)
		}
	}
	// Publishing twice changes nothing the second time.
	code, stdout, stderr = run(t, "publish", "--config", cfgPath)
	if code != exitOK || !strings.Contains(stdout, "local: 0 uploaded (0 bytes), 0 deleted") {
		t.Fatalf("second publish: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

func TestPublishWithoutTarget(t *testing.T) {
	t.Chdir(t.TempDir())
	os.MkdirAll("content", 0o755)
	code, _, stderr := run(t, "publish", "--base-url", "https://example.org/")
	if code != exitFail || !strings.Contains(stderr, "config: publish: no target") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

func TestRunAndStatusCommands(t *testing.T) {
	cfgPath, target := publishShow(t)
	code, _, stderr := run(t, "status", "--config", cfgPath)
	if code != exitFail || !strings.Contains(stderr, "has not run") {
		t.Errorf("status before any run: exit %d: %s", code, stderr)
	}

	// "feedcast run" runs once at start, then waits for the next hour:
	// stop it once the first run's status is written.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan int)
	go func() {
		m := &Main{Stdout: &syncbuf.Buffer{}, Stderr: &syncbuf.Buffer{}, Now: time.Now}
		done <- m.Run(ctx, []string{"run", "--config", cfgPath})
	}()
	status := filepath.Join(filepath.Dir(cfgPath), ".feedcast-status.json")
	for {
		st, err := schedule.ReadStatus(status)
		if err == nil && st.Runs == 1 && !st.Running {
			if st.LastResult != "ok" || st.NextRun.IsZero() {
				t.Errorf("status after the first run: %+v", st)
			}
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("the first run did not finish")
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("run stopped with exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(target, "feed.xml")); err != nil {
		t.Error(err)
	}

	code, stdout, _ := run(t, "status", "--config", cfgPath)
	if code != exitOK || !strings.Contains(stdout, "schedule:  @every 1h") || !strings.Contains(stdout, "ok (1 episodes") {
		t.Errorf("status: exit %d\n%s", code, stdout)
	}
}

func TestRunServesWithStatus(t *testing.T) {
	cfgPath, _ := publishShow(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	stderr := &syncbuf.Buffer{}
	done := make(chan int)
	go func() {
		m := &Main{Stdout: &syncbuf.Buffer{}, Stderr: stderr, Now: time.Now}
		done <- m.Run(ctx, []string{"run", "--config", cfgPath, "--serve", "--addr", "127.0.0.1:0"})
	}()
	statusURL := regexp.MustCompile(`status=(http://127\.0\.0\.1:\d+/status)`)
	var url string
	for url == "" {
		if m := statusURL.FindStringSubmatch(stderr.String()); m != nil {
			url = m[1]
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("not serving:\n%s", stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	// The first run builds, publishes and swaps the build in.
	for {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		var st schedule.Status
		err = json.NewDecoder(resp.Body).Decode(&st)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if st.Runs == 1 && !st.Running {
			if st.LastResult != "ok" || st.NextRun.IsZero() || st.LastRun.Episodes != 1 {
				t.Errorf("status: %+v", st)
			}
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("no run finished")
		case <-time.After(20 * time.Millisecond):
		}
	}
	resp, err := http.Get(strings.TrimSuffix(url, "status") + "feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/rss+xml") {
		t.Errorf("feed.xml: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("exit %d:\n%s", code, stderr.String())
	}
}

// failingShow is publishShow with the targets given in YAML.
func failingShow(t *testing.T, targets string) string {
	t.Helper()
	cfgPath, _ := publishShow(t)
	b, _ := os.ReadFile(cfgPath)
	i := strings.Index(string(b), "publish:")
	j := strings.Index(string(b), "schedule:")
	os.WriteFile(cfgPath, []byte(string(b[:i])+targets+string(b[j:])), 0o644)
	return cfgPath
}

// TestPublishFailedTarget: a target that fails gets no summary of
// nothing done, in a dry run either; its failure is one line, the
// target first, and the other target is still published.
func TestPublishFailedTarget(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	cfgPath := failingShow(t, "publish:\n  - type: dir\n    path: "+filepath.Join(file, "www")+"\n  - type: dir\n    name: good\n    path: good\n")
	for _, dry := range []bool{true, false} {
		args := []string{"publish", "--config", cfgPath}
		if dry {
			args = append(args, "--dry-run")
		}
		code, stdout, stderr := run(t, args...)
		broken := filepath.Join(file, "www")
		if code != exitFail || strings.Contains(stdout, broken) {
			t.Errorf("dry run %v: exit %d, stdout mentions the failed target:\n%s", dry, code, stdout)
		}
		if !strings.Contains(stdout, "good: ") {
			t.Errorf("dry run %v: no summary of the good target:\n%s", dry, stdout)
		}
		want := "feedcast: publish: " + broken + ": "
		last := stderr[strings.LastIndex(stderr, "feedcast: "):]
		if !strings.HasPrefix(last, want) || strings.Count(last, "\n") != 1 || strings.Contains(stderr, "publish: publish:") {
			t.Errorf("dry run %v: stderr %q, want one line starting %q", dry, stderr, want)
		}
	}
}

// TestPublishStalledStore: an S3 store that accepts the connection and
// never answers fails the publish after the configured stall timeout and
// a bounded number of retries, which are logged, instead of hanging.
func TestPublishStalledStore(t *testing.T) {
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1"} {
		t.Setenv(k, v)
	}
	addr := nettest.Silent(t)
	cfgPath := failingShow(t, "stall_timeout: 200ms\npublish:\n  - type: s3\n    endpoint: http://"+addr+
		"\n    bucket: bucket\n    prefix: show\n    path_style: true\n")
	done := make(chan struct{})
	var code int
	var stdout, stderr string
	start := time.Now()
	go func() {
		defer close(done)
		code, stdout, stderr = run(t, "publish", "--config", cfgPath)
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("publish to a silent store still going after a minute")
	}
	t.Logf("%s: exit %d\n%s%s", time.Since(start), code, stdout, stderr)
	want := "feedcast: publish: s3://bucket/show: list: " + addr + " stalled"
	if code != exitFail || !strings.HasPrefix(stderr[strings.LastIndex(stderr, "feedcast: "):], want) {
		t.Errorf("exit %d, stderr %q, want %q", code, stderr, want)
	}
	if strings.Count(stderr, "msg=retrying") != 4 || stdout != "" {
		t.Errorf("want 4 retries logged and nothing on stdout:\n%s\n%s", stdout, stderr)
	}
}

// TestRunNotNow: "feedcast run --run-now=false" on a fresh folder (no
// cache folder yet) writes its status at once, and "feedcast status"
// tells the next run.
func TestRunNotNow(t *testing.T) {
	cfgPath, _ := publishShow(t)
	b, _ := os.ReadFile(cfgPath)
	os.WriteFile(cfgPath, []byte(strings.Replace(string(b), `cache: ""`, "cache: fresh/cache", 1)), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	stderr := &syncbuf.Buffer{}
	done := make(chan int)
	go func() {
		m := &Main{Stdout: &syncbuf.Buffer{}, Stderr: stderr, Now: time.Now}
		done <- m.Run(ctx, []string{"run", "--config", cfgPath, "--run-now=false"})
	}()
	status := filepath.Join(filepath.Dir(cfgPath), "fresh", "cache", "status.json")
	for {
		if _, err := schedule.ReadStatus(status); err == nil {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no status written:\n%s", stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	code, stdout, _ := run(t, "status", "--config", cfgPath)
	cancel()
	<-done
	if code != exitOK || !strings.Contains(stdout, "next run:") || !strings.Contains(stdout, "runs:      0") {
		t.Errorf("status before the first run: exit %d\n%s", code, stdout)
	}
	if strings.Contains(stderr.String(), "status not saved") {
		t.Errorf("status not saved:\n%s", stderr.String())
	}
}

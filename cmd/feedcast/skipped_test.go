package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/schedule"
	"github.com/feedcast/feedcast/internal/syncbuf"
)

// skippedShow is publishShow with one episode file that cannot be
// published (no date) and one Markdown file that is not an episode.
func skippedShow(t *testing.T) (cfgPath, content string) {
	t.Helper()
	cfgPath, _ = publishShow(t)
	content = filepath.Join(filepath.Dir(cfgPath), "content")
	os.WriteFile(filepath.Join(content, "undated.md"), []byte("---\ntitle: Sans date\n---\nCorps.\n"), 0o644)
	os.WriteFile(filepath.Join(content, "NOTES.md"), []byte("# Notes\n\nTo do.\n"), 0o644)
	return cfgPath, content
}

func TestExitStatusSkipped(t *testing.T) {
	cfgPath, content := skippedShow(t)
	slash := filepath.ToSlash(content)

	code, _, stderr := run(t, "build", "--config", cfgPath)
	if code != exitSkipped {
		t.Errorf("build with a skipped file: exit %d, want %d:\n%s", code, exitSkipped, stderr)
	}
	for _, want := range []string{
		"error: " + slash + "/undated.md:1: date: missing: an episode needs a release date: no build cache to keep its last good version (skipped)\n",
		"note: " + slash + "/NOTES.md: no front matter: not an episode",
		"feedcast: 1 episodes published, 1 skipped, 0 held back, 0 warnings;",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "feedcast: episodes skipped") {
		t.Errorf("exit status 3 is reported as an error:\n%s", stderr)
	}

	code, _, stderr = run(t, "build", "--config", cfgPath, "--strict")
	if code != exitFail || !strings.Contains(stderr, "strict mode: the build has problems: 1 problem(s)") {
		t.Errorf("--strict: exit %d, want %d:\n%s", code, exitFail, stderr)
	}

	code, stdout, stderr := run(t, "publish", "--config", cfgPath)
	if code != exitSkipped || !strings.Contains(stdout, "local: ") {
		t.Errorf("publish with a skipped file: exit %d, want %d:\n%s\n%s", code, exitSkipped, stdout, stderr)
	}

	// A note alone is not a problem, not even for --strict (on a show
	// the directories would take, so that only the note is left).
	os.Remove(filepath.Join(content, "undated.md"))
	makeReady(t, cfgPath)
	code, _, stderr = run(t, "build", "--config", cfgPath, "--strict")
	if code != exitOK || !strings.Contains(stderr, "note: ") {
		t.Errorf("--strict with a note: exit %d:\n%s", code, stderr)
	}
}

// TestRunCountsSkipped checks that "feedcast run" takes a run with
// skipped episodes for a run that happened, and counts them in its
// status, in "feedcast status --json" and in /metrics.
func TestRunCountsSkipped(t *testing.T) {
	cfgPath, _ := skippedShow(t)
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
	for {
		var st schedule.Status
		if err := getJSON(url, &st); err != nil {
			t.Fatal(err)
		}
		if st.Runs == 1 && !st.Running {
			if st.LastResult != schedule.ResultOK || st.ConsecutiveFailures != 0 || st.Retry ||
				st.LastRun.Episodes != 1 || st.LastRun.SkippedEpisodes != 1 || st.LastRun.Warnings != 0 {
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
	resp, err := http.Get(strings.TrimSuffix(url, "status") + "metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"\nfeedcast_episodes_published 1\n", "\nfeedcast_episodes_skipped 1\n", "\nfeedcast_build_warnings 0\n", "\nfeedcast_last_build_success 1\n"} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %q", strings.TrimSpace(want))
		}
	}
	if !strings.Contains(stderr.String(), `msg="run finished, with episodes skipped"`) || !strings.Contains(stderr.String(), "skipped_episodes=1") {
		t.Errorf("the run's log line does not tell the skipped episode:\n%s", stderr.String())
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("exit %d:\n%s", code, stderr.String())
	}

	code, stdout, _ := run(t, "status", "--config", cfgPath, "--json")
	var st schedule.Status
	if err := json.Unmarshal([]byte(stdout), &st); code != exitOK || err != nil || st.LastRun.SkippedEpisodes != 1 || !strings.Contains(stdout, `"skipped_episodes": 1`) {
		t.Errorf("status --json: exit %d, %v:\n%s", code, err, stdout)
	}
	code, stdout, _ = run(t, "status", "--config", cfgPath)
	if code != exitOK || !strings.Contains(stdout, "ok (1 episodes, 1 skipped, 0 warnings,") {
		t.Errorf("status: exit %d:\n%s", code, stdout)
	}
}

func getJSON(url string, v any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// makeReady completes publishShow's show with what the podcast
// directories require, so that a strict build has no readiness finding.
func makeReady(t *testing.T, cfgPath string) {
	t.Helper()
	dir := filepath.Dir(cfgPath)
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg = append(cfg, []byte(`description: Une émission de test.
categories: [Technology]
owner:
  name: Show
  email: show@example.org
artwork: https://example.org/artwork.jpg
`)...)
	ep := "---\ntitle: Un\ndate: 2025-01-01\naudio: {url: https://media.example.org/un.mp3, type: audio/mpeg, length: 1000}\n---\nPremier.\n"
	for name, data := range map[string][]byte{
		cfgPath:                                 cfg,
		filepath.Join(dir, "content", "ep1.md"): []byte(ep),
	} {
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

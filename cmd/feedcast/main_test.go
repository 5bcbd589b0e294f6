package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Now: func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }}
	code = m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

var audioshow = filepath.Join("..", "..", "testdata", "audioshow", "feedcast.yaml")

func TestBuildCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	code, _, stderr := run(t, "build", "--config", audioshow, "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	summary := regexp.MustCompile(`(?m)^feedcast: 3 episodes published, 0 skipped, 0 held back, 0 warnings; 15 feeds written \(\d+ files, \d+ images encoded, \d+ from cache\) to .+ in \d+(\.\d+)?[µm]?s$`)
	if !summary.MatchString(stderr) {
		t.Errorf("no summary line in:\n%s", stderr)
	}
	for _, f := range []string{"feed.xml", "atom.xml", "feed.json", "series/saison-1/feed.xml", "episodes/02-mesurer/02-mesurer.mp3"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}

	// --group-feeds "" writes the show's three feeds only.
	out = filepath.Join(t.TempDir(), "site")
	code, _, stderr = run(t, "build", "--config", audioshow, "--out", out, "--group-feeds=")
	if code != exitOK || !strings.Contains(stderr, "; 3 feeds written") {
		t.Fatalf("--group-feeds=: exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "series")); err == nil {
		t.Error("--group-feeds= wrote the series feeds")
	}
}

func TestBuildCommandReportsAndStrict(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	os.MkdirAll(content, 0o755)
	os.WriteFile(filepath.Join(content, "ok.md"), []byte("---\ntitle: OK\ndate: 2025-01-01\n---\nbody\n"), 0o644)
	os.WriteFile(filepath.Join(content, "bad.md"), []byte("---\ntitle: Bad\ndate: 2025-13-45\n---\nbody\n"), 0o644)
	os.WriteFile(filepath.Join(content, "future.md"), []byte("---\ntitle: Later\ndate: 2027-01-01\n---\nbody\n"), 0o644)
	out := filepath.Join(dir, "site")
	args := []string{"build", "--config", filepath.Join(dir, "none.yaml"), "--content", content, "--out", out, "--base-url", "https://example.org/"}

	code, _, stderr := run(t, args...)
	if code != exitFail || !strings.Contains(stderr, "none.yaml") {
		t.Errorf("a missing --config file: exit %d, stderr %q", code, stderr)
	}

	args = append(args[:1], args[3:]...) // no --config: feedcast.yaml is optional
	code, _, stderr = run(t, args...)
	if code != exitSkipped { // published, with bad.md skipped
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if want := filepath.ToSlash(filepath.Join(content, "bad.md")) + ":3: date: "; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	if !strings.Contains(stderr, "1 episodes published, 1 skipped, 1 held back") {
		t.Errorf("summary:\n%s", stderr)
	}

	before, _ := os.ReadFile(filepath.Join(out, "feed.xml"))
	code, _, stderr = run(t, append(args, "--strict")...)
	if code != exitFail || !strings.Contains(stderr, "strict") {
		t.Errorf("--strict with a bad file: exit %d:\n%s", code, stderr)
	}
	after, _ := os.ReadFile(filepath.Join(out, "feed.xml"))
	if !bytes.Equal(before, after) {
		t.Error("a failed --strict run changed the output")
	}

	code, _, stderr = run(t, append(args, "--now", "2027-06-01T00:00:00Z")...)
	if code != exitSkipped || !strings.Contains(stderr, "2 episodes published, 1 skipped, 0 held back") {
		t.Errorf("--now releases the future episode: exit %d:\n%s", code, stderr)
	}
}

func TestUsageAndConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no command", nil, exitUsage, "Usage: feedcast"},
		{"unknown command", []string{"publsh"}, exitUsage, `unknown command "publsh"`},
		{"unknown flag", []string{"build", "--nope"}, exitUsage, "flag provided but not defined: -nope"},
		{"extra argument", []string{"build", "extra"}, exitUsage, `unexpected argument "extra"`},
		{"bad --now", []string{"build", "--base-url", "https://example.org/", "--now", "tomorrow"}, exitUsage, "-now"},
		{"no base url", []string{"build"}, exitFail, "config: base_url: is empty"},
		{"bad base url", []string{"build", "--base-url", "example.org"}, exitFail, "config: base_url:"},
		{"bad --group-feeds", []string{"build", "--base-url", "https://example.org/", "--group-feeds", "series, topics"}, exitFail, `config: group_feeds[1]: "topics"`},
		{"version", []string{"version"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir()) // no feedcast.yaml, no content folder here
			code, stdout, stderr := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.msg) {
				t.Errorf("stderr lacks %q:\n%s", tt.msg, stderr)
			}
			if tt.name == "version" && !strings.HasPrefix(stdout, "feedcast ") {
				t.Errorf("version printed %q", stdout)
			}
		})
	}
}

// TestHelp asks for help every way: the usage goes to stdout with exit
// status 0. Mistakes print it to stderr with exit status 2.
func TestHelp(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"help"}, "Usage: feedcast <command>"},
		{[]string{"--help"}, "Usage: feedcast <command>"},
		{[]string{"-h"}, "Usage: feedcast <command>"},
		{[]string{"help", "build"}, "Usage: feedcast build"},
		{[]string{"build", "-h"}, "Usage: feedcast build"},
		{[]string{"build", "--help"}, "Usage: feedcast build"},
		{[]string{"serve", "--help"}, "-watch"},
		{[]string{"publish", "-h"}, "Usage: feedcast publish"},
		{[]string{"run", "--help"}, "Usage: feedcast run"},
		{[]string{"status", "-h"}, "Usage: feedcast status"},
		{[]string{"init", "--help"}, "Usage: feedcast init [DIR]"},
		{[]string{"help", "init"}, "Usage: feedcast init [DIR]"},
		{[]string{"check", "--help"}, "Usage: feedcast check"},
		{[]string{"help", "check"}, "Usage: feedcast check"},
	} {
		code, stdout, stderr := run(t, tt.args...)
		if code != exitOK || !strings.Contains(stdout, tt.want) || stderr != "" {
			t.Errorf("%v: exit %d, stdout lacks %q or stderr is not empty:\nstdout: %s\nstderr: %s", tt.args, code, tt.want, stdout, stderr)
		}
	}
	for _, args := range [][]string{nil, {"nope"}, {"help", "nope"}, {"build", "--nope"}, {"init", "--nope"}, {"status", "--nope"}, {"check", "--nope"}} {
		code, stdout, stderr := run(t, args...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "Usage: feedcast") {
			t.Errorf("%v: exit %d, stdout %q, stderr:\n%s", args, code, stdout, stderr)
		}
	}
}

func TestVersionText(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "-trimpath", Value: "true"},
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
		{Key: "vcs.time", Value: "2026-01-02T03:04:05Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	clean := append(slices.Clone(vcs[:4]), debug.BuildSetting{Key: "vcs.modified", Value: "false"})
	for _, tt := range []struct {
		name    string
		stamped string
		bi      *debug.BuildInfo
		want    string
	}{
		{"nothing known", "", nil, "feedcast dev\n"},
		{"no build info but the Go version", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"feedcast dev\nbuilt with go1.26.8\n"},
		{"stamped only", "v1.2.3", nil, "feedcast v1.2.3\n"},
		{"go install of a tag", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}},
			"feedcast v1.2.3\nbuilt with go1.26.8\n"},
		{"go build of a modified checkout", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20260102030405-0123456789ab+dirty"}, Settings: vcs},
			"feedcast v0.0.0-20260102030405-0123456789ab+dirty\nrevision 0123456789abcdef0123456789abcdef01234567 (2026-01-02T03:04:05Z, modified)\nbuilt with go1.26.8\n"},
		{"stamped, clean checkout", "v1.2.3", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: clean},
			"feedcast v1.2.3\nrevision 0123456789abcdef0123456789abcdef01234567 (2026-01-02T03:04:05Z)\nbuilt with go1.26.8\n"},
		{"revision without a version", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs[2:3]},
			"feedcast (devel)\nrevision 0123456789abcdef0123456789abcdef01234567\n"},
	} {
		if got := versionText(tt.stamped, tt.bi); got != tt.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tt.name, got, tt.want)
		}
	}
	// The command prints the program's own: under go test, at least the
	// Go version.
	if code, stdout, _ := run(t, "--version"); code != exitOK || !strings.HasPrefix(stdout, "feedcast ") || !strings.Contains(stdout, "built with go") {
		t.Errorf("--version: exit %d, %q", code, stdout)
	}
}

// TestPaceGC: build and publish pace the collector, unless GOGC or
// GOMEMLIMIT is set; the long-running commands never do.
func TestPaceGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	cfgPath, _ := publishShow(t)
	for _, tt := range []struct {
		args []string
		env  string
		want bool
	}{
		{[]string{"build", "--config", cfgPath}, "", true},
		{[]string{"publish", "--config", cfgPath}, "", true},
		{[]string{"build", "--config", cfgPath}, "GOGC", false},
		{[]string{"build", "--config", cfgPath}, "GOMEMLIMIT", false},
		{[]string{"status", "--config", cfgPath}, "", false},
	} {
		if tt.env != "" {
			t.Setenv(tt.env, "200")
		}
		m := &Main{Stdout: io.Discard, Stderr: io.Discard, Now: time.Now}
		m.Run(context.Background(), tt.args)
		if got := m.wantPaceGC(); got != tt.want {
			t.Errorf("%v with %s set: paces the collector %v, want %v", tt.args[0], tt.env, got, tt.want)
		}
		if tt.env != "" {
			t.Setenv(tt.env, "")
		}
	}
}

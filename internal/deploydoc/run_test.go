//go:build linux

package deploydoc

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// The user every documented command is run as: distroless's "nonroot"
// (65532), the image's user, and the stand-in for the systemd service's
// own user. A documented command that needs to write where that user
// cannot fails here as it would on the server.
const (
	runUID = 65532
	runGID = 65532
)

// repoRoot is the module's root, two folders up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root: %v", err)
	}
	return root
}

// guide returns the fenced blocks of docs/deploy.md.
func guide(t *testing.T) []Block {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "deploy.md"))
	if err != nil {
		t.Fatal(err)
	}
	return Blocks(data)
}

// blocksOf returns the blocks whose info string is info.
func blocksOf(blocks []Block, info string) []Block {
	var out []Block
	for _, b := range blocks {
		if b.Info == info {
			out = append(out, b)
		}
	}
	return out
}

// shellLines returns the command lines of the guide's sh blocks.
func shellLines(blocks []Block) []string {
	var out []string
	for _, b := range blocksOf(blocks, "sh") {
		for _, l := range strings.Split(b.Text, "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
				out = append(out, l)
			}
		}
	}
	return out
}

var (
	binOnce sync.Once
	binDir  string
	binErr  error
)

// feedcastBinary builds the program once for the whole package, into a
// folder every user can read.
func feedcastBinary(t *testing.T) string {
	t.Helper()
	root := repoRoot(t)
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "deploydoc-bin-"); binErr != nil {
			return
		}
		if binErr = os.Chmod(binDir, 0o755); binErr != nil {
			return
		}
		goCmd, err := exec.LookPath("go")
		if err != nil {
			goCmd = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
		}
		cmd := exec.Command(goCmd, "build", "-o", filepath.Join(binDir, "feedcast"), "./cmd/feedcast")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return filepath.Join(binDir, "feedcast")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// needRoot skips a test that runs commands as another user.
func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("running the documented commands as an unprivileged user needs root")
	}
}

// fakeRoot returns a new folder that stands for a machine's or a
// container's root: every absolute path of a documented command is taken
// under it. It and what the test puts in it belong to root, readable by
// everyone and writable by root only, unless the test says otherwise.
func fakeRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "deploydoc-root-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// under returns the path p of the documented machine inside root.
func under(root, p string) string { return filepath.Join(root, filepath.FromSlash(p)) }

// mapArgs takes every absolute path among args (alone or as --flag=/path)
// under root.
func mapArgs(root string, args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		switch {
		case strings.HasPrefix(a, "/"):
			out[i] = under(root, a)
		case strings.HasPrefix(a, "-") && strings.Contains(a, "=/"):
			k, v, _ := strings.Cut(a, "=")
			out[i] = k + "=" + under(root, v)
		default:
			out[i] = a
		}
	}
	return out
}

// mkdir makes dir and its missing parents (root's, 0755), then gives dir
// to uid with mode.
func mkdir(t *testing.T, dir string, uid, gid int, mode fs.FileMode) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, mode); err != nil {
		t.Fatal(err)
	}
}

// putShow copies the small audio show of testdata/audioshow into dir,
// owned by uid, with a config whose publish list has one dir target,
// target, and whose extra lines are extra.
func putShow(t *testing.T, dir string, uid, gid int, target, extra string) {
	t.Helper()
	src := filepath.Join(repoRoot(t), "testdata", "audioshow")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		dst := filepath.Join(dir, rel)
		if d.IsDir() {
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return err
			}
			return os.Chown(dst, uid, gid)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "feedcast.yaml" {
			data = fmt.Appendf(data, "publish:\n  - type: dir\n    path: %s\n%s", target, extra)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
		return os.Chown(dst, uid, gid)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

// tree lists the files under dir with their size, mode and time, to tell
// that a run left a folder as it was.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %v %d %d\n", p, fi.Mode(), fi.Size(), fi.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// proc is a documented command running as another user.
type proc struct {
	cmd  *exec.Cmd
	out  *bytes.Buffer
	done chan struct{}
	err  error
}

// start runs bin with args as uid:gid in dir, with env only.
func start(t *testing.T, uid, gid int, dir string, env []string, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{out: new(bytes.Buffer), done: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Dir = dir
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	p.cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}},
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// wait waits for the command to end and returns its exit status.
func (p *proc) wait(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(timeout):
		p.cmd.Process.Kill()
		<-p.done
		t.Fatalf("%v: still running after %v\n%s", p.cmd.Args, timeout, p.out)
	}
	return p.cmd.ProcessState.ExitCode()
}

// stop sends SIGTERM, as systemd and the kubelet do, and returns the exit
// status.
func (p *proc) stop(t *testing.T) int {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	return p.wait(t, time.Minute)
}

// freePort returns a TCP port free on 127.0.0.1.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// waitOK polls url until it answers 200, while the command runs.
func waitOK(t *testing.T, p *proc, url string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		resp, err := http.Get(url)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-p.done:
			t.Fatalf("%v ended (%v) before %s answered\n%s", p.cmd.Args, p.err, url, p.out)
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer 200 within %v (last error %v)\n%s", url, timeout, err, p.out)
		}
	}
}

// checkFeedFile parses the RSS feed at path with gofeed and wants items.
func checkFeedFile(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("the published feed: %v", err)
	}
	defer f.Close()
	checkFeed(t, path, f)
}

func checkFeed(t *testing.T, name string, r io.Reader) {
	t.Helper()
	feed, err := gofeed.NewParser().Parse(r)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(feed.Items) == 0 {
		t.Fatalf("%s: no items", name)
	}
}

// checkServed fetches the feed from a running server and parses it.
func checkServed(t *testing.T, base string) {
	t.Helper()
	resp, err := http.Get(base + "/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /feed.xml: %s", resp.Status)
	}
	checkFeed(t, base+"/feed.xml", resp.Body)
}

// splitWords splits a shell command line into words, with its quotes
// removed; expansions ($PWD, $(id -u)) are kept as they are written.
func splitWords(line string) ([]string, error) {
	var (
		words []string
		cur   strings.Builder
		in    bool // inside a word
		quote byte
	)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '"' || c == '\'':
			quote, in = c, true
		case c == ' ' || c == '\t':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		case c == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
			in = true
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed quote in %q", line)
	}
	if in {
		words = append(words, cur.String())
	}
	return words, nil
}

// withoutFlags returns args without the flags named (and their values).
func withoutFlags(args []string, names ...string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		drop := false
		for _, n := range names {
			if args[i] == n {
				drop = true
				i++ // its value
			} else if strings.HasPrefix(args[i], n+"=") {
				drop = true
			}
		}
		if !drop {
			out = append(out, args[i])
		}
	}
	return out
}

// flagValue returns the value of the flag name among args.
func flagValue(args []string, name string) (string, bool) {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1], true
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v, true
		}
	}
	return "", false
}

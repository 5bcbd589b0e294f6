//go:build linux

package deploydoc

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// imageFacts is what the last stage of a Dockerfile says of the image.
type imageFacts struct {
	uid, gid   string   // USER
	expose     []string // EXPOSE ports
	entrypoint string
	comments   []string // the comment lines of the file
}

func dockerfileFacts(t *testing.T, path string) imageFacts {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f imageFacts
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if c, ok := strings.CutPrefix(l, "#"); ok {
			f.comments = append(f.comments, strings.TrimSpace(c))
			continue
		}
		inst, arg, _ := strings.Cut(l, " ")
		switch strings.ToUpper(inst) {
		case "FROM": // a new stage
			f = imageFacts{comments: f.comments}
		case "USER":
			f.uid, f.gid, _ = strings.Cut(strings.TrimSpace(arg), ":")
		case "EXPOSE":
			for _, p := range strings.Fields(arg) {
				f.expose = append(f.expose, strings.TrimSuffix(p, "/tcp"))
			}
		case "ENTRYPOINT":
			f.entrypoint = strings.Trim(strings.TrimSpace(arg), `[]"`)
		}
	}
	return f
}

// hostUID stands for the user who runs docker: an unprivileged user
// that is not the image's.
const hostUID = runUID + 1

// dockerRun is a documented "docker run" command line.
type dockerRun struct {
	line    string
	user    string   // --user, as written
	mounts  []string // -v, as written
	publish []string // -p
	workdir string   // -w
	image   string
	args    []string // the command given to the entry point
}

func parseDockerRun(t *testing.T, line string) dockerRun {
	t.Helper()
	w, err := splitWords(line)
	if err != nil {
		t.Fatal(err)
	}
	r := dockerRun{line: line}
	for i := 2; i < len(w); i++ {
		val := func() string {
			if i+1 >= len(w) {
				t.Fatalf("%q: %s needs a value", line, w[i])
			}
			i++
			return w[i]
		}
		switch w[i] {
		case "--rm", "-i", "-t", "-it", "-d":
		case "--user", "-u":
			r.user = val()
		case "-v", "--volume":
			r.mounts = append(r.mounts, val())
		case "-p", "--publish":
			r.publish = append(r.publish, val())
		case "-w", "--workdir":
			r.workdir = val()
		default:
			if strings.HasPrefix(w[i], "-") {
				t.Fatalf("%q: the test does not know docker run's %s", line, w[i])
			}
			r.image, r.args = w[i], w[i+1:]
			return r
		}
	}
	t.Fatalf("%q: no image", line)
	return r
}

// TestDockerfile checks the image against what the guide and the
// manifests need of it, and that the commands in its comments are the
// guide's.
func TestDockerfile(t *testing.T) {
	image := dockerfileFacts(t, filepath.Join(repoRoot(t), "Dockerfile"))
	if uid, err := strconv.Atoi(image.uid); err != nil || uid == 0 {
		t.Errorf("USER %s: want a numeric, non-root user: Kubernetes' runAsNonRoot cannot check a name", image.uid)
	}
	if _, err := strconv.Atoi(image.gid); err != nil {
		t.Errorf("USER %s:%s: want a numeric group", image.uid, image.gid)
	}
	if image.entrypoint != "/usr/local/bin/feedcast" {
		t.Errorf("ENTRYPOINT %q: the guide passes feedcast's arguments to the image", image.entrypoint)
	}
	lines := shellLines(guide(t))
	for _, c := range image.comments {
		i := strings.Index(c, "docker ")
		if i < 0 {
			continue
		}
		if cmd := c[i:]; !slices.Contains(lines, cmd) {
			t.Errorf("the Dockerfile's %q is not a command of docs/deploy.md", cmd)
		}
	}
	var runs int
	for _, l := range lines {
		if !strings.HasPrefix(l, "docker run ") {
			continue
		}
		runs++
		r := parseDockerRun(t, l)
		for _, p := range r.publish {
			if _, cport, ok := strings.Cut(p, ":"); !ok || !slices.Contains(image.expose, cport) {
				t.Errorf("%q publishes %s: the image EXPOSEs %v", l, p, image.expose)
			}
		}
	}
	if runs == 0 {
		t.Error("docs/deploy.md shows no docker run")
	}
}

// TestDockerRuns runs each documented "docker run" as the container
// would: the entry point with its arguments, as the --user given or the
// image's USER, in the -w folder. "$PWD" is a folder of the host user's,
// hostUID here (--user "$(id -u):$(id -g)" is that user); a :ro mount,
// or a folder of a host user that is not the container's, is read-only
// to the container. The image's /tmp (distroless's) is writable by all.
func TestDockerRuns(t *testing.T) {
	needRoot(t)
	blocks := guide(t)
	image := dockerfileFacts(t, filepath.Join(repoRoot(t), "Dockerfile"))
	imageUID, err := strconv.Atoi(image.uid)
	if err != nil {
		t.Fatalf("USER %s is not numeric", image.uid)
	}
	tag := ""
	for _, l := range shellLines(blocks) {
		if w, _ := splitWords(l); len(w) > 2 && w[0] == "docker" && w[1] == "build" {
			tag, _ = flagValue(w, "-t")
		}
	}
	var runs []dockerRun
	for _, l := range shellLines(blocks) {
		if strings.HasPrefix(l, "docker run ") {
			runs = append(runs, parseDockerRun(t, l))
		}
	}
	if len(runs) == 0 {
		t.Fatal("docs/deploy.md shows no docker run")
	}
	run := func(t *testing.T, r dockerRun) (*proc, string) {
		if r.image != tag {
			t.Fatalf("%q runs %s, but docker build tags %q", r.line, r.image, tag)
		}
		hostUser := hostUID // the user who runs docker, owner of $PWD
		uid := imageUID
		switch r.user {
		case "":
		case `$(id -u):$(id -g)`:
			uid = hostUser
		default:
			t.Fatalf("%q: --user %s: the test knows the host user's only", r.line, r.user)
		}
		root := fakeRoot(t)
		mkdir(t, under(root, "/tmp"), 0, 0, 0o1777|os.ModeSticky)
		for _, v := range r.mounts {
			parts := strings.Split(v, ":")
			if parts[0] != "$PWD" || len(parts) < 2 {
				t.Fatalf("%q: mount %s: the test knows \"$PWD:DIR[:ro]\" only", r.line, v)
			}
			owner := hostUser
			if len(parts) > 2 && parts[2] == "ro" || uid != hostUser {
				owner = 0 // read-only to the container's user
			}
			putShow(t, under(root, parts[1]), owner, owner, under(root, "/tmp/published"), "")
		}
		args := slices.Clone(r.args)
		for i := range args {
			if i > 0 && args[i-1] == "--addr" {
				args[i] = "127.0.0.1:" + freePort(t)
			}
		}
		env := []string{"PATH=/usr/bin:/bin", "HOME=/", "TMPDIR=" + under(root, "/tmp")}
		dir := under(root, r.workdir)
		return start(t, uid, uid, dir, env, feedcastBinary(t), mapArgs(root, args)...), dir
	}
	for _, r := range runs {
		t.Run(strings.Join(r.args, " "), func(t *testing.T) {
			p, dir := run(t, r)
			switch r.args[0] {
			case "build":
				if code := p.wait(t, 5*time.Minute); code != 0 {
					t.Fatalf("exit status %d:\n%s", code, p.out)
				}
				checkFeedFile(t, filepath.Join(dir, "_site", "feed.xml"))
				fi, err := os.Stat(filepath.Join(dir, "_site", "feed.xml"))
				if err != nil {
					t.Fatal(err)
				}
				// Run as the host user, the build is the host user's.
				if st := fi.Sys().(*syscall.Stat_t); r.user != "" && int(st.Uid) != hostUID {
					t.Errorf("the build belongs to uid %d, not to the host user's %d", st.Uid, hostUID)
				}
			case "serve":
				addr, _ := flagValue(p.cmd.Args, "--addr")
				base := "http://" + addr
				waitOK(t, p, base+"/healthz", 5*time.Minute)
				checkServed(t, base)
				if code := p.stop(t); code != 0 {
					t.Fatalf("stopped: exit status %d:\n%s", code, p.out)
				}
			default:
				t.Fatalf("%q: the test runs build and serve only", r.line)
			}
		})
	}
	// The emulation catches what it is here for: the build as the
	// image's user, in a folder of the host user's.
	for _, r := range runs {
		if r.user == "" || r.args[0] != "build" {
			continue
		}
		r.user = ""
		t.Run("build without --user", func(t *testing.T) {
			p, _ := run(t, r)
			if code := p.wait(t, 5*time.Minute); code == 0 || !strings.Contains(p.out.String(), "permission denied") {
				t.Fatalf("exit status %d, want a failure on a permission:\n%s", code, p.out)
			}
		})
	}
}

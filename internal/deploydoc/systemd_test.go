//go:build linux

package deploydoc

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// unit is a systemd unit file: its directives by section, in order.
type unit struct {
	name string
	text string
	dirs map[string][][2]string
}

// parseUnit reads a unit file as systemd.syntax(7) has it: [Section]
// headers, Key=Value lines, # and ; comments, a trailing backslash
// joining a line to the next.
func parseUnit(name, text string) (*unit, error) {
	u := &unit{name: name, text: text, dirs: map[string][][2]string{}}
	section := ""
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(line, "\\") + " " + strings.TrimSpace(lines[i])
		}
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[' && line[len(line)-1] == ']':
			section = line[1 : len(line)-1]
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				return nil, fmt.Errorf("%s: line %d: %q is not Key=Value in a section", name, i+1, line)
			}
			u.dirs[section] = append(u.dirs[section], [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		}
	}
	return u, nil
}

// get returns the values of key in section, in order.
func (u *unit) get(section, key string) []string {
	var out []string
	for _, kv := range u.dirs[section] {
		if kv[0] == key {
			out = append(out, kv[1])
		}
	}
	return out
}

func (u *unit) one(section, key string) string {
	v := u.get(section, key)
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

// list returns the space-separated values of key, all lines together.
func (u *unit) list(section, key string) []string {
	var out []string
	for _, v := range u.get(section, key) {
		out = append(out, strings.Fields(v)...)
	}
	return out
}

var unitName = regexp.MustCompile(`/etc/systemd/system/([A-Za-z0-9@._-]+\.(?:service|timer))`)

// guideUnits returns the unit files of the guide: each ini block, named
// by the path in the sentence above it.
func guideUnits(t *testing.T, blocks []Block) []*unit {
	t.Helper()
	var units []*unit
	for _, b := range blocksOf(blocks, "ini") {
		m := unitName.FindAllStringSubmatch(b.Before, -1)
		if m == nil {
			t.Fatalf("docs/deploy.md:%d: the sentence above the unit names no /etc/systemd/system/ file", b.Line)
		}
		u, err := parseUnit(m[len(m)-1][1], b.Text)
		if err != nil {
			t.Fatalf("docs/deploy.md:%d: %v", b.Line, err)
		}
		units = append(units, u)
	}
	if len(units) == 0 {
		t.Fatal("docs/deploy.md has no systemd unit")
	}
	return units
}

// setup is what the guide's shell lines make on the server: the system
// users (useradd) and the folders given to a user (install -d -o).
type setup struct {
	users map[string]bool
	dirs  map[string]string // folder -> owner
}

func guideSetup(t *testing.T, blocks []Block) setup {
	t.Helper()
	s := setup{users: map[string]bool{}, dirs: map[string]string{}}
	for _, line := range shellLines(blocks) {
		w, err := splitWords(line)
		if err != nil {
			t.Fatal(err)
		}
		if len(w) > 0 && w[0] == "sudo" {
			w = w[1:]
		}
		if len(w) == 0 {
			continue
		}
		switch w[0] {
		case "useradd":
			s.users[w[len(w)-1]] = slices.Contains(w, "--system")
		case "install":
			if !slices.Contains(w, "-d") {
				continue
			}
			owner := ""
			var dirs []string
			for i := 1; i < len(w); i++ {
				switch w[i] {
				case "-o", "-g", "-m":
					if w[i] == "-o" && i+1 < len(w) {
						owner = w[i+1]
					}
					i++
				default:
					if !strings.HasPrefix(w[i], "-") {
						dirs = append(dirs, w[i])
					}
				}
			}
			for _, d := range dirs {
				s.dirs[d] = owner
			}
		}
	}
	return s
}

// TestSystemdUnits checks the guide's unit files with systemd-analyze
// verify, when it is installed.
func TestSystemdUnits(t *testing.T) {
	units := guideUnits(t, guide(t))
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed (Debian's systemd package)")
	}
	system := "/usr/lib/systemd/system"
	if _, err := os.Stat(filepath.Join(system, "sysinit.target")); err != nil {
		t.Skipf("no systemd units to verify against: %v", err)
	}
	// A root holding the system's own units, the guide's, and the
	// program at the path of ExecStart: verify checks that every unit
	// it names exists and that the command is executable.
	root := fakeRoot(t)
	if err := os.CopyFS(under(root, system), os.DirFS(system)); err != nil {
		t.Fatal(err)
	}
	bin := feedcastBinary(t)
	var names []string
	for _, u := range units {
		dst := under(root, "/etc/systemd/system/"+u.name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, []byte(u.text), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, "/etc/systemd/system/"+u.name)
		for _, exe := range u.get("Service", "ExecStart") {
			w := strings.Fields(strings.TrimLeft(exe, "-@:+!"))
			copyFile(t, bin, under(root, w[0]), 0o755)
		}
	}
	out, err := exec.Command(analyze, append([]string{"verify", "--root=" + root}, names...)...).CombinedOutput()
	// verify exits 0 with an unknown key or section, and says so: any
	// output is a finding.
	if err != nil || len(out) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
}

func copyFile(t *testing.T, src, dst string, mode fs.FileMode) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, mode); err != nil {
		t.Fatal(err)
	}
}

// TestSystemdServicesRun runs each service of the guide the way systemd
// would, as an unprivileged user, in a root where only the folders the
// unit makes writable are: the show is root's, StateDirectory= and
// CacheDirectory= belong to the user, ReadWritePaths= are the folders
// the guide's install -d lines give to the user (ProtectSystem=strict
// makes the rest read-only). The publish target is the show's dir
// target in the first of ReadWritePaths.
func TestSystemdServicesRun(t *testing.T) {
	needRoot(t)
	blocks := guide(t)
	units := guideUnits(t, blocks)
	setup := guideSetup(t, blocks)
	services := 0
	for _, u := range units {
		if !strings.HasSuffix(u.name, ".service") {
			continue
		}
		services++
		t.Run(u.name, func(t *testing.T) {
			sv := startService(t, u, setup, nil)
			checkService(t, u, sv, blocks)
		})
	}
	if services == 0 {
		t.Fatal("docs/deploy.md has no service unit")
	}
	// The emulation is strict enough to catch the mistake it is here
	// for: the publish service without --out and --cache writes into
	// the show's folder, which its user cannot.
	for _, u := range units {
		if u.one("Service", "Type") != "oneshot" {
			continue
		}
		t.Run(u.name+" without --out and --cache", func(t *testing.T) {
			sv := startService(t, u, setup, func(args []string) []string {
				return withoutFlags(args, "--out", "--cache")
			})
			if code := sv.p.wait(t, 5*time.Minute); code == 0 || !strings.Contains(sv.p.out.String(), "permission denied") {
				t.Fatalf("exit status %d, want a failure on a permission:\n%s", code, sv.p.out)
			}
		})
		break
	}
}

// service is a unit started in its emulated root.
type service struct {
	root, show, target, state string
	cache                     string // CacheDirectory=, in the root
	before                    string // the show's files before the run
	p                         *proc
	env                       []string
}

func startService(t *testing.T, u *unit, setup setup, edit func([]string) []string) *service {
	t.Helper()
	user := u.one("Service", "User")
	if user == "" || user == "root" {
		t.Fatalf("%s: no User=, or root: the service must run as a user of its own", u.name)
	}
	if !setup.users[user] {
		t.Fatalf("%s: User=%s, but no useradd line of the guide creates that user (a --system one)", u.name, user)
	}
	if g := u.one("Service", "Group"); g != "" && g != user {
		t.Fatalf("%s: Group=%s: the guide's useradd --user-group makes the group %s", u.name, g, user)
	}
	if u.one("Service", "ProtectSystem") != "strict" {
		t.Fatalf("%s: ProtectSystem=%q: the emulation takes the system as read-only (strict)", u.name, u.one("Service", "ProtectSystem"))
	}
	for _, f := range u.get("Service", "EnvironmentFile") {
		if !strings.HasPrefix(f, "-") {
			t.Fatalf("%s: EnvironmentFile=%s is required, but the guide makes it only for S3 keys: give it a leading -", u.name, f)
		}
	}
	execs := u.get("Service", "ExecStart")
	if len(execs) != 1 {
		t.Fatalf("%s: %d ExecStart= lines, want 1", u.name, len(execs))
	}
	argv := strings.Fields(strings.TrimLeft(execs[0], "-@:+!"))
	if len(argv) < 2 || !strings.HasPrefix(argv[0], "/") {
		t.Fatalf("%s: ExecStart=%s: want an absolute program and a command", u.name, execs[0])
	}
	wd := u.one("Service", "WorkingDirectory")
	if !strings.HasPrefix(wd, "/") {
		t.Fatalf("%s: WorkingDirectory=%q: want an absolute path", u.name, wd)
	}
	rw := u.list("Service", "ReadWritePaths")
	if len(rw) == 0 {
		t.Fatalf("%s: no ReadWritePaths=: the show's dir target must be writable", u.name)
	}

	sv := &service{root: fakeRoot(t)}
	sv.show = under(sv.root, wd)
	sv.target = under(sv.root, rw[0])
	copyFile(t, feedcastBinary(t), under(sv.root, argv[0]), 0o755)
	for _, d := range rw {
		owner, ok := setup.dirs[d]
		if !ok || owner != user {
			t.Fatalf("%s: ReadWritePaths=%s, but no install -d -o %s line of the guide creates it", u.name, d, user)
		}
		mkdir(t, under(sv.root, d), runUID, runGID, 0o755)
	}
	// systemd.exec(5): StateDirectory= and CacheDirectory= are created
	// under /var/lib and /var/cache, owned by User=, writable despite
	// ProtectSystem=strict.
	for _, kv := range [][2]string{{"StateDirectory", "/var/lib/"}, {"CacheDirectory", "/var/cache/"}} {
		for _, d := range u.list("Service", kv[0]) {
			mkdir(t, under(sv.root, kv[1]+d), runUID, runGID, 0o755)
			if kv[0] == "StateDirectory" {
				sv.state = under(sv.root, kv[1]+d)
			} else {
				sv.cache = under(sv.root, kv[1]+d)
			}
		}
	}
	tmp := "/tmp"
	if u.one("Service", "PrivateTmp") == "yes" {
		tmp = under(sv.root, "/tmp")
		mkdir(t, tmp, 0, 0, 0o1777|fs.ModeSticky)
	}
	putShow(t, sv.show, 0, 0, rw[0], "schedule: \"*/15 * * * *\"\n")
	// The show's config names the target as the server does; the
	// emulated root holds it elsewhere.
	rewriteTarget(t, sv.show, rw[0], sv.target)
	sv.before = tree(t, sv.show)

	args := argv[1:]
	if edit != nil {
		args = edit(args)
	}
	if cfg, ok := flagValue(args, "--config"); ok {
		if _, err := os.Stat(under(sv.root, cfg)); err != nil {
			t.Fatalf("%s: --config %s is not the show's config in WorkingDirectory=%s: %v", u.name, cfg, wd, err)
		}
	}
	sv.env = []string{"PATH=" + under(sv.root, "/usr/local/bin") + ":/usr/bin:/bin", "HOME=/nonexistent", "TMPDIR=" + tmp}
	sv.p = start(t, runUID, runGID, sv.show, sv.env, under(sv.root, argv[0]), mapArgs(sv.root, args)...)
	return sv
}

// rewriteTarget replaces the server's path of the dir target in the
// show's config by its path in the emulated root.
func rewriteTarget(t *testing.T, show, from, to string) {
	t.Helper()
	cfg := filepath.Join(show, "feedcast.yaml")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.Replace(string(data), "path: "+from+"\n", "path: "+to+"\n", 1))
	if err := os.WriteFile(cfg, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func checkService(t *testing.T, u *unit, sv *service, blocks []Block) {
	t.Helper()
	ok := []int{0}
	for _, s := range u.list("Service", "SuccessExitStatus") {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("%s: SuccessExitStatus=%s: want exit statuses", u.name, s)
		}
		ok = append(ok, n)
	}
	// Exit status 3 (published, with episode files skipped) is left a
	// failure on purpose, so that systemctl --failed and OnFailure= show
	// the file to fix; the guide says so beside the unit.
	if slices.Contains(ok, 3) {
		t.Errorf("%s: SuccessExitStatus= has 3: a run that skipped episode files must leave the unit failed", u.name)
	}
	manifest := filepath.Join(sv.target, ".feedcast-manifest.json")
	if u.one("Service", "Type") == "oneshot" {
		if code := sv.p.wait(t, 5*time.Minute); !slices.Contains(ok, code) {
			t.Fatalf("exit status %d, want one of %v:\n%s", code, ok, sv.p.out)
		}
	} else {
		// A long-running service: wait for its first publish to be
		// done and recorded, then stop it as systemctl stop does.
		published := func() bool {
			if _, err := os.Stat(manifest); err != nil {
				return false
			}
			if sv.cache == "" {
				return true
			}
			st, err := os.ReadFile(filepath.Join(sv.cache, "status.json"))
			return err == nil && strings.Contains(string(st), `"last_success"`)
		}
		deadline := time.Now().Add(5 * time.Minute)
		for !published() {
			select {
			case <-sv.p.done:
				t.Fatalf("ended before its first publish (%v):\n%s", sv.p.err, sv.p.out)
			case <-time.After(200 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				t.Fatalf("no publish within 5 minutes:\n%s", sv.p.out)
			}
		}
		if code := sv.p.stop(t); !slices.Contains(ok, code) {
			t.Fatalf("stopped: exit status %d, want one of %v:\n%s", code, ok, sv.p.out)
		}
	}
	checkFeedFile(t, filepath.Join(sv.target, "feed.xml"))
	if _, err := os.Stat(manifest); err != nil {
		t.Errorf("the dir target has no manifest: %v", err)
	}
	if sv.state != "" {
		if _, err := os.Stat(filepath.Join(sv.state, "site", "feed.xml")); err != nil {
			t.Errorf("no output folder in StateDirectory=: %v", err)
		}
	}
	if after := tree(t, sv.show); after != sv.before {
		t.Errorf("the run changed the show's folder:\nbefore:\n%s\nafter:\n%s", sv.before, after)
	}
	if strings.HasPrefix(u.one("Service", "ExecStart"), "/usr/local/bin/feedcast run ") {
		checkStatusCommand(t, u, sv, blocks)
	}
}

// checkStatusCommand runs the guide's "feedcast status" line for the
// scheduled service, as the service's user, and wants its last run.
func checkStatusCommand(t *testing.T, u *unit, sv *service, blocks []Block) {
	t.Helper()
	user := u.one("Service", "User")
	for _, line := range shellLines(blocks) {
		w, err := splitWords(line)
		if err != nil {
			t.Fatal(err)
		}
		if len(w) < 5 || w[0] != "sudo" || w[1] != "-u" || w[3] != "feedcast" || w[4] != "status" {
			continue
		}
		if w[2] != user {
			t.Fatalf("%q runs as %s, the service as %s", line, w[2], user)
		}
		p := start(t, runUID, runGID, sv.show, sv.env, filepath.Join(sv.root, "usr/local/bin/feedcast"), mapArgs(sv.root, w[4:])...)
		if code := p.wait(t, time.Minute); code != 0 {
			t.Fatalf("%s: exit status %d:\n%s", line, code, p.out)
		}
		if !strings.Contains(p.out.String(), "last run:") {
			t.Fatalf("%s: no last run in:\n%s", line, p.out)
		}
		return
	}
	t.Fatalf("the guide has no \"sudo -u %s feedcast status\" line for %s", user, u.name)
}

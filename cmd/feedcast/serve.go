package main

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/server"
	"github.com/feedcast/feedcast/internal/site"
)

// serveCommand is "feedcast serve": build, serve the output folder, and
// with --watch rebuild on changes, swapping each good build in whole. A
// failed first build stops the command; a failed rebuild is logged and the
// last good build stays online. SIGINT or SIGTERM (the ctx of main) stops
// it gracefully.
type serveCommand struct {
	m         *Main
	flags     buildFlags
	addr      string
	watch     bool
	poll      time.Duration
	logFormat string
	accessLog bool
	fastPath  bool

	maxConns int
}

// maxConnsUsage is the help of --max-conns, a flag of serve and run.
const maxConnsUsage = "most connections open at once; at the cap the longest idle one is closed, or new ones wait (0: from the open files limit, RLIMIT_NOFILE, less 64, at most 8192; -1: no cap)"

func (c *serveCommand) Run(ctx context.Context, args []string) error {
	fset := flag.NewFlagSet("feedcast serve", flag.ContinueOnError)
	fset.SetOutput(c.m.Stderr)
	c.flags.register(fset)
	fset.StringVar(&c.addr, "addr", "127.0.0.1:8080", "`address` to listen on (host:port)")
	fset.BoolVar(&c.watch, "watch", false, "rebuild when the content, the static files or the config change")
	fset.DurationVar(&c.poll, "poll", time.Second, "how often --watch looks for changes")
	fset.StringVar(&c.logFormat, "log-format", "text", "log `format`: text or json")
	fset.BoolVar(&c.accessLog, "access-log", true, "log every request")
	fset.BoolVar(&c.fastPath, "fast-path", true, "answer plain GET and HEAD requests of files in memory without net/http")
	fset.IntVar(&c.maxConns, "max-conns", 0, maxConnsUsage)
	fset.Usage = func() {
		fmt.Fprintln(fset.Output(), "Usage: feedcast serve [flags]\n\nBuilds the output folder, then serves it over HTTP; with --watch, rebuilds it on changes.\n\nFlags:")
		fset.PrintDefaults()
	}
	set, now, err := parseFlags(c.m, fset, &c.flags, args)
	if err != nil {
		return err
	}
	log, err := newLogger(c.m.Stderr, c.logFormat)
	if err != nil {
		fmt.Fprintf(c.m.Stderr, "feedcast serve: %v\n", err)
		return errUsage
	}
	if c.poll <= 0 {
		fmt.Fprintln(c.m.Stderr, "feedcast serve: -poll must be positive")
		return errUsage
	}
	var opt server.Options
	if c.accessLog {
		opt.AccessLog = log
	}
	srv := server.New(opt)
	// Listen first: the build is made for the address served (port 0
	// gets its real port), see servedBase.
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer ln.Close() // when the first build fails; Serve closes it too
	b := &builder{
		m:     &Main{Stdout: c.m.Stdout, Stderr: &logWriter{log: log}, Now: c.m.Now},
		flags: &c.flags, set: set, clock: now, srv: srv, log: log,
		served: servedBase(ln.Addr()),
	}
	if err := b.rebuild(); err != nil {
		return err
	}
	log.Info("serving", "url", "http://"+ln.Addr().String()+"/", "base_url", b.cfg.BaseURL, "folder", b.cfg.Out, "watch", c.watch)
	stopLog := context.AfterFunc(ctx, func() {
		log.Info("shutting down, finishing the requests in flight", "grace", server.ShutdownGrace)
	})
	defer stopLog()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	if c.watch {
		wg.Go(func() { b.watch(ctx, c.poll) })
	}
	fast := srv
	if !c.fastPath {
		fast = nil
	}
	err = server.Serve(ctx, server.NewHTTPServer(srv.Handler(), log), ln, server.ServeOptions{Grace: server.ShutdownGrace, Fast: fast, MaxConns: c.maxConns})
	cancel()
	wg.Wait()
	if err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// builder builds the output folder and swaps each good build into the
// server.
type builder struct {
	m     *Main // prints the build's report through the logger
	flags *buildFlags
	set   map[string]bool // flags given on the command line
	clock func() time.Time
	srv   *server.Server
	log   *slog.Logger
	cfg   *config.Config // of the last build whose configuration loaded
	// served is the base URL of the address served: the build is made
	// for it when the configured base_url is local (see localBase).
	served string
	// rebased tells whether and what base_url the last build replaced
	// with served, to log it once.
	rebased string
	// inputs is the fingerprint of the inputs as the last build read them.
	inputs uint64
}

// rebuild reads the configuration again, builds, loads the output folder
// and swaps it in. On error the snapshot served does not change.
func (b *builder) rebuild() error {
	start := time.Now()
	r, err := b.build()
	b.srv.RecordBuild(server.BuildReport{Time: b.m.Now(), Duration: time.Since(start), Episodes: r.Published,
		Skipped: r.Skipped, Warnings: r.Warnings(), Err: err})
	return err
}

func (b *builder) build() (*site.Result, error) {
	none := &site.Result{}
	cfg, err := b.flags.apply(b.set)
	if err != nil {
		return none, err
	}
	from, rebased := "", false
	// An explicit --base-url always wins.
	if b.served != "" && !b.set["base-url"] {
		from, rebased = rebase(cfg, b.served)
	}
	if err := cfg.Validate(); err != nil {
		return none, err
	}
	if key := fmt.Sprint(rebased, " ", from); key != b.rebased {
		if rebased {
			b.log.Info("base_url is local: building for the address served", "base_url", cfg.BaseURL, "configured", firstNonEmpty(from, "(none)"))
		}
		b.rebased = key
	}
	b.cfg = cfg
	b.inputs = b.fingerprint()
	res, err := runBuild(b.m, cfg, b.flags.strict, b.clock)
	if err != nil {
		return none, err
	}
	snap, err := server.Load(cfg.Out, server.LoadOptions{BuildTime: b.m.Now(), Previous: b.srv.Snapshot()})
	if err != nil {
		return none, err
	}
	b.srv.Swap(snap)
	return res, nil
}

// watch rebuilds when the inputs change: it polls the sizes and times of
// the files of the content and static folders and of the config file,
// and rebuilds once they have held still for one poll (debounce), so that
// an editor's save or a copy of many files gives one build.
func (b *builder) watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	// From the inputs the first build read: a change made while it ran,
	// or before this goroutine started, is seen.
	last, dirty := b.inputs, false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if fp := b.fingerprint(); fp != last {
			last, dirty = fp, true
			continue
		}
		if !dirty {
			continue
		}
		dirty = false
		b.log.Info("change seen, rebuilding")
		if err := b.rebuild(); err != nil {
			b.log.Error("rebuild failed, the last good build stays online", "err", err)
			continue
		}
		b.log.Info("rebuilt", "build_id", b.srv.Snapshot().ID())
	}
}

// fingerprint hashes the path, size, time and mode of every input file
// (dot-files and the output folder left out, as the build does).
func (b *builder) fingerprint() uint64 {
	h := fnv.New64a()
	var buf []byte
	add := func(p string, info fs.FileInfo) {
		buf = append(buf[:0], p...)
		buf = append(buf, 0)
		if info != nil {
			buf = strconv.AppendInt(buf, info.Size(), 10)
			buf = append(buf, ' ')
			buf = strconv.AppendInt(buf, info.ModTime().UnixNano(), 10)
			buf = append(buf, ' ')
			buf = strconv.AppendUint(buf, uint64(info.Mode()), 8)
		}
		buf = append(buf, '\n')
		h.Write(buf)
	}
	info, _ := os.Stat(b.flags.config)
	add(b.flags.config, info)
	if b.cfg == nil {
		return h.Sum64()
	}
	out := filepath.Clean(b.cfg.Out)
	tmpPrefix := "." + filepath.Base(out) + ".new-"
	for _, dir := range []string{b.cfg.Content, b.cfg.Static} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				add(p+" unreadable", nil)
				return nil
			}
			if p != dir && (strings.HasPrefix(d.Name(), ".") || p == out || strings.HasPrefix(d.Name(), tmpPrefix)) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			info, _ := d.Info() // nil when the file just went away
			add(p, info)
			return nil
		})
		if err != nil {
			add(dir+" unreadable", nil)
		}
	}
	return h.Sum64()
}

// newLogger returns the logger of the command, writing text or JSON to w.
func newLogger(w io.Writer, format string) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, fmt.Errorf("-log-format: %q is neither text nor json", format)
}

// logWriter turns the lines printed by a build ("warning: ...",
// "error: ...", "feedcast: 3 episodes published...") into log records.
type logWriter struct {
	log *slog.Logger
	buf []byte
}

// buildPrefixes are the prefixes of the build's lines and their levels.
var buildPrefixes = []struct {
	prefix string
	level  slog.Level
}{
	{"warning: ", slog.LevelWarn},
	{"error: ", slog.LevelError},
	{"note: ", slog.LevelInfo},
	{"feedcast: ", slog.LevelInfo},
}

func (w *logWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for {
		i := strings.IndexByte(string(w.buf), '\n')
		if i < 0 {
			return len(p), nil
		}
		line := string(w.buf[:i])
		w.buf = w.buf[i+1:]
		level := slog.LevelInfo
		for _, p := range buildPrefixes {
			if rest, ok := strings.CutPrefix(line, p.prefix); ok {
				line, level = rest, p.level
				break
			}
		}
		w.log.Log(context.Background(), level, line)
	}
}

// servedBase is the base URL of the listener's address: its IP and real
// port, "localhost" for an unspecified IP (":8080", "0.0.0.0:8080"), which
// a browser cannot open.
func servedBase(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return ""
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(tcp.Port)) + "/"
}

// sameBase reports whether two base URLs are the same address, as URI
// normalisation compares them (RFC 3986 section 6.2): the scheme and the
// host in any case, the scheme's default port given or not, the path
// with or without its final slash (base_url gets one).
func sameBase(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	return errA == nil && errB == nil && normalBase(ua) == normalBase(ub)
}

func normalBase(u *url.URL) string {
	scheme, host, port := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname()), u.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	switch {
	case port != "":
		host = net.JoinHostPort(host, port)
	case strings.Contains(host, ":"): // an IPv6 address
		host = "[" + host + "]"
	}
	return scheme + "://" + host + strings.TrimSuffix(u.EscapedPath(), "/") + "/?" + u.RawQuery
}

// localBase reports whether a configured base_url is absent or names
// this machine (localhost, *.localhost, 127.0.0.0/8, ::1): a build for it
// is looked at locally, never published.
func localBase(base string) bool {
	if base == "" {
		return true
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return false // not a URL: Validate says so
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" || strings.HasSuffix(host, ".localhost") { // RFC 6761 section 6.3
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// fallbackIDBase is where the ids of a show without base_url derive from
// when it is served: a fixed address, so that they do not depend on the
// port.
const fallbackIDBase = "http://localhost/"

// rebase makes cfg (not yet validated) build for the served base URL
// when its base_url is local, as "hugo server" does: the pages, feeds
// and links then work at the address served, whatever its port. The ids
// keep deriving from the configured base_url (config.Config.IDBaseURL),
// so that a feed reader sees the same items on every port. It returns
// the configured base_url and whether it replaced it; a base_url on
// another host, or that is the address served already, is kept.
func rebase(cfg *config.Config, served string) (from string, rebased bool) {
	if !localBase(cfg.BaseURL) || sameBase(cfg.BaseURL, served) {
		return "", false
	}
	from = cfg.BaseURL
	cfg.IDBaseURL = firstNonEmpty(from, fallbackIDBase)
	cfg.BaseURL = served
	// The addresses written under the configured base_url follow it.
	if prefix := strings.TrimSuffix(from, "/") + "/"; from != "" {
		for _, p := range []*string{&cfg.Link, &cfg.EpisodeURL, &cfg.Artwork} {
			if rest, ok := strings.CutPrefix(*p, prefix); ok {
				*p = served + rest
			}
		}
	}
	return from, true
}

package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/site"
)

// buildFlags are the flags shared by the commands that build.
type buildFlags struct {
	config, content, static, out, baseURL, now, cache string
	groupFeeds                                        string
	strict, feedsOnly                                 bool
	feedLimit                                         int
}

func (f *buildFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.config, "config", "feedcast.yaml", "configuration `file` (optional when it is the default)")
	fs.StringVar(&f.content, "content", "", "episode `folder` (default from the config: content)")
	fs.StringVar(&f.static, "static", "", "static files `folder`, published as they are (default from the config: public)")
	fs.StringVar(&f.out, "out", "", "output `folder` (default from the config: _site)")
	fs.StringVar(&f.baseURL, "base-url", "", "`URL` the output folder is published at")
	fs.BoolVar(&f.strict, "strict", false, "fail the run on any problem, warnings included")
	fs.StringVar(&f.now, "now", "", "release episodes dated up to this RFC 3339 `time` instead of the current time")
	fs.IntVar(&f.feedLimit, "feed-limit", 0, "episodes per feed document, older ones in archive pages; 0 for all (default from the config: 100)")
	fs.BoolVar(&f.feedsOnly, "feeds-only", false, "write the feeds and the files they link to, but no pages and no transcripts")
	fs.StringVar(&f.groupFeeds, "group-feeds", "", "kinds of feeds written beside the show's, comma separated: series, tags; \"\" for none (default from the config: series,tags)")
	fs.StringVar(&f.cache, "cache", "", "build cache `folder`, \"\" for none (default from the config: .feedcast-cache)")
}

// load reads the configuration, applies the flags over it and validates
// it.
func (f *buildFlags) load(setFlags map[string]bool) (*config.Config, error) {
	cfg, err := f.apply(setFlags)
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// apply reads the configuration and applies the flags over it, without
// validating it.
func (f *buildFlags) apply(setFlags map[string]bool) (*config.Config, error) {
	cfg, err := config.Load(f.config, !setFlags["config"])
	if err != nil {
		return nil, err
	}
	if f.content != "" {
		cfg.Content = f.content
	}
	if f.static != "" {
		cfg.Static = f.static
	}
	if f.out != "" {
		cfg.Out = f.out
	}
	if f.baseURL != "" {
		cfg.BaseURL = f.baseURL
	}
	if setFlags["feed-limit"] {
		cfg.FeedLimit = f.feedLimit
	}
	if setFlags["feeds-only"] {
		cfg.FeedsOnly = f.feedsOnly
	}
	if setFlags["group-feeds"] {
		cfg.GroupFeeds = []string{}
		for _, g := range strings.Split(f.groupFeeds, ",") {
			if g = strings.TrimSpace(g); g != "" {
				cfg.GroupFeeds = append(cfg.GroupFeeds, g)
			}
		}
	}
	if setFlags["cache"] {
		cfg.Cache = f.cache
	}
	return cfg, nil
}

type buildCommand struct {
	m     *Main
	flags buildFlags
	// cpuProfile and memProfile are files for runtime/pprof profiles of
	// the build.
	cpuProfile, memProfile string
}

func (c *buildCommand) Run(ctx context.Context, args []string) error {
	fset := flag.NewFlagSet("feedcast build", flag.ContinueOnError)
	fset.SetOutput(c.m.Stderr)
	c.flags.register(fset)
	fset.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the build to `file` (go tool pprof)")
	fset.StringVar(&c.memProfile, "memprofile", "", "write a heap profile, taken at the end of the build, to `file`")
	fset.Usage = func() {
		fmt.Fprintln(fset.Output(), "Usage: feedcast build [flags]\n\nReads the episodes and writes the feeds, transcripts and images to the output folder.\n\nFlags:")
		fset.PrintDefaults()
	}
	cfg, now, err := parseBuildArgs(c.m, fset, &c.flags, args)
	if err != nil {
		return err
	}
	stop, err := startProfiles(c.cpuProfile, c.memProfile)
	if err != nil {
		return err
	}
	res, err := runBuild(c.m, cfg, c.flags.strict, now)
	if err := errors.Join(err, stop()); err != nil {
		return err
	}
	return skippedError(res)
}

// skippedError is errSkipped when the build skipped episode files, nil
// otherwise.
func skippedError(res *site.Result) error {
	if res.Skipped > 0 {
		return fmt.Errorf("%w: %d", errSkipped, res.Skipped)
	}
	return nil
}

// startProfiles starts a CPU profile into cpu (when not ""), and returns
// the function that stops it and writes a heap profile into mem (when not
// "").
func startProfiles(cpu, mem string) (stop func() error, err error) {
	var cpuFile *os.File
	if cpu != "" {
		if cpuFile, err = os.Create(cpu); err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
		if err := pprof.StartCPUProfile(cpuFile); err != nil {
			cpuFile.Close()
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
	}
	return func() error {
		var errs []error
		if cpuFile != nil {
			pprof.StopCPUProfile()
			if err := cpuFile.Close(); err != nil {
				errs = append(errs, fmt.Errorf("cpu profile: %w", err))
			}
		}
		if mem != "" {
			if err := writeHeapProfile(mem); err != nil {
				errs = append(errs, fmt.Errorf("memory profile: %w", err))
			}
		}
		return errors.Join(errs...)
	}, nil
}

func writeHeapProfile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	runtime.GC() // up-to-date statistics
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// runBuild builds once, prints the problems and a summary line.
func runBuild(m *Main, cfg *config.Config, strict bool, now func() time.Time) (*site.Result, error) {
	start := time.Now()
	content, err := openRoot(cfg.Content)
	if err != nil {
		return nil, fmt.Errorf("content folder: %w", err)
	}
	static, err := openRoot(cfg.Static)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("static folder: %w", err)
	}
	res, err := site.Run(context.Background(), site.Options{
		Config: cfg, Content: content, Static: static, Out: cfg.Out,
		Now: now, Strict: strict, Version: programVersion(),
		Progress: m.progress("images"),
		PaceGC:   m.wantPaceGC(),
	})
	printProblems(m, cfg, res)
	if err != nil {
		return res, err
	}
	skipped := fmt.Sprintf("%d skipped", res.Skipped)
	switch {
	case res.Kept == 1:
		skipped += " (1 kept at its last good version)"
	case res.Kept > 1:
		skipped += fmt.Sprintf(" (%d kept at their last good version)", res.Kept)
	}
	fmt.Fprintf(m.Stderr, "feedcast: %d episodes published, %s, %d held back, %d warnings; %d feeds written (%d files, %d images encoded, %d from cache) to %s in %s\n",
		res.Published, skipped, res.Held, res.Warnings(), res.Feeds, res.Files, res.ImagesEncoded, res.ImagesCached, cfg.Out,
		time.Since(start).Round(time.Millisecond))
	return res, nil
}

// printProblems prints the diagnostics of a build, then its readiness
// findings.
func printProblems(m *Main, cfg *config.Config, res *site.Result) {
	if res == nil || len(res.Diagnostics)+len(res.Readiness) == 0 {
		return
	}
	// One write per block of lines, not per problem: a show of
	// thousands of episodes can have thousands.
	w := bufio.NewWriterSize(m.Stderr, 64<<10)
	for _, d := range res.Diagnostics {
		if d.Path == "" {
			d.Path = firstNonEmpty(cfg.File, "configuration") // a problem of the show, not of an episode
		} else {
			d.Path = contentPath(cfg, d.Path)
		}
		switch {
		case d.Note():
			fmt.Fprintln(w, "note:", d.Error())
		case d.Warning:
			fmt.Fprintln(w, "warning:", d.Error())
		default:
			fmt.Fprintln(w, "error:", d.Error(), "(skipped)")
		}
	}
	// A finding about the configuration names its file, or the file
	// that would hold the key.
	where := firstNonEmpty(cfg.File, "feedcast.yaml")
	for _, f := range res.Readiness {
		fmt.Fprintln(w, "readiness:", f.Line(where, func(p string) string { return contentPath(cfg, p) }))
	}
	w.Flush()
}

// contentPath is the path of a file of the content folder, as printed.
func contentPath(cfg *config.Config, p string) string {
	return filepath.ToSlash(filepath.Join(cfg.Content, filepath.FromSlash(p)))
}

// openRoot opens dir as a file system from which no path, not even
// through a symlink, leads outside dir.
func openRoot(dir string) (fs.FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return r.FS(), nil
}

// progress returns a function that shows "what done/total" on the same
// line of a terminal, or nil when stderr is not a terminal (logs and
// pipes get the summary line only).
func (m *Main) progress(what string) func(done, total int) {
	f, ok := m.Stderr.(*os.File)
	if !ok {
		return nil
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return func(done, total int) {
		fmt.Fprintf(f, "\r%s %d/%d", what, done, total)
		if done == total {
			fmt.Fprint(f, "\r\033[K")
		}
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// wantPaceGC tells whether builds pace the garbage collector: only for
// the commands that ask for it (Main.paceGC), and never against the
// user's GOGC or GOMEMLIMIT.
func (m *Main) wantPaceGC() bool {
	return m.paceGC && os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == ""
}

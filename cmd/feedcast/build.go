package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/feedcast/feedcast/internal/build"
	"github.com/feedcast/feedcast/internal/config"
)

// buildFlags are the flags shared by the commands that build.
type buildFlags struct {
	config, content, static, out, baseURL, now string
	strict                                     bool
}

func (f *buildFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.config, "config", "feedcast.yaml", "configuration `file` (optional when it is the default)")
	fs.StringVar(&f.content, "content", "", "episode `folder` (default from the config: content)")
	fs.StringVar(&f.static, "static", "", "static files `folder`, published as they are (default from the config: public)")
	fs.StringVar(&f.out, "out", "", "output `folder` (default from the config: _site)")
	fs.StringVar(&f.baseURL, "base-url", "", "`URL` the output folder is published at")
	fs.BoolVar(&f.strict, "strict", false, "fail the run on any problem, warnings included")
	fs.StringVar(&f.now, "now", "", "release episodes dated up to this RFC 3339 `time` instead of the current time")
}

// load reads the configuration and applies the flags over it.
func (f *buildFlags) load(setFlags map[string]bool) (*config.Config, error) {
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
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

type buildCommand struct {
	m     *Main
	flags buildFlags
}

func (c *buildCommand) Run(ctx context.Context, args []string) error {
	fset := flag.NewFlagSet("feedcast build", flag.ContinueOnError)
	fset.SetOutput(c.m.Stderr)
	c.flags.register(fset)
	fset.Usage = func() {
		fmt.Fprintln(c.m.Stderr, "Usage: feedcast build [flags]\n\nReads the episodes and writes the feeds, transcripts and images to the output folder.\n\nFlags:")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fset.NArg() > 0 {
		fmt.Fprintf(c.m.Stderr, "feedcast build: unexpected argument %q\n", fset.Arg(0))
		return errUsage
	}
	set := map[string]bool{}
	fset.Visit(func(f *flag.Flag) { set[f.Name] = true })
	cfg, err := c.flags.load(set)
	if err != nil {
		return err
	}
	now := c.m.Now
	if c.flags.now != "" {
		t, err := time.Parse(time.RFC3339, c.flags.now)
		if err != nil {
			fmt.Fprintf(c.m.Stderr, "feedcast build: -now: %v\n", err)
			return errUsage
		}
		now = func() time.Time { return t }
	}
	_, err = runBuild(c.m, cfg, c.flags.strict, now)
	return err
}

// runBuild builds once, prints the problems and a summary line.
func runBuild(m *Main, cfg *config.Config, strict bool, now func() time.Time) (*build.Result, error) {
	start := time.Now()
	content, err := openRoot(cfg.Content)
	if err != nil {
		return nil, fmt.Errorf("content folder: %w", err)
	}
	static, err := openRoot(cfg.Static)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("static folder: %w", err)
	}
	res, err := build.Run(context.Background(), build.Options{
		Config: cfg, Content: content, Static: static, Out: cfg.Out,
		Now: now, Strict: strict, Version: programVersion(),
		Progress: m.progress("images"),
	})
	if res != nil {
		for _, d := range res.Diagnostics {
			if d.Path == "" {
				d.Path = firstNonEmpty(cfg.File, "configuration") // a problem of the show, not of an episode
			} else {
				d.Path = filepath.ToSlash(filepath.Join(cfg.Content, filepath.FromSlash(d.Path)))
			}
			if d.Warning {
				fmt.Fprintln(m.Stderr, "warning:", d.Error())
			} else {
				fmt.Fprintln(m.Stderr, "error:", d.Error(), "(skipped)")
			}
		}
	}
	if err != nil {
		return res, err
	}
	if res.NoMedia > 0 {
		fmt.Fprintf(m.Stderr, "note: %d of %d episodes have no media file (audio, video or enclosure): feed readers show them, podcast apps do not list them\n",
			res.NoMedia, res.Published)
	}
	fmt.Fprintf(m.Stderr, "feedcast: %d episodes published, %d skipped, %d held back, %d warnings; %d feeds written (%d files, %d images encoded, %d from cache) to %s in %s\n",
		res.Published, res.Skipped, res.Held, res.Warnings(), res.Feeds, res.Files, res.ImagesEncoded, res.ImagesCached, cfg.Out,
		time.Since(start).Round(time.Millisecond))
	return res, nil
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

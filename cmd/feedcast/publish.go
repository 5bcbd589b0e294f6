package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/publish/targets"
)

// publishCommand builds, then uploads the output folder to every target
// of the configuration and tells the WebSub hubs of the changed feeds.
type publishCommand struct {
	m      *Main
	flags  buildFlags
	dryRun bool
}

func (c *publishCommand) Run(ctx context.Context, args []string) error {
	fset := flag.NewFlagSet("feedcast publish", flag.ContinueOnError)
	fset.SetOutput(c.m.Stderr)
	c.flags.register(fset)
	fset.BoolVar(&c.dryRun, "dry-run", false, "list what would be uploaded and deleted; change nothing, ping no hub")
	fset.Usage = func() {
		fmt.Fprintln(fset.Output(), "Usage: feedcast publish [--dry-run] [flags]\n\nBuilds, then uploads the output folder to every target of the configuration\n(files first, feeds last, unchanged files skipped) and pings the WebSub hubs.\n\nFlags:")
		fset.PrintDefaults()
	}
	cfg, now, err := parseBuildArgs(c.m, fset, &c.flags, args)
	if err != nil {
		return err
	}
	r, err := publishOnce(ctx, c.m, cfg, c.flags.strict, now, c.dryRun)
	if err == nil && r.skipped > 0 {
		return fmt.Errorf("%w: %d", errSkipped, r.skipped)
	}
	return err
}

// publishOnce is one build and publish: what "feedcast publish" does, and
// each run of "feedcast run".
func publishOnce(ctx context.Context, m *Main, cfg *config.Config, strict bool, now func() time.Time, dryRun bool) (publishResult, error) {
	var out publishResult
	if len(cfg.Publish) == 0 {
		return out, errors.New("config: publish: no target: add one (type dir, s3 or sftp) to publish")
	}
	res, err := runBuild(m, cfg, strict, now)
	if err != nil {
		return out, err
	}
	out.built = true
	out.episodes, out.skipped, out.warnings = res.Published, res.Skipped, res.Warnings()
	home, _ := os.UserHomeDir()
	// Retries and other warnings go to stderr; what was done, or would
	// be, to stdout.
	logger := slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	pub, err := targets.Run(ctx, cfg, cfg.Out, targets.Options{
		Env:       targets.Env{Getenv: os.Getenv, Home: home, Logger: logger, Stall: cfg.StallTimeout},
		DryRun:    dryRun,
		UserAgent: "feedcast/" + programVersion(),
	})
	for i, r := range pub.Reports {
		name := targets.Label(cfg.Publish[i])
		if failed := pub.Errors[i] != nil; failed {
			// The error says what failed; say what was done before.
			if r.Uploaded > 0 || r.Deleted > 0 {
				fmt.Fprintf(m.Stdout, "%s: failed after %d uploaded (%d bytes), %d deleted\n", name, r.Uploaded, r.Bytes, r.Deleted)
			}
			out.uploaded += r.Uploaded
			continue
		}
		if dryRun {
			for _, o := range r.Uploads {
				fmt.Fprintf(m.Stdout, "%s: would upload %s (%d bytes)\n", name, o.Key, o.Size)
			}
			for _, o := range r.Deletes {
				fmt.Fprintf(m.Stdout, "%s: would delete %s\n", name, o.Key)
			}
			fmt.Fprintf(m.Stdout, "%s: %d to upload, %d to delete, %d unchanged (dry run: nothing changed)\n",
				name, len(r.Uploads), len(r.Deletes), r.Unchanged)
			continue
		}
		fmt.Fprintf(m.Stdout, "%s: %d uploaded (%d bytes), %d deleted, %d unchanged\n", name, r.Uploaded, r.Bytes, r.Deleted, r.Unchanged)
		out.uploaded += r.Uploaded
	}
	for _, topic := range pub.Pinged {
		fmt.Fprintf(m.Stdout, "websub: pinged for %s\n", topic)
	}
	for _, f := range pub.Podpinged {
		fmt.Fprintf(m.Stdout, "podping: notified for %s\n", f)
	}
	return out, publishError(err)
}

// publishError starts each line of err, one per failure, with
// "publish: ".
func publishError(err error) error {
	if err == nil {
		return nil
	}
	list := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	}
	out := make([]error, len(list))
	for i, e := range list {
		out[i] = fmt.Errorf("publish: %w", e)
	}
	return errors.Join(out...)
}

type publishResult struct {
	built              bool // the build succeeded
	episodes, uploaded int
	// skipped counts the episode files the build could not publish; the
	// run went on with the others.
	skipped, warnings int
}

// parseBuildArgs parses the flags of a command that builds and loads the
// configuration they point at.
func parseBuildArgs(m *Main, fset *flag.FlagSet, f *buildFlags, args []string) (*config.Config, func() time.Time, error) {
	set, now, err := parseFlags(m, fset, f, args)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := f.load(set)
	if err != nil {
		return nil, nil, err
	}
	return cfg, now, nil
}

// parseFlags parses the flags of a command that builds: it returns the
// names of the flags given (they override the configuration) and the
// clock the build judges releases by (--now, else the real time).
func parseFlags(m *Main, fset *flag.FlagSet, f *buildFlags, args []string) (set map[string]bool, now func() time.Time, err error) {
	if err := parseArgs(m, fset, args); err != nil {
		return nil, nil, err
	}
	if fset.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "%s: unexpected argument %q\n", fset.Name(), fset.Arg(0))
		return nil, nil, errUsage
	}
	set = map[string]bool{}
	fset.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	now = m.Now
	if f.now != "" {
		t, err := time.Parse(time.RFC3339, f.now)
		if err != nil {
			fmt.Fprintf(m.Stderr, "%s: -now: %v\n", fset.Name(), err)
			return nil, nil, errUsage
		}
		now = func() time.Time { return t }
	}
	return set, now, nil
}

// parseArgs parses a command's flags. Help asked for ("-h", "--help") is
// printed to stdout and returns flag.ErrHelp (exit status 0); a mistake
// is printed to stderr with the usage and returns errUsage (exit status
// 2). The usage functions write to fset.Output().
func parseArgs(m *Main, fset *flag.FlagSet, args []string) error {
	var buf bytes.Buffer
	fset.SetOutput(&buf)
	err := fset.Parse(args)
	fset.SetOutput(m.Stderr)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		m.Stdout.Write(buf.Bytes())
		return err
	default:
		m.Stderr.Write(buf.Bytes())
		return errUsage
	}
}

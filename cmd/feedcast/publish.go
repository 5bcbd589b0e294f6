package main

import (
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
		fmt.Fprintln(c.m.Stderr, "Usage: feedcast publish [--dry-run] [flags]\n\nBuilds, then uploads the output folder to every target of the configuration\n(files first, feeds last, unchanged files skipped) and pings the WebSub hubs.\n\nFlags:")
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
	logger := slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	pub, err := targets.Run(ctx, cfg, cfg.Out, targets.Options{
		Env:       targets.Env{Getenv: os.Getenv, Home: home, Logger: logger},
		DryRun:    dryRun,
		UserAgent: "feedcast/" + programVersion(),
	})
	for i, r := range pub.Reports {
		name := cfg.Publish[i].Name
		if name == "" {
			name = cfg.Publish[i].Type
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
		fmt.Fprintf(m.Stderr, "%s: %d uploaded (%d bytes), %d deleted, %d unchanged\n", name, r.Uploaded, r.Bytes, r.Deleted, r.Unchanged)
		out.uploaded += r.Uploaded
	}
	for _, topic := range pub.Pinged {
		fmt.Fprintf(m.Stderr, "websub: pinged for %s\n", topic)
	}
	for _, f := range pub.Podpinged {
		fmt.Fprintf(m.Stderr, "podping: notified for %s\n", f)
	}
	if err != nil {
		return out, fmt.Errorf("publish: %w", err)
	}
	return out, nil
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
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, err
		}
		return nil, nil, errUsage
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

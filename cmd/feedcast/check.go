package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"

	"github.com/feedcast/feedcast/internal/site"
)

// checkCommand tells whether the show is ready for the podcast
// directories, without writing anything: it reads the episodes as a build
// does and prints their problems and the readiness findings.
type checkCommand struct {
	m     *Main
	flags buildFlags
}

// errNotReady is the error of a check that found something: the run fails
// (status 1), as a strict build would.
var errNotReady = errors.New("not ready")

func (c *checkCommand) Run(ctx context.Context, args []string) error {
	fset := flag.NewFlagSet("feedcast check", flag.ContinueOnError)
	fset.SetOutput(c.m.Stderr)
	c.flags.register(fset)
	fset.Usage = func() {
		fmt.Fprintln(fset.Output(), `Usage: feedcast check [flags]

Reads the episodes as "feedcast build" does and checks that podcast
directories (Apple Podcasts, Spotify, the Podcast Index) would take the
show, without writing anything. Exit status 0 when there is nothing to
report, 1 when there is a problem or a readiness finding (what would fail
"feedcast build --strict"), 2 on bad usage. It takes the build flags;
--strict changes nothing, and --out and --cache are not written to.

Flags:`)
		fset.PrintDefaults()
	}
	cfg, now, err := parseBuildArgs(c.m, fset, &c.flags, args)
	if err != nil {
		return err
	}
	content, err := openRoot(cfg.Content)
	if err != nil {
		return fmt.Errorf("content folder: %w", err)
	}
	static, err := openRoot(cfg.Static)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("static folder: %w", err)
	}
	res, err := site.Check(site.Options{Config: cfg, Content: content, Static: static, Now: now})
	if err != nil {
		return err
	}
	printProblems(c.m, cfg, res)
	fmt.Fprintf(c.m.Stderr, "feedcast check: %d episodes published, %d skipped, %d held back, %d warnings, %d readiness findings\n",
		res.Published, res.Skipped, res.Held, res.Warnings(), len(res.Readiness))
	if n := res.Problems() + len(res.Readiness); n > 0 {
		return fmt.Errorf("%w: %d problem(s)", errNotReady, n)
	}
	fmt.Fprintln(c.m.Stderr, "feedcast check: ready")
	return nil
}

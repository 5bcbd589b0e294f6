package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"time"

	"github.com/feedcast/feedcast/internal/schedule"
)

// statusCommand prints the status that "feedcast run" keeps: the last
// run and the next one.
type statusCommand struct {
	m     *Main
	flags buildFlags
}

func (c *statusCommand) Run(ctx context.Context, args []string) error {
	fset := flag.NewFlagSet("feedcast status", flag.ContinueOnError)
	fset.SetOutput(c.m.Stderr)
	c.flags.register(fset)
	asJSON := fset.Bool("json", false, "print the status as JSON")
	fset.Usage = func() {
		fmt.Fprintln(fset.Output(), "Usage: feedcast status [--json] [flags]\n\nPrints the last and the next run of \"feedcast run\" with this configuration.\n\nFlags:")
		fset.PrintDefaults()
	}
	cfg, _, err := parseBuildArgs(c.m, fset, &c.flags, args)
	if err != nil {
		return err
	}
	path := statusFile(cfg)
	st, err := schedule.ReadStatus(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no status at %s: \"feedcast run\" has not run with this configuration", path)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(c.m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	w := c.m.Stdout
	fmt.Fprintf(w, "schedule:  %s\n", st.Spec)
	if st.Running {
		fmt.Fprintf(w, "running:   since %s\n", st.RunningSince.Format("2006-01-02 15:04:05 MST"))
	}
	if !st.LastStart.IsZero() {
		fmt.Fprintf(w, "last run:  %s, %s, %s", st.LastStart.Format("2006-01-02 15:04:05 MST"), time.Duration(st.LastDuration).Round(time.Millisecond), st.LastResult)
		fmt.Fprintf(w, " (%d episodes, %d skipped, %d warnings, %d files uploaded)\n",
			st.LastRun.Episodes, st.LastRun.SkippedEpisodes, st.LastRun.Warnings, st.LastRun.FilesUploaded)
	}
	if st.LastError != "" {
		fmt.Fprintf(w, "error:     %s\n", st.LastError)
	}
	if !st.NextRun.IsZero() {
		retry := ""
		if st.Retry {
			retry = " (retry)"
		}
		fmt.Fprintf(w, "next run:  %s%s\n", st.NextRun.Format("2006-01-02 15:04:05 MST"), retry)
	}
	fmt.Fprintf(w, "runs:      %d, %d failed in a row, %d skipped\n", st.Runs, st.ConsecutiveFailures, st.Skipped)
	return nil
}

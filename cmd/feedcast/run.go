package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/schedule"
	"github.com/feedcast/feedcast/internal/server"
)

// runCommand is the long-running job: build and publish on the schedule
// of the configuration.
type runCommand struct {
	m     *Main
	flags buildFlags
	spec  string
	now   bool
	serve bool
	addr  string

	maxConns int
}

func (c *runCommand) Run(ctx context.Context, args []string) error {
	fset := flag.NewFlagSet("feedcast run", flag.ContinueOnError)
	fset.SetOutput(c.m.Stderr)
	c.flags.register(fset)
	fset.StringVar(&c.spec, "schedule", "", "cron `spec` (default from the config: schedule)")
	fset.BoolVar(&c.now, "run-now", true, "run once at start, then on the schedule")
	fset.BoolVar(&c.serve, "serve", false, "also serve the output folder over HTTP, with the run status at /status")
	fset.StringVar(&c.addr, "addr", "127.0.0.1:8080", "`address` to listen on with --serve")
	fset.IntVar(&c.maxConns, "max-conns", 0, maxConnsUsage)
	fset.Usage = func() {
		fmt.Fprintln(fset.Output(), "Usage: feedcast run [--schedule SPEC] [flags]\n\nBuilds and publishes on a cron schedule (\"*/15 * * * *\", \"@every 10m\",\n\"@hourly\", \"CRON_TZ=Europe/Paris 0 6 * * *\") until stopped.\n\nFlags:")
		fset.PrintDefaults()
	}
	cfg, now, err := parseBuildArgs(c.m, fset, &c.flags, args)
	if err != nil {
		return err
	}
	if c.spec != "" {
		cfg.Schedule = c.spec
	}
	if cfg.Schedule == "" {
		return errors.New("config: schedule: empty: set it in the config or with --schedule")
	}
	loc := time.UTC
	if cfg.ScheduleTimeZone != "" {
		if loc, err = time.LoadLocation(cfg.ScheduleTimeZone); err != nil {
			return fmt.Errorf("config: schedule_timezone: %w", err)
		}
	}
	logger := slog.New(slog.NewTextHandler(c.m.Stderr, nil))
	var srv *server.Server
	if c.serve {
		srv = server.New(server.Options{AccessLog: logger})
	}
	job := func(ctx context.Context) (schedule.RunResult, error) {
		start := time.Now()
		r, err := publishOnce(ctx, c.m, cfg, c.flags.strict, now, false)
		if srv != nil && r.built {
			// The build is good even when an upload failed: serve it.
			if snap, lerr := server.Load(cfg.Out, server.LoadOptions{BuildTime: c.m.Now(), Previous: srv.Snapshot()}); lerr == nil {
				srv.Swap(snap)
			} else {
				logger.Error("load the build to serve it", "err", lerr)
			}
		}
		if srv != nil {
			srv.RecordBuild(server.BuildReport{Time: c.m.Now(), Duration: time.Since(start), Episodes: r.episodes,
				Skipped: r.skipped, Warnings: r.warnings, Err: err})
		}
		// Skipped episodes do not fail the run (the exit status 3 of
		// "feedcast publish"): the others were published, and the
		// status counts them.
		return schedule.RunResult{Episodes: r.episodes, FilesUploaded: r.uploaded,
			SkippedEpisodes: r.skipped, Warnings: r.warnings}, err
	}
	s, err := schedule.New(job, schedule.Options{
		Spec: cfg.Schedule, Location: loc, Logger: logger,
		StatusFile: statusFile(cfg), RunAtStart: c.now,
	})
	if err != nil {
		return fmt.Errorf("config: schedule: %w", err)
	}
	logger.Info("scheduled", "spec", cfg.Schedule, "zone", loc.String(), "status", statusFile(cfg))
	if srv == nil {
		return s.Run(ctx)
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", srv.Handler())
	mux.HandleFunc("GET /status", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(s.Status())
	})
	logger.Info("serving", "url", "http://"+ln.Addr().String()+"/", "status", "http://"+ln.Addr().String()+"/status")
	// What is served is what is published: unlike "feedcast serve", the
	// build keeps its base_url, even a local one; say so when the links
	// lead elsewhere.
	if served := servedBase(ln.Addr()); localBase(cfg.BaseURL) && !sameBase(cfg.BaseURL, served) {
		logger.Warn("base_url is local but not the address served: the pages and feeds link to base_url, as published; give --base-url to build for the address served",
			"base_url", cfg.BaseURL, "served", served)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	loopErr := make(chan error, 1)
	go func() { loopErr <- s.Run(ctx); cancel() }()
	err = server.Serve(ctx, server.NewHTTPServer(mux, logger), ln, server.ServeOptions{Grace: server.ShutdownGrace, Fast: srv, MaxConns: c.maxConns})
	cancel()
	return errors.Join(err, <-loopErr)
}

// statusFile is where "feedcast run" keeps its status for "feedcast
// status": in the cache folder, else beside the output folder.
func statusFile(cfg *config.Config) string {
	if cfg.Cache != "" {
		return filepath.Join(cfg.Cache, "status.json")
	}
	return filepath.Join(filepath.Dir(filepath.Clean(cfg.Out)), ".feedcast-status.json")
}

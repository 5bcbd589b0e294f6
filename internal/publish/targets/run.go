package targets

import (
	"path"
	"strings"

	"context"
	"errors"
	"github.com/feedcast/feedcast/internal/publish/podping"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/stall"
	"github.com/feedcast/feedcast/internal/publish/websub"
)

// Options tune Run.
type Options struct {
	Env
	// DryRun plans and logs every target's changes, changes nothing and
	// pings no hub.
	DryRun bool
	// Retry, Deadline: see publish.Options; the deadline is per target.
	Retry    publish.Backoff
	Deadline time.Duration
	// HTTPClient sends the WebSub pings and the Podping notifications
	// (default: a client that gives up after Env.Stall without progress).
	HTTPClient *http.Client
	// PingTimeout bounds the WebSub pings together, and the Podping
	// notifications together (default websub.DefaultTimeout).
	PingTimeout time.Duration
	// UserAgent is sent with the pings.
	UserAgent string
}

// Result tells what Run did.
type Result struct {
	// Reports are the targets' reports, in the order of the configuration;
	// Errors, in the same order, the failure of each, nil for a success.
	Reports []publish.Report
	Errors  []error
	// Pinged are the topics every hub took.
	Pinged []string
	// Podpinged are the RSS feeds the Podping gateway took.
	Podpinged []string
}

// Run syncs the output folder dir to every target of cfg (validated), in
// the order of the configuration, then pings cfg.Hubs for every feed
// that changed on any target. A failed target does not stop the others;
// the errors are returned joined. The hubs are pinged even then, for the
// feeds that did change.
//
// Each error is one line that starts with what failed: the target (see
// Label), "websub: hub URL" or "podping".
func Run(ctx context.Context, cfg *config.Config, dir string, opt Options) (Result, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.HTTPClient == nil {
		opt.HTTPClient = stall.NewHTTPClient(opt.Stall)
	}
	var res Result
	var errs []error
	changed := map[string]bool{}
	for _, t := range cfg.Publish {
		rep, err := syncOne(ctx, t, dir, opt)
		res.Reports = append(res.Reports, rep)
		res.Errors = append(res.Errors, err)
		if err != nil {
			errs = append(errs, err)
		}
		for _, k := range rep.ChangedFeeds {
			changed[k] = true
		}
	}
	if len(changed) > 0 && len(cfg.Hubs) > 0 && !opt.DryRun {
		keys := make([]string, 0, len(changed))
		for k := range changed {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		pinged, err := websub.Ping(ctx, opt.HTTPClient, cfg.Hubs, websub.Topics(cfg.BaseURL, keys),
			websub.Options{Retry: opt.Retry, Logger: opt.Logger, UserAgent: opt.UserAgent, Timeout: opt.PingTimeout})
		res.Pinged = pinged
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(changed) > 0 && cfg.Podping && !opt.DryRun {
		var feeds []string
		for k := range changed {
			// Podping is for the feeds apps subscribe to: RSS, not archives.
			if path.Base(k) == "feed.xml" && !strings.Contains(k, "archive/") {
				feeds = append(feeds, k)
			}
		}
		slices.Sort(feeds)
		endpoint := cfg.PodpingEndpoint
		if endpoint == "" {
			endpoint = podping.DefaultEndpoint
		}
		getenv := opt.Getenv
		if getenv == nil {
			getenv = func(string) string { return "" }
		}
		done, err := podping.Notify(ctx, opt.HTTPClient, endpoint, websub.Topics(cfg.BaseURL, feeds), podping.Options{
			Token: getenv("PODPING_TOKEN"), Medium: cfg.Medium, UserAgent: opt.UserAgent, Timeout: opt.PingTimeout,
		})
		res.Podpinged = done
		if err != nil {
			errs = append(errs, err)
		}
	}
	return res, errors.Join(errs...)
}

func syncOne(ctx context.Context, t config.Target, dir string, opt Options) (publish.Report, error) {
	tg, err := Open(ctx, t, opt.Env)
	if err != nil {
		return publish.Report{}, err
	}
	defer publish.Close(tg)
	rep, err := publish.Sync(ctx, dir, tg, publish.Options{
		DryRun: opt.DryRun, MaxDeletes: t.MaxDeletes, Logger: opt.Logger, Retry: opt.Retry, Deadline: opt.Deadline,
	})
	return rep, oneLine(err)
}

// oneLine returns err with its lines (errors.Join's) joined by "; ".
func oneLine(err error) error {
	if err == nil || !strings.Contains(err.Error(), "\n") {
		return err
	}
	return &lineError{err}
}

type lineError struct{ err error }

func (e *lineError) Error() string { return strings.ReplaceAll(e.err.Error(), "\n", "; ") }
func (e *lineError) Unwrap() error { return e.err }

package targets

import (
	"path"
	"strings"

	"context"
	"errors"
	"fmt"
	"github.com/feedcast/feedcast/internal/publish/podping"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/publish"
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
	// HTTPClient sends the WebSub pings (default http.DefaultClient).
	HTTPClient *http.Client
	// UserAgent is sent with the pings.
	UserAgent string
}

// Result tells what Run did.
type Result struct {
	// Reports are the targets' reports, in the order of the configuration.
	Reports []publish.Report
	// Pinged are the topics the hubs were told of.
	Pinged []string
	// Podpinged are the RSS feeds the Podping gateway was told of.
	Podpinged []string
}

// Run syncs the output folder dir to every target of cfg (validated), in
// the order of the configuration, then pings cfg.Hubs for every feed
// that changed on any target. A failed target does not stop the others;
// the errors are returned joined. The hubs are pinged even then, for the
// feeds that did change.
func Run(ctx context.Context, cfg *config.Config, dir string, opt Options) (Result, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	var res Result
	var errs []error
	changed := map[string]bool{}
	for _, t := range cfg.Publish {
		rep, err := syncOne(ctx, t, dir, opt)
		res.Reports = append(res.Reports, rep)
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
		res.Pinged = websub.Topics(cfg.BaseURL, keys)
		err := websub.Ping(ctx, opt.HTTPClient, cfg.Hubs, res.Pinged,
			websub.Options{Retry: opt.Retry, Logger: opt.Logger, UserAgent: opt.UserAgent})
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
		res.Podpinged = websub.Topics(cfg.BaseURL, feeds)
		endpoint := cfg.PodpingEndpoint
		if endpoint == "" {
			endpoint = podping.DefaultEndpoint
		}
		getenv := opt.Getenv
		if getenv == nil {
			getenv = func(string) string { return "" }
		}
		if err := podping.Notify(ctx, opt.HTTPClient, endpoint, res.Podpinged, podping.Options{
			Token: getenv("PODPING_TOKEN"), Medium: cfg.Medium, UserAgent: opt.UserAgent,
		}); err != nil {
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
	if err != nil {
		return rep, fmt.Errorf("publish: %w", err)
	}
	return rep, nil
}

// Package podping tells a Podping gateway that feeds changed, so that
// podcast apps listening to Podping fetch them within seconds.
//
// The gateway API is the one of podping.cloud: one GET per feed,
// GET <endpoint>?url=<feed URL>&reason=update&medium=<medium>, with the
// publisher's token in the Authorization header; any 2xx is success.
package podping

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// DefaultEndpoint is the public Podping gateway.
const DefaultEndpoint = "https://podping.cloud/"

// Options tune Notify.
type Options struct {
	// Token is the publisher's Podping token (Authorization header).
	Token string
	// Medium is the Podcasting 2.0 medium of the feeds ("podcast").
	Medium string
	// Attempts per feed (default 3), with Backoff between them (default
	// 1 s, doubled each time).
	Attempts int
	Backoff  time.Duration
	// UserAgent is sent with each request.
	UserAgent string
}

// Notify sends one notification per feed URL to the gateway at endpoint.
// A feed whose notification fails after every attempt is reported in the
// returned error; the others are still sent.
func Notify(ctx context.Context, client *http.Client, endpoint string, feeds []string, opt Options) error {
	if client == nil {
		client = http.DefaultClient
	}
	if opt.Attempts <= 0 {
		opt.Attempts = 3
	}
	if opt.Backoff <= 0 {
		opt.Backoff = time.Second
	}
	base, err := url.Parse(endpoint)
	if err != nil {
		return fmt.Errorf("podping: endpoint: %w", err)
	}
	var errs []error
	for _, feed := range feeds {
		if err := notifyOne(ctx, client, base, feed, opt); err != nil {
			errs = append(errs, fmt.Errorf("podping %s: %w", feed, err))
		}
	}
	return errors.Join(errs...)
}

func notifyOne(ctx context.Context, client *http.Client, base *url.URL, feed string, opt Options) error {
	u := *base
	q := u.Query()
	q.Set("url", feed)
	q.Set("reason", "update")
	if opt.Medium != "" {
		q.Set("medium", opt.Medium)
	}
	u.RawQuery = q.Encode()
	wait := opt.Backoff
	var last error
	for attempt := 0; attempt < opt.Attempts; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
			wait *= 2
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return err
		}
		if opt.Token != "" {
			req.Header.Set("Authorization", opt.Token)
		}
		if opt.UserAgent != "" {
			req.Header.Set("User-Agent", opt.UserAgent)
		}
		resp, err := client.Do(req)
		if err != nil {
			last = err
			continue
		}
		resp.Body.Close()
		switch {
		case resp.StatusCode >= 200 && resp.StatusCode < 300:
			return nil
		case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
			last = fmt.Errorf("gateway answered %s", resp.Status)
		default:
			return fmt.Errorf("gateway answered %s", resp.Status)
		}
	}
	return last
}

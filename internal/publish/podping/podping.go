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

	"github.com/feedcast/feedcast/internal/publish/stall"
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
	// Timeout bounds all the notifications of a call together (default
	// 1 min): a gateway that is down costs a run at most this.
	Timeout time.Duration
}

// Notify sends one notification per feed URL to the gateway at endpoint,
// and returns the feeds notified. A feed whose notification fails after
// every attempt is reported in the returned error, once for all; the
// others are still sent, unless the gateway could not be reached at all
// (no answer, not even an error status), which then fails them all.
func Notify(ctx context.Context, client *http.Client, endpoint string, feeds []string, opt Options) ([]string, error) {
	if client == nil {
		client = http.DefaultClient
	}
	if opt.Attempts <= 0 {
		opt.Attempts = 3
	}
	if opt.Backoff <= 0 {
		opt.Backoff = time.Second
	}
	if opt.Timeout <= 0 {
		opt.Timeout = time.Minute
	}
	base, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("podping: endpoint: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	var done []string
	var first error
	failed := 0
	for i, feed := range feeds {
		err := notifyOne(ctx, client, base, feed, opt)
		if err == nil {
			done = append(done, feed)
			continue
		}
		if first == nil {
			first = fmt.Errorf("%s: %w", feed, err)
		}
		failed++
		if _, answered := errors.AsType[*statusError](err); !answered {
			failed += len(feeds) - i - 1
			break
		}
	}
	if first != nil {
		return done, fmt.Errorf("podping: %d of %d feeds not notified: %w", failed, len(feeds), first)
	}
	return done, nil
}

// statusError is an answer of the gateway other than 2xx.
type statusError struct{ status string }

func (e *statusError) Error() string { return "gateway answered " + e.status }

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
			if ctx.Err() != nil {
				return fmt.Errorf("no answer within %s", opt.Timeout)
			}
			last = errors.New(stall.Describe(err))
			continue
		}
		resp.Body.Close()
		switch {
		case resp.StatusCode >= 200 && resp.StatusCode < 300:
			return nil
		case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
			last = &statusError{resp.Status}
		default:
			return &statusError{resp.Status}
		}
	}
	return last
}

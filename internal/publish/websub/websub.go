// Package websub tells WebSub hubs that feeds changed, so that their
// subscribers get new episodes within seconds instead of at their next
// poll (W3C WebSub; SPECS.md §8).
//
// The publish request is the one the common hubs take (Google's,
// Superfeedr, WordPress's): a form-encoded POST of hub.mode=publish with
// the topic as hub.url, and again as hub.topic, which other hubs read.
// Ping after the feeds are public: the hub fetches them.
package websub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/feedcast/feedcast/internal/publish"
)

// Options tune Ping.
type Options struct {
	// Retry retries the transient failures: network errors, 5xx, 408
	// and 429, after the Retry-After the hub asks for, up to Retry.Max.
	Retry publish.Backoff
	// Logger receives one line per failure (default: none).
	Logger *slog.Logger
	// UserAgent is sent with each request when set.
	UserAgent string
	// Now is the clock that reads a Retry-After date (default time.Now).
	Now func() time.Time
}

// Ping tells every hub that every topic changed: one request per hub and
// topic, so that a hub that takes one URL per request gets them all. Any
// 2xx answer is success. It makes every request, whatever fails, logs each
// failure and returns them joined; with no hub or no topic it does nothing.
func Ping(ctx context.Context, client *http.Client, hubs, topics []string, opt Options) error {
	if client == nil {
		client = http.DefaultClient
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	var errs []error
	for _, hub := range hubs {
		for _, topic := range topics {
			err := opt.Retry.Do(ctx, opt.Logger, "websub ping "+hub, func(ctx context.Context) error {
				return ping(ctx, client, hub, topic, opt)
			})
			if err != nil {
				opt.Logger.Error("websub ping failed", "hub", hub, "topic", topic, "err", err)
				errs = append(errs, fmt.Errorf("websub: hub %s, topic %s: %w", hub, topic, err))
				continue
			}
			opt.Logger.Info("websub ping", "hub", hub, "topic", topic)
		}
	}
	return errors.Join(errs...)
}

func ping(ctx context.Context, client *http.Client, hub, topic string, opt Options) error {
	form := url.Values{"hub.mode": {"publish"}, "hub.url": {topic}, "hub.topic": {topic}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hub, strings.NewReader(form.Encode()))
	if err != nil {
		return publish.Permanent(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if opt.UserAgent != "" {
		req.Header.Set("User-Agent", opt.UserAgent)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	err = &StatusError{Code: resp.StatusCode, Body: strings.TrimSpace(string(body)),
		Wait: retryAfter(resp.Header.Get("Retry-After"), opt.Now())}
	switch c := resp.StatusCode; {
	case c == http.StatusRequestTimeout || c == http.StatusTooManyRequests || c >= 500:
		return err
	}
	return publish.Permanent(err)
}

// StatusError is a hub's answer other than 2xx.
type StatusError struct {
	Code int
	Body string        // the start of the answer, for the log
	Wait time.Duration // the Retry-After asked for, 0 without one
}

func (e *StatusError) Error() string {
	if e.Body == "" {
		return fmt.Sprintf("hub answered %d %s", e.Code, http.StatusText(e.Code))
	}
	return fmt.Sprintf("hub answered %d %s: %q", e.Code, http.StatusText(e.Code), e.Body)
}

// RetryAfter implements publish.RetryAfter.
func (e *StatusError) RetryAfter() time.Duration { return e.Wait }

var _ publish.RetryAfter = (*StatusError)(nil)

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// Topics returns the URLs of the feeds at keys (from publish.Report's
// ChangedFeeds) under baseURL, escaped as the feeds' self links are.
func Topics(baseURL string, keys []string) []string {
	if !strings.HasSuffix(baseURL, "/") {
		baseURL += "/"
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		parts := strings.Split(k, "/")
		for j, p := range parts {
			parts[j] = url.PathEscape(p)
		}
		out[i] = baseURL + strings.Join(parts, "/")
	}
	return out
}

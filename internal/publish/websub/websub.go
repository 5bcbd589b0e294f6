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
	"sync"
	"time"

	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/stall"
)

// Options tune Ping.
type Options struct {
	// Retry retries the transient failures: network errors, 5xx, 408
	// and 429, after the Retry-After the hub asks for, up to Retry.Max.
	Retry publish.Backoff
	// Timeout bounds all the pings of a call together (default
	// DefaultTimeout): a hub that is down costs a run at most this.
	Timeout time.Duration
	// Concurrency is the number of requests at once (default 4).
	Concurrency int
	// Logger receives one line per topic a hub took (default: none).
	Logger *slog.Logger
	// UserAgent is sent with each request when set.
	UserAgent string
	// Now is the clock that reads a Retry-After date (default time.Now).
	Now func() time.Time
}

// DefaultTimeout is the deadline of all the pings of a publish.
const DefaultTimeout = time.Minute

// Ping tells every hub that every topic changed: one request per hub and
// topic, so that a hub that takes one URL per request gets them all, a
// few at once. Any 2xx answer is success. Each hub is first sent one
// topic: when that fails for a reason other than a refusal of the topic
// (the hub is down, unreachable, answers 5xx after the retries), the hub
// is not sent the others, which fail with the same error. Every ping
// ends within Options.Timeout.
//
// Ping returns the topics that every hub took, in the order given, and
// one error per hub that did not take them all, naming the hub, how
// many topics failed and the first failure.
func Ping(ctx context.Context, client *http.Client, hubs, topics []string, opt Options) ([]string, error) {
	if len(hubs) == 0 || len(topics) == 0 {
		return nil, nil
	}
	if client == nil {
		client = http.DefaultClient
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = 4
	}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	sem := make(chan struct{}, opt.Concurrency)
	// errs[h][i] is the failure of topic i on hub h.
	errs := make([][]error, len(hubs))
	one := func(h, i int) error {
		sem <- struct{}{}
		defer func() { <-sem }()
		err := opt.Retry.Do(ctx, nil, "websub ping "+hubs[h], func(ctx context.Context) error {
			return ping(ctx, client, hubs[h], topics[i], opt)
		})
		if err != nil && ctx.Err() != nil {
			err = fmt.Errorf("no answer within %s (%w)", opt.Timeout, ctx.Err())
		}
		errs[h][i] = err
		if err == nil {
			opt.Logger.Info("websub ping", "hub", hubs[h], "topic", topics[i])
		}
		return err
	}
	var wg sync.WaitGroup
	for h := range hubs {
		errs[h] = make([]error, len(topics))
		wg.Go(func() {
			err := one(h, 0)
			if err != nil && !refused(err) {
				for i := 1; i < len(topics); i++ {
					errs[h][i] = err
				}
				return
			}
			var hw sync.WaitGroup
			for i := 1; i < len(topics); i++ {
				hw.Go(func() { one(h, i) })
			}
			hw.Wait()
		})
	}
	wg.Wait()

	var pinged []string
	for i, topic := range topics {
		ok := true
		for h := range hubs {
			ok = ok && errs[h][i] == nil
		}
		if ok {
			pinged = append(pinged, topic)
		}
	}
	var out []error
	for h, hub := range hubs {
		var first error
		n := 0
		for _, err := range errs[h] {
			if err != nil {
				if first == nil {
					first = err
				}
				n++
			}
		}
		if first != nil {
			out = append(out, fmt.Errorf("websub: hub %s: %d of %d topics not pinged: %w", hub, n, len(topics), first))
		}
	}
	return pinged, errors.Join(out...)
}

// refused reports whether err is a hub's refusal of one topic (an
// answer that is not retried): the hub is up, and is sent the others.
func refused(err error) bool {
	_, ok := errors.AsType[*StatusError](err)
	return ok && publish.IsPermanent(err)
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
		return &netError{err}
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

// netError is a failure to reach a hub, told in a few words.
type netError struct{ err error }

func (e *netError) Error() string { return stall.Describe(e.err) }
func (e *netError) Unwrap() error { return e.err }

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

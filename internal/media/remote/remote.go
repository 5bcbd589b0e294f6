// Package remote reads the length, type and duration of media files
// given as a URL (the usual case when the media sit on a CDN), for the
// enclosures whose front matter leaves them out.
//
// A probe asks HEAD for Content-Length and Content-Type; when HEAD is
// refused or gives no length, a GET of a byte range gives the total in
// Content-Range (RFC 9110 §14.4). The duration is read by internal/media
// from a few ranges of the file fetched on demand (the first 64 KiB,
// the last 64 KiB when needed), within a byte budget. Every request has a
// timeout, a probe of many URLs has an overall one, and at most a few
// run at once. Results are kept in a Cache by URL with the ETag and
// Last-Modified the server gave: within the cache's max age they are used
// without any request; after it, they are revalidated with a conditional
// HEAD (If-None-Match, If-Modified-Since; RFC 9110 §13.1).
package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/feedcast/feedcast/internal/media"
)

// Defaults of Options.
const (
	DefaultTimeout     = 10 * time.Second
	DefaultTotal       = time.Minute
	DefaultMaxAge      = 7 * 24 * time.Hour
	DefaultConcurrency = 4
	DefaultBudget      = 512 << 10
	// maxRedirects is how many redirects a request follows (a CDN's
	// tracking prefix, then the storage host, is the usual chain).
	maxRedirects = 5
)

// Info is what a probe found about a URL.
type Info struct {
	// Length is the size in bytes, 0 when unknown.
	Length int64 `json:"length,omitempty"`
	// Type is the MIME type without parameters, "" when unknown: the
	// server's Content-Type unless it is a generic one
	// (application/octet-stream), else the type read from the content.
	Type string `json:"type,omitempty"`
	// Duration is the playing time, 0 when unknown.
	Duration time.Duration `json:"duration,omitempty"`
	// DurationErr tells why the duration of an audio or video file could
	// not be read, "" when it was (or when the file is not one).
	DurationErr string `json:"duration_error,omitempty"`
	// NoRanges is true when the server answered a range request with the
	// whole file: Apple Podcasts rejects such media.
	NoRanges bool `json:"no_ranges,omitempty"`
}

// Options are the settings of a Prober.
type Options struct {
	// Client makes the requests; nil for one of the Prober's own. Its
	// redirects are limited to 5 either way.
	Client *http.Client
	// Timeout bounds each request, from the connection to the last byte
	// read (DefaultTimeout when 0).
	Timeout time.Duration
	// Total bounds a call of ProbeAll (DefaultTotal when 0).
	Total time.Duration
	// MaxAge is how long a result is used without asking the server
	// again (DefaultMaxAge when 0).
	MaxAge time.Duration
	// Concurrency is how many URLs are probed at once
	// (DefaultConcurrency when 0).
	Concurrency int
	// Budget is how many bytes of a file may be fetched to read its
	// duration (DefaultBudget when 0).
	Budget int64
	// UserAgent is sent with every request when set.
	UserAgent string
	// Now is the clock of the cache's ages; required.
	Now func() time.Time
}

// Prober probes URLs, with a Cache.
type Prober struct {
	opt    Options
	client *http.Client
	cache  *Cache
}

// New returns a Prober that keeps its results in cache (nil for none).
func New(opt Options, cache *Cache) *Prober {
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.Total <= 0 {
		opt.Total = DefaultTotal
	}
	if opt.MaxAge <= 0 {
		opt.MaxAge = DefaultMaxAge
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = DefaultConcurrency
	}
	if opt.Budget <= 0 {
		opt.Budget = DefaultBudget
	}
	if cache == nil {
		cache = NewCache()
	}
	client := &http.Client{}
	if opt.Client != nil {
		*client = *opt.Client
	}
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return fmt.Errorf("more than %d redirects", maxRedirects)
		}
		return nil
	}
	return &Prober{opt: opt, client: client, cache: cache}
}

// Result is the outcome of a probe of one URL.
type Result struct {
	Info
	// Err is why the probe failed; Info is then empty, or the cached
	// values when only their revalidation failed (Stale).
	Err   error
	Stale bool
	// Cached is true when no request was made.
	Cached bool
	// Until is when the result is to be checked again: the check time
	// plus the max age, or the probe time when it failed.
	Until time.Time
}

// ProbeAll probes the URLs, a few at once, within the overall time limit.
func (p *Prober) ProbeAll(ctx context.Context, urls []string) map[string]Result {
	ctx, cancel := context.WithTimeout(ctx, p.opt.Total)
	defer cancel()
	out := make(map[string]Result, len(urls))
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, p.opt.Concurrency)
	for _, u := range urls {
		mu.Lock()
		_, seen := out[u]
		out[u] = Result{}
		mu.Unlock()
		if seen {
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			r := p.Probe(ctx, u)
			mu.Lock()
			out[u] = r
			mu.Unlock()
		})
	}
	wg.Wait()
	return out
}

// Probe returns what is known of the URL: from the cache within its max
// age, else from the server.
func (p *Prober) Probe(ctx context.Context, u string) Result {
	now := p.opt.Now()
	old, cached := p.cache.get(u)
	// A record checked "in the future" (a build run with another clock)
	// is revalidated.
	if age := now.Sub(old.Checked); cached && age >= 0 && age < p.opt.MaxAge {
		return Result{Info: old.Info, Cached: true, Until: old.Checked.Add(p.opt.MaxAge)}
	}
	if err := ctx.Err(); err != nil {
		return p.failed(u, old, cached, now, fmt.Errorf("not probed: %w", timeLimit(err, p.opt.Total)))
	}
	pr := &probe{p: p, url: u}
	var e cacheEntry
	var err error
	if cached {
		e, err = pr.revalidate(ctx, old)
	} else {
		e, err = pr.run(ctx)
	}
	if err != nil {
		if ctx.Err() != nil {
			// The overall limit, not the request's, was reached.
			err = fmt.Errorf("%w (%v)", timeLimit(ctx.Err(), p.opt.Total), err)
		}
		return p.failed(u, old, cached, now, err)
	}
	e.Checked = now
	p.cache.put(u, e)
	return Result{Info: e.Info, Until: now.Add(p.opt.MaxAge)}
}

// failed is the result of a failed probe: the cached values, if any,
// with the error.
func (p *Prober) failed(u string, old cacheEntry, cached bool, now time.Time, err error) Result {
	r := Result{Err: err, Until: now}
	if cached {
		r.Info, r.Stale = old.Info, true
	}
	return r
}

// timeLimit names a deadline as the limit that was reached.
func timeLimit(err error, limit time.Duration) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no answer within %v", limit)
	}
	return err
}

// probe is the probe of one URL.
type probe struct {
	p   *Prober
	url string
	// target is the URL the last redirect led to, which the range
	// requests ask directly.
	target string
}

// revalidate asks the server whether the cached record still holds: a
// conditional HEAD, and a full probe when the file changed.
func (pr *probe) revalidate(ctx context.Context, old cacheEntry) (cacheEntry, error) {
	h := http.Header{}
	if old.ETag != "" {
		h.Set("If-None-Match", old.ETag)
	}
	if old.LastModified != "" {
		h.Set("If-Modified-Since", old.LastModified)
	}
	head, err := pr.head(ctx, h)
	if err != nil {
		return cacheEntry{}, err
	}
	switch {
	case head.status == http.StatusNotModified:
		return old, nil
	case head.ok() && head.length == old.Length && (old.ETag != "" && head.etag == old.ETag ||
		old.ETag == "" && old.LastModified != "" && head.lastModified == old.LastModified):
		// A server that ignores conditional requests, with the same
		// validators.
		return old, nil
	}
	return pr.run(ctx)
}

// run probes the URL from scratch.
func (pr *probe) run(ctx context.Context) (cacheEntry, error) {
	var e cacheEntry
	head, err := pr.head(ctx, nil)
	if err != nil {
		return e, err
	}
	switch head.status {
	case http.StatusNotFound, http.StatusGone:
		return e, fmt.Errorf("HEAD: %s", statusText(head.status))
	}
	if head.ok() {
		e.Length, e.Type, e.ETag, e.LastModified = head.length, head.typ, head.etag, head.lastModified
	}
	// Else HEAD is refused (405, 501, or a 403 of a URL signed for
	// GET): the range request below tells the length.
	wantDuration := e.Type == "" || isAV(e.Type)
	var file *sparseFile
	if e.Length <= 0 || wantDuration {
		n := int64(1) // bytes=0-0 when only the length is wanted
		if wantDuration {
			n = blockSize
		}
		first, err := pr.rangeGet(ctx, 0, n)
		if err != nil {
			return e, err
		}
		if e.Length <= 0 {
			e.Length = first.total
		}
		if e.Type == "" {
			e.Type = first.typ
		}
		if e.ETag == "" && e.LastModified == "" {
			e.ETag, e.LastModified = first.etag, first.lastModified
		}
		e.NoRanges = first.noRanges
		if e.Length <= 0 {
			return e, errors.New("length unknown: the server gives neither Content-Length nor Content-Range")
		}
		wantDuration = e.Type == "" || isAV(e.Type)
		if wantDuration {
			file = newSparseFile(ctx, e.Length, pr.p.opt.Budget, pr.fetch)
			file.put(0, first.data)
		}
	}
	if file != nil {
		info, err := readMedia(file, e.Length, pr.url)
		if e.Type == "" {
			e.Type = info.Type
		}
		switch {
		case err == nil:
			e.Duration = info.Duration
		case errors.Is(err, media.ErrUnknown):
			// Not a format read here: its duration is not looked for.
		default:
			if ctx.Err() != nil {
				return e, timeLimit(ctx.Err(), pr.p.opt.Total)
			}
			e.DurationErr = durationError(err, pr.url)
		}
	}
	return e, nil
}

// readMedia reads the file's duration with internal/media, after its
// ID3v2 tags: they hold no duration, and one with cover art is often
// larger than the byte budget. Each tag's size is in its 10-byte header
// (ID3v2.4 §3.1).
func readMedia(f *sparseFile, size int64, name string) (media.Info, error) {
	start := int64(0)
	for start+10 <= size {
		if _, err := f.Seek(start, io.SeekStart); err != nil {
			return media.Info{}, err
		}
		var h [10]byte
		if _, err := io.ReadFull(f, h[:]); err != nil {
			return media.Info{}, err
		}
		if string(h[:3]) != "ID3" {
			break
		}
		n := int64(h[6]&0x7f)<<21 | int64(h[7]&0x7f)<<14 | int64(h[8]&0x7f)<<7 | int64(h[9]&0x7f)
		start += 10 + n
		if h[5]&0x10 != 0 { // footer present
			start += 10
		}
	}
	if start >= size {
		return media.Info{}, fmt.Errorf("%w: nothing after the ID3 tags", media.ErrInvalid)
	}
	var r io.ReadSeeker = f
	if start > 0 {
		r = &shifted{r: f, off: start}
	}
	return media.Probe(r, size-start, name)
}

// durationError is the reason the duration is unknown, without the URL
// that media.Probe puts first (the warning names it).
func durationError(err error, u string) string {
	s := strings.TrimPrefix(err.Error(), u+": ")
	if errors.Is(err, ErrBudget) {
		return "reading it needs more bytes than the probe fetches (" + s + "): set duration in the front matter"
	}
	return s
}

// isAV tells whether a MIME type is audio or video, whose duration is
// read.
func isAV(t string) bool {
	return strings.HasPrefix(t, "audio/") || strings.HasPrefix(t, "video/")
}

// answer is what a response's headers tell.
type answer struct {
	status       int
	length       int64 // -1 when not given
	typ          string
	etag         string
	lastModified string
}

func (a answer) ok() bool { return a.status >= 200 && a.status < 300 }

// head sends a HEAD request with the headers h. It returns an error only
// when no answer came; the answer's status is for the caller to judge.
func (pr *probe) head(ctx context.Context, h http.Header) (answer, error) {
	ctx, cancel := context.WithTimeout(ctx, pr.p.opt.Timeout)
	defer cancel()
	req, err := pr.request(ctx, http.MethodHead, pr.url)
	if err != nil {
		return answer{}, err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := pr.p.client.Do(req)
	if err != nil {
		return answer{}, fmt.Errorf("HEAD: %w", pr.requestError(err))
	}
	resp.Body.Close()
	if resp.Request != nil && resp.Request.URL != nil {
		pr.target = resp.Request.URL.String()
	}
	return answerOf(resp), nil
}

func answerOf(resp *http.Response) answer {
	return answer{
		status: resp.StatusCode, length: resp.ContentLength, typ: mediaType(resp.Header.Get("Content-Type")),
		etag: resp.Header.Get("ETag"), lastModified: resp.Header.Get("Last-Modified"),
	}
}

// firstRange is the answer to the first range request.
type firstRange struct {
	answer
	data     []byte
	total    int64
	noRanges bool
}

// rangeGet fetches bytes off..off+n-1 and reads the total size from the
// answer: Content-Range's of a 206, Content-Length's of a 200 (a server
// that ignores Range; only the first n bytes of its body are read).
func (pr *probe) rangeGet(ctx context.Context, off, n int64) (firstRange, error) {
	ctx, cancel := context.WithTimeout(ctx, pr.p.opt.Timeout)
	defer cancel()
	u := pr.url
	if pr.target != "" {
		u = pr.target
	}
	req, err := pr.request(ctx, http.MethodGet, u)
	if err != nil {
		return firstRange{}, err
	}
	spec := fmt.Sprintf("bytes=%d-%d", off, off+n-1)
	req.Header.Set("Range", spec)
	// The bytes are the file's, not a compressed form of them.
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := pr.p.client.Do(req)
	if err != nil {
		return firstRange{}, fmt.Errorf("GET %s: %w", spec, pr.requestError(err))
	}
	defer resp.Body.Close()
	if resp.Request != nil && resp.Request.URL != nil {
		pr.target = resp.Request.URL.String()
	}
	r := firstRange{answer: answerOf(resp)}
	switch resp.StatusCode {
	case http.StatusPartialContent:
		start, end, total, ok := contentRange(resp.Header.Get("Content-Range"))
		if !ok || start != off || end > off+n-1 {
			return r, fmt.Errorf("GET %s: a 206 answer with Content-Range %q", spec, resp.Header.Get("Content-Range"))
		}
		r.total = total
		n = end - start + 1
	case http.StatusOK:
		if off != 0 {
			return r, fmt.Errorf("GET %s: the server does not serve byte ranges", spec)
		}
		r.noRanges, r.total = true, max(resp.ContentLength, 0)
		if r.total > 0 {
			n = min(n, r.total)
		}
	case http.StatusRequestedRangeNotSatisfiable:
		return r, fmt.Errorf("GET %s: %s: the file is empty", spec, statusText(resp.StatusCode))
	default:
		return r, fmt.Errorf("GET %s: %s", spec, statusText(resp.StatusCode))
	}
	r.data = make([]byte, n)
	if _, err := io.ReadFull(resp.Body, r.data); err != nil {
		if resp.StatusCode == http.StatusOK && r.total <= 0 && errors.Is(err, io.ErrUnexpectedEOF) {
			return r, fmt.Errorf("GET %s: the server does not serve byte ranges and gives no length", spec)
		}
		return r, fmt.Errorf("GET %s: %w", spec, pr.requestError(err))
	}
	return r, nil
}

// fetch is the sparse file's fetchFunc: a range request that must be
// answered with the range.
func (pr *probe) fetch(ctx context.Context, off, n int64) ([]byte, error) {
	r, err := pr.rangeGet(ctx, off, n)
	if err != nil {
		return nil, err
	}
	if r.noRanges {
		return nil, fmt.Errorf("GET bytes=%d-%d: the server does not serve byte ranges", off, off+n-1)
	}
	return r.data, nil
}

func (pr *probe) request(ctx context.Context, method, u string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return nil, err
	}
	if pr.p.opt.UserAgent != "" {
		req.Header.Set("User-Agent", pr.p.opt.UserAgent)
	}
	return req, nil
}

// requestError names a timeout as such: which limit was reached.
func (pr *probe) requestError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no answer within %v", pr.p.opt.Timeout)
	}
	return err
}

// contentRange parses "bytes start-end/total" (RFC 9110 §14.4); a total
// of "*" is not usable here.
func contentRange(s string) (start, end, total int64, ok bool) {
	rest, found := strings.CutPrefix(strings.TrimSpace(s), "bytes ")
	if !found {
		return 0, 0, 0, false
	}
	span, size, found := strings.Cut(rest, "/")
	if !found {
		return 0, 0, 0, false
	}
	a, b, found := strings.Cut(span, "-")
	if !found {
		return 0, 0, 0, false
	}
	var err1, err2, err3 error
	start, err1 = strconv.ParseInt(a, 10, 64)
	end, err2 = strconv.ParseInt(b, 10, 64)
	total, err3 = strconv.ParseInt(size, 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || start < 0 || end < start || total <= end {
		return 0, 0, 0, false
	}
	return start, end, total, true
}

// mediaType is the type of a Content-Type header without its
// parameters, "" when it is missing or generic: a storage bucket's
// default says nothing of the file.
func mediaType(h string) string {
	t, _, err := mime.ParseMediaType(h)
	if err != nil {
		return ""
	}
	switch t {
	case "application/octet-stream", "binary/octet-stream", "application/binary", "application/unknown":
		return ""
	}
	return t
}

func statusText(code int) string {
	return fmt.Sprintf("HTTP %d %s", code, http.StatusText(code))
}

package server

import (
	"net/http"
	"strconv"
	"strings"
)

// Conditional requests (RFC 9110 §13) and ranges (§14).

// checkPreconditions evaluates If-Match, else If-Unmodified-Since, and
// returns 412 when it fails, 0 otherwise.
func (f *file) checkPreconditions(h http.Header) int {
	if im := h["If-Match"]; im != nil {
		if f.matchTags(im, -1, true, -1) < 0 {
			return http.StatusPreconditionFailed
		}
		return 0
	}
	if ius := h["If-Unmodified-Since"]; ius != nil && !f.modTime.IsZero() {
		if t, err := http.ParseTime(ius[0]); err == nil && f.modTime.After(t) {
			return http.StatusPreconditionFailed
		}
	}
	return 0
}

// revalidate picks the representation of a GET or HEAD from its
// Accept-Encoding, If-None-Match and If-Modified-Since values, and tells
// whether the answer is 304 Not Modified. If-None-Match is evaluated
// against the selected representation only (RFC 9110 §13.1.2): a client
// that holds the gzip encoding but now refuses gzip gets the identity,
// not a 304 that would let it keep the gzip body. If-Modified-Since
// counts only without If-None-Match (RFC 9110 §13.1.3). The handler and
// the fast path both answer with it.
func (f *file) revalidate(ae, inm, ims []string) (enc int, notModified bool) {
	enc = negotiate(ae, &f.have)
	if inm != nil {
		return enc, f.matchTags(inm, enc, false, enc) == enc
	}
	if ims != nil && f.notModifiedSince(ims[0]) {
		return enc, true
	}
	return enc, false
}

// matchTags looks for one of f's ETags in a list of entity tags, the
// ETag of the encoding only when only is not negative, and returns its
// encoding, or -1. "*" yields star. Strong comparison refuses weak tags
// (W/"...").
func (f *file) matchTags(vals []string, star int, strong bool, only int) int {
	for _, v := range vals {
		for {
			v = strings.TrimLeft(v, " \t,")
			if v == "" {
				break
			}
			if v[0] == '*' {
				if star < 0 {
					star = encIdentity
				}
				return star
			}
			weak := strings.HasPrefix(v, "W/")
			if weak {
				v = v[2:]
			}
			if v == "" || v[0] != '"' {
				return -1 // malformed: no match
			}
			end := strings.IndexByte(v[1:], '"')
			if end < 0 {
				return -1
			}
			tag := v[:end+2]
			v = v[end+2:]
			if weak && strong {
				continue
			}
			for enc, r := range f.reps {
				if r != nil && r.etag == tag && (only < 0 || enc == only) {
					return enc
				}
			}
		}
	}
	return -1
}

// notModifiedSince tells whether f has not changed since the HTTP date v.
func (f *file) notModifiedSince(v string) bool {
	if f.lastMod == "" {
		return false
	}
	if v == f.lastMod {
		return true // the usual case: the date we sent, echoed
	}
	t, err := http.ParseTime(v)
	return err == nil && !f.modTime.After(t)
}

// ifRange tells whether a Range field applies given If-Range (RFC 9110
// §13.1.5): yes without If-Range, or when it holds the identity's strong
// ETag or exactly its Last-Modified date.
func (f *file) ifRange(vals []string) bool {
	if len(vals) == 0 {
		return true
	}
	v := strings.TrimSpace(vals[0])
	if strings.HasPrefix(v, `"`) {
		return v == f.reps[encIdentity].etag
	}
	if strings.HasPrefix(v, "W/") {
		return false
	}
	t, err := http.ParseTime(v)
	return err == nil && f.lastMod != "" && t.Equal(f.modTime)
}

// parseRange parses a Range field for a body of size bytes. It supports
// one range of bytes ("a-b", "a-", "-n"); a field with several ranges, of
// another unit or malformed is ignored (ok false, length 0) and the whole
// body is sent, as RFC 9110 §14.2 allows. An unsatisfiable range returns
// ok false and length -1 (416).
func parseRange(v string, size int64) (start, length int64, ok bool) {
	spec, found := strings.CutPrefix(v, "bytes=")
	if !found {
		return 0, 0, false
	}
	spec = strings.TrimSpace(spec)
	if strings.Contains(spec, ",") {
		return 0, 0, false
	}
	a, b, found := strings.Cut(spec, "-")
	if !found {
		return 0, 0, false
	}
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" { // suffix: the last b bytes
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n < 0 {
			return 0, 0, false
		}
		if n == 0 || size == 0 {
			return 0, -1, false
		}
		n = min(n, size)
		return size - n, n, true
	}
	first, err := strconv.ParseInt(a, 10, 64)
	if err != nil || first < 0 {
		return 0, 0, false
	}
	last := size - 1
	if b != "" {
		if last, err = strconv.ParseInt(b, 10, 64); err != nil || last < first {
			return 0, 0, false
		}
		last = min(last, size-1)
	}
	if first >= size {
		return 0, -1, false
	}
	return first, last - first + 1, true
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

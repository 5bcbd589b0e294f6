package server

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Header values shared by every response (never modified).
var (
	textPlain        = []string{"text/plain; charset=utf-8"}
	nosniff          = []string{"nosniff"}
	allowValue       = []string{allowMethods}
	noStore          = []string{"no-store"}
	preflightHeaders = []string{allowHeaders}
	preflightMaxAge  = []string{"86400"}
	anyOrigin        = []string{"*"}
)

// serveHTTP is the handler: /healthz, /metrics, then the files.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	var start time.Time
	if s.log != nil {
		start = s.now()
	}
	var status int
	var n int64
	route := kindOther
	switch {
	case r.TransferEncoding != nil:
		status, n = refuseBody(w)
	default:
		status, n, route = s.route(w, r)
	}
	s.metrics.observe(route, status, n)
	if s.log != nil {
		s.logAccess(r, status, n, s.now().Sub(start))
	}
}

// refuseBody answers a request with a Transfer-Encoding with 400 and
// closes the connection. No request this server answers has content, and
// net/http, which drops a Content-Length sent with a Transfer-Encoding,
// keeps the connection open after such a request: RFC 9112 §6.1 lets a
// server refuse it, and requires closing the connection after answering
// it, since a proxy in front may have framed it by the Content-Length
// (request smuggling).
func refuseBody(w http.ResponseWriter) (int, int64) {
	w.Header()["Connection"] = closeValue
	return plainError(w, http.StatusBadRequest, "request content is not accepted\n")
}

var closeValue = []string{"close"}

// route answers by path: /healthz, /metrics, else a file.
func (s *Server) route(w http.ResponseWriter, r *http.Request) (status int, n int64, route kind) {
	route = kindOther
	switch r.URL.Path {
	case "/healthz":
		status, n = s.serveHealth(w, r)
	case "/metrics":
		status, n = s.serveMetrics(w, r)
	default:
		status, n, route = s.serveFile(w, r)
	}
	return status, n, route
}

// serveFile answers a request for a file of the current snapshot and
// returns the status, the body bytes written and the route.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) (int, int64, kind) {
	snap := s.snap.Load() // the one snapshot of this request
	p := r.URL.Path
	if snap == nil {
		status, n := plainError(w, http.StatusServiceUnavailable, "no build is being served yet\n")
		return status, n, routeOf(p)
	}
	if badPath(p) {
		status, n := plainError(w, http.StatusBadRequest, "bad path\n")
		return status, n, kindOther
	}
	f := snap.files[p]
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodOptions:
		status, n := s.serveOptions(w, r, f)
		return status, n, routeKind(f, p)
	default:
		w.Header()["Allow"] = allowValue
		status, n := plainError(w, http.StatusMethodNotAllowed, "method not allowed\n")
		return status, n, routeKind(f, p)
	}
	if f == nil {
		if to, ok := snap.redirects[p]; ok {
			if r.URL.RawQuery != "" {
				to += "?" + r.URL.RawQuery
			}
			w.Header()["X-Content-Type-Options"] = nosniff
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return http.StatusMovedPermanently, 0, kindPage
		}
		status, n := notFound(w, r, snap)
		return status, n, routeOf(p)
	}
	f, asXML := f.pick(r.Header["Accept"], r.Header["Sec-Fetch-Dest"])
	status, n := s.serveRep(w, r, f, asXML)
	return status, n, f.kind
}

// xmlTypeValue is the Content-Type of a feed sent to a browser.
var xmlTypeValue = []string{typeXML}

// serveRep answers GET and HEAD for f: preconditions, then a range of the
// identity, else the whole negotiated representation; asXML sends a feed
// as application/xml (file.pick).
func (s *Server) serveRep(w http.ResponseWriter, r *http.Request, f *file, asXML bool) (int, int64) {
	h := w.Header()
	if pre := f.checkPreconditions(r.Header); pre != 0 {
		setHeaders(h, f.base)
		// A 412 depends on the request's preconditions: no shared cache
		// may answer another request with it.
		h["Cache-Control"] = noStore
		w.WriteHeader(pre)
		return pre, 0
	}
	enc, notModified := f.revalidate(r.Header["Accept-Encoding"], r.Header["If-None-Match"], r.Header["If-Modified-Since"])
	if notModified {
		setHeaders(h, f.reps[enc].notModified)
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified, 0
	}
	if rg := r.Header["Range"]; len(rg) == 1 && f.ifRange(r.Header["If-Range"]) {
		if start, length, ok := parseRange(rg[0], f.size); ok {
			return s.serveRange(w, r, f, start, length)
		} else if length < 0 {
			setHeaders(h, f.base)
			h["Content-Range"] = []string{"bytes */" + itoa(f.size)}
			return plainError(w, http.StatusRequestedRangeNotSatisfiable, "range not satisfiable\n")
		}
	}
	rp := f.reps[enc]
	setHeaders(h, rp.full)
	if asXML {
		h["Content-Type"] = xmlTypeValue
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return http.StatusOK, 0
	}
	if rp.body != nil || f.disk == nil {
		n, _ := w.Write(rp.body)
		return http.StatusOK, int64(n)
	}
	return http.StatusOK, s.copyFromDisk(w, f, 0, f.size)
}

// serveRange answers with the bytes [start, start+length) of the identity.
func (s *Server) serveRange(w http.ResponseWriter, r *http.Request, f *file, start, length int64) (int, int64) {
	h := w.Header()
	setHeaders(h, f.ranged)
	h["Content-Range"] = []string{"bytes " + itoa(start) + "-" + itoa(start+length-1) + "/" + itoa(f.size)}
	h["Content-Length"] = []string{itoa(length)}
	w.WriteHeader(http.StatusPartialContent)
	if r.Method == http.MethodHead {
		return http.StatusPartialContent, 0
	}
	if f.disk == nil {
		n, _ := w.Write(f.reps[encIdentity].body[start : start+length])
		return http.StatusPartialContent, int64(n)
	}
	return http.StatusPartialContent, s.copyFromDisk(w, f, start, length)
}

// Write deadlines of bodies read from disk: the server's WriteTimeout
// would cut a long media download, so it is pushed back to allow
// mediaBaseTime plus the body at mediaMinRate bytes per second.
const (
	mediaBaseTime = time.Minute
	mediaMinRate  = 16 << 10
)

func (s *Server) copyFromDisk(w http.ResponseWriter, f *file, start, length int64) int64 {
	d := mediaBaseTime + time.Duration(length/mediaMinRate)*time.Second
	// A socket deadline is wall-clock time, whatever clock s was given.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(d))
	n, _ := io.Copy(w, io.NewSectionReader(f.disk, start, length))
	return n
}

// serveOptions answers OPTIONS: the allowed methods, and for a file with
// CORS a preflight answer.
func (s *Server) serveOptions(w http.ResponseWriter, r *http.Request, f *file) (int, int64) {
	if f == nil {
		return plainError(w, http.StatusNotFound, "not found\n")
	}
	h := w.Header()
	h["Allow"] = allowValue
	h["X-Content-Type-Options"] = nosniff
	if f.cors {
		h["Access-Control-Allow-Origin"] = anyOrigin
		if r.Header["Access-Control-Request-Method"] != nil {
			h["Access-Control-Allow-Methods"] = allowValue
			h["Access-Control-Allow-Headers"] = preflightHeaders
			h["Access-Control-Max-Age"] = preflightMaxAge
		}
	}
	w.WriteHeader(http.StatusNoContent)
	return http.StatusNoContent, 0
}

// plainError writes a short text response and returns its status and
// the bytes written.
// notFoundPage is the page a missing path gets, when the site has one.
const notFoundPage = "/404.html"

// notFound answers a GET or HEAD of a missing path with the site's
// 404.html, as static hosts do (nginx's error_page, S3's error document),
// else with a line of text. The answer is never stored by a cache: the
// path may exist after the next build.
func notFound(w http.ResponseWriter, r *http.Request, snap *Snapshot) (int, int64) {
	page := snap.files[notFoundPage]
	if page == nil || page.reps[encIdentity] == nil || page.reps[encIdentity].body == nil {
		return plainError(w, http.StatusNotFound, "not found\n")
	}
	body := page.reps[encIdentity].body
	h := w.Header()
	h["Content-Type"] = []string{page.ctype}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	h["X-Content-Type-Options"] = nosniff
	h["Cache-Control"] = noStore
	w.WriteHeader(http.StatusNotFound)
	if r.Method == http.MethodHead {
		return http.StatusNotFound, 0
	}
	n, _ := w.Write(body)
	return http.StatusNotFound, int64(n)
}

func plainError(w http.ResponseWriter, status int, msg string) (int, int64) {
	h := w.Header()
	h["Content-Type"] = textPlain
	h["X-Content-Type-Options"] = nosniff
	h["Cache-Control"] = noStore
	w.WriteHeader(status)
	n, _ := io.WriteString(w, msg)
	return status, int64(n)
}

// badPath tells whether a request path is malformed or tries to leave the
// folder: not absolute, a "." or ".." segment (percent-encoded ones are
// decoded by then), a backslash or a NUL. A double-encoded "%252e%252e"
// decodes to the name "%2e%2e", which matches no file.
func badPath(p string) bool {
	if p == "" || p[0] != '/' || strings.ContainsAny(p, "\\\x00") {
		return true
	}
	if !strings.Contains(p, "/.") {
		return false
	}
	for seg := range strings.SplitSeq(p[1:], "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

func routeKind(f *file, p string) kind {
	if f != nil {
		return f.kind
	}
	return routeOf(p)
}

// Package server serves a built output folder over HTTP: feeds,
// transcripts, pages, images and media, with the headers podcast apps,
// browsers and caches expect (content types with charsets, strong ETags
// per encoding, conditional GET, byte ranges, precompressed gzip and
// brotli, cache lifetimes per kind of file, CORS, security headers on
// pages), a health probe and Prometheus metrics.
//
// The server serves files; it does not build. The caller loads a
// Snapshot of the output folder after each build and swaps it in; every
// request is answered from one snapshot, never a mix of two.
//
// Rules worth knowing:
//
//   - Each encoding of a file is its own representation with its own
//     strong ETag: "<first 64 bits of the SHA-256 in hex>", with "-gz" or
//     "-br" appended for gzip and brotli. If-None-Match is matched
//     against the ETag of the representation the request selects (weak
//     comparison, RFC 9110 §13.1.2).
//   - Answers that caches must not keep (errors, 412) carry
//     Cache-Control: no-store.
//   - A 304 carries Cache-Control, Vary, the ETag and, for cross-origin
//     files, Access-Control-Allow-Origin (RFC 9110 §15.4.5).
//   - Ranges apply to the identity only; a Range with several ranges is
//     ignored and the whole file sent (RFC 9110 §14.2 allows it).
//   - Cache-Control: a year and immutable for names carrying a content
//     hash ("-" or "." then 8+ lowercase hex digits before the
//     extension), else 5 minutes for feeds, OPML and pages, an hour for
//     transcripts, scripts and style sheets, a day for images and media.
//   - CORS (Access-Control-Allow-Origin: *) on feeds, transcripts,
//     images, media and widget.js, never on pages.
//   - The handler itself does not allocate for a 304 or a precompressed
//     body: header values are computed once per snapshot.
//   - Serve reads each connection with a fast path of its own first
//     (fast.go): plain GETs and HEADs of files in memory are answered
//     from heads serialised once per snapshot, by the handler's rules;
//     anything else hands the connection to net/http.
package server

import (
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"
)

// Options configure a Server.
type Options struct {
	// AccessLog receives one record per request; nil logs nothing.
	AccessLog *slog.Logger
	// Now is the clock of the request durations in the access log;
	// time.Now when nil.
	Now func() time.Time
}

// Server answers requests from its current snapshot.
type Server struct {
	snap    atomic.Pointer[Snapshot]
	log     *slog.Logger
	now     func() time.Time
	metrics *metrics
	build   atomic.Pointer[BuildReport]
	health  http.Handler
	handler http.Handler
}

// New returns a server with no snapshot: it answers 503 until Swap.
func New(opt Options) *Server {
	s := &Server{log: opt.AccessLog, now: opt.Now}
	if s.now == nil {
		s.now = time.Now
	}
	s.metrics = newMetrics()
	s.handler = http.HandlerFunc(s.serveHTTP)
	return s
}

// Swap makes snap the snapshot of every request that starts from now on
// and returns the previous one (nil at first). Requests in flight finish
// with the snapshot they started with.
func (s *Server) Swap(snap *Snapshot) *Snapshot {
	old := s.snap.Swap(snap)
	if snap != nil {
		s.metrics.snapshotFiles.Set(float64(snap.Len()))
		s.metrics.snapshotBytes.Set(float64(snap.Bytes()))
	}
	return old
}

// Snapshot returns the snapshot being served, nil before the first Swap.
func (s *Server) Snapshot() *Snapshot { return s.snap.Load() }

// Handler returns the HTTP handler: the files of the current snapshot,
// /healthz and /metrics.
func (s *Server) Handler() http.Handler { return s.handler }

// BuildReport describes one build, successful or not, for /healthz and
// /metrics.
type BuildReport struct {
	Time     time.Time     // when the build finished
	Duration time.Duration // how long it took
	Episodes int           // episodes published (successful builds)
	// Skipped counts the episode files that could not be published,
	// Warnings the problems that did not stop an episode (successful
	// builds).
	Skipped, Warnings int
	Err               error // why it failed; nil on success
}

// RecordBuild records the outcome of a build. The caller swaps in the
// new snapshot itself after a successful build.
func (s *Server) RecordBuild(r BuildReport) {
	s.build.Store(&r)
	s.metrics.recordBuild(r)
}

package server

import (
	"log/slog"
	"net/http"
	"time"
)

// Limits of the HTTP server. Writes are bounded by WriteTimeout except the
// bodies read from disk (media), whose deadline grows with their size (see
// copyFromDisk).
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 30 * time.Second
	WriteTimeout      = 2 * time.Minute
	IdleTimeout       = 2 * time.Minute
	MaxHeaderBytes    = 16 << 10
	// ShutdownGrace is how long a shutdown waits for requests in flight.
	ShutdownGrace = 30 * time.Second
)

// NewHTTPServer returns an http.Server for h with the timeouts and limits
// of a public file server. Its own errors (bad requests, TLS noise) go to
// log at level WARN.
func NewHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
	if log != nil {
		srv.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	}
	return srv
}

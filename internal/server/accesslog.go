package server

import (
	"log/slog"
	"net/http"
	"time"
)

// logAccess writes one access log record.
func (s *Server) logAccess(r *http.Request, status int, n int64, d time.Duration) {
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		accessAttrs(r.Method, r.URL.RequestURI(), status, n, d, r.RemoteAddr, r.UserAgent())...)
}

// accessAttrs are the attributes of an access log record, the same from
// the handler and from the fast path.
func accessAttrs(method, uri string, status int, n int64, d time.Duration, remote, userAgent string) []slog.Attr {
	return []slog.Attr{
		slog.String("method", method),
		slog.String("path", uri),
		slog.Int("status", status),
		slog.Int64("bytes", n),
		slog.Duration("duration", d),
		slog.String("remote", remote),
		slog.String("user_agent", userAgent),
	}
}

package server

import (
	"log/slog"
	"net/http"
	"time"
)

// logAccess writes one access log record.
func (s *Server) logAccess(r *http.Request, status int, n int64, d time.Duration) {
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", r.Method),
		slog.String("path", r.URL.RequestURI()),
		slog.Int("status", status),
		slog.Int64("bytes", n),
		slog.Duration("duration", d),
		slog.String("remote", r.RemoteAddr),
		slog.String("user_agent", r.UserAgent()),
	)
}

package server

import (
	"encoding/json"
	"net/http"
	"time"
)

// health is the body of /healthz.
type health struct {
	Status    string `json:"status"` // "ok", or "starting" before the first snapshot
	BuildID   string `json:"build_id,omitempty"`
	BuildTime string `json:"build_time,omitempty"`
	Files     int    `json:"files"`
	// LastBuildOK is false when the last build failed and the snapshot
	// served is an older one; LastBuildError tells why.
	LastBuildOK    *bool  `json:"last_build_ok,omitempty"`
	LastBuildError string `json:"last_build_error,omitempty"`
}

// serveHealth answers /healthz: 200 with the snapshot served, 503 before
// the first one.
func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) (int, int64) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header()["Allow"] = []string{"GET, HEAD"}
		return plainError(w, http.StatusMethodNotAllowed, "method not allowed\n")
	}
	body := health{Status: "starting"}
	status := http.StatusServiceUnavailable
	if snap := s.snap.Load(); snap != nil {
		status = http.StatusOK
		body = health{Status: "ok", BuildID: snap.ID(), Files: snap.Len()}
		if !snap.BuildTime().IsZero() {
			body.BuildTime = snap.BuildTime().UTC().Format(time.RFC3339)
		}
	}
	if b := s.build.Load(); b != nil {
		ok := b.Err == nil
		body.LastBuildOK = &ok
		if b.Err != nil {
			body.LastBuildError = b.Err.Error()
		}
	}
	data, err := json.Marshal(body)
	if err != nil {
		return plainError(w, http.StatusInternalServerError, "healthz: "+err.Error()+"\n")
	}
	data = append(data, '\n')
	h := w.Header()
	h["Content-Type"] = []string{"application/json; charset=utf-8"}
	h["Cache-Control"] = noStore
	h["X-Content-Type-Options"] = nosniff
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return status, 0
	}
	n, _ := w.Write(data)
	return status, int64(n)
}

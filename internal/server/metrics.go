package server

import (
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are a server's Prometheus collectors, in a registry of its own.
type metrics struct {
	reg      *prometheus.Registry
	handler  http.Handler
	requests *prometheus.CounterVec
	// byCode caches the request counters of the usual statuses, so that
	// counting a request is one atomic add.
	byCode [numKinds][len(usualCodes)]atomic.Pointer[prometheus.Counter]
	bytes  [numKinds]prometheus.Counter

	buildDuration   prometheus.Gauge
	builds          *prometheus.CounterVec
	episodes        prometheus.Gauge
	skipped         prometheus.Gauge
	warnings        prometheus.Gauge
	lastSuccess     prometheus.Gauge
	lastBuildTime   prometheus.Gauge
	lastSuccessTime prometheus.Gauge
	snapshotFiles   prometheus.Gauge
	snapshotBytes   prometheus.Gauge
}

var usualCodes = [...]int{200, 204, 206, 301, 304, 400, 404, 405, 412, 416, 500, 503}

func codeIndex(code int) int {
	for i, c := range usualCodes {
		if c == code {
			return i
		}
	}
	return -1
}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "feedcast_http_requests_total",
		Help: "HTTP requests answered, by route (kind of file) and status code.",
	}, []string{"route", "code"})
	responseBytes := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "feedcast_http_response_bytes_total",
		Help: "Bytes of response bodies sent, by route.",
	}, []string{"route"})
	for k := range kind(numKinds) {
		m.bytes[k] = responseBytes.WithLabelValues(k.String())
	}
	gauge := func(name, help string) prometheus.Gauge {
		return prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
	}
	m.buildDuration = gauge("feedcast_build_duration_seconds", "Duration of the last build.")
	m.builds = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "feedcast_builds_total",
		Help: "Builds run, by result (ok or error).",
	}, []string{"result"})
	m.episodes = gauge("feedcast_episodes_published", "Episodes published by the last successful build.")
	m.skipped = gauge("feedcast_episodes_skipped", "Episode files the last successful build could not publish (errors).")
	m.warnings = gauge("feedcast_build_warnings", "Warnings of the last successful build: problems that did not stop an episode.")
	m.lastSuccess = gauge("feedcast_last_build_success", "1 when the last build succeeded, 0 when it failed.")
	m.lastBuildTime = gauge("feedcast_last_build_timestamp_seconds", "Unix time of the end of the last build.")
	m.lastSuccessTime = gauge("feedcast_last_successful_build_timestamp_seconds", "Unix time of the end of the last successful build.")
	m.snapshotFiles = gauge("feedcast_snapshot_files", "Files in the snapshot being served.")
	m.snapshotBytes = gauge("feedcast_snapshot_bytes", "Total size of the files in the snapshot being served.")
	m.reg.MustRegister(m.requests, responseBytes, m.buildDuration, m.builds, m.episodes, m.skipped, m.warnings,
		m.lastSuccess, m.lastBuildTime, m.lastSuccessTime, m.snapshotFiles, m.snapshotBytes,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return m
}

// observe counts one response.
func (m *metrics) observe(route kind, code int, n int64) {
	if n > 0 {
		m.bytes[route].Add(float64(n))
	}
	i := codeIndex(code)
	if i < 0 {
		m.requests.WithLabelValues(route.String(), strconv.Itoa(code)).Inc()
		return
	}
	slot := &m.byCode[route][i]
	c := slot.Load()
	if c == nil {
		counter := m.requests.WithLabelValues(route.String(), strconv.Itoa(code))
		slot.CompareAndSwap(nil, &counter)
		c = slot.Load()
	}
	(*c).Inc()
}

func (m *metrics) recordBuild(r BuildReport) {
	m.buildDuration.Set(r.Duration.Seconds())
	m.lastBuildTime.Set(float64(r.Time.UnixNano()) / 1e9)
	if r.Err != nil {
		m.builds.WithLabelValues("error").Inc()
		m.lastSuccess.Set(0)
		return
	}
	m.builds.WithLabelValues("ok").Inc()
	m.lastSuccess.Set(1)
	m.lastSuccessTime.Set(float64(r.Time.UnixNano()) / 1e9)
	m.episodes.Set(float64(r.Episodes))
	m.skipped.Set(float64(r.Skipped))
	m.warnings.Set(float64(r.Warnings))
}

// Registry returns the server's Prometheus registry, for a caller that
// adds collectors of its own.
func (s *Server) Registry() *prometheus.Registry { return s.metrics.reg }

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) (int, int64) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header()["Allow"] = []string{"GET, HEAD"}
		return plainError(w, http.StatusMethodNotAllowed, "method not allowed\n")
	}
	cw := &countingWriter{ResponseWriter: w, status: http.StatusOK}
	s.metrics.handler.ServeHTTP(cw, r)
	return cw.status, cw.n
}

// countingWriter records the status and body size of a response written
// by another handler.
type countingWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (c *countingWriter) WriteHeader(code int) {
	c.status = code
	c.ResponseWriter.WriteHeader(code)
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += int64(n)
	return n, err
}

func (c *countingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

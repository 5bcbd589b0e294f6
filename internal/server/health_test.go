package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/syncbuf"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

func TestHealthz(t *testing.T) {
	s := New(Options{})
	ts := newLoopback(t, s)
	resp, body := get(t, ts, "GET", "/healthz")
	if resp.StatusCode != http.StatusServiceUnavailable || !contains(body, `"status":"starting"`) {
		t.Errorf("before a snapshot: %d %s", resp.StatusCode, body)
	}
	if resp, _ := get(t, ts, "GET", "/feed.xml"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a file before a snapshot: %d", resp.StatusCode)
	}

	snap, err := Load(writeSite(t, t.TempDir(), testFiles()), LoadOptions{BuildTime: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	s.Swap(snap)
	s.RecordBuild(BuildReport{Time: fixedTime, Duration: time.Second, Episodes: 3})
	resp, body = get(t, ts, "GET", "/healthz")
	var h struct {
		Status, BuildID, BuildTime string
		Files                      int
		LastBuildOK                *bool `json:"last_build_ok"`
	}
	if err := json.Unmarshal(body, &h); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	json.Unmarshal(body, &raw)
	if resp.StatusCode != 200 || h.Status != "ok" || raw["build_id"] != snap.ID() || raw["build_time"] != "2026-03-01T12:00:00Z" ||
		h.Files != snap.Len() || h.LastBuildOK == nil || !*h.LastBuildOK {
		t.Errorf("healthz: %d %s", resp.StatusCode, body)
	}
	if snap.Len() != len(testFiles())-3 { // less the 3 dot-files
		t.Errorf("%d files in the snapshot", snap.Len())
	}
	if resp.Header.Get("Content-Type") != "application/json; charset=utf-8" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("healthz headers: %v", resp.Header)
	}

	s.RecordBuild(BuildReport{Time: fixedTime.Add(time.Minute), Err: errors.New("config: bad")})
	resp, body = get(t, ts, "GET", "/healthz")
	if resp.StatusCode != 200 || !contains(body, `"last_build_ok":false`) || !contains(body, "config: bad") {
		t.Errorf("after a failed build, the last good one is served: %d %s", resp.StatusCode, body)
	}
}

func TestMetrics(t *testing.T) {
	s, ts, _ := newTestServer(t, testFiles())
	s.RecordBuild(BuildReport{Time: fixedTime, Duration: 1500 * time.Millisecond, Episodes: 42, Skipped: 2, Warnings: 5})
	feed, feedBody := get(t, ts, "GET", "/feed.xml")
	get(t, ts, "GET", "/feed.xml", "If-None-Match: "+feed.Header.Get("ETag"))
	get(t, ts, "GET", "/feed.xml", "If-None-Match: "+feed.Header.Get("ETag"))
	_, pageBody := get(t, ts, "GET", "/")
	get(t, ts, "GET", "/episodes/ep1/ep1.mp3", "Range: bytes=0-99")
	get(t, ts, "GET", "/episodes/ep1/transcript.vtt")
	get(t, ts, "GET", "/img/photo.jpg")
	get(t, ts, "GET", "/missing.mp3")
	get(t, ts, "GET", "/../x")
	get(t, ts, "DELETE", "/feed.xml")
	s.RecordBuild(BuildReport{Time: fixedTime.Add(time.Hour), Duration: 2 * time.Second, Err: errors.New("broken")})

	resp, body := get(t, ts, "GET", "/metrics")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("the exposition does not parse: %v", err)
	}
	value := func(name string, labels ...string) float64 {
		t.Helper()
		mf := families[name]
		if mf == nil {
			t.Fatalf("no %s in\n%s", name, body)
		}
	metrics:
		for _, m := range mf.GetMetric() {
			have := map[string]string{}
			for _, lp := range m.GetLabel() {
				have[lp.GetName()] = lp.GetValue()
			}
			for i := 0; i < len(labels); i += 2 {
				if have[labels[i]] != labels[i+1] {
					continue metrics
				}
			}
			switch {
			case m.Counter != nil:
				return m.Counter.GetValue()
			case m.Gauge != nil:
				return m.Gauge.GetValue()
			}
		}
		t.Errorf("no %s%v", name, labels)
		return -1
	}
	checks := []struct {
		name   string
		labels []string
		want   float64
	}{
		{"feedcast_http_requests_total", []string{"route", "feed", "code", "200"}, 1},
		{"feedcast_http_requests_total", []string{"route", "feed", "code", "304"}, 2},
		{"feedcast_http_requests_total", []string{"route", "feed", "code", "405"}, 1},
		{"feedcast_http_requests_total", []string{"route", "page", "code", "200"}, 1},
		{"feedcast_http_requests_total", []string{"route", "media", "code", "206"}, 1},
		{"feedcast_http_requests_total", []string{"route", "media", "code", "404"}, 1},
		{"feedcast_http_requests_total", []string{"route", "transcript", "code", "200"}, 1},
		{"feedcast_http_requests_total", []string{"route", "image", "code", "200"}, 1},
		{"feedcast_http_requests_total", []string{"route", "other", "code", "400"}, 1},
		{"feedcast_http_response_bytes_total", []string{"route", "feed"}, float64(len(feedBody) + len("method not allowed\n"))},
		{"feedcast_http_response_bytes_total", []string{"route", "page"}, float64(len(pageBody))},
		{"feedcast_http_response_bytes_total", []string{"route", "media"}, float64(100 + len("not found\n"))},
		{"feedcast_build_duration_seconds", nil, 2},
		{"feedcast_episodes_published", nil, 42},
		// Of the last successful build, as the episodes published.
		{"feedcast_episodes_skipped", nil, 2},
		{"feedcast_build_warnings", nil, 5},
		{"feedcast_last_build_success", nil, 0},
		{"feedcast_last_build_timestamp_seconds", nil, float64(fixedTime.Add(time.Hour).Unix())},
		{"feedcast_last_successful_build_timestamp_seconds", nil, float64(fixedTime.Unix())},
		{"feedcast_builds_total", []string{"result", "ok"}, 1},
		{"feedcast_builds_total", []string{"result", "error"}, 1},
		{"feedcast_snapshot_files", nil, float64(len(testFiles()) - 3)},
	}
	for _, c := range checks {
		if got := value(c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	for name := range families {
		if strings.Contains(name, "/") {
			t.Errorf("a raw path in a metric name: %s", name)
		}
	}
	if strings.Contains(string(body), `route="/`) {
		t.Error("a raw path as a route label")
	}
}

func TestAccessLog(t *testing.T) {
	var buf syncbuf.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	site := writeSite(t, t.TempDir(), testFiles())
	snap, err := Load(site, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := New(Options{AccessLog: log})
	s.Swap(snap)
	ts := newLoopback(t, s)
	_, body := get(t, ts, "GET", "/feed.xml?v=1", "User-Agent: TestPod/1.0")
	ts.Close()
	var rec map[string]any
	if err := json.Unmarshal(bytes.TrimSpace(buf.Bytes()), &rec); err != nil {
		t.Fatalf("%v: %s", err, buf.Bytes())
	}
	want := map[string]any{"msg": "request", "method": "GET", "path": "/feed.xml?v=1", "status": float64(200),
		"bytes": float64(len(body)), "user_agent": "TestPod/1.0"}
	for k, v := range want {
		if rec[k] != v {
			t.Errorf("%s = %v, want %v", k, rec[k], v)
		}
	}
	if r, _ := rec["remote"].(string); !strings.HasPrefix(r, "127.0.0.1:") {
		t.Errorf("remote = %v", rec["remote"])
	}
	if _, ok := rec["duration"].(float64); !ok {
		t.Errorf("duration = %v", rec["duration"])
	}
}

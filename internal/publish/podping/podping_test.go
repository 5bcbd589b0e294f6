package podping

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestNotify(t *testing.T) {
	var mu sync.Mutex
	var got []string
	fails := 1
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Header.Get("Authorization") != "secret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if fails > 0 { // the first request meets a transient fault
			fails--
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		got = append(got, r.URL.Query().Get("url")+" "+r.URL.Query().Get("reason")+" "+r.URL.Query().Get("medium"))
	}))
	defer gw.Close()
	feeds := []string{"https://example.org/feed.xml", "https://example.org/series/a/feed.xml?x=1&y=2"}
	done, err := Notify(context.Background(), gw.Client(), gw.URL+"/", feeds, Options{Token: "secret", Medium: "podcast", Backoff: time.Millisecond})
	if err != nil || len(done) != 2 {
		t.Fatal(done, err)
	}
	want := []string{"https://example.org/feed.xml update podcast", "https://example.org/series/a/feed.xml?x=1&y=2 update podcast"}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("gateway got %q, want %q", got, want)
	}

	// A refused token is not retried, and is reported.
	done, err = Notify(context.Background(), gw.Client(), gw.URL+"/", feeds[:1], Options{Token: "wrong", Backoff: time.Millisecond})
	if err == nil || len(done) != 0 {
		t.Error("a 401 was not reported")
	}

	// A gateway that is down is tried for the first feed only.
	start := time.Now()
	done, err = Notify(context.Background(), nil, "http://127.0.0.1:9/", feeds, Options{Backoff: time.Millisecond})
	if len(done) != 0 || err == nil || err.Error() != "podping: 2 of 2 feeds not notified: https://example.org/feed.xml: connect 127.0.0.1:9: connection refused" {
		t.Errorf("gateway down: %q, %v", done, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
}

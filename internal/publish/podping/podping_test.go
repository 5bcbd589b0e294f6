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
	err := Notify(context.Background(), gw.Client(), gw.URL+"/", feeds, Options{Token: "secret", Medium: "podcast", Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://example.org/feed.xml update podcast", "https://example.org/series/a/feed.xml?x=1&y=2 update podcast"}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("gateway got %q, want %q", got, want)
	}

	// A refused token is not retried, and is reported.
	err = Notify(context.Background(), gw.Client(), gw.URL+"/", feeds[:1], Options{Token: "wrong", Backoff: time.Millisecond})
	if err == nil {
		t.Error("a 401 was not reported")
	}
}

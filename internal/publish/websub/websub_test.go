package websub_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/nettest"
	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/dir"
	"github.com/feedcast/feedcast/internal/publish/publishtest"
	"github.com/feedcast/feedcast/internal/publish/websub"
)

// hub is a WebSub hub that records the publish requests it accepts.
type hub struct {
	*httptest.Server
	mu     sync.Mutex
	topics []string
	calls  int
	// fail answers the first fail[topic] requests for topic with 503.
	fail map[string]int
}

func newHub(t *testing.T) *hub {
	h := &hub{fail: map[string]int{}}
	h.Server = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.Close)
	return h
}

func (h *hub) serve(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls++
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		http.Error(w, "not a form POST", http.StatusBadRequest)
		return
	}
	r.ParseForm()
	topic := r.PostForm.Get("hub.url")
	if r.PostForm.Get("hub.mode") != "publish" || topic == "" || r.PostForm.Get("hub.topic") != topic {
		http.Error(w, "bad publish request", http.StatusBadRequest)
		return
	}
	if h.fail[topic] > 0 {
		h.fail[topic]--
		w.Header().Set("Retry-After", "7")
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	h.topics = append(h.topics, topic)
	w.WriteHeader(http.StatusNoContent)
}

func (h *hub) got() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	t := slices.Clone(h.topics)
	h.topics = nil
	slices.Sort(t)
	return t
}

// sleeps is a Backoff that records its waits instead of waiting.
func sleeps() (publish.Backoff, *[]time.Duration) {
	var mu sync.Mutex
	var waits []time.Duration
	return publish.Backoff{Attempts: 3, Base: time.Second, Max: 30 * time.Second,
		Rand: func() float64 { return 0 },
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			waits = append(waits, d)
			return ctx.Err()
		}}, &waits
}

// TestPingChangedFeeds publishes a show three times and pings the hubs
// after each run: every feed the first time, none when nothing changed,
// only the feed that changed the third time.
func TestPingChangedFeeds(t *testing.T) {
	hubs := []*hub{newHub(t), newHub(t)}
	urls := []string{hubs[0].URL + "/", hubs[1].URL + "/publish"}
	files := publishtest.Site([]int{1, 2}, 1)
	src := publishtest.WriteSite(t, files)
	tg, err := dir.New("www", filepath.Join(t.TempDir(), "www"))
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	run := func() []string {
		t.Helper()
		rep, err := publish.Sync(context.Background(), src, tg, publishtest.Options())
		if err != nil {
			t.Fatal(err)
		}
		retry, _ := sleeps()
		topics := websub.Topics(publishtest.BaseURL, rep.ChangedFeeds)
		pinged, err := websub.Ping(context.Background(), nil, urls, topics, websub.Options{Retry: retry})
		if err != nil || !slices.Equal(pinged, topics) {
			t.Fatalf("pinged %q, %v; want %q", pinged, err, topics)
		}
		return topics
	}
	check := func(why string, want []string) {
		t.Helper()
		for i, h := range hubs {
			if got := h.got(); !slices.Equal(got, want) {
				t.Errorf("%s: hub %d got %q, want %q", why, i, got, want)
			}
		}
	}

	run()
	check("first run", []string{
		"https://example.org/atom.xml", "https://example.org/feed.json", "https://example.org/feed.xml",
		"https://example.org/series/saison-1/feed.xml", "https://example.org/tags/%C3%A9conomie/feed.xml",
	})
	if topics := run(); len(topics) != 0 {
		t.Errorf("second run: topics %q", topics)
	}
	check("nothing changed", nil)
	os.WriteFile(filepath.Join(src, "atom.xml"), []byte(strings.Replace(string(files["atom.xml"]), "Episode 1", "Episode One", 1)), 0o644)
	run()
	check("atom.xml changed", []string{"https://example.org/atom.xml"})
	if hubs[0].calls != 6 || hubs[1].calls != 6 {
		t.Errorf("calls %d and %d, want 6 each", hubs[0].calls, hubs[1].calls)
	}
}

// TestRetry retries a hub that answers 503, after its Retry-After.
func TestRetry(t *testing.T) {
	h := newHub(t)
	topic := "https://example.org/feed.xml"
	h.fail[topic] = 2
	retry, waits := sleeps()
	if _, err := websub.Ping(context.Background(), h.Client(), []string{h.URL}, []string{topic}, websub.Options{Retry: retry}); err != nil {
		t.Fatal(err)
	}
	if got := h.got(); !slices.Equal(got, []string{topic}) || h.calls != 3 {
		t.Errorf("hub got %q in %d calls, want the topic in 3", got, h.calls)
	}
	if want := []time.Duration{7 * time.Second, 7 * time.Second}; !slices.Equal(*waits, want) {
		t.Errorf("waited %v, want %v (Retry-After)", *waits, want)
	}
}

// TestFailures reports a hub that refuses and one that stays down, and
// still pings the others.
func TestFailures(t *testing.T) {
	down := newHub(t)
	topic := "https://example.org/feed.xml"
	down.fail[topic] = 100
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "unknown topic", http.StatusBadRequest)
	}))
	defer refusing.Close()
	ok := newHub(t)
	retry, waits := sleeps()
	pinged, err := websub.Ping(context.Background(), nil, []string{down.URL, refusing.URL, ok.URL}, []string{topic}, websub.Options{Retry: retry})
	if len(pinged) != 0 {
		t.Errorf("pinged %q: two hubs failed", pinged)
	}
	if err == nil || !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), "400") {
		t.Errorf("ping: %v, want the 503 and the 400", err)
	}
	if down.calls != 3 {
		t.Errorf("hub down: %d calls, want 3", down.calls)
	}
	if len(*waits) != 2 {
		t.Errorf("waits %v: the 400 must not be retried", *waits)
	}
	if got := ok.got(); len(got) != 1 {
		t.Errorf("working hub got %q", got)
	}
}

func TestTopics(t *testing.T) {
	got := websub.Topics("https://example.org/show", []string{"feed.xml", "tags/été 2024/atom.xml"})
	want := []string{"https://example.org/show/feed.xml", "https://example.org/show/tags/%C3%A9t%C3%A9%202024/atom.xml"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestHubDown: a hub that refuses connections is tried once, for the
// first topic, and reported once for all of them; the topics the other
// hub took are not reported as pinged, since one hub missed them.
func TestHubDown(t *testing.T) {
	ok := newHub(t)
	var topics []string
	for i := range 18 {
		topics = append(topics, fmt.Sprintf("https://example.org/f%d.xml", i))
	}
	retry, waits := sleeps()
	start := time.Now()
	pinged, err := websub.Ping(context.Background(), nil, []string{"http://127.0.0.1:9/hub", ok.URL}, topics, websub.Options{Retry: retry})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
	if len(pinged) != 0 {
		t.Errorf("pinged %q, though a hub was down", pinged)
	}
	if len(ok.got()) != 18 {
		t.Errorf("the working hub got %d topics, want 18", len(ok.got()))
	}
	want := "websub: hub http://127.0.0.1:9/hub: 18 of 18 topics not pinged: connect 127.0.0.1:9: connection refused (3 tries)"
	if err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if len(*waits) != 2 {
		t.Errorf("waited %d times, want 2: the hub down is tried for one topic only", len(*waits))
	}
}

// TestSilentHub: a hub that accepts connections and never answers costs
// the pings their deadline, not more.
func TestSilentHub(t *testing.T) {
	hub := "http://" + nettest.Silent(t) + "/"
	retry, _ := sleeps()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	pinged, err := websub.Ping(ctx, nil, []string{hub}, []string{"https://example.org/feed.xml", "https://example.org/atom.xml"},
		websub.Options{Retry: retry, Timeout: 300 * time.Millisecond})
	if d := time.Since(start); d > 3*time.Second || ctx.Err() != nil {
		t.Errorf("took %s", d)
	}
	if len(pinged) != 0 || err == nil || !strings.Contains(err.Error(), "2 of 2 topics not pinged: no answer within 300ms") {
		t.Errorf("pinged %q, %v", pinged, err)
	}
}

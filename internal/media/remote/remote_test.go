package remote

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/media"
	"github.com/feedcast/feedcast/internal/nettest"
)

// mediaServer serves files on 127.0.0.1 with http.ServeContent (HEAD,
// byte ranges, ETag and conditional requests), counting the requests
// and the bytes of the bodies sent.
type mediaServer struct {
	*httptest.Server
	mu    sync.Mutex
	files map[string][]byte
	etags map[string]string
	// noHead answers HEAD with 405; noRanges ignores Range; generic
	// sends application/octet-stream.
	noHead, noRanges, generic bool
	requests, bytes           atomic.Int64
	log                       []string
}

func newMediaServer(t *testing.T) *mediaServer {
	s := &mediaServer{files: map[string][]byte{}, etags: map[string]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *mediaServer) put(name string, data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[name] = data
	s.etags[name] = fmt.Sprintf(`"%d-%x"`, len(data), data[len(data)/2])
	return s.URL + "/" + name
}

type countingWriter struct {
	http.ResponseWriter
	n *atomic.Int64
}

func (w countingWriter) Write(b []byte) (int, error) {
	w.n.Add(int64(len(b)))
	return w.ResponseWriter.Write(b)
}

func (s *mediaServer) serve(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	s.mu.Lock()
	s.log = append(s.log, r.Method+" "+r.URL.Path+" "+r.Header.Get("Range"))
	name := strings.TrimPrefix(r.URL.Path, "/")
	data, ok := s.files[name]
	etag := s.etags[name]
	noHead, noRanges, generic := s.noHead, s.noRanges, s.generic
	s.mu.Unlock()
	if target, found := strings.CutPrefix(name, "redirect/"); found {
		// /redirect/N/name redirects N times.
		n, rest, _ := strings.Cut(target, "/")
		var k int
		fmt.Sscan(n, &k)
		next := "/" + rest
		if k > 1 {
			next = fmt.Sprintf("/redirect/%d/%s", k-1, rest)
		}
		http.Redirect(w, r, next, http.StatusFound)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	if noHead && r.Method == http.MethodHead {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	if noRanges {
		r.Header.Del("Range")
	}
	w.Header().Set("ETag", etag)
	if generic {
		w.Header().Set("Content-Type", "application/octet-stream")
	}
	http.ServeContent(countingWriter{w, &s.bytes}, r, name, time.Unix(1700000000, 0), bytes.NewReader(data))
}

func testdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixedClock is a clock the test moves.
type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time { return c.t }

func newClock() *fixedClock { return &fixedClock{time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)} }

// localInfo is what internal/media reads from the file on disk.
func localInfo(t *testing.T, b []byte) media.Info {
	t.Helper()
	info, err := media.Probe(bytes.NewReader(b), int64(len(b)), "local")
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func TestProbeFindsLengthTypeDuration(t *testing.T) {
	srv := newMediaServer(t)
	for _, name := range []string{"chapters.mp3", "noxing.mp3", "vbr.mp3", "chapters.m4a", "chapters.ogg", "short.flac", "short.wav", "video.m4v"} {
		t.Run(name, func(t *testing.T) {
			b := testdata(t, name)
			u := srv.put(name, b)
			p := New(Options{Now: newClock().now}, nil)
			r := p.Probe(context.Background(), u)
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			want := localInfo(t, b)
			if r.Length != int64(len(b)) {
				t.Errorf("length = %d, want %d", r.Length, len(b))
			}
			if r.Duration != want.Duration || r.Duration == 0 {
				t.Errorf("duration = %v, want %v (read from the file)", r.Duration, want.Duration)
			}
			// The server's Content-Type (from the extension) is taken.
			if r.Type == "" || r.DurationErr != "" || r.NoRanges {
				t.Errorf("type %q, duration error %q, no ranges %v", r.Type, r.DurationErr, r.NoRanges)
			}
		})
	}
}

func TestProbeGenericTypeReadsContent(t *testing.T) {
	srv := newMediaServer(t)
	srv.generic = true
	u := srv.put("episode", testdata(t, "chapters.m4a"))
	r := New(Options{Now: newClock().now}, nil).Probe(context.Background(), u)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Type != "audio/mp4" {
		t.Errorf("type = %q, want audio/mp4 read from the content", r.Type)
	}
}

func TestProbeWithoutHead(t *testing.T) {
	srv := newMediaServer(t)
	srv.noHead = true
	b := testdata(t, "chapters.mp3")
	u := srv.put("a.mp3", b)
	r := New(Options{Now: newClock().now}, nil).Probe(context.Background(), u)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Length != int64(len(b)) || r.Type != "audio/mpeg" || r.Duration != localInfo(t, b).Duration {
		t.Errorf("got %+v", r.Info)
	}
	if !strings.HasPrefix(srv.log[0], "HEAD ") || !strings.HasPrefix(srv.log[1], "GET /a.mp3 bytes=0-") {
		t.Errorf("requests %q: want HEAD then a range GET", srv.log)
	}
}

func TestProbeOtherThanMedia(t *testing.T) {
	srv := newMediaServer(t)
	srv.noHead = true
	b := bytes.Repeat([]byte("%PDF-1.4 "), 1000)
	u := srv.put("a.pdf", b)
	r := New(Options{Now: newClock().now}, nil).Probe(context.Background(), u)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	// The type is unknown after HEAD: the first range is a block, whose
	// answer says application/pdf: no duration is looked for, no other
	// range asked.
	if r.Length != int64(len(b)) || r.Type != "application/pdf" || r.Duration != 0 || r.DurationErr != "" {
		t.Errorf("got %+v", r.Info)
	}
	if srv.requests.Load() != 2 {
		t.Errorf("requests %q, want HEAD and one GET", srv.log)
	}
}

func TestProbeServerWithoutRanges(t *testing.T) {
	srv := newMediaServer(t)
	srv.noRanges = true
	b := testdata(t, "vbr.mp3")
	u := srv.put("a.mp3", b)
	r := New(Options{Now: newClock().now}, nil).Probe(context.Background(), u)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if !r.NoRanges || r.Length != int64(len(b)) || r.Duration != localInfo(t, b).Duration {
		t.Errorf("got %+v, want the length, the duration and NoRanges", r.Info)
	}
}

// TestProbeHangingServer: a server that accepts and never answers is
// given up after the request timeout.
func TestProbeHangingServer(t *testing.T) {
	addr := nettest.Silent(t)
	p := New(Options{Now: newClock().now, Timeout: 150 * time.Millisecond}, nil)
	start := time.Now()
	res := p.ProbeAll(context.Background(), []string{"http://" + addr + "/a.mp3", "http://" + addr + "/b.mp3"})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	for u, r := range res {
		if r.Err == nil || !strings.Contains(r.Err.Error(), "no answer within 150ms") {
			t.Errorf("%s: error %v, want a timeout", u, r.Err)
		}
		if r.Length != 0 || r.Cached {
			t.Errorf("%s: %+v", u, r)
		}
	}
}

func TestProbeTotalTimeLimit(t *testing.T) {
	srv := newMediaServer(t)
	u := srv.put("a.mp3", testdata(t, "vbr.mp3"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := New(Options{Now: newClock().now}, nil).Probe(ctx, u)
	if r.Err == nil || srv.requests.Load() != 0 {
		t.Errorf("error %v after %d requests, want none made", r.Err, srv.requests.Load())
	}
}

func TestProbeNotFound(t *testing.T) {
	srv := newMediaServer(t)
	r := New(Options{Now: newClock().now}, nil).Probe(context.Background(), srv.URL+"/gone.mp3")
	if r.Err == nil || !strings.Contains(r.Err.Error(), "HTTP 404") {
		t.Errorf("error %v, want HTTP 404", r.Err)
	}
	if r.Length != 0 || srv.requests.Load() != 1 {
		t.Errorf("%+v after %d requests", r.Info, srv.requests.Load())
	}
}

func TestProbeRedirects(t *testing.T) {
	srv := newMediaServer(t)
	b := testdata(t, "chapters.mp3")
	srv.put("a.mp3", b)
	p := New(Options{Now: newClock().now}, nil)
	r := p.Probe(context.Background(), srv.URL+"/redirect/5/a.mp3")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Length != int64(len(b)) || r.Duration != localInfo(t, b).Duration {
		t.Errorf("got %+v", r.Info)
	}
	// The range requests go to the redirect's target directly.
	for _, l := range srv.log[6:] {
		if !strings.HasPrefix(l, "GET /a.mp3 ") {
			t.Errorf("request %q after the redirects", l)
		}
	}
	r = p.Probe(context.Background(), srv.URL+"/redirect/6/a.mp3")
	if r.Err == nil || !strings.Contains(r.Err.Error(), "more than 5 redirects") {
		t.Errorf("error %v, want too many redirects", r.Err)
	}
}

// id3Padding is an ID3v2.3 tag of n bytes of padding.
func id3Padding(n int) []byte {
	h := []byte{'I', 'D', '3', 3, 0, 0, byte(n >> 21 & 0x7f), byte(n >> 14 & 0x7f), byte(n >> 7 & 0x7f), byte(n & 0x7f)}
	return append(h, make([]byte, n)...)
}

// TestProbeSkipsLargeTags: a tag of 3 MB (cover art) before the audio is
// skipped by its header, within the byte budget.
func TestProbeSkipsLargeTags(t *testing.T) {
	srv := newMediaServer(t)
	b := testdata(t, "chapters.mp3")
	big := append(id3Padding(3<<20), b...)
	u := srv.put("a.mp3", big)
	r := New(Options{Now: newClock().now}, nil).Probe(context.Background(), u)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Length != int64(len(big)) || r.Duration != localInfo(t, b).Duration || r.DurationErr != "" {
		t.Errorf("got %+v", r.Info)
	}
	if n := srv.bytes.Load(); n > DefaultBudget {
		t.Errorf("%d bytes sent, over the budget of %d", n, DefaultBudget)
	}
}

// TestProbeReadsTheEnd: an MP4 whose moov box is after 2 MB of other
// boxes is read from its first and last blocks.
func TestProbeReadsTheEnd(t *testing.T) {
	srv := newMediaServer(t)
	b := testdata(t, "chapters.m4a")
	moov := bytes.Index(b, []byte("moov")) - 4
	free := make([]byte, 2<<20)
	binary.BigEndian.PutUint32(free, uint32(len(free)))
	copy(free[4:], "free")
	big := append(append(append([]byte{}, b[:moov]...), free...), b[moov:]...)
	u := srv.put("a.m4a", big)
	r := New(Options{Now: newClock().now}, nil).Probe(context.Background(), u)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if want := localInfo(t, big).Duration; r.Duration != want || want == 0 {
		t.Errorf("duration %v, want %v", r.Duration, want)
	}
	if n := srv.bytes.Load(); n > 3*blockSize {
		t.Errorf("%d bytes sent, want the first and the last blocks", n)
	}
}

// TestProbeBudget: an MP3 without a Xing header is read frame by frame;
// beyond the budget the duration is left unknown, with the reason, and
// the length and type are still found.
func TestProbeBudget(t *testing.T) {
	srv := newMediaServer(t)
	b := testdata(t, "noxing.mp3")
	audio := b[bytes.Index(b, []byte{0xFF, 0xF3}):]
	if len(audio) > len(b)-10 || audio[1]&0xE0 != 0xE0 {
		t.Fatalf("no frame found")
	}
	big := append([]byte{}, b...)
	for len(big) < 2<<20 {
		big = append(big, audio...)
	}
	u := srv.put("a.mp3", big)
	r := New(Options{Now: newClock().now}, nil).Probe(context.Background(), u)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Length != int64(len(big)) || r.Type != "audio/mpeg" || r.Duration != 0 || !strings.Contains(r.DurationErr, "set duration") {
		t.Errorf("got %+v", r.Info)
	}
	if n := srv.bytes.Load(); n > DefaultBudget {
		t.Errorf("%d bytes sent, over the budget", n)
	}
}

func TestCacheWithinMaxAgeMakesNoRequest(t *testing.T) {
	srv := newMediaServer(t)
	b := testdata(t, "chapters.mp3")
	u := srv.put("a.mp3", b)
	path := filepath.Join(t.TempDir(), CacheFile)
	clock := newClock()
	probeOnce := func() Result {
		t.Helper()
		c, err := LoadCache(path)
		if err != nil {
			t.Fatal(err)
		}
		r := New(Options{Now: clock.now, MaxAge: time.Hour}, c).ProbeAll(context.Background(), []string{u})[u]
		if err := c.Save(path); err != nil {
			t.Fatal(err)
		}
		return r
	}
	first := probeOnce()
	if first.Err != nil || first.Cached || srv.requests.Load() == 0 {
		t.Fatalf("first probe: %+v after %d requests", first, srv.requests.Load())
	}
	saved, _ := os.ReadFile(path)

	srv.requests.Store(0)
	clock.t = clock.t.Add(59 * time.Minute)
	second := probeOnce()
	if !second.Cached || second.Info != first.Info || srv.requests.Load() != 0 {
		t.Errorf("within the max age: %+v after %d requests, want the first result and none", second, srv.requests.Load())
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, saved) {
		t.Errorf("the cache file changed without a request")
	}

	// After the max age: one conditional HEAD, answered 304.
	clock.t = clock.t.Add(2 * time.Minute)
	third := probeOnce()
	if third.Err != nil || third.Cached || third.Info != first.Info || srv.requests.Load() != 1 {
		t.Errorf("revalidated: %+v after %d requests %q", third, srv.requests.Load(), srv.log)
	}
	if want := clock.t.Add(time.Hour); !third.Until.Equal(want) {
		t.Errorf("until %v, want %v", third.Until, want)
	}

	// A clock earlier than the check: revalidated too.
	srv.requests.Store(0)
	clock.t = clock.t.Add(-3 * time.Hour)
	if r := probeOnce(); r.Cached || srv.requests.Load() != 1 {
		t.Errorf("checked after now: %+v after %d requests", r, srv.requests.Load())
	}
	clock.t = clock.t.Add(3 * time.Hour)

	// The file changes: a new probe.
	srv.requests.Store(0)
	clock.t = clock.t.Add(2 * time.Hour)
	vbr := testdata(t, "vbr.mp3")
	srv.put("a.mp3", vbr)
	fourth := probeOnce()
	if fourth.Err != nil || fourth.Length != int64(len(vbr)) || fourth.Duration != localInfo(t, vbr).Duration {
		t.Errorf("after a change: %+v", fourth)
	}
}

func TestStaleValuesKeptWhenRevalidationFails(t *testing.T) {
	srv := newMediaServer(t)
	b := testdata(t, "chapters.mp3")
	u := srv.put("a.mp3", b)
	clock := newClock()
	c := NewCache()
	p := New(Options{Now: clock.now, MaxAge: time.Hour, Timeout: time.Second}, c)
	first := p.Probe(context.Background(), u)
	srv.Close()
	clock.t = clock.t.Add(2 * time.Hour)
	r := p.Probe(context.Background(), u)
	if r.Err == nil || !r.Stale || r.Info != first.Info || !r.Until.Equal(clock.t) {
		t.Errorf("got %+v, want the stale values with the error", r)
	}
}

func TestCacheFileIsDeterministic(t *testing.T) {
	srv := newMediaServer(t)
	var urls []string
	for _, n := range []string{"chapters.mp3", "vbr.mp3", "chapters.m4a", "short.wav"} {
		urls = append(urls, srv.put(n, testdata(t, n)))
	}
	dir := t.TempDir()
	var files [2][]byte
	for i := range files {
		c := NewCache()
		New(Options{Now: newClock().now}, c).ProbeAll(context.Background(), urls)
		p := filepath.Join(dir, fmt.Sprint(i))
		if err := c.Save(p); err != nil {
			t.Fatal(err)
		}
		files[i], _ = os.ReadFile(p)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Errorf("two probes of the same files give different caches:\n%s\n%s", files[0], files[1])
	}
	for _, u := range urls {
		if !bytes.Contains(files[0], []byte(u)) {
			t.Errorf("%s not in the cache", u)
		}
	}
}

func TestLoadCacheDamaged(t *testing.T) {
	p := filepath.Join(t.TempDir(), CacheFile)
	os.WriteFile(p, []byte("{not json"), 0o644)
	c, err := LoadCache(p)
	if err == nil || c == nil || len(c.entries) != 0 {
		t.Errorf("LoadCache = %v, %v: want an empty cache and the error", c, err)
	}
}

func TestContentRange(t *testing.T) {
	for _, tc := range []struct {
		in                string
		start, end, total int64
		ok                bool
	}{
		{"bytes 0-0/1234", 0, 0, 1234, true},
		{"bytes 10-19/20", 10, 19, 20, true},
		{"bytes 0-0/*", 0, 0, 0, false},
		{"bytes 5-4/20", 0, 0, 0, false},
		{"bytes 0-20/20", 0, 0, 0, false},
		{"items 0-1/2", 0, 0, 0, false},
	} {
		s, e, n, ok := contentRange(tc.in)
		if s != tc.start || e != tc.end || n != tc.total || ok != tc.ok {
			t.Errorf("contentRange(%q) = %d, %d, %d, %v", tc.in, s, e, n, ok)
		}
	}
}

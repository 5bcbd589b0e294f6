package site

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/media"
	"github.com/feedcast/feedcast/internal/media/remote"
	"github.com/feedcast/feedcast/internal/nettest"
)

// remoteCDN serves media files on 127.0.0.1 with byte ranges and ETags
// (http.ServeContent), counting the requests; /r/<name> redirects to
// /<name>.
type remoteCDN struct {
	*httptest.Server
	files    map[string][]byte
	requests atomic.Int64
	mu       sync.Mutex
	log      []string
}

func newRemoteCDN(t *testing.T, files map[string][]byte) *remoteCDN {
	c := &remoteCDN{files: files}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.requests.Add(1)
		c.mu.Lock()
		c.log = append(c.log, r.Method+" "+r.URL.Path+" "+r.Header.Get("Range"))
		c.mu.Unlock()
		name := strings.TrimPrefix(r.URL.Path, "/")
		if rest, ok := strings.CutPrefix(name, "r/"); ok {
			http.Redirect(w, r, "/"+rest, http.StatusFound)
			return
		}
		data, ok := c.files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", fmt.Sprintf(`"%d"`, len(data)))
		http.ServeContent(w, r, name, time.Unix(1700000000, 0), bytes.NewReader(data))
	}))
	t.Cleanup(c.Close)
	return c
}

func remoteTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "media", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// remoteConfig is the test configuration with the remote media probed,
// the cache in cacheDir.
func remoteConfig(t *testing.T, cacheDir string, probe bool) *config.Config {
	c := testConfig(t)
	c.Cache = cacheDir
	c.Artwork = "" // no static folder
	c.RemoteMedia = config.RemoteMedia{Probe: probe, Timeout: 300 * time.Millisecond}
	return c
}

func remoteBuild(t *testing.T, cfg *config.Config, content fs.FS, out string) *Result {
	t.Helper()
	res, err := Run(context.Background(), Options{
		Config: cfg, Content: content, Out: out,
		Now: func() time.Time { return fixedNow }, Version: "test",
	})
	if err != nil {
		t.Fatalf("build: %v (%+v)", err, res)
	}
	return res
}

// onDisk writes the files to a folder and returns it as an os.Root FS,
// whose signatures let a build find nothing changed.
func onDisk(t *testing.T, files fstest.MapFS) fs.FS {
	t.Helper()
	dir := t.TempDir()
	for name, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return openDir(t, dir).FS()
}

func remoteEpisode(title, date string, keys ...string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ndate: " + date + "\n" + strings.Join(keys, "\n") + "\n---\nBody.\n")}
}

func remoteItems(f *gofeed.Feed) map[string]*gofeed.Item {
	m := map[string]*gofeed.Item{}
	for _, it := range f.Items {
		m[it.Title] = it
	}
	return m
}

func remoteWarnings(res *Result) string {
	var b strings.Builder
	for _, d := range res.Diagnostics {
		b.WriteString(d.Error() + "\n")
	}
	return b.String()
}

// Without the probe, a URL enclosure takes its length, type and duration
// from the front matter, and one without a length is left out with a
// warning; no request is made.
func TestRemoteMediaFromFrontMatter(t *testing.T) {
	srv := newRemoteCDN(t, map[string][]byte{"a.mp3": remoteTestdata(t, "chapters.mp3")})
	content := fstest.MapFS{
		"full.md":   remoteEpisode("Full", "2025-01-10", "audio: {url: '"+srv.URL+"/b.m4a', type: audio/x-m4a, length: 4242}", "duration: '01:02:03'"),
		"nolen.md":  remoteEpisode("No length", "2025-01-11", "audio: "+srv.URL+"/a.mp3"),
		"string.md": remoteEpisode("Mapping with length", "2025-01-12", "enclosure: {url: '"+srv.URL+"/c.mp3', length: 77}"),
	}
	out := filepath.Join(t.TempDir(), "site")
	res := remoteBuild(t, remoteConfig(t, t.TempDir(), false), content, out)
	items := remoteItems(parseFeed(t, filepath.Join(out, "feed.xml")))
	full := items["Full"]
	if len(full.Enclosures) != 1 || full.Enclosures[0].Length != "4242" || full.Enclosures[0].Type != "audio/x-m4a" || full.ITunesExt.Duration != "3723" {
		t.Errorf("full front matter: enclosures %+v, itunes %+v", full.Enclosures, full.ITunesExt)
	}
	if e := items["Mapping with length"].Enclosures; len(e) != 1 || e[0].Length != "77" || e[0].Type != "audio/mpeg" {
		t.Errorf("length from the mapping, type from the extension: %+v", e)
	}
	if e := items["No length"].Enclosures; len(e) != 0 {
		t.Errorf("enclosure without a length: %+v, want it left out", e)
	}
	if w := remoteWarnings(res); !strings.Contains(w, "nolen.md:4: audio: "+srv.URL+"/a.mp3: length unknown") {
		t.Errorf("warnings:\n%s", w)
	}
	if n := srv.requests.Load(); n != 0 {
		t.Errorf("%d requests without the probe", n)
	}
}

// With the probe, what the front matter leaves out is read from the
// server, the front matter's values win, and a second build with the
// same cache makes no request and writes the same bytes.
func TestRemoteMediaProbe(t *testing.T) {
	mp3, m4a := remoteTestdata(t, "chapters.mp3"), remoteTestdata(t, "chapters.m4a")
	srv := newRemoteCDN(t, map[string][]byte{"a.mp3": mp3, "b.m4a": m4a, "d.mp3": mp3})
	content := fstest.MapFS{
		"probed.md":   remoteEpisode("Probed", "2025-01-10", "audio: "+srv.URL+"/a.mp3"),
		"fm.md":       remoteEpisode("Front matter wins", "2025-01-11", "audio: {url: '"+srv.URL+"/b.m4a', type: audio/x-m4a}", "duration: '1:00'"),
		"complete.md": remoteEpisode("Complete", "2025-01-12", "audio: {url: '"+srv.URL+"/c.mp3', type: audio/mpeg, length: 5}", "duration: '0:05'"),
		"redir.md":    remoteEpisode("Redirected", "2025-01-13", "audio: "+srv.URL+"/r/d.mp3"),
	}
	defer func(w time.Duration) { racyWindow = w }(racyWindow)
	racyWindow = 100 * time.Millisecond
	disk := onDisk(t, content)
	settle()
	cacheDir := t.TempDir()
	out := filepath.Join(t.TempDir(), "site")
	res := remoteBuild(t, remoteConfig(t, cacheDir, true), disk, out)
	if w := remoteWarnings(res); w != "" {
		t.Errorf("warnings:\n%s", w)
	}
	items := remoteItems(parseFeed(t, filepath.Join(out, "feed.xml")))
	mp3Info, err := media.Probe(bytes.NewReader(mp3), int64(len(mp3)), "a.mp3")
	if err != nil {
		t.Fatal(err)
	}
	wantSeconds := strconv.Itoa(int(mp3Info.Duration.Round(time.Second) / time.Second))
	for _, title := range []string{"Probed", "Redirected"} {
		it := items[title]
		if len(it.Enclosures) != 1 || it.Enclosures[0].Length != strconv.Itoa(len(mp3)) || it.Enclosures[0].Type != "audio/mpeg" || it.ITunesExt.Duration != wantSeconds {
			t.Errorf("%s: enclosures %+v, duration %q; want length %d, audio/mpeg, %s s", title, it.Enclosures, it.ITunesExt.Duration, len(mp3), wantSeconds)
		}
	}
	if it := items["Front matter wins"]; len(it.Enclosures) != 1 || it.Enclosures[0].Length != strconv.Itoa(len(m4a)) || it.Enclosures[0].Type != "audio/x-m4a" || it.ITunesExt.Duration != "60" {
		t.Errorf("front matter type and duration, probed length: %+v, duration %q", it.Enclosures, it.ITunesExt.Duration)
	}
	if it := items["Complete"]; len(it.Enclosures) != 1 || it.Enclosures[0].Length != "5" {
		t.Errorf("complete front matter: %+v", it.Enclosures)
	}
	for _, l := range srv.log {
		if strings.Contains(l, "/c.mp3") {
			t.Errorf("request %q for an enclosure the front matter describes in full", l)
		}
	}
	if srv.requests.Load() == 0 {
		t.Fatal("no request")
	}
	if _, err := os.Stat(filepath.Join(cacheDir, remote.CacheFile)); err != nil {
		t.Errorf("cache file: %v", err)
	}

	// A build into another folder with the same cache: no request, the
	// same feeds.
	srv.requests.Store(0)
	out2 := filepath.Join(t.TempDir(), "site")
	res2 := remoteBuild(t, remoteConfig(t, cacheDir, true), disk, out2)
	if n := srv.requests.Load(); n != 0 {
		t.Errorf("%d requests on the second build, within the max age", n)
	}
	if diff := compareTrees(t, out, out2); diff != "" || res2.Published != 4 {
		t.Errorf("%s (%d published)", diff, res2.Published)
	}
	// And the next build finds nothing changed.
	settle()
	if res3 := remoteBuild(t, remoteConfig(t, cacheDir, true), disk, out2); !res3.Unchanged || srv.requests.Load() != 0 {
		t.Errorf("third build: unchanged %v, %d requests", res3.Unchanged, srv.requests.Load())
	}
}

// Turning the probe on over a build cache made without it renders the
// probed episodes again.
func TestRemoteMediaProbeTurnedOn(t *testing.T) {
	mp3 := remoteTestdata(t, "vbr.mp3")
	srv := newRemoteCDN(t, map[string][]byte{"a.mp3": mp3})
	defer func(w time.Duration) { racyWindow = w }(racyWindow)
	racyWindow = 100 * time.Millisecond
	content := onDisk(t, fstest.MapFS{"ep.md": remoteEpisode("Ep", "2025-01-10", "audio: "+srv.URL+"/a.mp3")})
	settle()
	cacheDir := t.TempDir()
	out := filepath.Join(t.TempDir(), "site")
	remoteBuild(t, remoteConfig(t, cacheDir, false), content, out)
	if e := parseFeed(t, filepath.Join(out, "feed.xml")).Items[0].Enclosures; len(e) != 0 {
		t.Fatalf("enclosure %+v without the probe", e)
	}
	res := remoteBuild(t, remoteConfig(t, cacheDir, true), content, out)
	if e := parseFeed(t, filepath.Join(out, "feed.xml")).Items[0].Enclosures; len(e) != 1 || e[0].Length != strconv.Itoa(len(mp3)) {
		t.Errorf("enclosure %+v with the probe (%s)", e, remoteWarnings(res))
	}
	if res.Reused != 0 || res.Rendered != 1 {
		t.Errorf("%d rendered, %d reused: want the episode rendered again", res.Rendered, res.Reused)
	}
	res = remoteBuild(t, remoteConfig(t, cacheDir, false), content, out)
	if e := parseFeed(t, filepath.Join(out, "feed.xml")).Items[0].Enclosures; len(e) != 0 || res.Unchanged {
		t.Errorf("probe off again: enclosure %+v, unchanged %v", e, res.Unchanged)
	}
}

// A probe that fails is a warning naming the file, line, key and URL;
// the episode is published without the enclosure, and the next build
// tries again.
func TestRemoteMediaProbeFails(t *testing.T) {
	srv := newRemoteCDN(t, map[string][]byte{})
	defer func(w time.Duration) { racyWindow = w }(racyWindow)
	racyWindow = 100 * time.Millisecond
	content := onDisk(t, fstest.MapFS{"ep.md": remoteEpisode("Ep", "2025-01-10", "video: "+srv.URL+"/gone.mp4")})
	settle()
	cacheDir := t.TempDir()
	out := filepath.Join(t.TempDir(), "site")
	res := remoteBuild(t, remoteConfig(t, cacheDir, true), content, out)
	want := "ep.md:4: video: " + srv.URL + "/gone.mp4: probe: HEAD: HTTP 404 Not Found"
	if w := remoteWarnings(res); !strings.Contains(w, want) {
		t.Errorf("warnings:\n%s\nwant %s", w, want)
	}
	if res.Published != 1 || res.NoMedia != 1 {
		t.Errorf("published %d, without media %d", res.Published, res.NoMedia)
	}
	srv.requests.Store(0)
	settle()
	if res := remoteBuild(t, remoteConfig(t, cacheDir, true), content, out); res.Unchanged || srv.requests.Load() == 0 {
		t.Errorf("second build: unchanged %v after %d requests; want the probe made again", res.Unchanged, srv.requests.Load())
	}
}

// A server that accepts and never answers is given up after the timeout.
func TestRemoteMediaHangingServer(t *testing.T) {
	addr := nettest.Silent(t)
	u := "http://" + addr + "/a.mp3"
	content := fstest.MapFS{"ep.md": remoteEpisode("Ep", "2025-01-10", "audio: "+u)}
	start := time.Now()
	res := remoteBuild(t, remoteConfig(t, t.TempDir(), true), content, filepath.Join(t.TempDir(), "site"))
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("build took %v", d)
	}
	want := "ep.md:4: audio: " + u + ": probe: HEAD: no answer within 300ms"
	if w := remoteWarnings(res); !strings.Contains(w, want) {
		t.Errorf("warnings:\n%s\nwant %s", w, want)
	}
	if res.Published != 1 {
		t.Errorf("published %d", res.Published)
	}
}

// A check probes as a build does, and writes no cache file.
func TestRemoteMediaCheck(t *testing.T) {
	mp3 := remoteTestdata(t, "vbr.mp3")
	srv := newRemoteCDN(t, map[string][]byte{"a.mp3": mp3})
	content := fstest.MapFS{
		"ep.md":   remoteEpisode("Ep", "2025-01-10", "audio: "+srv.URL+"/a.mp3"),
		"gone.md": remoteEpisode("Gone", "2025-01-11", "audio: "+srv.URL+"/gone.mp3"),
	}
	cacheDir := t.TempDir()
	for _, probe := range []bool{false, true} {
		res, err := Check(Options{Config: remoteConfig(t, cacheDir, probe), Content: content, Now: func() time.Time { return fixedNow }})
		if err != nil {
			t.Fatal(err)
		}
		w := remoteWarnings(res)
		if want := map[bool]int{false: 2, true: 1}[probe]; res.NoMedia != want {
			t.Errorf("probe %v: %d episodes without media, want %d:\n%s", probe, res.NoMedia, want, w)
		}
		if probe && !strings.Contains(w, "gone.md:4: audio: "+srv.URL+"/gone.mp3: probe: HEAD: HTTP 404") {
			t.Errorf("warnings:\n%s", w)
		}
	}
	if _, err := os.Stat(filepath.Join(cacheDir, remote.CacheFile)); !os.IsNotExist(err) {
		t.Errorf("a check wrote the cache file: %v", err)
	}
}

// An alternate media URL without a length is reported with its file and
// line; with the probe, its length is read from the server (its type is
// the front matter's), the warning goes, and a failed probe is reported
// on the same line.
func TestRemoteAlternateEnclosures(t *testing.T) {
	opus := remoteTestdata(t, "short.opus")
	srv := newRemoteCDN(t, map[string][]byte{"a.mp3": remoteTestdata(t, "chapters.mp3"), "a.opus": opus})
	content := fstest.MapFS{
		"alt.md": remoteEpisode("Alternates", "2025-01-10",
			"audio: {url: '"+srv.URL+"/a.mp3', type: audio/mpeg, length: 10}",
			"duration: 5",
			"alternate_enclosures:",
			"  - {url: '"+srv.URL+"/a.opus', type: audio/opus, title: Opus}",
			"  - {url: '"+srv.URL+"/gone.opus', type: audio/opus, title: Gone}",
			"  - {url: '"+srv.URL+"/given.opus', type: audio/opus, length: 99, title: Given}"),
	}
	lengths := func(out string) map[string]string {
		t.Helper()
		f := parseFeed(t, filepath.Join(out, "feed.xml"))
		got := map[string]string{}
		for _, a := range podcastExt(t, f.Items[0].Extensions, "alternateEnclosure") {
			got[a.Attrs["title"]] = a.Attrs["length"]
		}
		return got
	}

	out := filepath.Join(t.TempDir(), "site")
	res := remoteBuild(t, remoteConfig(t, t.TempDir(), false), content, out)
	w := remoteWarnings(res)
	for _, name := range []string{"a.opus", "gone.opus"} {
		if want := "alt.md:6: alternate_enclosures: " + srv.URL + "/" + name + ": length unknown"; !strings.Contains(w, want) {
			t.Errorf("no %q in warnings:\n%s", want, w)
		}
	}
	if strings.Contains(w, "given.opus") || srv.requests.Load() != 0 {
		t.Errorf("without the probe: %d requests, warnings:\n%s", srv.requests.Load(), w)
	}
	if got := lengths(out); got["Given"] != "99" || got["Opus"] != "" {
		t.Errorf("alternate lengths without the probe: %v", got)
	}

	out = filepath.Join(t.TempDir(), "site")
	res = remoteBuild(t, remoteConfig(t, t.TempDir(), true), content, out)
	w = remoteWarnings(res)
	if got := lengths(out); got["Opus"] != strconv.Itoa(len(opus)) || got["Given"] != "99" || got["Gone"] != "" {
		t.Errorf("alternate lengths with the probe: %v (warnings:\n%s)", got, w)
	}
	if strings.Contains(w, "a.opus") || !strings.Contains(w, "alt.md:6: alternate_enclosures: "+srv.URL+"/gone.opus: probe: ") {
		t.Errorf("warnings with the probe:\n%s", w)
	}
	for _, l := range srv.log {
		if strings.Contains(l, "given.opus") || strings.Contains(l, "a.mp3") {
			t.Errorf("request %q for media the front matter describes", l)
		}
	}
}

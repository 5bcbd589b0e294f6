package server

import (
	"bufio"
	"bytes"
	"io"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// exchange sends raw requests on one connection, then reads as many
// responses (HEAD ones without a body), and closes it.
func exchange(t *testing.T, addr string, raw string, methods ...string) []*http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	var out []*http.Response
	for _, m := range methods {
		resp, err := http.ReadResponse(br, &http.Request{Method: m})
		if err != nil {
			t.Fatalf("%q: response %d: %v", raw, len(out)+1, err)
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("%q: body %d: %v", raw, len(out)+1, err)
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		out = append(out, resp)
	}
	return out
}

// TestFastPathMatchesHandler sends the same requests to a server with the
// fast path and to one where net/http answers everything, and requires
// the same status, fields (but Date) and body; it also checks which
// requests the fast path took, so that the comparison is not vacuous.
func TestFastPathMatchesHandler(t *testing.T) {
	site := writeSite(t, t.TempDir(), testFiles())
	snap, err := Load(site, LoadOptions{BuildTime: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	fastSrv, plainSrv := New(Options{}), New(Options{})
	fastSrv.Swap(snap)
	plainSrv.Swap(snap)
	fast := startLoopback(t, fastSrv, true)
	plain := startLoopback(t, plainSrv, false)

	feed := snap.files["/feed.xml"]
	etag, gzTag, brTag := feed.reps[encIdentity].etag, feed.reps[encGzip].etag, feed.reps[encBrotli].etag
	mp3 := snap.ETag("/episodes/ep1/ep1.mp3")
	const host = "Host: test\r\n"
	cases := []struct {
		name    string
		raw     string   // requests, sent on one connection
		methods []string // of each response
		fast    int64    // requests the fast path answers
	}{
		{"identity", "GET /feed.xml HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 1},
		{"gzip", "GET /feed.xml HTTP/1.1\r\n" + host + "Accept-Encoding: gzip\r\n\r\n", []string{"GET"}, 1},
		{"browser encodings", "GET /feed.xml HTTP/1.1\r\n" + host + "accept-encoding: gzip, deflate, br, zstd\r\n\r\n", []string{"GET"}, 1},
		{"gzip refused", "GET /feed.xml HTTP/1.1\r\n" + host + "Accept-Encoding: br;q=0, gzip;q=0, *;q=0.5\r\n\r\n", []string{"GET"}, 1},
		{"head", "HEAD /feed.xml HTTP/1.1\r\n" + host + "Accept-Encoding: br\r\n\r\n", []string{"HEAD"}, 1},
		{"304", "GET /feed.xml HTTP/1.1\r\n" + host + "If-None-Match: " + etag + "\r\n\r\n", []string{"GET"}, 1},
		{"304 gzip", "GET /feed.xml HTTP/1.1\r\n" + host + "If-None-Match: " + gzTag + "\r\nAccept-Encoding: gzip\r\n\r\n", []string{"GET"}, 1},
		{"304 other encoding held", "GET /feed.xml HTTP/1.1\r\n" + host + "If-None-Match: W/\"x\", " + brTag + "\r\n\r\n", []string{"GET"}, 1},
		{"304 star", "GET /feed.xml HTTP/1.1\r\n" + host + "If-None-Match: *\r\nAccept-Encoding: gzip\r\n\r\n", []string{"GET"}, 1},
		{"stale etag", "GET /feed.xml HTTP/1.1\r\n" + host + "If-None-Match: \"0123456789abcdef\"\r\nAccept-Encoding: gzip\r\n\r\n", []string{"GET"}, 1},
		{"malformed etag", "GET /feed.xml HTTP/1.1\r\n" + host + "If-None-Match: abc\r\n\r\n", []string{"GET"}, 1},
		{"304 by date", "GET /feed.xml HTTP/1.1\r\n" + host + "If-Modified-Since: " + feed.lastMod + "\r\n\r\n", []string{"GET"}, 1},
		{"later date", "GET /feed.xml HTTP/1.1\r\n" + host + "If-Modified-Since: Sat, 01 Jan 2050 00:00:00 GMT\r\n\r\n", []string{"GET"}, 1},
		{"older date", "GET /feed.xml HTTP/1.1\r\n" + host + "If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT\r\n\r\n", []string{"GET"}, 1},
		{"bad date", "GET /feed.xml HTTP/1.1\r\n" + host + "If-Modified-Since: yesterday\r\n\r\n", []string{"GET"}, 1},
		{"etag wins over date", "GET /feed.xml HTTP/1.1\r\n" + host + "If-None-Match: \"nope\"\r\nIf-Modified-Since: " + feed.lastMod + "\r\n\r\n", []string{"GET"}, 1},
		{"browser", "GET /feed.xml HTTP/1.1\r\n" + host + "Accept: text/html,application/xhtml+xml;q=0.9\r\nAccept-Encoding: gzip\r\nUser-Agent: Mozilla/5.0\r\n\r\n", []string{"GET"}, 1},
		{"preview page", "GET /atom.xml HTTP/1.1\r\n" + host + "Accept: text/html,application/xml;q=0.9\r\nSec-Fetch-Dest: document\r\nAccept-Encoding: gzip\r\n\r\n", []string{"GET"}, 1},
		{"preview page, old browser", "HEAD /atom.xml HTTP/1.1\r\n" + host + "Accept: text/html,application/xml;q=0.9\r\n\r\n", []string{"HEAD"}, 1},
		{"preview page, 304", "GET /atom.xml HTTP/1.1\r\n" + host + "sec-fetch-dest: document\r\nIf-None-Match: " + snap.ETag("/atom.xml.html") + "\r\n\r\n", []string{"GET"}, 1},
		{"feed, not the preview", "GET /atom.xml HTTP/1.1\r\n" + host + "Accept: application/atom+xml, text/html;q=0.5\r\nSec-Fetch-Dest: empty\r\n\r\n", []string{"GET"}, 1},
		{"Sec-Fetch-Dest twice", "GET /atom.xml HTTP/1.1\r\n" + host + "Sec-Fetch-Dest: document\r\nSec-Fetch-Dest: empty\r\n\r\n", []string{"GET"}, 0},
		{"query", "GET /feed.xml?t=1700000000&x=%20y HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 1},
		{"home", "GET / HTTP/1.1\r\n" + host + "Accept-Encoding: gzip\r\n\r\n", []string{"GET"}, 1},
		{"folder index", "GET /episodes/ep1/ HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 1},
		{"embed page", "GET /episodes/ep1/embed.html HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 1},
		{"transcript", "GET /episodes/ep1/transcript.vtt HTTP/1.1\r\nHost: test\r\nOrigin: https://intranet.example\r\n\r\n", []string{"GET"}, 1},
		{"json feed", "GET /feed.json HTTP/1.1\r\n" + host + "Accept-Encoding: gzip\r\n\r\n", []string{"GET"}, 1},
		{"small media", "GET /episodes/ep1/small.m4a HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 1},
		{"empty file", "GET /empty.txt HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 1},
		{"hashed image", "GET /img/cover-3f2a9c1d.webp HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 1},
		{"media on disk, 304", "GET /episodes/ep1/ep1.mp3 HTTP/1.1\r\n" + host + "If-None-Match: " + mp3 + "\r\n\r\n", []string{"GET"}, 1},
		{"connection close", "GET /feed.xml HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", []string{"GET"}, 1},
		{"keep-alive, pipelined", "GET /feed.xml HTTP/1.1\r\n" + host + "\r\nHEAD /atom.xml HTTP/1.1\r\n" + host + "\r\nGET /feed.json HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", []string{"GET", "HEAD", "GET"}, 3},
		{"long head", "GET /feed.xml HTTP/1.1\r\n" + host + "Cookie: " + strings.Repeat("a", 6000) + "\r\n\r\n", []string{"GET"}, 1},
		{"empty lines first", "\r\n\r\nGET /feed.xml HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 1},
		{"empty LF lines first", "\n\nGET /feed.xml HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 1},
		{"gzip refused, gzip ETag", "GET /feed.xml HTTP/1.1\r\n" + host + "Accept-Encoding: identity, gzip;q=0\r\nIf-None-Match: " + gzTag + "\r\n\r\n", []string{"GET"}, 1},
		{"gzip ETag, brotli chosen", "GET /feed.xml HTTP/1.1\r\n" + host + "Accept-Encoding: br, gzip\r\nIf-None-Match: " + gzTag + "\r\n\r\n", []string{"GET"}, 1},
		{"then handed off", "GET /feed.xml HTTP/1.1\r\n" + host + "\r\nGET /feed.xml HTTP/1.1\r\n" + host + "Range: bytes=0-9\r\n\r\nGET /feed.xml HTTP/1.1\r\n" + host + "If-None-Match: " + etag + "\r\nConnection: close\r\n\r\n", []string{"GET", "GET", "GET"}, 1},
		// Pipelined mixes: the fast path answers until a request it does not
		// take, then hands the rest of the connection, pipelined bytes
		// included, to net/http.
		{"fast, post, fast", "GET /feed.xml HTTP/1.1\r\n" + host + "\r\nPOST /feed.xml HTTP/1.1\r\n" + host + "Content-Length: 5\r\n\r\nhelloGET /feed.xml HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", []string{"GET", "POST", "GET"}, 1},
		{"fast, odd method, fast", "GET /feed.xml HTTP/1.1\r\n" + host + "\r\nBREW /feed.xml HTTP/1.1\r\n" + host + "\r\nGET /feed.xml HTTP/1.1\r\n" + host + "Accept-Encoding: gzip\r\nConnection: close\r\n\r\n", []string{"GET", "BREW", "GET"}, 1},
		{"fast, healthz, fast", "HEAD /feed.xml HTTP/1.1\r\n" + host + "\r\nGET /healthz HTTP/1.1\r\n" + host + "\r\nGET /feed.json HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", []string{"HEAD", "GET", "GET"}, 1},
		{"fast, then transfer-encoding", "GET /feed.xml HTTP/1.1\r\n" + host + "\r\nGET /feed.xml HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /feed.xml HTTP/1.1\r\n" + host + "\r\n", []string{"GET", "GET"}, 1},
		{"fast, fast, media on disk, fast", "GET /feed.xml HTTP/1.1\r\n" + host + "\r\nGET /atom.xml HTTP/1.1\r\n" + host + "\r\nGET /episodes/ep1/ep1.mp3 HTTP/1.1\r\n" + host + "\r\nGET /feed.xml HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", []string{"GET", "GET", "GET", "GET"}, 2},
		{"post, empty lines, fast", "POST /feed.xml HTTP/1.1\r\n" + host + "Content-Length: 2\r\n\r\nhi\r\n\r\nGET /feed.xml HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", []string{"POST", "GET"}, 0},

		// Left to net/http.
		{"media on disk", "GET /episodes/ep1/ep1.mp3 HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 0},
		{"range", "GET /feed.xml HTTP/1.1\r\n" + host + "Range: bytes=10-19\r\n\r\n", []string{"GET"}, 0},
		{"if-match", "GET /feed.xml HTTP/1.1\r\n" + host + "If-Match: \"x\"\r\n\r\n", []string{"GET"}, 0},
		{"if-unmodified-since", "GET /feed.xml HTTP/1.1\r\n" + host + "If-Unmodified-Since: Sat, 01 Jan 2000 00:00:00 GMT\r\n\r\n", []string{"GET"}, 0},
		{"options", "OPTIONS /feed.xml HTTP/1.1\r\n" + host + "Access-Control-Request-Method: GET\r\n\r\n", []string{"OPTIONS"}, 0},
		{"post", "POST /feed.xml HTTP/1.1\r\n" + host + "Content-Length: 2\r\n\r\nhi", []string{"POST"}, 0},
		{"not found", "GET /nope.xml HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 0},
		{"folder redirect", "GET /episodes/ep1?x=1 HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 0},
		{"healthz", "GET /healthz HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 0},
		{"dot-file", "GET /.secret HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 0},
		{"dot segment", "GET /img/../feed.xml HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 0},
		{"encoded", "GET /%66eed.xml HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 0},
		{"encoded traversal", "GET /img/%2e%2e/feed.xml HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 0},
		{"double slash", "GET //feed.xml HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 0},
		{"HTTP/1.0", "GET /feed.xml HTTP/1.0\r\n\r\n", []string{"GET"}, 0},
		{"no host", "GET /feed.xml HTTP/1.1\r\n\r\n", []string{"GET"}, 0},
		{"two hosts", "GET /feed.xml HTTP/1.1\r\n" + host + host + "\r\n", []string{"GET"}, 0},
		{"bad host", "GET /feed.xml HTTP/1.1\r\nHost: a b\r\n\r\n", []string{"GET"}, 0},
		{"two encodings fields", "GET /feed.xml HTTP/1.1\r\n" + host + "Accept-Encoding: br;q=0\r\nAccept-Encoding: gzip\r\n\r\n", []string{"GET"}, 0},
		{"folded field", "GET /feed.xml HTTP/1.1\r\n" + host + "Accept-Encoding: br;q=0,\r\n gzip\r\n\r\n", []string{"GET"}, 0},
		{"space before colon", "GET /feed.xml HTTP/1.1\r\n" + host + "Accept-Encoding : gzip\r\n\r\n", []string{"GET"}, 0},
		{"upgrade", "GET /feed.xml HTTP/1.1\r\n" + host + "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n", []string{"GET"}, 0},
		{"bare LF", "GET /feed.xml HTTP/1.1\n" + "Host: test\n\n", []string{"GET"}, 0},
		{"bare LF, then fast", "GET /feed.xml HTTP/1.1\nHost: test\n\nGET /feed.xml HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", []string{"GET", "GET"}, 0},
		{"one bare LF", "GET /feed.xml HTTP/1.1\r\n" + host + "Accept-Encoding: gzip\n\r\n", []string{"GET"}, 0},
		{"content-length and transfer-encoding", "GET /feed.xml HTTP/1.1\r\n" + host + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", []string{"GET"}, 0},
		{"transfer-encoding then content-length", "GET /feed.xml HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\nGET /feed.xml HTTP/1.1\r\nHost: a\r\n\r\n", []string{"GET"}, 0},
		{"412", "GET /feed.xml HTTP/1.1\r\n" + host + "If-Match: \"nope\"\r\n\r\n", []string{"GET"}, 0},
		{"chunked", "GET /feed.xml HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", []string{"GET"}, 0},
		{"lower-case method", "get /feed.xml HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 0},
		{"absolute form", "GET http://test/feed.xml HTTP/1.1\r\n" + host + "\r\n", []string{"GET"}, 0},
		{"head over 431 limit", "GET /feed.xml HTTP/1.1\r\n" + host + "Cookie: " + strings.Repeat("a", 21000) + "\r\n\r\n", []string{"GET"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := fast.front.answered.Load()
			got := exchange(t, strings.TrimPrefix(fast.URL, "http://"), c.raw, c.methods...)
			want := exchange(t, strings.TrimPrefix(plain.URL, "http://"), c.raw, c.methods...)
			for i := range got {
				compareResponses(t, i, got[i], want[i])
			}
			if n := fast.front.answered.Load() - before; n != c.fast {
				t.Errorf("the fast path answered %d requests, want %d", n, c.fast)
			}
		})
	}
}

func compareResponses(t *testing.T, i int, got, want *http.Response) {
	t.Helper()
	if got.StatusCode != want.StatusCode || got.Proto != want.Proto {
		t.Errorf("response %d: %s %s, net/http says %s %s", i+1, got.Proto, got.Status, want.Proto, want.Status)
	}
	g, w := got.Header.Clone(), want.Header.Clone()
	// net/http's own 400 and 431 answers have no Date.
	for _, h := range []http.Header{g, w} {
		if d := h["Date"]; d != nil {
			if _, err := http.ParseTime(d[0]); err != nil || len(d) != 1 {
				t.Errorf("response %d: Date %q: %v", i+1, d, err)
			}
		} else if want.StatusCode != http.StatusBadRequest && want.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("response %d: no Date", i+1)
		}
		h.Del("Date")
	}
	if !maps.EqualFunc(g, w, slices.Equal) {
		t.Errorf("response %d: fields differ\n fast: %v\n net/http: %v", i+1, g, w)
	}
	if got.ContentLength != want.ContentLength || got.Close != want.Close {
		t.Errorf("response %d: length %d close %v, net/http says %d %v", i+1, got.ContentLength, got.Close, want.ContentLength, want.Close)
	}
	gb, _ := io.ReadAll(got.Body)
	wb, _ := io.ReadAll(want.Body)
	if !bytes.Equal(gb, wb) {
		t.Errorf("response %d: bodies differ: %d bytes, net/http %d", i+1, len(gb), len(wb))
	}
}

// TestFastPathAfterSwap checks that the fast path answers from the
// snapshot swapped in, and that the metrics count its requests.
func TestFastPathAfterSwap(t *testing.T) {
	dir := t.TempDir()
	a, err := Load(writeSite(t, dir+"/a", map[string][]byte{"feed.xml": []byte(rssFeed("A", 3))}), LoadOptions{BuildTime: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(writeSite(t, dir+"/b", map[string][]byte{"feed.xml": []byte(rssFeed("B", 3))}), LoadOptions{BuildTime: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	s := New(Options{})
	s.Swap(a)
	l := newLoopback(t, s)
	addr := strings.TrimPrefix(l.URL, "http://")
	req := "GET /feed.xml HTTP/1.1\r\nHost: test\r\nIf-None-Match: " + a.ETag("/feed.xml") + "\r\n\r\n"
	r := exchange(t, addr, req, "GET")
	if r[0].StatusCode != http.StatusNotModified {
		t.Fatalf("before the swap: %s", r[0].Status)
	}
	s.Swap(b)
	r = exchange(t, addr, req, "GET")
	body, _ := io.ReadAll(r[0].Body)
	if r[0].StatusCode != http.StatusOK || r[0].Header.Get("Etag") != b.ETag("/feed.xml") || !contains(body, "Build B") {
		t.Fatalf("after the swap: %s %s %.60q", r[0].Status, r[0].Header.Get("Etag"), body)
	}
	if n := l.front.answered.Load(); n != 2 {
		t.Errorf("fast path answered %d requests, want 2", n)
	}
	_, metrics := get(t, l, "GET", "/metrics")
	for _, want := range []string{`feedcast_http_requests_total{code="304",route="feed"} 1`, `feedcast_http_requests_total{code="200",route="feed"} 1`} {
		if !contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// FuzzParseHead checks that every head the fast path takes is one that
// net/http reads the same way: same method, target, path, Host and the
// fields the answer depends on.
func FuzzParseHead(f *testing.F) {
	for _, seed := range []string{
		"GET /feed.xml HTTP/1.1\r\nHost: a\r\n\r\n",
		"HEAD /a/b.json?x=1 HTTP/1.1\r\nhost: 127.0.0.1:8080\r\nIf-None-Match: \"a\", W/\"b\"\r\nAccept-Encoding: gzip, br\r\nConnection: close\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: [::1]:80\r\nIf-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\nAccept: text/html\r\nUser-Agent: x\r\n\r\n",
		"GET /feed.xml HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n",
		"GET /feed.xml HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\nGET /x HTTP/1.1\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r fastRequest
		n, st := parseHead(b, &r)
		if st != headOK {
			return
		}
		req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(b[:n])))
		if err != nil {
			t.Fatalf("fast path took %q, net/http refuses it: %v", b[:n], err)
		}
		method := "GET"
		if r.head {
			method = "HEAD"
		}
		if req.Method != method || req.RequestURI != r.target || req.URL.Path != r.path || req.Close != r.close {
			t.Fatalf("%q: fast %s %q %q close=%v, net/http %s %q %q close=%v", b[:n], method, r.target, r.path, r.close, req.Method, req.RequestURI, req.URL.Path, req.Close)
		}
		for _, c := range []struct {
			key string
			f   fieldSet
			v   string
		}{
			{"If-None-Match", fieldIfNoneMatch, r.ifNoneMatch},
			{"If-Modified-Since", fieldIfModifiedSince, r.ifModifiedSince},
			{"Accept-Encoding", fieldAcceptEncoding, r.acceptEncoding},
			{"Accept", fieldAccept, r.accept},
			{"User-Agent", fieldUserAgent, r.userAgent},
		} {
			var one [1]string
			got := r.values(c.f, c.v, &one)
			if want := req.Header[c.key]; !slices.Equal(got, want) {
				t.Fatalf("%q: %s: fast %q, net/http %q", b[:n], c.key, got, want)
			}
		}
		for _, k := range []string{"Range", "If-Match", "If-Unmodified-Since", "If-Range", "Content-Length", "Transfer-Encoding", "Expect", "Upgrade"} {
			if req.Header[k] != nil {
				t.Fatalf("%q: fast path took a request with %s", b[:n], k)
			}
		}
		if hosts := req.Header["Host"]; req.Host == "" || hosts != nil && len(hosts) != 1 {
			t.Fatalf("%q: Host %q", b[:n], req.Host)
		}
	})
}

// TestSlowClients checks the timeouts against clients that hold a
// connection: one that sends nothing, one that sends its head a byte at a
// time, one that stays idle after an answer. The fast path reads every
// connection first and must close each of them as net/http would.
func TestSlowClients(t *testing.T) {
	snap, err := Load(writeSite(t, t.TempDir(), map[string][]byte{"feed.xml": []byte(rssFeed("A", 3))}), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, fast := range []bool{true, false} {
		s := New(Options{})
		s.Swap(snap)
		l := startLoopback(t, s, fast, func(srv *http.Server) {
			srv.ReadHeaderTimeout, srv.IdleTimeout = 300*time.Millisecond, 600*time.Millisecond
		})
		addr := strings.TrimPrefix(l.URL, "http://")
		// closedWithin reports how long the server took to close conn,
		// which must be between min and max.
		closedWithin := func(name string, conn net.Conn, start time.Time, min, max time.Duration) {
			t.Helper()
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			io.Copy(io.Discard, conn) // until the server closes it
			if d := time.Since(start); d < min || d > max {
				t.Errorf("fast=%v: %s: closed after %v, want between %v and %v", fast, name, d, min, max)
			}
		}

		silent, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		closedWithin("a client that sends nothing", silent, time.Now(), 250*time.Millisecond, 2*time.Second)
		silent.Close()

		trickle, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		go func() {
			for _, c := range []byte("GET /feed.xml HTTP/1.1\r\nHost: test\r\n\r\n") {
				if _, err := trickle.Write([]byte{c}); err != nil {
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		}()
		closedWithin("a head sent a byte at a time", trickle, start, 250*time.Millisecond, 1500*time.Millisecond)
		trickle.Close()

		idle, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(idle, "GET /feed.xml HTTP/1.1\r\nHost: test\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(idle), nil)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("fast=%v: %v %v", fast, resp, err)
		}
		io.Copy(io.Discard, resp.Body)
		closedWithin("an idle client", idle, time.Now(), 500*time.Millisecond, 2500*time.Millisecond)
		idle.Close()

		l.Close()
		if l.err != nil {
			t.Errorf("fast=%v: Serve: %v", fast, l.err)
		}
		if fr := l.front; fr != nil && (fr.answered.Load() != 1 || fr.handedOff.Load() != 0) {
			t.Errorf("fast path answered %d requests and handed off %d connections, want 1 and 0", fr.answered.Load(), fr.handedOff.Load())
		}
	}
}

package server

import (
	"bytes"
	"strconv"
	"testing"
)

func TestConditionalGET(t *testing.T) {
	files := testFiles()
	_, ts, _ := newTestServer(t, files)
	resp, _ := get(t, ts, "GET", "/feed.xml")
	etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	respGz, _ := get(t, ts, "GET", "/feed.xml", "Accept-Encoding: gzip")
	etagGz := respGz.Header.Get("ETag")
	respBr, _ := get(t, ts, "GET", "/feed.xml", "Accept-Encoding: br")
	etagBr := respBr.Header.Get("ETag")
	if etag == etagGz || etag == etagBr || etagGz == etagBr {
		t.Fatalf("the encodings share an ETag: %s %s %s", etag, etagGz, etagBr)
	}
	for _, e := range []string{etag, etagGz, etagBr} {
		if len(e) < 18 || e[0] != '"' || e[len(e)-1] != '"' {
			t.Errorf("ETag %s is not a strong quoted tag", e)
		}
	}

	tests := []struct {
		name    string
		headers []string
		status  int
		etag    string // of a 304: the one the client holds
	}{
		{"matching ETag", []string{"If-None-Match: " + etag}, 304, etag},
		{"gzip ETag, gzip accepted", []string{"If-None-Match: " + etagGz, "Accept-Encoding: gzip"}, 304, etagGz},
		{"brotli ETag", []string{"If-None-Match: " + etagBr, "Accept-Encoding: br, gzip"}, 304, etagBr},
		// RFC 9110 §13.1.2: the selected representation's ETag only.
		{"another encoding's ETag", []string{"If-None-Match: " + etagGz, "Accept-Encoding: br"}, 200, ""},
		{"gzip ETag, gzip refused", []string{"If-None-Match: " + etagGz, "Accept-Encoding: identity, gzip;q=0"}, 200, ""},
		{"gzip ETag among others", []string{"If-None-Match: " + etagBr + ", " + etagGz, "Accept-Encoding: gzip"}, 304, etagGz},
		{"weak comparison", []string{"If-None-Match: W/" + etag}, 304, etag},
		{"in a list", []string{`If-None-Match: "nope", ` + etag}, 304, etag},
		{"star", []string{"If-None-Match: *"}, 304, etag},
		{"other ETag", []string{`If-None-Match: "0123456789abcdef"`}, 200, ""},
		{"malformed ETag", []string{`If-None-Match: 0123`}, 200, ""},
		{"If-Modified-Since equal", []string{"If-Modified-Since: " + lastMod}, 304, etag},
		{"If-Modified-Since later", []string{"If-Modified-Since: Mon, 02 Mar 2026 00:00:00 GMT"}, 304, etag},
		{"If-Modified-Since earlier", []string{"If-Modified-Since: Sat, 28 Feb 2026 00:00:00 GMT"}, 200, ""},
		{"If-Modified-Since invalid", []string{"If-Modified-Since: yesterday"}, 200, ""},
		{"If-None-Match wins over If-Modified-Since", []string{`If-None-Match: "0123456789abcdef"`, "If-Modified-Since: " + lastMod}, 200, ""},
		{"If-Match matching", []string{"If-Match: " + etag}, 200, ""},
		{"If-Match weak refused", []string{"If-Match: W/" + etag}, 412, ""},
		{"If-Match other", []string{`If-Match: "0123456789abcdef"`}, 412, ""},
		{"If-Unmodified-Since earlier", []string{"If-Unmodified-Since: Sat, 28 Feb 2026 00:00:00 GMT"}, 412, ""},
		{"If-Unmodified-Since equal", []string{"If-Unmodified-Since: " + lastMod}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, method := range []string{"GET", "HEAD"} {
				resp, body := get(t, ts, method, "/feed.xml", tt.headers...)
				if resp.StatusCode != tt.status {
					t.Fatalf("%s: status %d, want %d", method, resp.StatusCode, tt.status)
				}
				if tt.status != 200 && len(body) != 0 {
					t.Errorf("%s: %d with a body of %d bytes", method, tt.status, len(body))
				}
				if tt.status == 304 {
					if got := resp.Header.Get("ETag"); got != tt.etag {
						t.Errorf("304 ETag %s, want %s", got, tt.etag)
					}
					if resp.Header.Get("Cache-Control") == "" || !varies(resp.Header, "Accept-Encoding") {
						t.Errorf("304 without Cache-Control or Vary: %v", resp.Header)
					}
				}
			}
		})
	}

	t.Run("a file served from disk", func(t *testing.T) {
		resp, _ := get(t, ts, "GET", "/episodes/ep1/ep1.mp3", "Range: bytes=0-0")
		resp, body := get(t, ts, "GET", "/episodes/ep1/ep1.mp3", "If-None-Match: "+resp.Header.Get("ETag"))
		if resp.StatusCode != 304 || len(body) != 0 {
			t.Errorf("status %d, %d bytes", resp.StatusCode, len(body))
		}
	})
}

func TestHead(t *testing.T) {
	files := testFiles()
	_, ts, _ := newTestServer(t, files)
	for _, p := range []string{"/feed.xml", "/episodes/ep1/ep1.mp3", "/episodes/ep1/cover.png"} {
		for _, ae := range []string{"identity", "gzip"} {
			getResp, getBody := get(t, ts, "GET", p, "Accept-Encoding: "+ae)
			headResp, headBody := get(t, ts, "HEAD", p, "Accept-Encoding: "+ae)
			if headResp.StatusCode != 200 || len(headBody) != 0 {
				t.Errorf("HEAD %s: status %d, %d body bytes", p, headResp.StatusCode, len(headBody))
			}
			if got, want := headResp.Header.Get("Content-Length"), strconv.Itoa(len(getBody)); got != want {
				t.Errorf("HEAD %s (%s): Content-Length %s, want %s", p, ae, got, want)
			}
			for _, k := range []string{"Content-Type", "ETag", "Last-Modified", "Cache-Control", "Content-Encoding", "Accept-Ranges"} {
				if headResp.Header.Get(k) != getResp.Header.Get(k) {
					t.Errorf("HEAD %s: %s %q, GET has %q", p, k, headResp.Header.Get(k), getResp.Header.Get(k))
				}
			}
		}
	}
}

func TestRanges(t *testing.T) {
	files := testFiles()
	_, ts, _ := newTestServer(t, files)
	for _, p := range []string{"/feed.xml", "/episodes/ep1/ep1.mp3", "/episodes/ep1/small.m4a"} {
		data := files[p[1:]]
		size := int64(len(data))
		full, _ := get(t, ts, "GET", p)
		etag, lastMod := full.Header.Get("ETag"), full.Header.Get("Last-Modified")
		tests := []struct {
			name        string
			headers     []string
			status      int
			first, last int64 // the bytes of a 206
		}{
			{"first two bytes", []string{"Range: bytes=0-1"}, 206, 0, 1},
			{"middle", []string{"Range: bytes=100-1099"}, 206, 100, 1099},
			{"open end", []string{"Range: bytes=1000-"}, 206, 1000, size - 1},
			{"suffix", []string{"Range: bytes=-500"}, 206, size - 500, size - 1},
			{"end past the size", []string{"Range: bytes=10-99999999999"}, 206, 10, size - 1},
			{"with gzip accepted: identity", []string{"Range: bytes=0-9", "Accept-Encoding: gzip, br"}, 206, 0, 9},
			{"If-Range ETag", []string{"Range: bytes=5-9", "If-Range: " + etag}, 206, 5, 9},
			{"If-Range date", []string{"Range: bytes=5-9", "If-Range: " + lastMod}, 206, 5, 9},
			{"If-Range other ETag", []string{"Range: bytes=5-9", `If-Range: "0123456789abcdef"`}, 200, 0, 0},
			{"If-Range weak", []string{"Range: bytes=5-9", "If-Range: W/" + etag}, 200, 0, 0},
			{"If-Range older date", []string{"Range: bytes=5-9", "If-Range: Sat, 28 Feb 2026 00:00:00 GMT"}, 200, 0, 0},
			{"several ranges: whole body", []string{"Range: bytes=0-1,5-6"}, 200, 0, 0},
			{"other unit", []string{"Range: items=0-1"}, 200, 0, 0},
			{"malformed", []string{"Range: bytes=x-y"}, 200, 0, 0},
			{"start past the end", []string{"Range: bytes=99999999999-"}, 416, 0, 0},
			{"empty suffix", []string{"Range: bytes=-0"}, 416, 0, 0},
		}
		for _, tt := range tests {
			t.Run(p+"/"+tt.name, func(t *testing.T) {
				resp, body := get(t, ts, "GET", p, tt.headers...)
				if resp.StatusCode != tt.status {
					t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
				}
				if resp.Header.Get("Accept-Ranges") != "bytes" {
					t.Error("no Accept-Ranges: bytes")
				}
				switch tt.status {
				case 206:
					want := data[tt.first : tt.last+1]
					if !bytes.Equal(body, want) {
						t.Errorf("got %d bytes, want bytes %d-%d", len(body), tt.first, tt.last)
					}
					cr := "bytes " + strconv.FormatInt(tt.first, 10) + "-" + strconv.FormatInt(tt.last, 10) + "/" + strconv.FormatInt(size, 10)
					if got := resp.Header.Get("Content-Range"); got != cr {
						t.Errorf("Content-Range %q, want %q", got, cr)
					}
					if resp.Header.Get("Content-Encoding") != "" || resp.Header.Get("ETag") != etag {
						t.Errorf("a range is of the identity: Content-Encoding %q, ETag %q", resp.Header.Get("Content-Encoding"), resp.Header.Get("ETag"))
					}
					if resp.Header.Get("Content-Length") != strconv.Itoa(len(want)) {
						t.Errorf("Content-Length %q", resp.Header.Get("Content-Length"))
					}
				case 200:
					if len(body) != len(data) && resp.Header.Get("Content-Encoding") == "" {
						t.Errorf("200 with %d bytes, want %d", len(body), len(data))
					}
				case 416:
					if got, want := resp.Header.Get("Content-Range"), "bytes */"+strconv.FormatInt(size, 10); got != want {
						t.Errorf("Content-Range %q, want %q", got, want)
					}
				}
			})
		}
	}
	resp, body := get(t, ts, "HEAD", "/episodes/ep1/ep1.mp3", "Range: bytes=0-1")
	if resp.StatusCode != 206 || len(body) != 0 || resp.Header.Get("Content-Length") != "2" {
		t.Errorf("HEAD with Range: %d, %d bytes, Content-Length %s", resp.StatusCode, len(body), resp.Header.Get("Content-Length"))
	}
}

func TestParseRange(t *testing.T) {
	tests := []struct {
		in            string
		size          int64
		start, length int64
		ok            bool
	}{
		{"bytes=0-0", 10, 0, 1, true},
		{"bytes=0-", 10, 0, 10, true},
		{"bytes=9-", 10, 9, 1, true},
		{"bytes=10-", 10, 0, -1, false},
		{"bytes=-20", 10, 0, 10, true},
		{"bytes=-1", 0, 0, -1, false},
		{"bytes=0-0", 0, 0, -1, false},
		{"bytes=5-4", 10, 0, 0, false},
		{"bytes=-", 10, 0, 0, false},
		{"bytes=--1", 10, 0, 0, false},
		{"bytes= 2 - 3 ", 10, 2, 2, true},
		{"bytes=1-2, 4-5", 10, 0, 0, false},
		{"Bytes=0-1", 10, 0, 0, false},
	}
	for _, tt := range tests {
		start, length, ok := parseRange(tt.in, tt.size)
		if start != tt.start || length != tt.length || ok != tt.ok {
			t.Errorf("parseRange(%q, %d) = %d, %d, %v; want %d, %d, %v", tt.in, tt.size, start, length, ok, tt.start, tt.length, tt.ok)
		}
	}
}

package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestEncodedBodies(t *testing.T) {
	files := testFiles()
	_, ts, _ := newTestServer(t, files)
	compressed := []string{"/feed.xml", "/widget.js", "/app.css", "/img/logo.svg"}
	for _, p := range compressed {
		want := files[p[1:]]
		seen := map[string]bool{}
		for _, tt := range []struct {
			accept, encoding string
			decode           func(io.Reader) (io.Reader, error)
		}{
			{"", "", func(r io.Reader) (io.Reader, error) { return r, nil }},
			{"gzip", "gzip", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
			{"br", "br", func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
		} {
			var headers []string
			if tt.accept != "" {
				headers = append(headers, "Accept-Encoding: "+tt.accept)
			}
			resp, body := get(t, ts, "GET", p, headers...)
			if got := resp.Header.Get("Content-Encoding"); got != tt.encoding {
				t.Fatalf("%s (%s): Content-Encoding %q", p, tt.accept, got)
			}
			if !varies(resp.Header, "Accept-Encoding") {
				t.Errorf("%s: Vary %q", p, resp.Header.Get("Vary"))
			}
			if tt.encoding != "" && len(body)*100 > len(want)*95 {
				t.Errorf("%s: %s saves less than 5%%", p, tt.encoding)
			}
			r, err := tt.decode(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s (%s): decodes to %d bytes (%v), want the %d of the file", p, tt.accept, len(got), err, len(want))
			}
			etag := resp.Header.Get("ETag")
			if seen[etag] {
				t.Errorf("%s: ETag %s used for two encodings", p, etag)
			}
			seen[etag] = true
		}
	}
	// Files that do not compress, or not enough: no encoding, no Vary.
	for _, p := range []string{"/episodes/ep1/cover.png", "/episodes/ep1/ep1.mp3", "/robots.txt", "/empty.txt"} {
		resp, body := get(t, ts, "GET", p, "Accept-Encoding: br, gzip")
		if resp.Header.Get("Content-Encoding") != "" || resp.Header.Get("Vary") != "" {
			t.Errorf("%s: Content-Encoding %q, Vary %q", p, resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"))
		}
		if !bytes.Equal(body, files[p[1:]]) {
			t.Errorf("%s: body differs", p)
		}
	}
}

func TestNegotiate(t *testing.T) {
	all := &[numEnc]bool{true, true, true}
	gzipOnly := &[numEnc]bool{true, true, false}
	none := &[numEnc]bool{true, false, false}
	tests := []struct {
		ae   string
		have *[numEnc]bool
		want int
	}{
		{"", all, encIdentity},
		{"gzip", all, encGzip},
		{"br", all, encBrotli},
		{"gzip, deflate, br, zstd", all, encBrotli},
		{"gzip, deflate, br", gzipOnly, encGzip},
		{"br", gzipOnly, encIdentity},
		{"gzip;q=1.0, br;q=0.5", all, encGzip},
		{"gzip;q=0.5, br;q=0.5", all, encBrotli},
		{"br;q=0, gzip", all, encGzip},
		{"BR;Q=0.9, GZIP;Q=0.8", all, encBrotli},
		{"*", all, encBrotli},
		{"*;q=0.5, br;q=0", all, encGzip},
		{"identity", all, encIdentity},
		{"gzip;q=0.5, identity", all, encIdentity},
		{"gzip;q=0.5, identity;q=0.5", all, encGzip},
		{"x-gzip", all, encGzip},
		{"gzip;q=2", all, encIdentity},
		{"gzip;q=abc, br", all, encBrotli},
		{"gzip, br", none, encIdentity},
		{" , ,gzip ; q=0.3 ,", all, encGzip},
	}
	for _, tt := range tests {
		var ae []string
		if tt.ae != "" {
			ae = strings.Split(tt.ae, "\n")
		}
		if got := negotiate(ae, tt.have); got != tt.want {
			t.Errorf("negotiate(%q) = %s, want %s", tt.ae, encNames[got], encNames[tt.want])
		}
	}
	if n := testing.AllocsPerRun(100, func() { negotiate([]string{"gzip, deflate, br;q=0.9"}, all) }); n != 0 {
		t.Errorf("negotiate allocates %v times", n)
	}
}

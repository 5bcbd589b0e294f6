package server

import (
	"bytes"
	"compress/gzip"
	"math/bits"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
)

// Encodings of a representation, by index in file.reps.
const (
	encIdentity = iota
	encGzip
	encBrotli
	numEnc
)

var (
	encNames    = [numEnc]string{"", "gzip", "br"}
	etagSuffix  = [numEnc]string{"", "-gz", "-br"}
	minSavingPc = 5 // an encoding is kept when it saves at least this percent
)

// Compression levels by body size. Brotli's best quality (11) costs about
// 2 s of CPU per MB against 0.1 s for 9, for some 7 % less, so it is kept
// for bodies up to 16 KiB; bodies above 1 MiB (large SVGs, mostly) get the
// default levels. Compression runs once per
// content, not per build: the next snapshot reuses the encodings of the
// files that did not change.
func levels(n int) (gzipLevel, brotliQuality int) {
	switch {
	case n <= 16<<10:
		return gzip.BestCompression, brotli.BestCompression
	case n <= 1<<20:
		return gzip.BestCompression, 9
	}
	return gzip.DefaultCompression, brotli.DefaultCompression
}

// brotliWindow is the base 2 logarithm of the smallest brotli window that
// holds n bytes (a window of lgwin holds 2^lgwin - 16 bytes, RFC 7932
// §9.1), within brotli's range of 10 to 24.
func brotliWindow(n int) int {
	return min(max(bits.Len(uint(n+15)), 10), 24)
}

// compress returns data in encoding enc, or nil when that does not save
// at least minSavingPc percent.
func compress(data []byte, enc int) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data) / 3)
	gzipLevel, brotliQuality := levels(len(data))
	switch enc {
	case encGzip:
		zw, err := gzip.NewWriterLevel(&buf, gzipLevel)
		if err != nil {
			return nil, err
		}
		if _, err := zw.Write(data); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
	case encBrotli:
		// A window no larger than the body compresses it the same, and
		// spares the encoder's tables of the default 4 MiB window (about
		// 35 MB allocated for a 10 KB body at quality 11, 2 MB with it).
		bw := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotliQuality, LGWin: brotliWindow(len(data))})
		if _, err := bw.Write(data); err != nil {
			return nil, err
		}
		if err := bw.Close(); err != nil {
			return nil, err
		}
	default:
		return nil, nil
	}
	if buf.Len()*100 > len(data)*(100-minSavingPc) {
		return nil, nil
	}
	return bytes.Clone(buf.Bytes()), nil
}

// negotiate picks the encoding of the response among those available
// (have[enc] true) from the Accept-Encoding field values ae (RFC 9110
// §12.5.3): the acceptable coding with the highest q-value, brotli before
// gzip on a tie. Identity is acceptable unless excluded, but any accepted
// compression is preferred to an implicit identity. It does not allocate.
func negotiate(ae []string, have *[numEnc]bool) int {
	if len(ae) == 0 || (!have[encGzip] && !have[encBrotli]) {
		return encIdentity
	}
	// q-values in thousandths; -1 = not named.
	q := [numEnc]int{-1, -1, -1}
	star := -1
	for _, v := range ae {
		for v != "" {
			var tok string
			if i := strings.IndexByte(v, ','); i >= 0 {
				tok, v = v[:i], v[i+1:]
			} else {
				tok, v = v, ""
			}
			name, qv := parseCoding(tok)
			switch {
			case name == "":
			case strings.EqualFold(name, "br"):
				q[encBrotli] = qv
			case strings.EqualFold(name, "gzip"), strings.EqualFold(name, "x-gzip"):
				q[encGzip] = qv
			case strings.EqualFold(name, "identity"):
				q[encIdentity] = qv
			case name == "*":
				star = qv
			}
		}
	}
	for i := range q {
		if q[i] < 0 {
			q[i] = star
		}
	}
	best, bestQ := encIdentity, 0
	if q[encIdentity] != 0 {
		// Identity is acceptable by default but loses to any compression
		// with the same or an unstated preference.
		bestQ = max(q[encIdentity], 0)
	}
	for _, enc := range [...]int{encBrotli, encGzip} {
		if have[enc] && q[enc] > 0 && (q[enc] > bestQ || (q[enc] == bestQ && best == encIdentity)) {
			best, bestQ = enc, q[enc]
		}
	}
	return best
}

// parseCoding splits one Accept-Encoding element, "gzip;q=0.8", into its
// coding name and q-value in thousandths (1000 when absent).
func parseCoding(tok string) (name string, q int) {
	name, params, _ := strings.Cut(tok, ";")
	name = strings.TrimSpace(name)
	q = 1000
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f < 0 || f > 1 {
			return "", 0 // an invalid element is ignored
		}
		q = int(f*1000 + 0.5)
	}
	return name, q
}

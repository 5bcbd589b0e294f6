package server

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// header is one response header field, its key in canonical form and its
// value ready to put in an http.Header map. Values are shared by every
// response and never modified (cap == len, so an append copies).
type header struct {
	key string
	val []string
}

func hdr(key, val string) header {
	return header{key: http.CanonicalHeaderKey(key), val: []string{val}}
}

// setHeaders puts hs into h without allocating values.
func setHeaders(h http.Header, hs []header) {
	for _, kv := range hs {
		h[kv.key] = kv.val
	}
}

// rep is one representation of a file: its identity bytes, or its gzip or
// brotli encoding, with the response headers computed once.
type rep struct {
	body []byte // nil for the identity of a file served from disk
	etag string
	// full are the headers of a 200 response; notModified of a 304 that
	// names this representation's ETag.
	full, notModified []header
	// The same as the head of an HTTP/1.1 response (status line and
	// fields, without Date and the final empty line), for the fast path;
	// pageHead is fullHead with the Content-Type of a feed sent to a
	// browser (styled files only).
	fullHead, pageHead, notModifiedHead []byte
}

// file is one file of a snapshot, ready to be served.
type file struct {
	name    string // URL path, "/feed.xml"
	kind    kind
	ctype   string
	size    int64 // identity length
	hash    [sha256.Size]byte
	modTime time.Time // Last-Modified, whole seconds, UTC
	cors    bool
	reps    [numEnc]*rep
	have    [numEnc]bool
	disk    *os.File // identity bytes of a file too large to keep in memory
	// base are the headers of every response with a body or an error for
	// this file (206, 412 and 416 included; a 304 has fewer); ranged adds
	// the validators of the identity.
	base, ranged []header
	lastMod      string
	// styled is true for an RSS or Atom feed: a browser that asks for a
	// page gets its preview page, or, when it has none, the feed as
	// application/xml, the only XML type for which
	// Chromium applies the feed's XSL stylesheet; apps keep the feed's
	// own type. Its responses vary on Accept.
	styled bool
	// page is the feed's preview page, served at the feed's URL to a
	// browser's navigation (negotiate.go); nil when it has none.
	page *file
	// negotiated is true for a feed with a preview page and for that
	// page at the feed's URL: their responses vary on Accept and
	// Sec-Fetch-Dest.
	negotiated bool
}

// etagOf is the strong ETag of a content hash in an encoding: the first
// 64 bits of the SHA-256 in hex, with a suffix per encoding, since two
// encodings of a file are different representations (RFC 9110 §8.8.3).
func etagOf(sum [sha256.Size]byte, enc int) string {
	return `"` + hex.EncodeToString(sum[:8]) + etagSuffix[enc] + `"`
}

// Header values shared by every file.
const (
	allowMethods   = "GET, HEAD, OPTIONS"
	allowHeaders   = "Range, If-Match, If-None-Match, If-Modified-Since, If-Range, If-Unmodified-Since"
	exposeHeaders  = "ETag, Content-Range, Accept-Ranges, Content-Encoding"
	referrerPolicy = "strict-origin-when-cross-origin"
	cspCommon      = "default-src 'self'; img-src 'self' https: data:; media-src 'self' https:; frame-src https:; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
	styleSelf      = "style-src 'self'; "
	styleInline    = "style-src 'self' 'unsafe-inline'; "
	framedAnywhere = "frame-ancestors *"
	framedSameSite = "frame-ancestors 'self'"
)

// pageSecurity returns the security headers of an HTML page. A page may
// embed players from any https host (frame-src https:); it allows inline
// styles only when it has some; embed.html may be framed by any site, the
// other pages only by this one.
func pageSecurity(name string, body []byte) []header {
	style := styleSelf
	if hasInlineStyle(body) {
		style = styleInline
	}
	embed := strings.HasSuffix(name, "/embed.html")
	ancestors := framedSameSite
	if embed {
		ancestors = framedAnywhere
	}
	hs := []header{
		hdr("Content-Security-Policy", cspCommon+style+ancestors),
		hdr("Referrer-Policy", referrerPolicy),
	}
	if !embed {
		hs = append(hs, hdr("X-Frame-Options", "SAMEORIGIN"))
	}
	return hs
}

// hasInlineStyle tells whether an HTML page has a style element or
// attribute. It may be fooled by text that looks like one, and then
// allows inline styles for nothing: never the reverse.
func hasInlineStyle(body []byte) bool { return inlineStyle.Match(body) }

var inlineStyle = regexp.MustCompile(`(?i)<style|\sstyle\s*=`)

// prepareHeaders computes every header list of f from its fields.
// html is the page's body (nil for other files).
func (f *file) prepareHeaders(cacheControl string, html []byte) {
	base := []header{
		hdr("X-Content-Type-Options", "nosniff"),
		hdr("Cache-Control", cacheControl),
		hdr("Accept-Ranges", "bytes"),
	}
	f.styled = f.ctype == typeRSS || f.ctype == typeAtom
	if v := f.vary(); v != "" {
		base = append(base, hdr("Vary", v))
	}
	if f.cors {
		base = append(base, hdr("Access-Control-Allow-Origin", "*"), hdr("Access-Control-Expose-Headers", exposeHeaders))
	}
	if strings.HasPrefix(f.ctype, "text/html") {
		base = append(base, pageSecurity(f.name, html)...)
	}
	f.base = base
	// A 304 carries what a cache updates its stored response with (RFC
	// 9110 §15.4.5): Cache-Control, Vary and the ETag, plus CORS so that a
	// browser may use the revalidated response; the stored response keeps
	// its other headers.
	revalidation := []header{hdr("Cache-Control", cacheControl)}
	if v := f.vary(); v != "" {
		revalidation = append(revalidation, hdr("Vary", v))
	}
	if f.cors {
		revalidation = append(revalidation, hdr("Access-Control-Allow-Origin", "*"))
	}
	if !f.modTime.IsZero() {
		f.lastMod = f.modTime.Format(http.TimeFormat)
	}
	validators := func(etag string) []header {
		hs := []header{hdr("Etag", etag)}
		if f.lastMod != "" {
			hs = append(hs, hdr("Last-Modified", f.lastMod))
		}
		return hs
	}
	f.ranged = concat(base, []header{hdr("Content-Type", f.ctype)}, validators(f.reps[encIdentity].etag))
	for enc, r := range f.reps {
		if r == nil {
			continue
		}
		n := f.size
		if enc != encIdentity {
			n = int64(len(r.body))
		}
		full := []header{hdr("Content-Type", f.ctype), hdr("Content-Length", strconv.FormatInt(n, 10))}
		if enc != encIdentity {
			full = append(full, hdr("Content-Encoding", encNames[enc]))
		}
		r.full = concat(base, full, validators(r.etag))
		r.notModified = concat(revalidation, []header{hdr("Etag", r.etag)})
		r.fullHead = wireHead("200 OK", r.full, "")
		if f.styled {
			r.pageHead = wireHead("200 OK", r.full, typeXML)
		}
		r.notModifiedHead = wireHead("304 Not Modified", r.notModified, "")
	}
}

// wireHead writes a status line and the fields hs as HTTP/1.1 sends them;
// ctype, when set, replaces the Content-Type.
func wireHead(status string, hs []header, ctype string) []byte {
	b := append([]byte("HTTP/1.1 "), status...)
	b = append(b, "\r\n"...)
	for _, kv := range hs {
		for _, v := range kv.val {
			if ctype != "" && kv.key == "Content-Type" {
				v = ctype
			}
			b = append(b, kv.key...)
			b = append(b, ": "...)
			b = append(b, v...)
			b = append(b, "\r\n"...)
		}
	}
	return b[:len(b):len(b)]
}

func concat(lists ...[]header) []header {
	var out []header
	for _, l := range lists {
		out = append(out, l...)
	}
	return out[:len(out):len(out)]
}

// vary is the file's Vary header value, "" for none.
func (f *file) vary() string {
	compressed := f.have[encGzip] || f.have[encBrotli]
	switch {
	case f.negotiated && compressed:
		return "Accept, Sec-Fetch-Dest, Accept-Encoding"
	case f.negotiated:
		return "Accept, Sec-Fetch-Dest"
	case f.styled && compressed:
		return "Accept, Accept-Encoding"
	case f.styled:
		return "Accept"
	case compressed:
		return "Accept-Encoding"
	}
	return ""
}

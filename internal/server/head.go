package server

import (
	"bytes"
	"unsafe"
)

// The request heads the fast path answers itself (see fast.go). parseHead
// accepts only a plain, unambiguous HTTP/1.1 GET or HEAD of a path, and
// hands every other request to net/http: a head it does not take is never
// half-understood, it goes to the full parser unchanged. What it takes is
// a subset of what net/http accepts (FuzzParseHead checks this against
// http.ReadRequest).

// headState is parseHead's verdict.
type headState int

const (
	headIncomplete headState = iota // need more bytes
	headOK                          // a request the fast path may answer
	headHandoff                     // anything else: net/http answers it
)

// fastRequest is a request head parsed in place: its strings point into
// the connection's read buffer and are valid until the next read.
type fastRequest struct {
	head   bool   // HEAD rather than GET
	target string // request-target as sent: path and query
	path   string // target without the query
	close  bool   // Connection: close
	// The fields the handler reads, each at most once.
	ifNoneMatch, ifModifiedSince, acceptEncoding, accept, userAgent, secFetchDest string
	has                                                                           fieldSet
}

// fieldSet records which fields a head carries.
type fieldSet uint16

const (
	fieldHost fieldSet = 1 << iota
	fieldIfNoneMatch
	fieldIfModifiedSince
	fieldAcceptEncoding
	fieldAccept
	fieldConnection
	fieldUserAgent
	fieldSecFetchDest
)

// values returns v as a one-element list when field f was sent, nil
// otherwise: the shape of an http.Header value. one is the list's
// storage.
func (r *fastRequest) values(f fieldSet, v string, one *[1]string) []string {
	if r.has&f == 0 {
		return nil
	}
	one[0] = v
	return one[:]
}

// parseHead parses the request head at the start of b. With headOK it
// returns the request and the length of its head (request line, fields
// and the empty line); the strings of r point into b.
func parseHead(b []byte, r *fastRequest) (n int, st headState) {
	n, bareLF := headEnd(b)
	if n < 0 {
		return 0, headIncomplete
	}
	if bareLF {
		// Lines may end with a bare LF (RFC 9112 §2.2): net/http reads
		// those.
		return n, headHandoff
	}
	*r = fastRequest{}
	line, rest, _ := bytes.Cut(b[:n-2], crlf)
	// Request line: "GET /path HTTP/1.1" with single spaces (RFC 9112 §3).
	switch {
	case bytes.HasPrefix(line, []byte("GET ")):
		line = line[4:]
	case bytes.HasPrefix(line, []byte("HEAD ")):
		r.head = true
		line = line[5:]
	default:
		return n, headHandoff
	}
	target, proto, ok := bytes.Cut(line, []byte(" "))
	if !ok || string(proto) != "HTTP/1.1" || !validTarget(target) {
		return n, headHandoff
	}
	r.target = str(target)
	r.path = r.target
	if i := bytes.IndexByte(target, '?'); i >= 0 {
		r.path = r.target[:i]
	}
	// Fields: "name: value" (RFC 9112 §5), one per line, no folding.
	for len(rest) > 0 {
		line, rest, _ = bytes.Cut(rest, crlf)
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || !isToken(line[:colon]) {
			return n, headHandoff
		}
		val, ok := fieldValue(line[colon+1:])
		if !ok {
			return n, headHandoff
		}
		f, handoff := fieldOf(line[:colon])
		if handoff {
			return n, headHandoff
		}
		if f == 0 {
			continue // a field that changes nothing in the answer
		}
		if r.has&f != 0 {
			return n, headHandoff // sent twice: net/http merges them
		}
		r.has |= f
		switch f {
		case fieldHost:
			if !validHost(val) {
				return n, headHandoff
			}
		case fieldIfNoneMatch:
			r.ifNoneMatch = str(val)
		case fieldIfModifiedSince:
			r.ifModifiedSince = str(val)
		case fieldAcceptEncoding:
			r.acceptEncoding = str(val)
		case fieldAccept:
			r.accept = str(val)
		case fieldUserAgent:
			r.userAgent = str(val)
		case fieldSecFetchDest:
			r.secFetchDest = str(val)
		case fieldConnection:
			switch {
			case asciiEqualFold(val, "close"):
				r.close = true
			case asciiEqualFold(val, "keep-alive"):
			default:
				return n, headHandoff // upgrades and the like
			}
		}
	}
	if r.has&fieldHost == 0 {
		return n, headHandoff // net/http answers 400
	}
	return n, headOK
}

var crlf = []byte("\r\n")

// headEnd returns the length of the head at the start of b, its lines and
// the empty line that ends it, or -1 when b holds no whole head. A line
// ends with CRLF or with a bare LF; bareLF tells whether one did.
func headEnd(b []byte) (n int, bareLF bool) {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '\n')
		if j < 0 {
			return -1, bareLF
		}
		if j == 0 || b[i+j-1] != '\r' {
			bareLF = true
		}
		if j == 0 || j == 1 && b[i] == '\r' {
			return i + j + 1, bareLF
		}
		i += j + 1
	}
}

// hasTransferEncoding tells whether a whole head has a Transfer-Encoding
// field, whatever else it has.
func hasTransferEncoding(head []byte) bool {
	const name = "transfer-encoding:"
	_, rest, _ := bytes.Cut(head, []byte("\n")) // the request line
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		if len(line) >= len(name) && asciiEqualFold(line[:len(name)], name) {
			return true
		}
	}
	return false
}

// str returns the bytes of b as a string without copying; b must not
// change while the string is in use.
func str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// fieldOf classifies a field name: the fields the answer depends on, the
// ones the fast path leaves to net/http (a body, an upgrade, a range or a
// precondition other than If-None-Match and If-Modified-Since), and the
// rest (f == 0), which change nothing.
func fieldOf(name []byte) (f fieldSet, handoff bool) {
	switch len(name) {
	case 4:
		if asciiEqualFold(name, "host") {
			return fieldHost, false
		}
	case 5:
		return 0, asciiEqualFold(name, "range")
	case 6:
		if asciiEqualFold(name, "accept") {
			return fieldAccept, false
		}
		return 0, asciiEqualFold(name, "expect")
	case 7:
		return 0, asciiEqualFold(name, "upgrade") || asciiEqualFold(name, "trailer")
	case 8:
		return 0, asciiEqualFold(name, "if-match") || asciiEqualFold(name, "if-range")
	case 10:
		if asciiEqualFold(name, "connection") {
			return fieldConnection, false
		}
		if asciiEqualFold(name, "user-agent") {
			return fieldUserAgent, false
		}
	case 13:
		if asciiEqualFold(name, "if-none-match") {
			return fieldIfNoneMatch, false
		}
	case 14:
		if asciiEqualFold(name, "sec-fetch-dest") {
			return fieldSecFetchDest, false
		}
		return 0, asciiEqualFold(name, "content-length")
	case 15:
		if asciiEqualFold(name, "accept-encoding") {
			return fieldAcceptEncoding, false
		}
	case 17:
		if asciiEqualFold(name, "if-modified-since") {
			return fieldIfModifiedSince, false
		}
		return 0, asciiEqualFold(name, "transfer-encoding")
	case 19:
		return 0, asciiEqualFold(name, "if-unmodified-since")
	case 29:
		return 0, asciiEqualFold(name, "access-control-request-method")
	}
	return 0, false
}

// asciiEqualFold compares b with the lower-case ASCII string s, ignoring
// the case of b.
func asciiEqualFold[T []byte | string](b T, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(s) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// validTarget accepts an origin-form target (RFC 9112 §3.2.1) whose path
// needs no decoding and no cleaning: it starts with "/", has no "%", no
// "//" and no "." or ".." segment (such paths match no file of a
// snapshot, and net/http gives them its own answers). The query, if any,
// is printable ASCII without "#".
func validTarget(t []byte) bool {
	if len(t) == 0 || t[0] != '/' || len(t) > 2048 {
		return false
	}
	path, query, hasQuery := bytes.Cut(t, []byte("?"))
	for i, c := range path {
		if c >= 0x80 || !pathChar[c] {
			return false
		}
		if c == '/' && i+1 < len(path) && (path[i+1] == '/' || path[i+1] == '.') {
			return false // "//", "/." and "/.." (and dot-files, which match nothing)
		}
	}
	if hasQuery {
		for _, c := range query {
			if c <= ' ' || c >= 0x7f || c == '#' {
				return false
			}
		}
	}
	return true
}

// pathChar are the bytes of a path segment that need no escaping
// (RFC 3986 pchar without "%"), and "/".
var pathChar = alnumAnd("-._~!$&'()*+,;=:@/")

// isToken tells whether b is a field name: one or more tchar (RFC 9110
// §5.6.2).
func isToken(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 || !tchar[c] {
			return false
		}
	}
	return len(b) > 0
}

var tchar = alnumAnd("!#$%&'*+-.^_`|~")

// alnumAnd is the set of the ASCII letters and digits and of extra.
func alnumAnd(extra string) (t [128]bool) {
	for c := range 128 {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	for _, c := range extra {
		t[c] = true
	}
	return t
}

// fieldValue trims the optional white space around a field value and
// checks that it holds only visible characters, spaces and tabs (no
// control character, no byte above 0x7e: net/http and the fast path
// might read those differently).
func fieldValue(v []byte) ([]byte, bool) {
	for len(v) > 0 && (v[0] == ' ' || v[0] == '\t') {
		v = v[1:]
	}
	for len(v) > 0 && (v[len(v)-1] == ' ' || v[len(v)-1] == '\t') {
		v = v[:len(v)-1]
	}
	for _, c := range v {
		if (c < ' ' && c != '\t') || c >= 0x7f {
			return nil, false
		}
	}
	return v, true
}

// validHost accepts a plain host[:port] or [IPv6]:port.
func validHost(v []byte) bool {
	if len(v) == 0 || len(v) > 255 {
		return false
	}
	for _, c := range v {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_':
		default:
			return false
		}
	}
	return true
}

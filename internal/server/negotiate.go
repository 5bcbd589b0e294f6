package server

import "strings"

// Feed previews: the build writes beside each RSS and Atom document a
// preview page, "feed.xml" → "feed.xml.html" (pages.PreviewPath). A
// browser that opens the feed's URL gets that page, a feed reader or
// podcast app the feed's own bytes, on the same URL: proactive
// negotiation (RFC 9110 §12.1) on Accept and Sec-Fetch-Dest, so both
// answers carry "Vary: Accept, Sec-Fetch-Dest" (§12.5.5), and each has
// the ETag of its own bytes (§8.8.3), never the other's.
//
// A request gets the page when it is a browser's navigation:
//
//   - Sec-Fetch-Dest: document (or frame, iframe), which browsers send
//     with every navigation and only then (Fetch Metadata Request
//     Headers, §2.4); any other Sec-Fetch-Dest (a fetch() call: "empty")
//     gets the feed, whatever its Accept says;
//   - without Sec-Fetch-Dest (older browsers), an Accept that gives
//     text/html a higher weight than every feed type (RSS, Atom, JSON
//     Feed, application/xml, text/xml), each taken with its most
//     specific media range (RFC 9110 §12.5.1). Browsers send "text/html,...,application/xml;
//     q=0.9,*/*;q=0.8"; readers that list text/html at a lower weight, or
//     send */* or nothing, get the feed.

// previewSuffix is what the build appends to a feed's path to name its
// preview page.
const previewSuffix = ".html"

// pick returns the representation of f a request gets: f.page for a
// browser's navigation when f has a preview page; otherwise f, with xml
// true when the feed is to be sent as application/xml to a browser (a
// feed without a preview page, for its XSLT stylesheet).
func (f *file) pick(accept, dest []string) (g *file, xml bool) {
	if f.page == nil && !f.styled {
		return f, false
	}
	if !prefersPage(accept, dest) {
		return f, false
	}
	if f.page != nil {
		return f.page, false
	}
	return f, true
}

// prefersPage tells whether a request for a feed is a browser's
// navigation (see above).
func prefersPage(accept, dest []string) bool {
	if len(dest) > 0 {
		switch d := strings.TrimSpace(dest[0]); {
		case asciiEqualFold(d, "document"), asciiEqualFold(d, "iframe"), asciiEqualFold(d, "frame"):
			return true
		default:
			return false
		}
	}
	if len(accept) == 0 {
		return false // no Accept: any type (RFC 9110 §12.5.1)
	}
	html := quality(accept, "text", "html")
	for _, t := range feedTypes {
		if html <= quality(accept, t[0], t[1]) {
			return false
		}
	}
	return true
}

// feedTypes are the media types a feed is known by: a request that
// weighs text/html above every one of them wants a page.
var feedTypes = [...][2]string{
	{"application", "rss+xml"},
	{"application", "atom+xml"},
	{"application", "feed+json"},
	{"application", "xml"},
	{"text", "xml"},
}

// quality returns the weight, in thousandths, that the Accept field
// values give to the media type typ/sub with charset=utf-8: the weight of
// the most specific media range that matches it (a range with
// parameters, then type/subtype, type/*, */*), 0 when none does. Among
// ranges equally specific, the first wins. A malformed element is
// skipped. Matching is case-insensitive. It does not allocate.
func quality(accept []string, typ, sub string) int {
	best, bestSpec := 0, -1
	for _, v := range accept {
		for len(v) > 0 {
			var elem string
			elem, v = nextElement(v)
			spec, q, ok := matchRange(elem, typ, sub)
			if ok && spec > bestSpec {
				best, bestSpec = q, spec
			}
		}
	}
	return best
}

// nextElement splits the first element off a comma-separated list,
// minding quoted strings (RFC 9110 §5.6.1, §5.6.4).
func nextElement(v string) (elem, rest string) { return splitUnquoted(v, ',') }

// splitUnquoted splits v at its first sep outside a quoted string.
func splitUnquoted(v string, sep byte) (first, rest string) {
	quoted := false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case c == sep && !quoted:
			return v[:i], v[i+1:]
		}
	}
	return v, ""
}

// matchRange reads one Accept element, "type/subtype *( ; param )", and
// tells whether it matches typ/sub with charset=utf-8, how specifically
// (3 with parameters, 2 type/subtype, 1 type/*, 0 */*) and with which
// weight.
func matchRange(elem, typ, sub string) (spec, q int, ok bool) {
	elem = strings.TrimSpace(elem)
	rng, params, _ := strings.Cut(elem, ";")
	rng = strings.TrimSpace(rng)
	t, s, found := strings.Cut(rng, "/")
	if !found || t == "" || s == "" {
		return 0, 0, false
	}
	switch {
	case t == "*" && s == "*":
		spec = 0
	case s == "*":
		if !strings.EqualFold(t, typ) {
			return 0, 0, false
		}
		spec = 1
	default:
		if !strings.EqualFold(t, typ) || !strings.EqualFold(s, sub) {
			return 0, 0, false
		}
		spec = 2
	}
	q = 1000
	for params != "" {
		var p string
		p, params = nextParam(params)
		name, val, _ := strings.Cut(p, "=")
		name, val = strings.TrimSpace(name), strings.Trim(strings.TrimSpace(val), `"`)
		if name == "" {
			continue
		}
		if asciiEqualFold(name, "q") {
			// The weight ends the media range's parameters (RFC 9110
			// §12.5.1); what follows are extension parameters.
			w, good := parseQ(val)
			if !good {
				return 0, 0, false
			}
			return spec, w, true
		}
		if spec < 2 {
			return 0, 0, false // parameters on a wildcard: malformed
		}
		if !asciiEqualFold(name, "charset") || !asciiEqualFold(val, "utf-8") {
			return 0, 0, false // a parameter the representation lacks
		}
		spec = 3
	}
	return spec, q, true
}

// nextParam splits the first parameter off a ";"-separated list.
func nextParam(v string) (p, rest string) { return splitUnquoted(v, ';') }

// parseQ reads a qvalue (RFC 9110 §12.4.2): "0" to "1", at most three
// decimals, in thousandths.
func parseQ(s string) (int, bool) {
	if s == "" || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	w := int(s[0]-'0') * 1000
	if len(s) == 1 {
		return w, true
	}
	if s[1] != '.' || len(s) > 5 {
		return 0, false
	}
	scale := 100
	for _, c := range s[2:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		w += int(c-'0') * scale
		scale /= 10
	}
	if w > 1000 {
		return 0, false
	}
	return w, true
}

// linkPreviews gives each RSS and Atom feed of a snapshot its preview
// page, when the snapshot has one: a copy of the page at the feed's URL,
// with the headers of both made to vary on Accept and Sec-Fetch-Dest.
func linkPreviews(byName map[string]*file, files []*file) {
	for _, f := range files {
		if !f.styled {
			continue
		}
		pf := byName[f.name+previewSuffix]
		if pf == nil || pf.kind != kindPage || !strings.HasPrefix(pf.ctype, "text/html") {
			continue
		}
		g := &file{
			name: f.name, kind: pf.kind, ctype: pf.ctype, size: pf.size, hash: pf.hash,
			modTime: pf.modTime, have: pf.have, disk: pf.disk, negotiated: true,
		}
		for enc, r := range pf.reps {
			if r != nil {
				g.reps[enc] = &rep{body: r.body, etag: r.etag}
			}
		}
		var html []byte
		if pf.disk == nil {
			html = pf.reps[encIdentity].body
		}
		g.prepareHeaders(cacheControl(pf.name[1:], pf.kind, pf.ctype), html)
		f.page, f.negotiated = g, true
		f.prepareHeaders(cacheControl(f.name[1:], f.kind, f.ctype), nil)
	}
}

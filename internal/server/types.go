package server

import (
	"bytes"
	"path"
	"regexp"
	"strings"
)

// kind is what a file is for. It picks the caching and cross-origin rules
// and is the "route" label of the request metrics: a small fixed set, never
// raw paths.
type kind uint8

const (
	kindOther kind = iota
	kindFeed
	kindPage
	kindTranscript
	kindImage
	kindMedia
	numKinds
)

var kindNames = [numKinds]string{"other", "feed", "page", "transcript", "image", "media"}

func (k kind) String() string { return kindNames[k] }

// Content types by extension. Text types carry their charset: the build
// writes UTF-8 only. ".xml" and ".json" are decided by sniffContentType.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".vtt":         "text/vtt; charset=utf-8",
	".srt":         "application/x-subrip; charset=utf-8",
	".xsl":         "text/xsl; charset=utf-8",
	".opml":        "text/x-opml; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".webmanifest": "application/manifest+json; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".mp3":         "audio/mpeg",
	".m4a":         "audio/x-m4a",
	".m4b":         "audio/mp4",
	".aac":         "audio/aac",
	".ogg":         "audio/ogg",
	".oga":         "audio/ogg",
	".opus":        "audio/ogg",
	".flac":        "audio/flac",
	".wav":         "audio/wav",
	".mp4":         "video/mp4",
	".m4v":         "video/x-m4v",
	".mov":         "video/quicktime",
	".webm":        "video/webm",
	".pdf":         "application/pdf",
	".epub":        "application/epub+zip",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
}

const (
	typeRSS      = "application/rss+xml; charset=utf-8"
	typeAtom     = "application/atom+xml; charset=utf-8"
	typeXML      = "application/xml; charset=utf-8"
	typeJSONFeed = "application/feed+json; charset=utf-8"
	typeJSON     = "application/json; charset=utf-8"
	typeOctets   = "application/octet-stream"
)

// contentType returns the Content-Type of the file at name (a slash path)
// whose first bytes are head. XML is told apart by its root element (an
// RSS archive has the RSS type whatever its name), JSON by the JSON Feed
// version URL.
func contentType(name string, head []byte) string {
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".xml":
		switch xmlRoot(head) {
		case "rss":
			return typeRSS
		case "feed":
			return typeAtom
		case "opml":
			return contentTypes[".opml"]
		}
		switch path.Base(name) {
		case "feed.xml":
			return typeRSS
		case "atom.xml":
			return typeAtom
		}
		return typeXML
	case ".json":
		if path.Base(name) == "feed.json" || bytes.Contains(head, []byte("jsonfeed.org/version/")) {
			return typeJSONFeed
		}
		return typeJSON
	}
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	return typeOctets
}

// xmlRoot returns the local name of the first element in head, skipping
// the XML declaration, processing instructions (xml-stylesheet), comments
// and the doctype; "" when there is none.
func xmlRoot(head []byte) string {
	b := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for {
		i := bytes.IndexByte(b, '<')
		if i < 0 || i+1 >= len(b) {
			return ""
		}
		b = b[i+1:]
		switch b[0] {
		case '?', '!':
			continue
		}
		end := bytes.IndexAny(b, " \t\r\n/>")
		if end < 0 {
			return ""
		}
		name := string(b[:end])
		if j := strings.IndexByte(name, ':'); j >= 0 {
			name = name[j+1:]
		}
		return name
	}
}

// classify returns the kind of the file at name (a slash path) served
// with the content type ctype.
func classify(name, ctype string) kind {
	base := strings.ToLower(path.Base(name))
	ext := path.Ext(base)
	switch {
	case strings.HasPrefix(base, "transcript") || ext == ".vtt" || ext == ".srt":
		return kindTranscript
	case ctype == typeRSS || ctype == typeAtom || ctype == typeJSONFeed || ext == ".opml":
		return kindFeed
	case strings.HasPrefix(ctype, "text/html"):
		return kindPage
	case strings.HasPrefix(ctype, "image/"):
		return kindImage
	case strings.HasPrefix(ctype, "audio/") || strings.HasPrefix(ctype, "video/") || ext == ".pdf" || ext == ".epub":
		return kindMedia
	}
	return kindOther
}

// routeOf is the metrics route of a request for a path that matched no
// file: its kind guessed from the extension.
func routeOf(name string) kind {
	return classify(name, contentTypes[strings.ToLower(path.Ext(name))])
}

// compressible tells whether a content type is text that gzip and brotli
// shrink: feeds, HTML, JSON, JS, CSS, XML, XSL, SVG, VTT, SRT, text, OPML.
func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") ||
		strings.HasSuffix(strings.TrimSuffix(ctype, "; charset=utf-8"), "xml") ||
		strings.Contains(ctype, "json") ||
		ctype == "application/x-subrip; charset=utf-8"
}

// hashedName matches file names that carry a content hash, such as
// "app-3f2a9c1d.js" or "cover.3f2a9c1d.webp": eight or more lowercase hex
// digits after a "-" or "." and just before the extension. Such a name
// changes when the content does, so it may be cached for a year.
var hashedName = regexp.MustCompile(`[-.][0-9a-f]{8,}\.[A-Za-z0-9]+$`)

// Cache-Control values, one per rule.
const (
	cacheImmutable = "public, max-age=31536000, immutable"
	cacheShort     = "public, max-age=300"
	cacheHour      = "public, max-age=3600"
	cacheDay       = "public, max-age=86400"
)

// cacheControl is the Cache-Control of a file:
//
//   - a name carrying a content hash (see hashedName): a year, immutable;
//   - feeds, OPML, pages and anything else: 5 minutes, so that a new
//     episode shows up quickly;
//   - transcripts, scripts, style sheets and XSL: an hour;
//   - images and media: a day.
func cacheControl(name string, k kind, ctype string) string {
	if hashedName.MatchString(path.Base(name)) {
		return cacheImmutable
	}
	switch k {
	case kindTranscript:
		return cacheHour
	case kindImage, kindMedia:
		return cacheDay
	case kindOther:
		if strings.HasPrefix(ctype, "text/javascript") || strings.HasPrefix(ctype, "text/css") || strings.HasPrefix(ctype, "text/xsl") {
			return cacheHour
		}
	}
	return cacheShort
}

// allowCORS tells whether a file is sent with Access-Control-Allow-Origin:
// feeds, transcripts, images and media (read by web players on other
// sites), and widget.js; never pages.
func allowCORS(name string, k kind) bool {
	switch k {
	case kindFeed, kindTranscript, kindImage, kindMedia:
		return true
	}
	return path.Base(name) == "widget.js"
}

// Package filetype tells what a published file is: its Content-Type, its
// kind (feed, page, transcript, image, media) and its Cache-Control. The
// server and the upload targets share these rules, so that a show reads
// the same from feedcast itself, an object store or a static web server.
package filetype

import (
	"bytes"
	"mime"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/feedcast/feedcast/feed"
)

// Kind is what a file is for: it decides the upload order and the caching.
type Kind uint8

// Kinds in upload order: everything a feed or page points at goes first.
const (
	KindOther Kind = iota
	KindMedia
	KindImage
	KindTranscript
	KindPage
	KindFeed
)

// NumKinds is the number of kinds, for arrays indexed by Kind.
const NumKinds = int(KindFeed) + 1

var kindNames = [NumKinds]string{"other", "media", "image", "transcript", "page", "feed"}

func (k Kind) String() string { return kindNames[k] }

// Content types by extension. Text types carry their charset: the build
// writes UTF-8 only. ".xml" and ".json" are decided by contentType.
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
	charset    = "; charset=utf-8"
	typeXML    = "application/xml" + charset
	typeJSON   = "application/json" + charset
	typeOctets = "application/octet-stream"
)

// feedTypes maps a feed format's file name ("feed.xml") and root element
// ("rss", "feed") to its Content-Type.
var feedTypes = func() map[string]string {
	m := map[string]string{}
	for _, f := range feed.Formats() {
		m[f.File] = f.MediaType + charset
	}
	m["rss"] = feed.RSS.MediaType + charset
	m["feed"] = feed.Atom.MediaType + charset
	m["opml"] = contentTypes[".opml"]
	return m
}()

// ContentType returns the Content-Type of the file at key (a slash path)
// whose first bytes are head. XML is told apart by its root element (an
// RSS archive has the RSS type whatever its name), JSON by the file name
// or the JSON Feed version URL.
func ContentType(key string, head []byte) string {
	base := path.Base(key)
	if t, ok := feedTypes[base]; ok {
		return t
	}
	switch ext := strings.ToLower(path.Ext(base)); ext {
	case ".xml":
		if t, ok := feedTypes[xmlRoot(head)]; ok {
			return t
		}
		return typeXML
	case ".json":
		if bytes.Contains(head, []byte("jsonfeed.org/version/")) {
			return feedTypes[feed.JSON.File]
		}
		return typeJSON
	default:
		if t, ok := contentTypes[ext]; ok {
			return t
		}
	}
	return typeOctets
}

// xmlRoot returns the local name of the first element in head, skipping
// the XML declaration, processing instructions, comments and the doctype;
// "" when there is none.
func xmlRoot(head []byte) string {
	b := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for {
		i := bytes.IndexByte(b, '<')
		if i < 0 || i+1 >= len(b) {
			return ""
		}
		b = b[i+1:]
		if b[0] == '?' || b[0] == '!' {
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

// KindOf returns the kind of the file at key served as ctype.
func KindOf(key, ctype string) Kind {
	base := strings.ToLower(path.Base(key))
	ext := path.Ext(base)
	mt, _, _ := mime.ParseMediaType(ctype)
	switch {
	case strings.HasPrefix(base, "transcript") || ext == ".vtt" || ext == ".srt":
		return KindTranscript
	case mt == feed.RSS.MediaType || mt == feed.Atom.MediaType || mt == feed.JSON.MediaType || ext == ".opml":
		return KindFeed
	case mt == "text/html":
		return KindPage
	case strings.HasPrefix(mt, "image/"):
		return KindImage
	case strings.HasPrefix(mt, "audio/") || strings.HasPrefix(mt, "video/") || ext == ".pdf" || ext == ".epub":
		return KindMedia
	}
	return KindOther
}

// hashedName matches file names that carry a content hash, such as
// "app-3f2a9c1d.js", "cover.3f2a9c1d.webp" or the build's image
// renditions "wide-0110275953.jpg": eight or more lowercase hex digits
// after a "-" or "." and just before the extension.
var hashedName = regexp.MustCompile(`[-.]([0-9a-f]{8,})\.[A-Za-z0-9]+$`)

// HasHashInName reports whether the base name of key carries a content
// hash. A run of digits only is a hash too (one hash in a hundred of ten
// hex digits has no letter), unless it reads as a date or a time, which
// names a file that may still change: it starts with a date YYYYMMDD
// ("s2e7-20240105.mp3", "rec-202401051230.mp3"), or it is a Unix time
// of ten or thirteen digits starting with 1 ("rec-1704412800.mp3"). A
// hash taken for a date only gets a shorter cache.
func HasHashInName(key string) bool {
	m := hashedName.FindStringSubmatch(path.Base(key))
	if m == nil {
		return false
	}
	h := m[1]
	if strings.ContainsAny(h, "abcdef") {
		return true
	}
	if _, err := time.Parse("20060102", h[:8]); err == nil && (h[:2] == "19" || h[:2] == "20") {
		return false
	}
	if (len(h) == 10 || len(h) == 13) && h[0] == '1' {
		return false
	}
	return true
}

// Cache-Control values, one per rule.
const (
	CacheImmutable = "public, max-age=31536000, immutable"
	CacheShort     = "public, max-age=300"
	CacheHour      = "public, max-age=3600"
	CacheDay       = "public, max-age=86400"
)

// CacheControl is the Cache-Control of a file:
//
//   - a name carrying a content hash (see HasHashInName): a year, immutable;
//   - feeds, OPML, pages and anything else: 5 minutes, so that a new
//     episode shows up quickly;
//   - transcripts, scripts, style sheets and XSL: an hour;
//   - images and media: a day.
func CacheControl(key string, k Kind, ctype string) string {
	if HasHashInName(key) {
		return CacheImmutable
	}
	switch k {
	case KindTranscript:
		return CacheHour
	case KindImage, KindMedia:
		return CacheDay
	case KindOther:
		if strings.HasPrefix(ctype, "text/javascript") || strings.HasPrefix(ctype, "text/css") || strings.HasPrefix(ctype, "text/xsl") {
			return CacheHour
		}
	}
	return CacheShort
}

// IsFeedType reports whether ctype is that of a feed document that
// subscribers and WebSub hubs follow: an RSS, Atom or JSON feed (not OPML).
func IsFeedType(ctype string) bool {
	mt, _, _ := mime.ParseMediaType(ctype)
	return mt == feed.RSS.MediaType || mt == feed.Atom.MediaType || mt == feed.JSON.MediaType
}

// Compressible tells whether a Content-Type is text that gzip and brotli
// shrink: feeds, HTML, JSON, JS, CSS, XML, XSL, SVG, VTT, SRT, text, OPML.
func Compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") ||
		strings.HasSuffix(strings.TrimSuffix(ctype, charset), "xml") ||
		strings.Contains(ctype, "json") ||
		ctype == "application/x-subrip"+charset
}

// Stage is the step in which a file is put in place, by the build's
// output writer (renamed into the output folder) and by a publish
// (uploaded to a target) alike: every file a page or a feed points at is
// in place before it. Deletions go in the reverse order.
type Stage uint8

// Stages, in the order their files are put in place.
const (
	StageAsset   Stage = iota // media, images, transcripts, static files
	StagePage                 // the pages
	StageArchive              // archive pages of the feeds (RFC 5005), which a feed links
	StageFeed                 // the feeds people subscribe to, and the OPML list of them
)

// NumStages is the number of stages, for arrays indexed by Stage.
const NumStages = int(StageFeed) + 1

var stageNames = [NumStages]string{"asset", "page", "archive", "feed"}

func (s Stage) String() string { return stageNames[s] }

// StageOf returns the stage of the file at key (a slash path) served as
// ctype.
func StageOf(key, ctype string) Stage {
	switch KindOf(key, ctype) {
	case KindPage:
		return StagePage
	case KindFeed:
		if isArchive(key) {
			return StageArchive
		}
		return StageFeed
	}
	return StageAsset
}

// isArchive reports whether key is in an archive page's folder,
// "archive/<n>/" (the build's layout of RFC 5005 archives).
func isArchive(key string) bool {
	dir := path.Dir(key)
	n := path.Base(dir)
	if n == "" || strings.Trim(n, "0123456789") != "" {
		return false
	}
	return path.Base(path.Dir(dir)) == "archive"
}

package server

import (
	"github.com/feedcast/feedcast/internal/filetype"
	"path"
)

// kind is what a file is for (filetype.Kind). It picks the caching and
// cross-origin rules and is the "route" label of the request metrics: a
// small fixed set, never raw paths.
type kind = filetype.Kind

const (
	kindOther      = filetype.KindOther
	kindFeed       = filetype.KindFeed
	kindPage       = filetype.KindPage
	kindTranscript = filetype.KindTranscript
	kindImage      = filetype.KindImage
	kindMedia      = filetype.KindMedia
	numKinds       = filetype.NumKinds
)

const (
	typeRSS      = "application/rss+xml; charset=utf-8"
	typeAtom     = "application/atom+xml; charset=utf-8"
	typeXML      = "application/xml; charset=utf-8"
	typeJSONFeed = "application/feed+json; charset=utf-8"
	typeJSON     = "application/json; charset=utf-8"
	typeOctets   = "application/octet-stream"
)

// The rules of what a file is and how it is cached are filetype's,
// shared with the upload targets.
var (
	contentType  = filetype.ContentType
	classify     = filetype.KindOf
	compressible = filetype.Compressible
	cacheControl = filetype.CacheControl
)

// routeOf is the metrics route of a request for a path that matched no
// file: its kind guessed from the extension.
func routeOf(name string) kind { return classify(name, contentType(name, nil)) }

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

package publish

import "github.com/feedcast/feedcast/internal/filetype"

// stage is the upload step of a kind of file: 0 for files (media, images,
// transcripts, others), 1 for pages, 2 for feeds, so that a feed or a page
// never points at a file not uploaded yet.
func stage(k filetype.Kind) int {
	switch k {
	case filetype.KindPage:
		return 1
	case filetype.KindFeed:
		return 2
	}
	return 0
}

// IsFeed reports whether o is a feed document that subscribers and
// WebSub hubs follow: an RSS, Atom or JSON feed (not OPML).
func IsFeed(o Object) bool { return filetype.IsFeedType(o.ContentType) }

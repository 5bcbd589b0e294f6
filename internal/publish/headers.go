package publish

import "github.com/feedcast/feedcast/internal/filetype"

// IsFeed reports whether o is a feed document that subscribers and
// WebSub hubs follow: an RSS, Atom or JSON feed (not OPML).
func IsFeed(o Object) bool { return filetype.IsFeedType(o.ContentType) }

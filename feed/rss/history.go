package rss

import "github.com/feedcast/feedcast/feed"

// history holds the RFC 5005 elements of the channel: fh:complete on a
// complete feed, fh:archive on an archive page. Both are empty elements.
//
// Spec: https://www.rfc-editor.org/rfc/rfc5005 (Appendix B: RSS 2.0)
type history struct {
	Complete *empty `xml:"fh:complete"`
	Archive  *empty `xml:"fh:archive"`
}

type empty struct{}

func newHistory(h feed.History) history {
	var out history
	switch {
	case h.Archive:
		out.Archive = &empty{}
	case h.Complete && !h.Paged():
		out.Complete = &empty{}
	}
	return out
}

// historyLinks returns the channel's links to the other documents of an
// archived feed: the subscription document (current), the next older
// archive page (prev-archive) and the next newer one (next-archive). A
// complete feed has none (W3C FeedRelInCompleteFeed).
//
// Spec: https://www.rfc-editor.org/rfc/rfc5005#section-4
func historyLinks(h feed.History) []atomLink {
	if h.Complete && !h.Paged() {
		return nil
	}
	var links []atomLink
	for _, l := range []struct {
		rel  string
		urls map[string]string
	}{{"current", h.Current}, {"prev-archive", h.Prev}, {"next-archive", h.Next}} {
		if u := text(l.urls[feed.RSS.Name]); u != "" {
			links = append(links, atomLink{Href: u, Rel: l.rel, Type: feed.RSS.MediaType})
		}
	}
	return links
}

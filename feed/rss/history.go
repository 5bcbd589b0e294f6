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

// historyLinks returns the channel's RFC 5005 links (feed.History.Links),
// as atom:link elements.
func historyLinks(h feed.History) []atomLink {
	var links []atomLink
	for _, l := range h.Links(feed.RSS) {
		if u := text(l.URL); u != "" {
			links = append(links, atomLink{Href: u, Rel: l.Rel, Type: feed.RSS.MediaType})
		}
	}
	return links
}

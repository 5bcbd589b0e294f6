package atom

import "github.com/feedcast/feedcast/feed"

// historyLinks returns the feed's links to the other documents of an
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
		if u := clean(l.urls[feed.Atom.Name]); u != "" {
			links = append(links, atomLink{Rel: l.rel, Type: feed.Atom.MediaType, Href: u})
		}
	}
	return links
}

package atom

import "github.com/feedcast/feedcast/feed"

// historyLinks returns the feed's RFC 5005 links (feed.History.Links).
func historyLinks(h feed.History) []atomLink {
	var links []atomLink
	for _, l := range h.Links(feed.Atom) {
		if u := clean(l.URL); u != "" {
			links = append(links, atomLink{Rel: l.Rel, Type: feed.Atom.MediaType, Href: u})
		}
	}
	return links
}

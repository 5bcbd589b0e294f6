package site

import (
	"errors"
	"fmt"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/cache"
	"github.com/feedcast/feedcast/internal/pages"
)

// previewFormats are the formats whose documents get a preview page: the
// XML feeds, which a browser shows as raw XML without XSLT. Browsers
// show JSON as text, which is how a JSON feed is read.
var previewFormats = [...]feed.Format{feed.RSS, feed.Atom}

// writePreviews writes the preview page of every RSS and Atom document,
// beside it (pages.PreviewPath): the page `feedcast serve` sends to a
// browser that opens the feed. A preview made from the same document
// and site as the one in the output folder is not made again.
func (s *site) writePreviews(site *pages.Site, siteKey key, docs []*doc, static func(string) bool) error {
	errs := make([]error, len(docs))
	forEach(len(docs), func(i int) {
		errs[i] = s.writeDocPreviews(site, siteKey, docs[i], static)
	})
	return errors.Join(errs...)
}

func (s *site) writeDocPreviews(site *pages.Site, siteKey key, d *doc, static func(string) bool) error {
	dk := d.key
	var f *feed.Feed
	for _, format := range previewFormats {
		p := pages.PreviewPath(d.dir() + format.File)
		if static(p) {
			continue
		}
		var k key
		if dk != (key{}) && siteKey != (key{}) {
			k = cache.Digest("preview", siteKey, dk, format.Name)
		}
		if s.out.Keep(p, k) {
			continue
		}
		if f == nil {
			f = d.feed(s, nil)
		}
		slugs := make([]string, len(d.entries))
		for i, en := range d.entries {
			slugs[i] = en.slug
		}
		set := previewSet(site, d.g.dir, s.urls(d.g.dir))
		b, err := pages.Preview(site, pages.PreviewDoc{Feed: f, Format: format, Set: set, Slugs: slugs})
		if err != nil {
			return fmt.Errorf("preview %s: %w", p, err)
		}
		if s.out.Planned(p) {
			return fmt.Errorf("preview %s: the path is also a feed, page, transcript or image", p)
		}
		if err := s.out.Put(p, k, b); err != nil {
			return err
		}
	}
	return nil
}

// previewSet returns the feed set of the site whose documents are in the
// folder of urls, by their URLs.
func previewSet(site *pages.Site, dir string, urls map[string]string) pages.FeedSet {
	for _, set := range site.Feeds {
		if set.RSS == urls[feed.RSS.Name] {
			return set
		}
	}
	for _, sh := range site.Shows {
		if sh.Feeds.RSS == urls[feed.RSS.Name] {
			return sh.Feeds
		}
	}
	return pages.FeedSet{Kind: pages.KindShow, Name: dir, RSS: urls[feed.RSS.Name], Atom: urls[feed.Atom.Name], JSON: urls[feed.JSON.Name]}
}

package site

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"regexp"
	"sort"
	"strings"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/artwork"
	"github.com/feedcast/feedcast/internal/cache"
	"github.com/feedcast/feedcast/internal/pages"
)

// pageBatch is how many episode pages are rendered at once: their HTML is
// read from the blob store for the batch only.
const pageBatch = 256

// writePages writes the pages people read: the home page, one page per
// episode, one per series and per tag (paged), the 404 page, the OPML
// list, the feeds' XSL and CSS style sheets, the widget, and the preview
// page of each RSS and Atom document. A file
// of the static folder at the same path replaces a page. An episode page
// made from the same inputs as the one in the output folder (its
// rendering, its chapters, its neighbours' titles, the show's feeds) is
// not made again, nor a list page (a series', a tag's, a show's) made
// from the same episodes (listKeys); the other pages are made every time.
func (s *site) writePages(groups []*group, docs []*doc, entries []*entry) error {
	site := &pages.Site{Lang: s.cfg.Language, BaseURL: s.cfg.BaseURL, Directories: pages.Directories(s.cfg.Directories)}
	// Each group's episodes as indexes in the site's, for the list pages.
	index := make(map[*entry]int, len(entries))
	for i, en := range entries {
		index[en] = i
	}
	// The list pages' groups, with their episodes as on the pages.
	var lists []list
	for _, g := range groups {
		if g.show != nil && g.name == "" {
			sh := s.showPage(g, index)
			site.Shows = append(site.Shows, sh)
			lists = append(lists, list{g, sh.Episodes})
			continue
		}
		set := pages.FeedSet{Kind: pages.KindShow, Name: s.cfg.Title, Count: len(g.entries)}
		if g.name != "" {
			set.Name = g.name
			set.Slug = g.dir[strings.IndexByte(g.dir, '/')+1 : len(g.dir)-1]
			set.Kind = pages.KindSeries
			if strings.HasPrefix(g.dir, "tags/") {
				set.Kind = pages.KindTag
			}
			if g.show != nil {
				set.Show = g.show.Title // as its feeds are titled (site.feed)
			}
			set.Episodes = make([]int, 0, len(g.entries))
			for _, en := range g.entries {
				if i, ok := index[en]; ok {
					set.Episodes = append(set.Episodes, i)
				}
			}
		}
		u := s.urls(g.dir)
		set.RSS, set.Atom, set.JSON = u[feed.RSS.Name], u[feed.Atom.Name], u[feed.JSON.Name]
		site.Feeds = append(site.Feeds, set)
		if g.name != "" {
			lists = append(lists, list{g, set.Episodes})
		}
	}
	show := s.feed(groups[0])
	// The pages list every episode, those the top-level feeds leave out
	// (network_feed) too.
	show.Items = make([]*feed.Item, len(entries))
	for i, en := range entries {
		show.Items[i] = en.item
	}
	site.Show = show
	site.Episodes = make([]pages.Episode, len(entries))
	for i, en := range entries {
		site.Episodes[i] = pages.Episode{Item: en.item, Slug: en.slug}
	}
	static := func(p string) bool { return s.staticTree.has(p) }
	var err error
	if site.Icon, site.TouchIcon, err = s.writeIcons(static); err != nil {
		return err
	}
	siteKey := s.siteKey(site)

	listKeys := s.listKeys(siteKey, lists, entries)

	// Episode pages to make: their key changed, or their file is not
	// there. The keys on every core, in chunks.
	keys := make([]key, len(entries))
	remake := make([]bool, len(entries))
	forEach((len(entries)+hashChunk-1)/hashChunk, func(c int) {
		for i := c * hashChunk; i < min((c+1)*hashChunk, len(entries)); i++ {
			keys[i] = s.pageKey(siteKey, entries, i)
			p := "episodes/" + entries[i].slug + "/index.html"
			remake[i] = !static(p) && !s.out.Keep(p, keys[i])
		}
	})
	var todo []int
	for i, m := range remake {
		if m {
			todo = append(todo, i)
		}
	}
	// The feeds' preview pages, while the shared pages, then the episode
	// pages in batches, are made on every core.
	previews := make(chan error, 1)
	go func() { previews <- s.writePreviews(site, siteKey, docs, static) }()
	batches := [][]int{nil}
	for len(todo) > 0 {
		n := min(pageBatch, len(todo))
		batches = append(batches, todo[:n])
		todo = todo[n:]
	}
	errs := make([]error, len(batches))
	forEach(len(batches), func(b int) {
		errs[b] = s.pageBatch(site, entries, keys, listKeys, batches[b], b == 0, static)
	})
	errs = append(errs, <-previews)
	return errors.Join(errs...)
}

// showPage is the page of a show of the content folder: its feeds, its
// artwork's renditions (the top level's when it has none of its own),
// and its episodes as indexes in the site's, every one of them, also
// those its feeds leave out past feed_limit.
func (s *site) showPage(g *group, index map[*entry]int) pages.Show {
	sh := g.show
	u := s.urls(g.dir)
	p := pages.Show{
		Feeds:       pages.FeedSet{Kind: pages.KindShow, Name: sh.Title, Slug: sh.slug, RSS: u[feed.RSS.Name], Atom: u[feed.Atom.Name], JSON: u[feed.JSON.Name], Count: len(g.entries)},
		Description: sh.Description,
		Lang:        sh.Language,
		HomePage:    sh.Link,
		Directories: pages.Directories(sh.Directories),
		Episodes:    make([]int, 0, len(g.entries)),
	}
	pics := sh.pictures
	if pics == nil {
		pics = s.showPictures
	}
	if pics != nil {
		p.Artwork, p.Thumb = pics.square, pics.small
	}
	for _, en := range g.entries {
		if i, ok := index[en]; ok {
			p.Episodes = append(p.Episodes, i)
		}
	}
	return p
}

// pageBatch renders the episode pages of batch (or, when shared, every
// page but the episode pages) and writes them.
func (s *site) pageBatch(site *pages.Site, entries []*entry, keys []key, lists map[string]key, batch []int, shared bool, static func(string) bool) error {
	want := map[string]key{}
	local := *site
	if len(batch) > 0 {
		local.Episodes = append([]pages.Episode(nil), site.Episodes...)
		for _, i := range batch {
			en := entries[i]
			it := *en.item
			html, err := s.blobs.Text(en.parts[cache.PartPage])
			if err != nil {
				return err
			}
			it.ContentHTML = html
			ep := pages.Episode{Item: &it, Slug: en.slug, Chapters: en.pageChapters}
			if !en.chaptersRead {
				// Taken from the cache, whose diagnostics already say
				// what was wrong with the chapters.
				ep.Chapters = pageChapters(s.loadChapters(en, func(string, error) {}))
			}
			if en.transcript {
				t, err := s.blobs.Text(en.parts[cache.PartTranscript])
				if err != nil {
					return err
				}
				ep.TranscriptHTML = template.HTML(t)
			}
			local.Episodes[i] = ep
			want["episodes/"+en.slug+"/index.html"] = keys[i]
		}
	}
	local.Only = func(p string) bool {
		if static(p) {
			return false
		}
		if _, ok := want[p]; ok {
			return true
		}
		if !shared || strings.HasPrefix(p, "episodes/") {
			return false
		}
		// A list page made from the same inputs is kept.
		if k, ok := lists[p]; ok {
			if s.out.Keep(p, k) {
				return false
			}
			want[p] = k
		}
		return true
	}
	files, err := pages.Files(&local)
	if err != nil {
		return fmt.Errorf("pages: %w", err)
	}
	s.pagesMade.Add(int64(len(files)))
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if s.out.Planned(p) {
			return fmt.Errorf("pages: %s is also a feed, transcript or image", p)
		}
		k, ok := want[p]
		if !ok {
			k = cache.Digest("file", files[p])
		}
		if err := s.out.Put(p, k, files[p]); err != nil {
			return err
		}
	}
	return nil
}

// Output paths of the site's icons, made from the show's artwork.
const (
	iconPath      = "icon-32.png"
	touchIconPath = "apple-touch-icon.png"
)

// writeIcons writes the site's icons, made from the show's artwork of
// the static folder, and returns their URLs; a file of the static folder
// at the same path is linked as it is. Icons from the same artwork are
// not made again. Without artwork, or when it cannot be read, there is
// no icon (the artwork's own warning says why).
func (s *site) writeIcons(static func(string) bool) (icon, touch string, err error) {
	ref, _, ok := s.showArtworkSource()
	if !ok {
		return "", "", nil
	}
	src := s.imageKey(ref)
	var data []byte
	var proc *artwork.Processor
	urls := []string{}
	for _, x := range []struct {
		path string
		side int
	}{{iconPath, artwork.IconSmall}, {touchIconPath, artwork.IconTouch}} {
		k := cache.Digest("icon", src, x.side)
		if static(x.path) || (src != (key{}) && s.out.Keep(x.path, k)) {
			urls = append(urls, s.url(x.path))
			continue
		}
		if data == nil {
			if data, err = s.readSource(ref); err != nil {
				return "", "", nil
			}
			if proc, err = artwork.New(s.artworkOptions()); err != nil {
				return "", "", nil
			}
		}
		b, err := proc.Icon(context.Background(), data, x.side)
		if err != nil {
			return "", "", nil
		}
		if src == (key{}) {
			k = cache.Digest("file", b)
		}
		if err := s.out.Put(x.path, k, b); err != nil {
			return "", "", err
		}
		urls = append(urls, s.url(x.path))
	}
	return urls[0], urls[1], nil
}

// siteKey is the key of what every episode page shows of the site: the
// settings, the show's artwork, and the show's feeds (without their
// counts, which episode pages do not show).
func (s *site) siteKey(site *pages.Site) key {
	parts := []any{s.keys.pages, picturesKey(s.showPictures), site.Show.Title, site.Icon, site.TouchIcon}
	for _, f := range site.Feeds {
		parts = append(parts, f.Kind, f.Name, f.Slug, f.Show, f.RSS, f.Atom, f.JSON)
	}
	// An episode page of a show links it and has its feeds and directory
	// pages; which show is an episode's follows from its path and the
	// shows' folders.
	for _, sh := range site.Shows {
		f := sh.Feeds
		parts = append(parts, "show", f.Name, f.Slug, f.RSS, f.Atom, f.JSON, sh.Lang, fmt.Sprint(sh.Directories))
	}
	for _, sh := range s.shows {
		parts = append(parts, sh.File, sh.slug)
	}
	return cache.Digest(parts...)
}

// list is a group with list pages (a series', a tag's or a show's), and
// its episodes as indexes in the site's, in the pages' order.
type list struct {
	g        *group
	episodes []int
}

// listKeys returns the key of each list page by its output path: the
// site, the group, its show, its size, the page's number, and the
// renderings and slugs of the episodes on that page, which are all its
// cards show. A change to one episode thus makes its own list pages again,
// not the others of its series. A page with an episode of unknown key
// has none: it is made every time.
func (s *site) listKeys(siteKey key, lists []list, entries []*entry) map[string]key {
	keys := map[string]key{}
	for _, l := range lists {
		g, n := l.g, len(l.episodes)
		base := []any{siteKey, "list", g.dir, g.name, len(g.entries), n}
		if g.show != nil {
			base = append(base, g.show.key)
		}
	page:
		for k := 1; k <= pages.ListPages(n); k++ {
			lo, hi := pages.ListRange(n, k)
			parts := make([]any, 0, len(base)+1+2*(hi-lo))
			parts = append(append(parts, base...), k)
			for _, i := range l.episodes[lo:hi] {
				en := entries[i]
				if en.key == (key{}) {
					continue page
				}
				parts = append(parts, en.key, en.slug)
			}
			keys[pages.ListPath(g.dir, k)] = cache.Digest(parts...)
		}
	}
	return keys
}

// pageKey is the key of the page of entries[i]: the site, the episode's
// rendering, its chapters (the page lists the chapters file's), and its
// neighbours' titles and slugs (the pager).
func (s *site) pageKey(siteKey key, entries []*entry, i int) key {
	en := entries[i]
	if en.key == (key{}) {
		return key{}
	}
	parts := []any{siteKey, en.key, en.chapters}
	for _, j := range []int{i - 1, i + 1} {
		if j >= 0 && j < len(entries) {
			parts = append(parts, entries[j].slug, entries[j].item.Title)
		} else {
			parts = append(parts, "")
		}
	}
	return cache.Digest(parts...)
}

// transcriptHeading matches the heading (and the section the transcript
// shortcode opens) left once the transcript is cut out of an episode body.
var transcriptHeading = regexp.MustCompile(`(?is)(<section class="transcript">\s*)?<h2[^>]*>\s*Transcription[^<]*</h2>\s*(</section>)?`)

// withoutTranscript returns the episode body without its transcript, when
// the transcript can be found in it as it is.
func withoutTranscript(body, transcript string) string {
	i := strings.Index(body, transcript)
	if transcript == "" || i < 0 {
		return body
	}
	before, after := body[:i], body[i+len(transcript):]
	// Drop the heading just before the transcript, and an emptied section.
	if loc := transcriptHeading.FindAllStringIndex(before, -1); len(loc) > 0 {
		last := loc[len(loc)-1]
		if strings.TrimSpace(before[last[1]:]) == "" {
			before = before[:last[0]]
			if strings.HasPrefix(strings.TrimSpace(after), "</section>") && strings.Contains(body[last[0]:last[1]], "<section") {
				after = strings.TrimPrefix(strings.TrimSpace(after), "</section>")
			}
		}
	}
	return before + after
}

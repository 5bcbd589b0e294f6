package site

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/cache"
)

// Feeds that stay small: each feed (the show's, a series', a tag's) is an
// archived feed (RFC 5005 §4) when it has more than cfg.FeedLimit
// episodes. Its subscription document holds the latest FeedLimit
// episodes; archive pages hold the older ones, FeedLimit each, counted
// from the oldest: archive/1/ holds episodes 1 to N, archive/2/ N+1 to
// 2N, and so on. A page appears once it is full and some of its episodes
// are no longer in the subscription document; then it does not change
// when episodes are added, and is not written again (but for the
// next-archive link the newest page gets when a newer one appears). A
// feed of at most FeedLimit episodes, or with FeedLimit 0, is one
// complete document (fh:complete).

// doc is one document of a feed, in every format.
type doc struct {
	g *group
	// page is 0 for the subscription document, k for archive page k.
	page    int
	pages   int // the feed's number of archive pages
	entries []*entry
	key     key // docKey, zero when unknown
}

// archiveDir is the folder of a feed's archive page k.
func archiveDir(g *group, k int) string {
	return g.dir + "archive/" + strconv.Itoa(k) + "/"
}

// dir is the folder of the document's files.
func (d *doc) dir() string {
	if d.page == 0 {
		return d.g.dir
	}
	return archiveDir(d.g, d.page)
}

// docs splits each group into its documents.
func (s *site) docs(groups []*group) []*doc {
	var out []*doc
	limit := s.cfg.FeedLimit
	for _, g := range groups {
		m := len(g.entries)
		if limit <= 0 || m <= limit {
			out = append(out, &doc{g: g, entries: g.entries})
			continue
		}
		pages := (m - 1) / limit
		out = append(out, &doc{g: g, pages: pages, entries: g.entries[:limit]})
		for k := 1; k <= pages; k++ {
			// Oldest first, page k holds the episodes (k-1)N to kN-1;
			// entries are newest first.
			out = append(out, &doc{g: g, page: k, pages: pages, entries: g.entries[m-k*limit : m-(k-1)*limit]})
		}
	}
	for _, d := range out {
		d.key = s.docKey(d)
	}
	return out
}

// urls returns the URLs of the documents of folder dir in every format.
func (s *site) urls(dir string) map[string]string {
	m := make(map[string]string, len(writers))
	for _, w := range writers {
		m[w.format.Name] = s.url(dir + w.format.File)
	}
	return m
}

// feed returns the document as a feed.
func (d *doc) feed(s *site, frags feed.ItemCache) *feed.Feed {
	f := s.feed(d.g)
	f.Items = make([]*feed.Item, len(d.entries))
	for i, en := range d.entries {
		f.Items[i] = en.item
	}
	f.Updated = newest(f.Items)
	f.Fragments = frags
	switch {
	case d.pages == 0:
		f.History.Complete = true
	case d.page == 0:
		f.History.Prev = s.urls(archiveDir(d.g, d.pages))
	default:
		f.URLs = s.urls(d.dir())
		f.History.Archive = true
		f.History.Current = s.urls(d.g.dir)
		if d.page > 1 {
			f.History.Prev = s.urls(archiveDir(d.g, d.page-1))
		}
		if d.page < d.pages {
			f.History.Next = s.urls(archiveDir(d.g, d.page+1))
		} else {
			// The newest page's next document is the subscription
			// document, which holds the items that follow its own (RFC
			// 5005 §4: consumers walk prev-archive from there, so this
			// link makes no loop). Without it, a feed's only archive page
			// would link neither way, which the W3C validator reports as
			// ArchiveIncomplete.
			f.History.Next = s.urls(d.g.dir)
		}
	}
	return f
}

// docKey is the key of a document: the settings, the show's artwork, the
// feed, its place in the history and the keys of its items.
func (s *site) docKey(d *doc) key {
	parts := make([]any, 0, 8+len(d.entries))
	parts = append(parts, s.keys.feeds, picturesKey(s.showPictures), d.g.dir, d.g.id, d.g.name, d.page, d.pages)
	if d.g.show != nil {
		parts = append(parts, d.g.show.key)
	}
	for _, en := range d.entries {
		if en.key == (key{}) {
			return key{}
		}
		parts = append(parts, en.key)
	}
	return cache.Digest(parts...)
}

// writeFeeds writes the documents whose files are not in the output
// folder already, several at a time; the feeds copy the items encoded
// when their episodes were rendered.
func (s *site) writeFeeds(docs []*doc) error {
	type job struct {
		d *doc
		w writer
	}
	var jobs []job
	for _, d := range docs {
		for _, w := range writers {
			if !s.out.Keep(d.dir()+w.format.File, d.key) {
				jobs = append(jobs, job{d, w})
			}
		}
	}
	// The largest first, so that the last ones to finish are small.
	slices.SortStableFunc(jobs, func(a, b job) int { return len(b.d.entries) - len(a.d.entries) })
	errs := make([]error, len(jobs))
	forEach(len(jobs), func(i int) {
		errs[i] = s.writeDoc(jobs[i].d, jobs[i].w)
	})
	return errors.Join(errs...)
}

func (s *site) writeDoc(d *doc, w writer) error {
	p := d.dir() + w.format.File
	f, err := s.out.Create(p, d.key)
	if err != nil {
		return err
	}
	frags := &docFrags{c: s.frags}
	if err := w.write(f, d.feed(s, frags)); err != nil {
		f.Abort()
		return fmt.Errorf("feed %s: %w", p, err)
	}
	if frags.misses > 0 {
		f.Abort()
		return fmt.Errorf("feed %s: %d item(s) not encoded", p, frags.misses)
	}
	return f.Close()
}

// docFrags is the view of the fragCache of one document's writer: the
// writer is done with an item's bytes before it asks for the next one,
// so one buffer serves them all.
type docFrags struct {
	c      *fragCache
	buf    []byte
	misses int
}

func (d *docFrags) Item(k feed.ItemKey) ([]byte, bool) {
	r, ok := d.c.ref(k)
	if !ok {
		d.misses++
		return nil, false
	}
	b, err := d.c.s.blobs.Get(r, d.buf)
	if err != nil || len(b) == 0 {
		d.misses++
		return nil, false
	}
	d.buf = b
	return b, true
}

func (d *docFrags) SetItem(feed.ItemKey, []byte) {}

// fragCache finds the items encoded when their episodes were rendered,
// in the blob store.
type fragCache struct {
	s      *site
	mu     sync.Mutex
	ctx    [numFormats]string
	set    [numFormats]bool
	byItem map[*feed.Item]*entry
}

// setContext records the context string a writer encoded items with.
func (c *fragCache) setContext(format int, ctx string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.set[format] {
		c.ctx[format], c.set[format] = ctx, true
	}
}

// index maps the items to their entries; call it before writing feeds.
func (c *fragCache) index(entries []*entry) {
	c.byItem = make(map[*feed.Item]*entry, len(entries))
	for _, en := range entries {
		c.byItem[en.item] = en
	}
}

// ref returns where the encoded item is.
func (c *fragCache) ref(k feed.ItemKey) (cache.BlobRef, bool) {
	i := formatIndex(k.Format)
	en := c.byItem[k.Item]
	if en == nil || i < 0 || (c.set[i] && k.Context != c.ctx[i]) {
		return cache.BlobRef{}, false
	}
	return en.parts[i], true
}

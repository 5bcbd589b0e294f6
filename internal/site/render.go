package site

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/cache"
	"github.com/feedcast/feedcast/internal/pages"
	"github.com/feedcast/feedcast/internal/pages/i18n"
)

// entry is a published episode: its feed item and what groups it.
type entry struct {
	src  *source
	ep   *episode.Episode // without its HTML once rendered
	item *feed.Item       // without its ContentHTML once rendered
	slug string
	// updated is the item's updated time, given over all the published
	// episodes (setUpdated).
	updated time.Time
	// key is the key of the rendering: an equal key means an equal item,
	// equal encoded items and an equal page. Zero when it cannot be told.
	key key
	// parts are the encoded items, the page's HTML and the transcript's
	// HTML in the blob store.
	parts [cache.NumParts]cache.BlobRef
	// transcript tells whether the page shows the transcript.
	transcript bool
	// chapters is the key of the published chapters file, zero when
	// none: the page lists the same chapters (see pageChapters).
	chapters key
	// pageChapters are the chapters the page lists, when this build
	// rendered the episode (chaptersRead); a page of an episode taken
	// from the cache reads them again.
	pageChapters []pages.Chapter
	chaptersRead bool
	diags        []episode.Diagnostic
}

func (en *entry) warn(field string, err error) {
	en.diags = append(en.diags, episode.Diagnostic{Path: en.ep.Path, Field: field, Err: err, Warning: true})
}

// warnMedia warns about the episode's media file, at the key and line it
// was given by (audio, video or enclosure).
func (en *entry) warnMedia(err error) {
	field := en.ep.MediaKey
	if field == "" {
		field = "enclosure"
	}
	en.diags = append(en.diags, episode.Diagnostic{Path: en.ep.Path, Line: en.ep.MediaLine, Field: field, Err: err, Warning: true})
}

// renderBatch is how many entries a worker renders before it encodes
// their items, with one call of each writer.
const renderBatch = 64

// renderAll renders every entry on every core, or takes it from the
// cache when its inputs are the same.
func (s *site) renderAll(entries []*entry) error {
	n := (len(entries) + renderBatch - 1) / renderBatch
	errs := make([]error, n)
	forEach(n, func(b int) {
		batch := entries[b*renderBatch : min((b+1)*renderBatch, len(entries))]
		var todo []*rendering
		for _, en := range batch {
			r, err := s.render(en)
			if err != nil {
				errs[b] = err
				return
			}
			if r != nil {
				todo = append(todo, r)
			}
		}
		errs[b] = s.store(todo)
	})
	return errors.Join(errs...)
}

// rendering is an entry rendered, to encode and store.
type rendering struct {
	en         *entry
	it         *feed.Item // with its ContentHTML
	files      []cache.FileRecord
	page       string
	transcript template.HTML
}

// renderKey is the key of an episode's rendering: its parse, its slug,
// its updated time (which the other episodes decide too), its images, its
// transcript files and the settings.
func (s *site) renderKey(en *entry) key {
	if en.src.rec.ParseKey == (key{}) {
		return key{}
	}
	parts := []any{s.keys.render, en.src.rec.ParseKey, en.slug, updatedOf(en).Format(time.RFC3339Nano), picturesKey(s.episodePictures(en.ep)), en.src.remote.String()}
	if en.ep.Season == 0 && s.seasonOf(en) != 0 {
		parts = append(parts, "season", s.seasonOf(en))
	}
	// The chapters file beside the episode, if any.
	if p := chaptersSidecarPath(en.ep.Path); s.contentTree.has(p) {
		if !s.contentTree.trusted(p) {
			return key{}
		}
		parts = append(parts, "chapters", s.contentTree.files[p])
	}
	if !s.cfg.FeedsOnly {
		// The transcript files beside the episode, if any.
		stem := strings.TrimSuffix(en.ep.Path, path.Ext(en.ep.Path))
		if found := s.sidecars()[stem]; found {
			for _, src := range transcriptSources {
				p := stem + src.ext
				sig, ok := s.contentTree.files[p]
				if ok && !s.contentTree.trusted(p) {
					return key{}
				}
				parts = append(parts, sig)
			}
		}
	}
	return cache.Digest(parts...)
}

// sidecars returns the stems (paths without extension) of the files of
// the content folder that may be transcripts.
func (s *site) sidecars() map[string]bool {
	s.sidecarsOnce.Do(func() {
		s.sidecarStems = map[string]bool{}
		for p := range s.contentTree.files {
			ext := path.Ext(p)
			for _, src := range transcriptSources {
				if ext == src.ext {
					s.sidecarStems[strings.TrimSuffix(p, ext)] = true
				}
			}
		}
	})
	return s.sidecarStems
}

// render makes the entry's item, transcript files and page parts, unless
// the cache has them for the same inputs (then it returns nil).
func (s *site) render(en *entry) (*rendering, error) {
	en.key = s.renderKey(en)
	if old := en.src.rec.Render; old != nil && en.key != (key{}) && old.Key == en.key && s.filesIntact(old.Files) {
		// The media file first: a kept episode whose media file is gone
		// is rendered again without it (below).
		err := s.publishMedia(en)
		if err != nil && !errors.Is(err, errMediaGone) {
			return nil, err
		}
		if err == nil {
			it := *old.Item
			en.item = &it
			en.parts = old.Parts
			en.transcript = old.Transcript
			en.chapters = chaptersKey(en, old.Files)
			en.diags = cache.LoadDiags(old.Diags)
			for _, f := range old.Files {
				s.out.Keep(f.Path, f.Key)
			}
			if err := s.publishAlternates(en); err != nil {
				return nil, err
			}
			s.reused.Add(1)
			return nil, nil
		}
	}
	// A kept episode is rendered from its HTML in the cache: its file
	// is not its episode any more.
	if !en.src.parsed && !en.src.kept && !s.reparse(en.src) {
		return nil, fmt.Errorf("%s: changed during the build", en.src.path)
	}
	e, err := s.episode(en.src)
	if err != nil {
		return nil, err
	}
	en.ep = e
	it := s.newItem(en)
	if err := s.publishMedia(en); errors.Is(err, errMediaGone) {
		en.warn("media", fmt.Errorf("%s: %w: the enclosure is left out", e.Media.Path, err))
		it.Enclosure = nil
	} else if err != nil {
		return nil, err
	}
	if err := s.publishAlternates(en); err != nil {
		return nil, err
	}
	it.ContentHTML = s.html.render(e.HTML, s.playerLink(e, it))
	r := &rendering{en: en, it: it}
	chs, fromBody := s.loadChapters(en, en.warn)
	if r.files, err = s.publishChapters(en, it, chs); err != nil {
		return nil, err
	}
	en.chapters = chaptersKey(en, r.files)
	en.pageChapters, en.chaptersRead = pageChapters(chs, fromBody), true
	if !s.cfg.FeedsOnly {
		r.page = it.ContentHTML
		pageLink := s.playerLink(e, it)
		if it.Player != nil && it.Enclosure == nil {
			// The page plays the episode in the player itself and links
			// its page once: the feed's stand-in (thumbnail and "watch"
			// link) would repeat them.
			pageLink.omit = true
			r.page = s.html.render(e.HTML, pageLink)
		}
		if t := s.loadTranscript(en); t != nil {
			files, err := s.publishTranscript(en, it, t)
			if err != nil {
				return nil, err
			}
			r.files = append(r.files, files...)
			r.transcript = transcriptFragment(t, s.cfg.Language)
			if e.Transcript != nil {
				// The page shows the transcript turn by turn, under its
				// own heading: the copy in the body would say it twice.
				r.page = s.html.render(withoutTranscript(e.HTML, e.Transcript.HTML), pageLink)
			}
		}
	}
	en.item = it
	en.ep = en.src.ep // without the HTML
	s.rendered.Add(1)
	return r, nil
}

// store encodes the items of the renderings with each writer, once, and
// stores the encoded items and the page parts: the feeds that hold an
// item copy these bytes.
func (s *site) store(rs []*rendering) error {
	if len(rs) == 0 {
		return nil
	}
	// The writers encode copies whose content is checked once for all
	// three (CleanContent); the entries keep items that hold no content
	// once stored.
	items := make([]*feed.Item, len(rs))
	for i, r := range rs {
		it := *r.it
		it.CleanContent()
		items[i] = &it
	}
	frags := make([][numFormats][]byte, len(rs))
	for w, wr := range writers {
		c := s.newCapture(len(items))
		defer s.captures.Put(c)
		f := &feed.Feed{ID: "tag:feedcast.invalid,2000:items", Language: s.cfg.Language, Labels: i18n.For(s.cfg.Language).Labels(), Items: items, Fragments: c}
		if err := wr.write(io.Discard, f); err != nil {
			return fmt.Errorf("feed items: %w", err)
		}
		s.frags.setContext(w, c.context)
		for i, it := range items {
			if frags[i][w] = c.items[it]; frags[i][w] == nil {
				return fmt.Errorf("%s writer: item %s was not encoded", wr.format.Name, it.ID)
			}
		}
	}
	// The parts of the whole batch in one write.
	parts := make([][]byte, 0, len(rs)*cache.NumParts)
	for i, r := range rs {
		parts = append(parts, frags[i][0], frags[i][1], frags[i][2], cache.BytesOf(r.page), cache.BytesOf(string(r.transcript)))
	}
	refs, err := s.blobs.Put(parts...)
	if err != nil {
		return err
	}
	for i, r := range rs {
		en := r.en
		copy(en.parts[:], refs[i*cache.NumParts:])
		en.transcript = r.transcript != ""
		r.it.ContentHTML = ""
		en.src.rec.SetRender(&cache.RenderRecord{
			Key: en.key, Item: r.it, Diags: s.storeDiags(en.diags), Files: r.files,
			Parts: en.parts, Transcript: en.transcript,
		})
	}
	return nil
}

// filesIntact reports whether the output folder still has the files.
func (s *site) filesIntact(files []cache.FileRecord) bool {
	for _, f := range files {
		if !s.out.Has(f.Path, f.Key) {
			return false
		}
	}
	return true
}

// newItem makes the entry's feed item, but its content and transcripts.
func (s *site) newItem(en *entry) *feed.Item {
	e := en.ep
	it := &feed.Item{
		ID:          s.itemID(e),
		Title:       e.Title,
		URL:         s.episodeURL(en),
		Summary:     e.Description,
		Published:   e.Date,
		Updated:     updatedOf(en),
		Tags:        e.Tags,
		Duration:    e.Duration,
		Season:      s.seasonOf(en),
		Episode:     e.Number,
		EpisodeType: e.EpisodeType,
		Explicit:    e.Explicit,
	}
	if it.Summary == "" {
		it.Summary = plainText(e.HTML, 300)
	}
	it.Image, it.Images = s.episodePictures(e).feedImages()
	if e.Media != nil {
		it.Enclosure = s.enclosure(en)
		if it.Enclosure != nil {
			it.Enclosure.URL = s.enclosureURL(it.Enclosure.URL)
		}
	}
	if p := e.Player; p != nil {
		it.Player = &feed.Player{URL: p.URL, PageURL: p.PageURL, Provider: p.Provider, Kind: p.Kind}
	}
	for _, p := range e.Persons {
		it.Persons = append(it.Persons, feed.Person{Name: p.Name, Role: p.Role, Group: p.Group, URL: p.Href, Img: p.Img})
	}
	s.podcastItem(en, it)
	return it
}

// capture is an ItemCache that keeps what a writer encodes.
type capture struct {
	items   map[*feed.Item][]byte
	context string
	// buf holds the items one after the other. An item's slice stays
	// valid when buf grows: its array is kept by the slices into it.
	buf []byte
}

func (c *capture) Item(feed.ItemKey) ([]byte, bool) { return nil, false }

func (c *capture) SetItem(k feed.ItemKey, b []byte) {
	start := len(c.buf)
	c.buf = append(c.buf, b...)
	c.items[k.Item], c.context = c.buf[start:len(c.buf):len(c.buf)], k.Context
}

// newCapture returns an empty capture for n items, with the buffer of one
// that was put back in s.captures when there is one: a batch's encoded
// items are stored before its captures are put back, and the next batch
// writes over them.
func (s *site) newCapture(n int) *capture {
	c, _ := s.captures.Get().(*capture)
	if c == nil {
		return &capture{items: make(map[*feed.Item][]byte, n)}
	}
	clear(c.items)
	c.context, c.buf = "", c.buf[:0]
	return c
}

// picturesKey is what the item takes from its pictures.
func picturesKey(p *pictures) string {
	if p == nil {
		return ""
	}
	var b strings.Builder
	for _, img := range []*feed.Image{p.square, p.wide, p.small} {
		if img == nil {
			b.WriteString("-\x00")
			continue
		}
		fmt.Fprintf(&b, "%s\x00%s\x00%d\x00%d\x00%s\x00%s\x00", img.URL, img.Type, img.Width, img.Height, img.Alt, img.Purpose)
	}
	return b.String()
}

// formatIndex returns the index in writers of the format named name.
func formatIndex(name string) int {
	return slices.IndexFunc(writers[:], func(w writer) bool { return w.format.Name == name })
}

package site

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/cache"
	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/output"
	"github.com/feedcast/feedcast/internal/pages"
	"github.com/feedcast/feedcast/internal/pages/i18n"
)

// site holds one build's state, in groups: what the build is asked to
// make, the input files, where rendered episodes are kept, the output
// folder, the images, and the counters.
type site struct {
	buildSettings
	inputFiles
	stores
	out *output.Sink
	imageState
	counters

	// captures are the item captures of the render batches done, whose
	// buffers the next batches reuse (newCapture).
	captures sync.Pool

	mu    sync.Mutex
	diags []episode.Diagnostic // problems of the show, not of an episode
}

// buildSettings are what the build is asked to make: its options and
// configuration, and what is derived from them.
type buildSettings struct {
	opt     Options
	cfg     *config.Config
	base    *url.URL
	content fs.FS
	static  fs.FS
	version string
	html    *contentHTML
	// keys are the digests of the settings each stage depends on.
	keys     settingsKeys
	progress func(done, total int)
	// built is the time of the build (Unix nanoseconds), recorded with
	// the episodes it parses.
	built int64
}

// inputFiles are the files the build reads.
type inputFiles struct {
	// contentTree and staticTree list the input folders.
	contentTree, staticTree *tree
	srcs                    []*source // the episode files

	sidecarsOnce sync.Once
	sidecarStems map[string]bool

	// shows are the shows of the content folder (shows.go).
	shows []*show
}

// stores are where the rendered episodes are kept: the build cache (nil
// without one) and its blob store, or a scratch blob store, and the
// encoded items the feeds copy.
type stores struct {
	cache *cache.Cache
	blobs *cache.Blobs
	frags *fragCache
	// reading is the cache's read started before the build knows it
	// needs it (scan); readErr its error.
	reading sync.WaitGroup
	readErr error
	// saving gives the result of the cache's save started early
	// (startSaveCache).
	saving chan error
}

// imageState holds the renditions of each episode's image and of the
// show's artwork, and what processing them cost.
type imageState struct {
	pictures      map[string]*pictures // by episode path
	showPictures  *pictures
	images        map[key]*cache.ImageRecord // this build's image records
	imagesEncoded int
	imagesCached  int
}

// counters count the episodes parsed, rendered, and taken from the
// cache.
type counters struct {
	parsed, rendered, reused atomic.Int64
	pagesMade                atomic.Int64 // see Result.PagesMade
}

// group is a set of episodes published as one feed in each format.
type group struct {
	dir  string // output folder of the feeds, "" for the root
	id   string // the part of the feed's tag: URI after the authority
	name string // series or tag name, "" for the whole show
	// show is the show of the content folder whose feed it is (or whose
	// episodes are all the series'); nil for the top level.
	show    *show
	entries []*entry
}

func (s *site) warn(path, field string, err error) { s.warnAt(path, 0, field, err) }

// warnAt is warn with the line of the file that sets field (0: unknown).
func (s *site) warnAt(path string, line int, field string, err error) {
	s.mu.Lock()
	s.diags = append(s.diags, episode.Diagnostic{Path: path, Line: line, Field: field, Err: err, Warning: true})
	s.mu.Unlock()
}

// slugs allocates each episode's slug, in path order.
func (s *site) slugs(eps []*episode.Episode) map[*episode.Episode]string {
	alloc := newSlugger()
	out := make(map[*episode.Episode]string, len(eps))
	for _, e := range eps {
		if e.Slug == "" {
			continue
		}
		sl := Slugify(e.Slug)
		if sl == "" || alloc.taken[sl] {
			s.warn(e.Path, "slug", fmt.Errorf("%q is empty or already taken: a slug is made from the file name", e.Slug))
			continue
		}
		alloc.reserve(sl)
		out[e] = sl
	}
	for _, e := range eps {
		if _, ok := out[e]; !ok {
			out[e] = alloc.forPath(e.Path)
		}
	}
	return out
}

// entries makes the entries of the published episodes, newest first.
func (s *site) entries(srcs []*source, slugs map[*episode.Episode]string) []*entry {
	out := make([]*entry, 0, len(srcs))
	for _, src := range srcs {
		out = append(out, &entry{src: src, ep: src.ep, slug: slugs[src.ep]})
	}
	slices.SortStableFunc(out, func(a, b *entry) int {
		if c := b.ep.Date.Compare(a.ep.Date); c != 0 {
			return c
		}
		return strings.Compare(a.ep.Path, b.ep.Path)
	})
	return out
}

// playerLink is what replaces the episode's player in feed HTML: its
// thumbnail linked to the provider's page, or to the episode.
func (s *site) playerLink(e *episode.Episode, it *feed.Item) playerLink {
	link := playerLink{Href: it.URL, Thumbnail: it.Image, Title: e.Title, Kind: "video"}
	if it.Player != nil {
		link.Kind = it.Player.Kind
		if it.Player.PageURL != "" {
			link.Href = it.Player.PageURL
		}
	}
	return link
}

// itemID is the episode's id for life: its explicit guid, else a tag: URI
// (RFC 4151) of its path in the content folder, which does not change when
// the title, date or URL is corrected.
func (s *site) itemID(e *episode.Episode) string {
	if e.GUID != "" {
		return e.GUID
	}
	p := strings.TrimSuffix(e.Path, path.Ext(e.Path))
	return "tag:" + s.cfg.IDAuthority + ":episodes/" + escapePath(p)
}

// feedID is the episode's id as the writers write it (feed.CleanText):
// what tells two episodes apart in a feed.
func (s *site) feedID(e *episode.Episode) string { return feed.CleanText(s.itemID(e)) }

func (s *site) episodeURL(en *entry) string {
	if e := en.ep; e.Link != "" {
		if u, err := url.Parse(e.Link); err == nil {
			return s.base.ResolveReference(u).String()
		}
		en.warn("link", fmt.Errorf("%q is not a URL: the default episode URL is used", e.Link))
	}
	return strings.ReplaceAll(s.cfg.EpisodeURL, "{slug}", en.slug)
}

// url is the published URL of a file of the output folder.
func (s *site) url(p string) string { return s.cfg.BaseURL + escapePath(p) }

func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, part := range parts {
		parts[i] = url.PathEscape(part)
	}
	return strings.Join(parts, "/")
}

// groups returns the feeds to write: the show, then each series and each
// tag when the configuration asks for them (cfg.GroupFeeds). Names that
// make the same slug ("Vidéo", "video") share one feed, named after the
// first seen in date order.
func (s *site) groups(entries []*entry) []*group {
	out := s.showGroups(entries)
	for _, kind := range []string{config.GroupSeries, config.GroupTags} {
		if !slices.Contains(s.cfg.GroupFeeds, kind) {
			continue
		}
		bySlug := map[string]*group{}
		var order []string
		// Names repeat from episode to episode: each is slugified once.
		slugOf := map[string]string{}
		var seen []string
		for _, en := range entries {
			names := en.ep.Tags
			if kind == config.GroupSeries {
				names = nil
				if en.ep.Series != "" {
					names = []string{en.ep.Series}
				}
			}
			seen = seen[:0]
			for _, name := range names {
				sl, ok := slugOf[name]
				if !ok {
					sl = Slugify(name)
					slugOf[name] = sl
				}
				if sl == "" || slices.Contains(seen, sl) {
					continue
				}
				seen = append(seen, sl)
				g, ok := bySlug[sl]
				if !ok {
					g = &group{dir: kind + "/" + sl + "/", id: kind + "/" + sl, name: name}
					bySlug[sl] = g
					order = append(order, sl)
				}
				g.entries = append(g.entries, en)
			}
		}
		sort.Strings(order)
		for _, sl := range order {
			g := bySlug[sl]
			if kind == config.GroupSeries {
				g.show = s.seriesShow(g.entries)
			}
			out = append(out, g)
		}
	}
	return out
}

func (s *site) feed(g *group) *feed.Feed {
	cfg := s.cfg
	if g.show != nil {
		cfg = g.show.Config
	}
	f := &feed.Feed{
		ID:          "tag:" + cfg.IDAuthority + ":" + firstNonEmpty(g.id, "feed"),
		Title:       cfg.Title,
		Description: cfg.Description,
		Language:    cfg.Language,
		// The items are encoded once for every feed that holds them, in
		// the top-level language (store): a show in another language has
		// its channel in its language, and its items' labels (the titles
		// of their transcript and chapters links) and the default
		// language of their transcripts are the top level's.
		ItemLanguage: s.cfg.Language,
		Labels:       i18n.For(s.cfg.Language).Labels(),
		HomePageURL:  cfg.Link,
		URLs:         map[string]string{},
		Author:       cfg.Author,
		Owner:        feed.Person{Name: cfg.Owner.Name, Email: cfg.Owner.Email},
		Copyright:    cfg.Copyright,
		Image:        s.groupArtwork(g),
		Explicit:     cfg.Explicit,
		Type:         cfg.Type,
		Medium:       cfg.Medium,
		Locked:       cfg.Locked,
		LockedOwner:  cfg.Owner.Email,
		Hubs:         s.cfg.Hubs,
		Podping:      s.cfg.Podping,
		Generator:    feed.Generator{Name: "feedcast", URL: "https://github.com/feedcast/feedcast", Version: s.version},
	}
	if g.name != "" {
		f.Title = cfg.Title + " – " + g.name
		if f.Description == "" {
			f.Description = g.name
		} else {
			f.Description = g.name + " – " + f.Description
		}
	}
	if f.Description == "" {
		f.Description = f.Title
	}
	for _, c := range cfg.Categories {
		top, sub, _ := config.ParseCategory(c)
		f.Categories = append(f.Categories, feed.Category{Name: top, Sub: sub})
	}
	for _, w := range writers {
		f.URLs[w.format.Name] = s.url(g.dir + w.format.File)
	}
	// The guid is the one of the feed's published URL, also when this
	// build is made for another address (config.Config.IDBaseURL).
	f.PodcastGUID = feed.PodcastGUID(firstNonEmpty(cfg.IDBaseURL, cfg.BaseURL) + escapePath(g.dir+feed.RSS.File))
	if sh := g.show; sh != nil && g.name == "" {
		// A show's explicit guid wins: the one it had before it came
		// here (Podcast Index namespace, guid.md).
		f.PodcastGUID = firstNonEmpty(sh.PodcastGUID, f.PodcastGUID)
		f.NewFeedURL = sh.NewFeedURL
	}
	if !s.cfg.FeedsOnly {
		f.Stylesheet = s.url(pages.StylesheetPath)
		f.CSS = s.url(pages.FeedCSSPath)
	}
	f.Items = make([]*feed.Item, len(g.entries))
	for i, en := range g.entries {
		f.Items[i] = en.item
	}
	f.Updated = newest(f.Items)
	s.podcastChannel(f, cfg)
	return f
}

// newest returns the newest update of the items. A feed without items (a
// show whose episodes are all held back or skipped) is dated the Unix
// epoch: Atom requires a date (RFC 4287 §4.1.1), and the time of the
// build would make two builds of the same input differ.
func newest(items []*feed.Item) time.Time {
	var t time.Time
	for _, it := range items {
		if it.Updated.After(t) {
			t = it.Updated
		}
	}
	if t.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return t
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// showArtwork is the show's square artwork, nil when it has none.
func (s *site) showArtwork() *feed.Image {
	if s.showPictures == nil {
		return nil
	}
	return s.showPictures.square
}

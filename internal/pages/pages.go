// Package pages renders the pages people read, beside the feeds of a
// built show: the home page with the latest episodes and every feed to
// subscribe to, one page per episode, an OPML list of the feeds, the XSLT
// stylesheet that makes the XML feeds readable in a browser, and a small
// script (with an iframe-able page) that lists a feed's latest episodes on
// another site, a page per series and per tag with its episodes (paged),
// and a 404 page.
//
// The pages are light and self-contained: one shared style sheet, no web
// font, no framework, no tracker; the only scripts are three small files
// of this site (a copy button, the widget, and the episode player's
// chapters, speed, time links and transcript following), so that a
// Content Security Policy of script-src 'self' holds. Every page works
// without them. Their words come from the catalogue of the show's
// language (package i18n).
package pages

import (
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/feedcast/feedcast/feed"
)

// StylesheetPath is the output path of the XSLT stylesheet. Set
// feed.Feed.Stylesheet to its absolute URL (Site.BaseURL + StylesheetPath)
// for the RSS and Atom feeds; the stylesheet must be served from the same
// origin as the feeds, and browsers apply it only to feeds served as
// application/xml or text/xml.
const StylesheetPath = "feed.xsl"

// Output paths of the other files.
const (
	indexPath  = "index.html"
	opmlPath   = "feeds.opml"
	stylePath  = "style.css"
	copyJSPath = "copy.js"
	widgetPath = "widget.js"
	embedPath  = "embed.html"
	// NotFoundPath is the page a server sends with a 404 status; its
	// links are absolute, so it works at any path.
	NotFoundPath = "404.html"
)

// ListSize is how many episodes a page of a series or tag lists; page k
// (k ≥ 2) of a list is at <dir>page/<k>/index.html.
const ListSize = 50

// Site is everything the pages show.
type Site struct {
	// Lang is the show's BCP 47 language, e.g. "fr"; it picks the
	// catalogue of the pages' words (i18n.For).
	Lang string
	// BaseURL is the absolute URL of the output folder, with a trailing
	// slash; pages link each other and their files with absolute URLs
	// under it.
	BaseURL string
	// Show is the whole show: title, description, artwork, updated date
	// and items newest first. Item.ContentHTML must be sanitised.
	Show *feed.Feed
	// Feeds are the show's feed set first, then each series, then each
	// tag.
	Feeds []FeedSet
	// Episodes has one entry per item of Show, in the same order.
	Episodes []Episode
	// Directories are the show's pages in podcast directories, linked
	// from the show's subscribe box.
	Directories Directories
	// Shows are the shows of the content folder, each with its page at
	// shows/<slug>/ (paged as a series' list), listed on the home page;
	// nil when the content folder has none.
	Shows []Show
	// Icon and TouchIcon are the URLs of the site's icons: a small PNG
	// (32 px) and a 180 px PNG for phones' home screens; "" for none.
	Icon, TouchIcon string
	// Only, when set, limits Files to the files whose path it accepts:
	// the others are not rendered. A build that knows which pages
	// changed renders those alone.
	Only func(path string) bool
}

// FeedSet is one feed published in the three formats.
type FeedSet struct {
	Kind string // "show", "series" or "tag"
	Name string // the show's title, or the series or tag name
	Slug string // the series or tag slug; "" for the show
	// Show is the title of the show of the content folder whose feeds a
	// series' are (every episode of it is that show's), "" for the
	// site's: the series' feed is "<show> – <series>".
	Show string
	// RSS, Atom and JSON are the absolute URLs of the feed's documents.
	RSS, Atom, JSON string
	// Count is the number of episodes in the feed.
	Count int
	// Episodes are the indexes in Site.Episodes of a series' or tag's
	// episodes, newest first; nil for the show, which has them all.
	Episodes []int
}

// Show is a show of the content folder: a network's show with its own
// feeds, its own page and its own language.
type Show struct {
	// Feeds are the show's feeds: Kind KindShow, Name its title, Slug the
	// name of its folder under shows/.
	Feeds       FeedSet
	Description string
	// Lang is the show's language; it picks the catalogue of its page's
	// words. "" is the site's.
	Lang string
	// Artwork is the show's artwork as its page shows it; Thumb its small
	// rendition, for the lists. Either may be nil.
	Artwork, Thumb *feed.Image
	// HomePage is the show's own web page, "" for none.
	HomePage    string
	Directories Directories
	// Episodes are the indexes in Site.Episodes of the show's episodes,
	// newest first.
	Episodes []int
}

// Directories are a show's ids in podcast directories (see
// config.Directories): an id, or the URL of the show's page there.
type Directories struct {
	Apple, Spotify, YouTubeMusic, Deezer, PodcastIndex, Podverse, Fountain string
}

// Feed set kinds.
const (
	KindShow   = "show"
	KindSeries = "series"
	KindTag    = "tag"
)

// Episode is an episode page, at episodes/<Slug>/index.html.
type Episode struct {
	Item *feed.Item
	Slug string
	// TranscriptHTML is the sanitised transcript, speakers included; when
	// empty the page links to the item's transcript files instead. See
	// TranscriptFragment for the markup of a timed transcript.
	TranscriptHTML template.HTML
	// Chapters of the episode's media, in order; when nil, they are read
	// from a list of timestamped lines in the show notes ("00:00
	// Introduction").
	Chapters []Chapter
}

// showDir is the output folder of a show's pages, beside its feeds.
func showDir(slug string) string { return "shows/" + slug + "/" }

// episodeDir is the output folder of an episode's page.
func episodeDir(slug string) string { return "episodes/" + slug + "/" }

// listDir is the output folder of a series' or tag's pages, beside its
// feeds: series/<slug>/ or tags/<slug>/.
func listDir(f FeedSet) string {
	if f.Kind == KindSeries {
		return "series/" + f.Slug + "/"
	}
	return "tags/" + f.Slug + "/"
}

// ListPages is the number of pages of a list of n episodes.
func ListPages(n int) int { return max(1, (n+ListSize-1)/ListSize) }

// ListRange is the range [lo, hi) of a list of n episodes on its page k
// (from 1).
func ListRange(n, k int) (lo, hi int) { return (k - 1) * ListSize, min(k*ListSize, n) }

// ListPath is the output path of page k (from 1) of the list in dir.
func ListPath(dir string, k int) string {
	if k == 1 {
		return dir + "index.html"
	}
	return dir + "page/" + strconv.Itoa(k) + "/index.html"
}

// Files renders every page and shared file, keyed by slash path in the
// output folder: index.html, 404.html, episodes/<slug>/index.html,
// series/<slug>/index.html and tags/<slug>/index.html (with their pages
// series/<slug>/page/<k>/index.html), shows/<slug>/index.html (paged the
// same way), feeds.opml, feed.xsl, feed.css,
// style.css, copy.js, widget.js, player.js and embed.html. The same Site
// always gives the same bytes.
func Files(s *Site) (map[string][]byte, error) {
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("pages: %w", err)
	}
	want := func(path string) bool { return s.Only == nil || s.Only(path) }
	out := map[string][]byte{}
	for path, b := range map[string][]byte{stylePath: styleCSS, copyJSPath: copyJS, widgetPath: widgetJS, playerJSPath: playerJS} {
		if want(path) {
			out[path] = b
		}
	}
	v := newView(s)
	render := func(path, name string, data func() any) error {
		if !want(path) {
			return nil
		}
		b, err := execute(name, data())
		if err != nil {
			return fmt.Errorf("pages: %s: %w", path, err)
		}
		out[path] = b
		return nil
	}
	if err := render(indexPath, "index.html", func() any { return v.index() }); err != nil {
		return nil, err
	}
	if err := render(embedPath, "embed.html", func() any { return v.embed() }); err != nil {
		return nil, err
	}
	if err := render(NotFoundPath, "404.html", func() any { return v.notFound() }); err != nil {
		return nil, err
	}
	for i, f := range s.Feeds[1:] {
		dir := listDir(f)
		for k := 1; k <= ListPages(len(f.Episodes)); k++ {
			if err := render(ListPath(dir, k), "list.html", func() any { return v.list(i+1, k) }); err != nil {
				return nil, err
			}
		}
	}
	for i, sh := range s.Shows {
		dir := showDir(sh.Feeds.Slug)
		for k := 1; k <= ListPages(len(sh.Episodes)); k++ {
			if err := render(ListPath(dir, k), "list.html", func() any { return v.showList(i, k) }); err != nil {
				return nil, err
			}
		}
	}
	for i := range s.Episodes {
		if err := render(episodeDir(s.Episodes[i].Slug)+"index.html", "episode.html", func() any { return v.episode(i) }); err != nil {
			return nil, err
		}
	}
	if want(opmlPath) {
		opml, err := writeOPML(s)
		if err != nil {
			return nil, fmt.Errorf("pages: %s: %w", opmlPath, err)
		}
		out[opmlPath] = opml
	}
	if want(StylesheetPath) {
		xsl, err := stylesheet(s)
		if err != nil {
			return nil, fmt.Errorf("pages: %s: %w", StylesheetPath, err)
		}
		out[StylesheetPath] = xsl
	}
	if want(FeedCSSPath) {
		css, err := feedCSS(s)
		if err != nil {
			return nil, fmt.Errorf("pages: %s: %w", FeedCSSPath, err)
		}
		out[FeedCSSPath] = css
	}
	return out, nil
}

// check reports the first inconsistency of the site.
func (s *Site) check() error {
	if err := s.checkFeeds(); err != nil {
		return err
	}
	for _, f := range s.Feeds[1:] {
		for _, j := range f.Episodes {
			if j < 0 || j >= len(s.Episodes) {
				return fmt.Errorf("feed %q: episode %d is not in the site's %d", f.Name, j, len(s.Episodes))
			}
		}
	}
	inShow := make([]bool, len(s.Episodes))
	for _, sh := range s.Shows {
		for _, j := range sh.Episodes {
			if j < 0 || j >= len(s.Episodes) || inShow[j] {
				return fmt.Errorf("show %q: episode %d is not in the site's %d, or is another show's too", sh.Feeds.Name, j, len(s.Episodes))
			}
			inShow[j] = true
		}
	}
	seen := make(map[string]bool, len(s.Episodes))
	for i, e := range s.Episodes {
		if e.Item == nil {
			return fmt.Errorf("episode %d has no item", i)
		}
		if !isFolderName(e.Slug) {
			return fmt.Errorf("episode %q: slug %q is not a folder name", e.Item.Title, e.Slug)
		}
		if seen[e.Slug] {
			return fmt.Errorf("episode %q: slug %q is used twice", e.Item.Title, e.Slug)
		}
		seen[e.Slug] = true
	}
	return nil
}

// checkFeeds reports the first inconsistency of the site's address, feed
// sets and shows, what every page links; check looks at the episodes too.
func (s *Site) checkFeeds() error {
	if s == nil || s.Show == nil {
		return errors.New("no show")
	}
	u, err := url.Parse(s.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.HasSuffix(u.Path, "/") || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("base url %q: want an absolute http(s) URL ending with a slash", s.BaseURL)
	}
	if len(s.Feeds) == 0 || s.Feeds[0].Kind != KindShow {
		return errors.New("the first feed set is not the show's")
	}
	slugs := make(map[string]bool, len(s.Feeds)+len(s.Shows))
	for i, f := range s.Feeds {
		if !isHTTP(f.RSS) || !isHTTP(f.Atom) || !isHTTP(f.JSON) {
			return fmt.Errorf("feed %q: its RSS, Atom and JSON URLs must be absolute http(s) URLs", f.Name)
		}
		if i == 0 {
			continue
		}
		if f.Kind != KindSeries && f.Kind != KindTag {
			return fmt.Errorf("feed %q: kind %q is neither series nor tag", f.Name, f.Kind)
		}
		if !isFolderName(f.Slug) || slugs[listDir(f)] {
			return fmt.Errorf("feed %q: slug %q is not a folder name, or is used twice", f.Name, f.Slug)
		}
		slugs[listDir(f)] = true
	}
	for _, sh := range s.Shows {
		f := sh.Feeds
		if f.Kind != KindShow || !isFolderName(f.Slug) || slugs[showDir(f.Slug)] {
			return fmt.Errorf("show %q: kind %q is not a show's, or slug %q is not a folder name or is used twice", f.Name, f.Kind, f.Slug)
		}
		slugs[showDir(f.Slug)] = true
		if !isHTTP(f.RSS) || !isHTTP(f.Atom) || !isHTTP(f.JSON) {
			return fmt.Errorf("show %q: its RSS, Atom and JSON URLs must be absolute http(s) URLs", f.Name)
		}
	}
	return nil
}

// isFolderName reports whether a slug can be a folder's name in a URL
// path.
func isFolderName(slug string) bool {
	return slug != "" && slug != "." && slug != ".." && !strings.ContainsAny(slug, `/\?#`)
}

// isHTTP reports whether s is an absolute http or https URL.
func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

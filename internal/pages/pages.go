// Package pages renders the pages people read, beside the feeds of a
// built show: the home page with the latest episodes and every feed to
// subscribe to, one page per episode, an OPML list of the feeds, the XSLT
// stylesheet that makes the XML feeds readable in a browser, and a small
// script (with an iframe-able page) that lists a feed's latest episodes on
// another site.
//
// The pages are light and self-contained: one shared style sheet, no web
// font, no framework, no tracker; the only scripts are three small files
// of this site (a copy button, the widget, and the episode player's
// chapters, speed, time links and transcript following), so that a
// Content Security Policy of script-src 'self' holds. Every page works
// without them. Texts
// are in French when the show's language is French, else in English.
package pages

import (
	"errors"
	"fmt"
	"html/template"
	"net/url"
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
)

// Site is everything the pages show.
type Site struct {
	// Lang is the show's BCP 47 language, e.g. "fr"; the page texts are in
	// French when it starts with "fr", else in English.
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
	// RSS, Atom and JSON are the absolute URLs of the feed's documents.
	RSS, Atom, JSON string
	// Count is the number of episodes in the feed.
	Count int
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

// episodeDir is the output folder of an episode's page.
func episodeDir(slug string) string { return "episodes/" + slug + "/" }

// Files renders every page and shared file, keyed by slash path in the
// output folder: index.html, episodes/<slug>/index.html, feeds.opml,
// feed.xsl, style.css, copy.js, widget.js, player.js and embed.html. The
// same Site always gives the same bytes.
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
	return out, nil
}

// check reports the first inconsistency of the site.
func (s *Site) check() error {
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
	for _, f := range s.Feeds {
		if !isHTTP(f.RSS) || !isHTTP(f.Atom) || !isHTTP(f.JSON) {
			return fmt.Errorf("feed %q: its RSS, Atom and JSON URLs must be absolute http(s) URLs", f.Name)
		}
	}
	seen := map[string]bool{}
	for i, e := range s.Episodes {
		if e.Item == nil {
			return fmt.Errorf("episode %d has no item", i)
		}
		if e.Slug == "" || e.Slug == "." || e.Slug == ".." || strings.ContainsAny(e.Slug, `/\?#`) {
			return fmt.Errorf("episode %q: slug %q is not a folder name", e.Item.Title, e.Slug)
		}
		if seen[e.Slug] {
			return fmt.Errorf("episode %q: slug %q is used twice", e.Item.Title, e.Slug)
		}
		seen[e.Slug] = true
	}
	return nil
}

// isHTTP reports whether s is an absolute http or https URL.
func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

package pages

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"github.com/feedcast/feedcast/internal/pages/i18n"
	"strings"
	"text/template"

	"github.com/feedcast/feedcast/feed"
)

// Feed previews. Browsers are dropping XSLT (Chromium, Gecko and WebKit
// all announced it; Chromium 156 already shows a warning banner over
// every page made by XSLT, and without XSLT a feed that links only an
// XSLT stylesheet is shown as an XML tree under an error message). So a
// feed opened in a browser is made readable in two ways that need no
// XSLT:
//
//   - a preview page: plain HTML, written beside each RSS and Atom
//     document (PreviewPath), that `feedcast serve` sends instead of the
//     feed to a browser's navigation (content negotiation on the same
//     URL);
//   - a CSS style sheet (FeedCSSPath), linked from the feeds by a second
//     xml-stylesheet instruction after the XSLT one: a browser that runs
//     XSLT applies the XSLT stylesheet and ignores the CSS, one that does
//     not applies the CSS to the XML itself (Associating Style Sheets with
//     XML documents 1.0, §2: the instructions link style sheets as
//     <link rel="stylesheet"> does; a browser uses those of the types it
//     supports). This works on any static host that serves the feeds as
//     text/xml or application/xml.

// FeedCSSPath is the output path of the CSS style sheet of the XML
// feeds. Set feed.Feed.CSS to its absolute URL (Site.BaseURL +
// FeedCSSPath) for the RSS and Atom feeds.
const FeedCSSPath = "feed.css"

// PreviewPath returns the output path of the preview page of the feed
// document at the output path p: "series/x/feed.xml" gives
// "series/x/feed.xml.html". The server finds a feed's preview by this
// rule.
func PreviewPath(p string) string { return p + ".html" }

// PreviewDoc is one feed document as its preview page shows it.
type PreviewDoc struct {
	// Feed is the document: its title, description, artwork and items,
	// newest first; History tells an archive page from the subscription
	// document.
	Feed *feed.Feed
	// Format is the document's format: feed.RSS or feed.Atom.
	Format feed.Format
	// Set is the feed set the document belongs to.
	Set FeedSet
	// Slugs are the slugs of the items' episode pages, in the order of
	// Feed.Items; an item without one ("") links to its own URL.
	Slugs []string
}

// previewTexts are the words of the preview page and of the feeds' CSS.
type previewTexts struct {
	Skip     string
	Intro    string // what a feed is
	Archive  string // what an archive page is
	CopyHint string // heading of the box with the feed's URL
	Copy     string
	Copied   string
	OpenIn   string
	Episodes string
	Site     string // link to the site
	// CSSIntro is the banner of the XML feed styled by CSS, where no link
	// can be followed.
	CSSIntro string
}

// previewTextsFor gives the preview's words in the show's language, from
// the catalogue.
func previewTextsFor(lang string) *previewTexts {
	t := i18n.For(lang)
	return &previewTexts{
		Skip:     t.PreviewSkip,
		Intro:    t.PreviewIntro,
		Archive:  t.PreviewArchive,
		CopyHint: t.PreviewCopyHint,
		Copy:     t.PreviewCopy,
		Copied:   t.PreviewCopied,
		OpenIn:   t.PreviewOpenIn,
		Episodes: t.PreviewEpisodes,
		Site:     t.PreviewSite,
		CSSIntro: t.PreviewCSSIntro,
	}
}

// previewPage is the preview page of a feed document.
type previewPage struct {
	page
	P        *previewTexts
	Heading  string
	Lead     string
	Artwork  *thumb
	URL      string // to copy: the document's, or its feed's for an archive page
	Archive  bool
	Apps     []appLink
	Count    int
	Items    []previewItem
	FeedType string // the document's media type, for its discovery link
}

type previewItem struct {
	Title   string
	URL     string
	Date    when
	Thumb   *thumb
	Summary string
}

// Preview renders the preview page of a feed document of the site. The
// same Site and document always give the same bytes.
func Preview(s *Site, d PreviewDoc) ([]byte, error) {
	// A preview shows the feed's items, not the site's episodes.
	if err := s.checkFeeds(); err != nil {
		return nil, fmt.Errorf("pages: %w", err)
	}
	f := d.Feed
	if f == nil {
		return nil, errors.New("pages: preview: no feed")
	}
	if len(d.Slugs) != len(f.Items) {
		return nil, fmt.Errorf("pages: preview of %q: %d slugs for %d items", f.Title, len(d.Slugs), len(f.Items))
	}
	self := f.URLs[d.Format.Name]
	if !isHTTP(self) {
		return nil, fmt.Errorf("pages: preview of %q: no %s URL", f.Title, d.Format.Name)
	}
	// In the feed's language: a show's may differ from the site's.
	v := newView(s).in(f.Language)
	title := feed.CleanText(f.Title)
	p := previewPage{
		page:     v.page(title),
		P:        previewTextsFor(v.lang),
		Heading:  title,
		Lead:     feed.CleanText(f.Description),
		URL:      self,
		Count:    len(f.Items),
		FeedType: d.Format.MediaType,
	}
	// The page is the feed's other representation: its canonical URL is
	// the feed's (RFC 6596 allows any URL of the same content).
	p.Canonical = self
	if f.History.Archive {
		if cur := f.History.Current[d.Format.Name]; isHTTP(cur) {
			p.URL, p.Archive = cur, true
		}
	}
	p.Apps = appLinks(d.Set.RSS, feedTitle(s, d.Set))
	if im := f.Image; im != nil && isHTTP(im.URL) {
		p.Artwork = &thumb{URL: im.URL, Alt: feed.CleanText(im.Alt), Width: im.Width, Height: im.Height}
	}
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		t := feed.CleanText(it.Title)
		pi := previewItem{Title: t, Date: v.when(it.Published), Thumb: thumbnail(it, 320, t), Summary: feed.CleanText(it.Summary)}
		switch {
		case d.Slugs[i] != "":
			pi.URL = v.episodeURL(d.Slugs[i])
		case isHTTP(it.URL):
			pi.URL = it.URL
		}
		p.Items = append(p.Items, pi)
	}
	return execute("preview.html", p)
}

// feedCSSTemplate fills the CSS of the XML feeds with the site's words.
var feedCSSTemplate = template.Must(template.New("feed.css").
	Funcs(template.FuncMap{"css": cssString}).
	Parse(feedCSSSource))

// feedCSS renders the CSS style sheet of the XML feeds.
func feedCSS(s *Site) ([]byte, error) {
	v := newView(s)
	var buf bytes.Buffer
	if err := feedCSSTemplate.Execute(&buf, previewTextsFor(v.lang)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// cssString quotes s as a CSS string (CSS Syntax Level 3, §4.3.5): a
// backslash, a quote or a line break is escaped by its code point.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\' || r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\%x ", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

//go:embed assets/feed.css
var feedCSSSource string

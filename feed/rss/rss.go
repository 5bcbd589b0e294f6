// Package rss writes a feed.Feed as an RSS 2.0 podcast feed, with the
// itunes, podcast (Podcasting 2.0), media (Media RSS), content and atom
// namespaces.
//
// The output follows the rules of RSS 2.0, Apple Podcasts and the W3C feed
// validator: every text is cleaned of the characters XML 1.0 forbids, empty
// optional values are left out, dates are RFC 822 with a numeric zone, and
// the same feed always gives the same bytes.
package rss

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/wire"
)

// Namespace URIs, exactly as the specifications spell them.
const (
	nsITunes  = "http://www.itunes.com/dtds/podcast-1.0.dtd"
	nsPodcast = "https://podcastindex.org/namespace/1.0"
	nsMedia   = "http://search.yahoo.com/mrss/"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsFH      = "http://purl.org/syndication/history/1.0"
)

// maxDescription is the longest description Apple accepts, in bytes.
const maxDescription = 4000

// Write writes f to w as an RSS 2.0 document, starting with the XML
// declaration (then the xml-stylesheet processing instructions of
// f.Stylesheet and f.CSS, when set, in that order) and ending with a newline. Items are encoded one
// at a time, so a long feed is never held in memory; with f.Fragments set,
// each is looked up there first.
func Write(w io.Writer, f *feed.Feed) error {
	if f == nil {
		return fmt.Errorf("write rss: nil feed")
	}
	head, err := frame(f)
	if err != nil {
		return fmt.Errorf("write rss: %w", err)
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	bw.WriteString(xml.Header)
	bw.WriteString(wire.Stylesheet("text/xsl", f.Stylesheet))
	bw.WriteString(wire.Stylesheet("text/css", f.CSS))
	bw.Write(head)
	// An item's encoding depends on the item and the items' language
	// (the default language of its transcripts).
	enc := feed.NewItemEncoder(f, feed.RSS, language(f.ItemLang()), func(dst []byte, it *feed.Item) ([]byte, error) {
		return appendItem(dst, newItem(f, it)), nil
	})
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		b, err := enc.Encode(it)
		if err != nil {
			return fmt.Errorf("write rss: %w", err)
		}
		bw.WriteByte('\n')
		bw.Write(b)
	}
	bw.WriteString(frameEnd)
	// A bufio.Writer keeps its first error: Flush returns it.
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write rss: %w", err)
	}
	return nil
}

// frameEnd closes the channel and the document.
const frameEnd = "\n  </channel>\n</rss>\n"

// frame returns the document up to the channel's last element before the
// items.
func frame(f *feed.Feed) ([]byte, error) {
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(newDocument(f)); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	head, ok := bytes.CutSuffix(buf.Bytes(), []byte(frameEnd[:len(frameEnd)-1]))
	if !ok {
		return nil, fmt.Errorf("unexpected end of channel")
	}
	return head, nil
}

// document is the root element, declaring every namespace prefix the
// writer uses.
//
// Spec: https://www.rssboard.org/rss-specification
type document struct {
	XMLName   xml.Name `xml:"rss"`
	Version   string   `xml:"version,attr"`
	NSITunes  string   `xml:"xmlns:itunes,attr"`
	NSPodcast string   `xml:"xmlns:podcast,attr"`
	NSMedia   string   `xml:"xmlns:media,attr"`
	NSContent string   `xml:"xmlns:content,attr"`
	NSAtom    string   `xml:"xmlns:atom,attr"`
	// NSFH is declared only when the channel holds an fh: element.
	NSFH    string  `xml:"xmlns:fh,attr,omitempty"`
	Channel channel `xml:"channel"`
}

// channel is the RSS channel: the core elements, then each namespace's.
//
// Spec: https://www.rssboard.org/rss-specification#requiredChannelElements
type channel struct {
	Title         string     `xml:"title"`
	Link          string     `xml:"link,omitempty"`
	Description   string     `xml:"description"`
	Language      string     `xml:"language,omitempty"`
	Copyright     string     `xml:"copyright,omitempty"`
	LastBuildDate string     `xml:"lastBuildDate,omitempty"`
	Generator     string     `xml:"generator,omitempty"`
	AtomLinks     []atomLink `xml:"atom:link"`
	Image         *image     `xml:"image"`
	itunesChannel
	podcastChannel
	history
}

// atomLink is the channel's self link, or a WebSub hub (rel="hub").
//
// Spec: https://www.rssboard.org/rss-profile#namespace-elements-atom-link
// and https://www.w3.org/TR/websub/#discovery
type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

// image is the channel's GIF, JPEG or PNG picture; its title and link
// repeat the channel's.
//
// Spec: https://www.rssboard.org/rss-specification#ltimagegtSubelementOfLtchannelgt
type image struct {
	URL   string `xml:"url"`
	Title string `xml:"title"`
	Link  string `xml:"link"`
}

// item is one episode.
//
// Spec: https://www.rssboard.org/rss-specification#hrelementsOfLtitemgt
type item struct {
	Title       string     `xml:"title,omitempty"`
	Link        string     `xml:"link,omitempty"`
	Description string     `xml:"description,omitempty"`
	Content     *cdata     `xml:"content:encoded"`
	GUID        *guid      `xml:"guid"`
	PubDate     string     `xml:"pubDate,omitempty"`
	Enclosure   *enclosure `xml:"enclosure"`
	Categories  []string   `xml:"category"`
	itunesItem
	podcastItem
	mediaItem
}

// cdata is text written as a CDATA section: the full HTML of an episode in
// content:encoded. encoding/xml splits any "]]>" inside it.
//
// Spec: https://web.resource.org/rss/1.0/modules/content/
type cdata struct {
	Text string `xml:",cdata"`
}

// guid is the episode's identifier, a tag: or urn: URI, never a permalink.
//
// Spec: https://www.rssboard.org/rss-specification#ltguidgtSubelementOfLtitemgt
type guid struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	ID          string `xml:",chardata"`
}

// enclosure is the episode's media file; length is in bytes.
//
// Spec: https://www.rssboard.org/rss-specification#ltenclosuregtSubelementOfLtitemgt
type enclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

func newDocument(f *feed.Feed) *document {
	title := text(f.Title)
	link := text(f.HomePageURL)
	description := truncate(text(f.Description), maxDescription)
	if description == "" {
		// RSS requires a channel description.
		description = title
	}
	ch := channel{
		Title:          title,
		Link:           link,
		Description:    description,
		Language:       language(f.Language),
		Copyright:      text(f.Copyright),
		LastBuildDate:  date(f.Updated),
		Generator:      generator(f.Generator),
		itunesChannel:  newITunesChannel(f),
		podcastChannel: newPodcastChannel(f),
	}
	if self := text(f.URL(feed.RSS)); self != "" {
		ch.AtomLinks = append(ch.AtomLinks, atomLink{Href: self, Rel: "self", Type: feed.RSS.MediaType})
	}
	for _, hub := range f.Hubs {
		if hub = text(hub); hub != "" {
			ch.AtomLinks = append(ch.AtomLinks, atomLink{Href: hub, Rel: "hub"})
		}
	}
	ch.AtomLinks = append(ch.AtomLinks, historyLinks(f.History)...)
	ch.history = newHistory(f.History)
	if f.Image != nil && link != "" {
		switch u := text(f.Image.URL); extension(u) {
		case ".jpg", ".jpeg", ".png", ".gif":
			ch.Image = &image{URL: u, Title: title, Link: link}
		}
	}
	doc := &document{
		Version:   "2.0",
		NSITunes:  nsITunes,
		NSPodcast: nsPodcast,
		NSMedia:   nsMedia,
		NSContent: nsContent,
		NSAtom:    nsAtom,
		Channel:   ch,
	}
	if ch.history != (history{}) {
		doc.NSFH = nsFH
	}
	return doc
}

func newItem(f *feed.Feed, it *feed.Item) *item {
	title := text(it.Title)
	description := truncate(text(it.Summary), maxDescription)
	if description == "" {
		// content:encoded should follow a description (W3C
		// NeedDescriptionBeforeContent); the title is the only plain text
		// that says what the episode is.
		description = title
	}
	out := &item{
		Title:       title,
		Link:        text(it.URL),
		Description: description,
		PubDate:     date(it.Published),
		itunesItem:  newITunesItem(it),
		podcastItem: newPodcastItem(f, it),
		mediaItem:   newMediaItem(it),
	}
	if html := it.Content(); html != "" {
		out.Content = &cdata{Text: html}
	}
	if id := text(it.ID); id != "" {
		out.GUID = &guid{IsPermaLink: "false", ID: id}
	}
	if e := it.Enclosure; e != nil {
		if u := text(e.URL); u != "" {
			out.Enclosure = &enclosure{URL: u, Length: max(e.Length, 0), Type: text(e.Type)}
		}
	}
	for _, tag := range it.Tags {
		if tag = text(tag); tag != "" {
			out.Categories = append(out.Categories, tag)
		}
	}
	return out
}

// date formats t for RSS as RFC 822 with a four-digit year and a numeric
// zone, never "UTC"; it returns "" for the zero time.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC1123Z)
}

// generator returns "name version (url)", leaving out what is unknown.
func generator(g feed.Generator) string {
	s := text(g.Name)
	if s == "" {
		return ""
	}
	if v := text(g.Version); v != "" {
		s += " " + v
	}
	if u := text(g.URL); u != "" {
		s += " (" + u + ")"
	}
	return s
}

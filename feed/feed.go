// Package feed is the neutral model of a published show: one Feed with its
// Items, independent of any wire format. The writers in feed/rss, feed/atom
// and feed/jsonfeed each turn a *Feed into their own format, so that every
// piece of podcast data (images, transcripts, enclosures, players, duration,
// season and episode numbers) reaches all three formats.
//
// Every URL in the model is absolute, every text is plain UTF-8 (writers make
// it valid for their format), and every time is set by the caller: the model
// never reads the clock.
package feed

import (
	"strings"
	"time"
)

// Feed is a show, or a part of it (a series, a tag), as published in one
// document per format.
type Feed struct {
	// ID identifies the feed for ever, whatever its URL: a "tag:" URI
	// (RFC 4151) used as the Atom feed id.
	ID string
	// Title and Description are plain text.
	Title       string
	Description string
	// Language is a BCP 47 tag such as "fr" or "en-US".
	Language string
	// ItemLanguage is the language the items are written in, when it is
	// not Language: the default language of their transcripts. A
	// publisher that encodes items once for several feeds (a network and
	// a show in another language) sets it, so that an item is the same
	// in each.
	ItemLanguage string
	// HomePageURL is the web page of the show (RSS link, Atom alternate,
	// JSON Feed home_page_url).
	HomePageURL string
	// URLs maps a format's Name (see Formats) to the absolute URL where the
	// document of that format is published; each writer uses its own as the
	// self link and may link the others as alternates.
	URLs map[string]string
	// Author is the name shown as the show's author (itunes:author, Atom
	// author, JSON Feed authors).
	Author string
	// Owner is the contact of the show (itunes:owner).
	Owner Person
	// Copyright is plain text, e.g. "© 2025 DINUM, Licence Etalab 2.0".
	Copyright string
	// Image is the show's artwork.
	Image *Image
	// Categories are Apple Podcasts categories, the first one first.
	Categories []Category
	// Explicit tells whether the show contains explicit material.
	Explicit bool
	// Type is "episodic" or "serial" (itunes:type).
	Type string
	// Medium is the Podcasting 2.0 medium: "podcast", "video", ...
	Medium string
	// PodcastGUID is the Podcasting 2.0 guid of the show (a UUIDv5, see
	// PodcastGUID).
	PodcastGUID string
	// NewFeedURL is the feed URL the show moved to (itunes:new-feed-url),
	// "" when it did not move.
	NewFeedURL string
	// Locked asks other platforms not to import the feed (podcast:locked);
	// LockedOwner is the email allowed to move it.
	Locked      bool
	LockedOwner string
	// Persons are the people of the show (podcast:person at channel level).
	Persons []Person
	// Hubs are the WebSub hubs subscribers may subscribe to for pushed
	// updates of this feed (W3C WebSub §4).
	Hubs []string
	// Podping says that the publisher announces updates through Podping
	// (podcast:podping usesPodping="true").
	Podping bool
	// The show's other Podcasting 2.0 data (see podcast.go).
	Funding         []Funding
	License         *License
	Locations       []Location
	Trailers        []Trailer
	UpdateFrequency *UpdateFrequency
	// Podroll lists the shows the show recommends.
	Podroll []RemoteItem
	Txts    []Txt
	Blocks  []Block
	Social  []SocialInteract
	Value   *Value
	// Generator names the program that wrote the feed.
	Generator Generator
	// Updated is the last time the content of the feed changed: the newest
	// item date, never the time of the build.
	Updated time.Time
	// Stylesheet is the absolute URL of an XSLT stylesheet that browsers
	// apply to show the XML feeds (RSS, Atom) as a readable page, written
	// as an xml-stylesheet processing instruction; "" for none. Podcast
	// apps ignore it.
	Stylesheet string
	// CSS is the absolute URL of a CSS style sheet for the XML feeds,
	// written as a second xml-stylesheet processing instruction after the
	// XSLT one; "" for none. A browser that runs XSLT shows the XSLT
	// stylesheet's page; one that does not (browsers are removing XSLT)
	// applies the CSS to the XML. Podcast apps ignore it.
	CSS string
	// History places the document in the feed's history (RFC 5005):
	// a complete feed, or the subscription document or an archive page
	// of an archived feed. The zero value says nothing.
	History History
	// Items, newest first.
	Items []*Item
	// Fragments, when set, holds items already encoded, so that an item
	// published in several documents is encoded once per format (see
	// ItemCache). Writers work the same without it.
	Fragments ItemCache
	// Labels are the words the writers add to the items, in the feed's
	// language; the zero value is English.
	Labels Labels
}

// Labels are the few words a writer adds to a feed besides the show's
// own text: the titles of an item's transcript and player links (Atom
// link titles, JSON Feed attachment titles). An empty field is the
// English word of DefaultLabels.
type Labels struct {
	Transcript string // a transcript: "Transcript"
	Captions   string // captions (a transcript of rel "captions"): "Captions"
	Chapters   string // the chapters file: "Chapters"
	// WatchOn and ListenOn name a player's page; %s is the provider:
	// "Watch on %s", "Listen on %s".
	WatchOn  string
	ListenOn string
	// WatchOnline and ListenOnline name the page of a player of no named
	// provider: "Watch online", "Listen online".
	WatchOnline  string
	ListenOnline string
}

// DefaultLabels are the English labels.
var DefaultLabels = Labels{
	Transcript:   "Transcript",
	Captions:     "Captions",
	Chapters:     "Chapters",
	WatchOn:      "Watch on %s",
	ListenOn:     "Listen on %s",
	WatchOnline:  "Watch online",
	ListenOnline: "Listen online",
}

// Or returns l with each empty field taken from d.
func (l Labels) Or(d Labels) Labels {
	pick := func(a, b string) string {
		if a == "" {
			return b
		}
		return a
	}
	return Labels{
		Transcript:   pick(l.Transcript, d.Transcript),
		Captions:     pick(l.Captions, d.Captions),
		Chapters:     pick(l.Chapters, d.Chapters),
		WatchOn:      pick(l.WatchOn, d.WatchOn),
		ListenOn:     pick(l.ListenOn, d.ListenOn),
		WatchOnline:  pick(l.WatchOnline, d.WatchOnline),
		ListenOnline: pick(l.ListenOnline, d.ListenOnline),
	}
}

// ItemLang returns the language of the items: ItemLanguage, else
// Language.
func (f *Feed) ItemLang() string {
	if f.ItemLanguage != "" {
		return f.ItemLanguage
	}
	return f.Language
}

// Context is the part of an item encoder's context (see ItemCache) that
// the labels make: "" for the English labels, so that a feed without
// labels keeps its context.
func (l Labels) Context() string {
	l = l.Or(DefaultLabels)
	if l == DefaultLabels {
		return ""
	}
	return strings.Join([]string{l.Transcript, l.Captions, l.Chapters, l.WatchOn, l.ListenOn, l.WatchOnline, l.ListenOnline}, "\x00")
}

// History is a document's place in the history of a feed (RFC 5005).
//
// A complete feed holds every item in one document (fh:complete). An
// archived feed is a subscription document holding the latest items, and
// archive pages holding the older ones (fh:archive); each page links the
// next older one (prev-archive; JSON Feed next_url), the next newer one
// (next-archive; the subscription document for the newest page) and the
// subscription document (current). Archive pages
// should never change, so that readers and caches keep them for ever.
type History struct {
	// Complete says the document holds every item of the feed: a reader
	// may forget the items it holds that the document lacks.
	Complete bool
	// Archive says the document is an archive page.
	Archive bool
	// Current, Prev and Next map a format's Name (see Formats) to the URL
	// of the subscription document, of the next older archive page and of
	// the next newer archive page in that format; a missing entry means
	// there is none.
	Current, Prev, Next map[string]string
}

// Paged reports whether the document belongs to an archived feed.
func (h History) Paged() bool {
	return h.Archive || len(h.Prev) > 0 || len(h.Next) > 0 || len(h.Current) > 0
}

// HistoryLink is a link of a document to another document of its feed.
type HistoryLink struct {
	Rel string // "current", "prev-archive" or "next-archive"
	URL string
}

// Links returns the document's links in format f to the other documents
// of an archived feed, those that exist: the subscription document
// (current), the next older archive page (prev-archive) and the next
// newer one (next-archive), in that order. A complete feed has none (W3C
// FeedRelInCompleteFeed).
//
// Spec: https://www.rfc-editor.org/rfc/rfc5005#section-4
func (h History) Links(f Format) []HistoryLink {
	if h.Complete && !h.Paged() {
		return nil
	}
	var links []HistoryLink
	for _, l := range [...]HistoryLink{{"current", h.Current[f.Name]}, {"prev-archive", h.Prev[f.Name]}, {"next-archive", h.Next[f.Name]}} {
		if l.URL != "" {
			links = append(links, l)
		}
	}
	return links
}

// ItemCache keeps the encoding of items. Before encoding an item, a writer
// looks it up; after encoding one, it stores the bytes. The bytes depend
// on the item, on the format and on the context string the writer passes
// (the settings of the document that the encoding depends on, such as the
// feed's language), so a cache must return only what was stored under an
// equal key. The bytes SetItem is given are the writer's, valid only
// during the call: a cache keeps a copy. A writer is done with the bytes
// Item returns before it calls Item again, and does not modify them.
// Implementations must be safe for concurrent use by several writers,
// each writing its own document.
type ItemCache interface {
	Item(key ItemKey) ([]byte, bool)
	SetItem(key ItemKey, encoded []byte)
}

// CleanContent sets ContentHTML to CleanText(ContentHTML) and remembers
// that it is clean, so that the writers do not check it again: the
// content of an item written in three formats is checked once. A
// ContentHTML set afterwards is checked again.
func (it *Item) CleanContent() {
	it.ContentHTML = CleanText(it.ContentHTML)
	it.cleanContent = it.ContentHTML
}

// Content returns CleanText(it.ContentHTML), the content the writers
// write.
func (it *Item) Content() string {
	// Two strings that share their bytes compare without reading them.
	if it.ContentHTML == it.cleanContent {
		return it.ContentHTML
	}
	return CleanText(it.ContentHTML)
}

// ItemKey names an item as a writer encodes it.
type ItemKey struct {
	Item    *Item
	Format  string // the format's Name
	Context string
}

// Item is one episode.
type Item struct {
	// ID never changes for the life of the episode: RSS guid (not a
	// permalink), Atom id, JSON Feed id. A "tag:" or "urn:" URI.
	ID string
	// Title is plain text.
	Title string
	// URL is the episode's web page.
	URL string
	// Summary is a short plain-text description.
	Summary string
	// ContentHTML is the full, sanitised HTML of the episode with absolute
	// URLs.
	ContentHTML string
	// Published is the release time; Updated the last significant change
	// (equal to Published when unknown).
	Published time.Time
	Updated   time.Time
	// Tags are plain-text labels.
	Tags []string
	// Authors of the episode; empty means the feed's.
	Authors []Person
	// Image is the episode's thumbnail; Images holds further renditions of
	// it or other images (square artwork, small thumbnails), if any.
	Image  *Image
	Images []Image
	// Enclosure is the episode's media file, if it has one.
	Enclosure *Enclosure
	// Player is the web player the episode is embedded with, if any.
	Player *Player
	// Duration of the media, zero when unknown.
	Duration time.Duration
	// Season and Episode numbers, zero when not given (whole numbers:
	// podcast:episode would allow "315.5", itunes:episode does not).
	Season      int
	Episode     int
	EpisodeType string // "full", "trailer" or "bonus"; empty means full
	// Explicit overrides the feed's explicit flag when not nil.
	Explicit *bool
	// Transcripts of the episode, one per published file.
	Transcripts []Transcript
	// Persons of the episode; they replace the feed's (Podcasting 2.0).
	Persons []Person
	// ChaptersURL is the episode's JSON Chapters file (ChaptersType), ""
	// when it has none.
	ChaptersURL string
	// The episode's other Podcasting 2.0 data (see podcast.go).
	Soundbites          []Soundbite
	Locations           []Location
	License             *License
	AlternateEnclosures []AlternateEnclosure
	Txts                []Txt
	Social              []SocialInteract
	// cleanContent is ContentHTML as CleanContent left it.
	cleanContent string
}

// Person is a person of the show or of an episode.
type Person struct {
	Name  string
	Email string
	// URL is a page about the person (podcast:person href, JSON author url).
	URL string
	// Img is a picture of the person.
	Img string
	// Role and Group are from the Podcasting 2.0 taxonomy ("host", "guest";
	// "cast"); empty means the defaults.
	Role  string
	Group string
}

// Category is an Apple Podcasts category with an optional subcategory.
type Category struct {
	Name string
	Sub  string
}

// Image is a published image.
type Image struct {
	URL    string
	Type   string // MIME type, e.g. "image/jpeg"
	Width  int    // pixels, zero when unknown
	Height int
	Alt    string
	// Purpose is a space-separated list of Podcasting 2.0 image purposes
	// ("artwork", "social", ...); empty for a plain thumbnail.
	Purpose string
}

// Enclosure is a media file.
type Enclosure struct {
	URL    string
	Type   string // registered MIME type, e.g. "audio/mpeg"
	Length int64  // bytes
}

// Player is an embedded web player (Dailymotion, YouTube, Vimeo, Acast).
type Player struct {
	// URL is the embeddable player page (the iframe src).
	URL string
	// PageURL is the provider's page for the episode, if known.
	PageURL string
	// Provider is a short lowercase name: "dailymotion", "acast", ...
	Provider string
	// Kind is "video" or "audio".
	Kind   string
	Width  int
	Height int
}

// Transcript is one published transcript file.
type Transcript struct {
	URL string
	// Type is the MIME type: "text/html", "text/plain", "application/json",
	// "text/vtt" or "application/x-subrip".
	Type     string
	Language string
	// Rel is "captions" for timed captions, else empty.
	Rel string
	// Length is the file's size in bytes, zero when unknown.
	Length int64
}

// Generator names the software that wrote a feed.
type Generator struct {
	Name    string
	URL     string
	Version string
}

package feed

import "time"

// The Podcasting 2.0 data of a show or an episode that has no place in
// RSS, Atom or JSON Feed themselves: the RSS writer writes each as its
// podcast: tag, the others carry what their format can (the chapters
// link).
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md

// ChaptersType is the media type of a JSON Chapters file.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/examples/chapters/jsonChapters.md
const ChaptersType = "application/json+chapters"

// Funding is a link where listeners may support the show; Text is what
// apps show beside it (at most 128 characters).
type Funding struct {
	URL  string
	Text string
}

// License is the license of the show's or episode's media: a lowercase
// identifier of the namespace's license list ("cc-by-4.0"), or a custom
// name with the URL of its full text.
type License struct {
	Name string
	URL  string
}

// Location is a place the content is about (Rel "subject", the default)
// or where it was made (Rel "creator").
type Location struct {
	Name string
	Rel  string
	// Geo is a geo: URI (RFC 5870), "geo:48.8566,2.3522".
	Geo string
	// OSM is an OpenStreetMap object: its type's initial and its id,
	// "R7444".
	OSM string
	// Country is an ISO 3166-1 alpha-2 code, "FR".
	Country string
}

// Trailer is a media file that presents the show, or one season of it.
type Trailer struct {
	Title     string
	URL       string
	Type      string
	Length    int64 // bytes, zero when unknown
	Published time.Time
	Season    int // zero for the whole show
}

// UpdateFrequency is the show's intended release schedule: a text shown
// to listeners, an iCalendar recurrence rule (RFC 5545 §3.3.10) and the
// date it starts from, or Complete when no more episodes will come.
type UpdateFrequency struct {
	Text     string
	RRule    string
	DTStart  string // ISO 8601 date or date-time, as written
	Complete bool
}

// RemoteItem points to another feed (a recommended show), by its
// podcast:guid and, as a fallback, its URL.
type RemoteItem struct {
	FeedGUID string
	FeedURL  string
	Title    string
	Medium   string
}

// Txt is free text for a purpose, such as a platform's ownership check
// ("verify", "applepodcastsverify").
type Txt struct {
	Purpose string
	Text    string
}

// Block says whether a platform (a slug of the namespace's service list,
// "google"), or every platform when ID is empty, may list the show.
type Block struct {
	ID    string
	Block bool
}

// SocialInteract is the root post of the show's or episode's comment
// thread (Protocol "activitypub", "atproto", ..., or "disabled" for no
// comments).
type SocialInteract struct {
	Protocol   string
	URI        string
	AccountID  string
	AccountURL string
	Priority   int // lower first; zero when not given
}

// Value tells apps how listeners may stream payments to the show
// (Type "lightning", Method "keysend").
type Value struct {
	Type       string
	Method     string
	Suggested  string // as written, "0.00000005000"
	Recipients []ValueRecipient
}

// ValueRecipient is one receiver of a Value's payments, taking Split
// shares of them.
type ValueRecipient struct {
	Name        string
	Type        string // "node" or "lnaddress"
	Address     string
	Split       int
	CustomKey   string
	CustomValue string
	Fee         bool
}

// Soundbite is a part of an episode worth sharing.
type Soundbite struct {
	Start    time.Duration
	Duration time.Duration
	Title    string
}

// AlternateEnclosure is another version of the episode's media (another
// format, bitrate or language), or media that goes with it.
type AlternateEnclosure struct {
	Type    string
	Length  int64   // bytes, zero when unknown
	Bitrate float64 // bits per second, zero when unknown
	Height  int     // pixels, for video
	Lang    string
	Title   string
	Rel     string
	Codecs  string // RFC 6381
	// Default says the file is the enclosure itself, offered here by
	// other means.
	Default bool
	Sources []Source
}

// Source is one URI an AlternateEnclosure is downloaded or streamed from.
type Source struct {
	URI         string
	ContentType string
}

// Package episode reads a show's episode files (Markdown with YAML, TOML or
// JSON front matter) into Episodes, with a Diagnostic for every problem
// found, named by file, line and field.
//
// The front matter is split from the body by this package and then decoded
// with go.yaml.in/yaml/v3, github.com/BurntSushi/toml or encoding/json;
// github.com/adrg/frontmatter is not used because it has had no release
// since 2020 and still decodes YAML with gopkg.in/yaml.v2.
//
// The body is Markdown rendered by goldmark with raw HTML kept. The
// Eleventy (Liquid) shortcodes ({% dailymotion "ID" %}, youtube,
// vimeo, and the paired {% transcription %} ... {% endtranscription %})
// are expanded first; HTML comments are removed from the result, and the
// first embedded player and the transcript are recognised from it.
package episode

import (
	"errors"
	"fmt"
	"time"
)

// Episode is one episode file, read and rendered.
type Episode struct {
	// Path is the file's slash-separated path relative to the content root,
	// e.g. "videos/ICR/ICR-aftermovie.md".
	Path string
	// Hash is the SHA-256 of the file's bytes.
	Hash [32]byte

	Title       string
	Description string
	// Date is the release time. A date without a time is midnight in the
	// show's time zone (Options.Location).
	Date time.Time
	// Updated is the front matter's time of the last significant change
	// ("updated", or "lastmod"), zero when absent; never before Date.
	Updated time.Time
	Tags    []string
	Series  string
	// Image and Apercu are the thumbnail references, nil when absent.
	Image  *ImageRef
	Apercu *ImageRef
	Draft  bool
	// GUID, Slug and Link are the front matter's, empty when absent
	// ("link" or "permalink" for Link).
	GUID string
	// GUIDLine is the line of the guid key, 0 without one: the build
	// names it when two files have the same id.
	GUIDLine int
	Slug     string
	Link     string
	// Media is the enclosure (audio, video or enclosure key), nil when absent.
	Media *Media
	// MediaKey and MediaLine are the key Media was read from and its
	// line: the build names them when it probes a media URL.
	MediaKey    string
	MediaLine   int
	Duration    time.Duration
	Season      int
	Number      int    // front matter "episode"
	EpisodeType string // "full", "trailer", "bonus" or ""
	Explicit    *bool
	Persons     []Person

	// The Podcasting 2.0 data (see podcast.go). Chapters are the front
	// matter's; BodyChapters the timestamp list found in the body (see
	// chapters.go), which a publisher uses when no other source gives
	// chapters.
	Chapters            []Chapter
	BodyChapters        []Chapter
	Soundbites          []Soundbite
	Locations           []Location
	License             *License
	AlternateEnclosures []AlternateEnclosure
	Txts                []Txt
	Social              []Social

	// Params holds every front matter key not listed above, as decoded.
	Params map[string]any

	// HTML is the body rendered to HTML: Markdown rendered with raw HTML
	// kept, shortcodes expanded (a player shortcode becomes its <iframe>),
	// HTML comments removed. It is NOT sanitised: callers sanitise it for
	// their use.
	HTML string
	// Player is the first embedded player found in the body, nil if none.
	Player *Player
	// Transcript is the transcript found in the body, nil if none.
	Transcript *Transcript

	// Refs lists the local files the front matter refers to (images,
	// media), whether they exist or not, in the order they were looked
	// at: the episode read again gives the same result as long as its
	// bytes and these files are the same.
	Refs []FileRef
}

// FileRef names a file of the content or static folder.
type FileRef struct {
	Root Root
	Path string
}

// Root tells which folder an ImageRef or a Media path is relative to.
type Root int

const (
	// RootURL: Path is an absolute http(s) URL.
	RootURL Root = iota
	// RootContent: Path is relative to the content folder.
	RootContent
	// RootStatic: Path is relative to the static folder (a site-absolute
	// reference such as /img/a.webp).
	RootStatic
)

// ImageRef is a reference to an image from the front matter.
type ImageRef struct {
	Root Root
	// Path is a clean slash-separated path inside Root (no leading slash,
	// no ".."), or the URL when Root is RootURL.
	Path string
	Alt  string
	// Missing is true when the file does not exist (a warning was reported).
	Missing bool
}

// Media is an episode's media file (the RSS enclosure).
type Media struct {
	Root Root
	// Path is the URL (RootURL) or the file's path inside Root.
	Path string
	// Type is the MIME type, e.g. "audio/mpeg".
	Type string
	// Length is the size in bytes, read from the file for a local file;
	// zero when unknown.
	Length int64
}

// Person is a person of an episode (Podcasting 2.0 podcast:person).
type Person struct {
	Name  string
	Role  string
	Group string
	Href  string
	Img   string
}

// Player is an embedded web player.
type Player struct {
	// URL is the player's embed URL (the iframe src), absolute https.
	URL string
	// PageURL is the provider's public page for the media, when derivable
	// (e.g. https://www.dailymotion.com/video/ID).
	PageURL string
	// Provider: "dailymotion", "youtube", "vimeo", "peertube" or "acast".
	Provider string
	// Kind: "video" or "audio".
	Kind string
	// ID is the provider's media id, when known.
	ID string
}

// Transcript is an episode's transcript.
type Transcript struct {
	// Title is the shortcode's argument, or the section heading.
	Title string
	// HTML is the transcript's body as HTML, not sanitised.
	HTML string
	// Line is the line of the file where the transcript starts.
	Line int
}

// Diagnostic is a problem found in an episode file.
type Diagnostic struct {
	Path  string // slash-separated path relative to the content root
	Line  int    // 1-based; 0 when not known
	Field string // front matter key, or "front matter", "body", "file"
	Err   error
	// Warning is true for a problem that does not stop the episode from
	// being published (a missing image, an unclosed transcript block).
	Warning bool
}

func (d Diagnostic) Error() string {
	loc := d.Path
	if d.Line > 0 {
		loc = fmt.Sprintf("%s:%d", d.Path, d.Line)
	}
	if d.Field != "" {
		return fmt.Sprintf("%s: %s: %v", loc, d.Field, d.Err)
	}
	return fmt.Sprintf("%s: %v", loc, d.Err)
}

func (d Diagnostic) Unwrap() error { return d.Err }

// Note reports whether d is a note rather than a problem: the file is a
// Markdown file without front matter (a README.md, a licence, notes),
// which is not an episode. A note is neither a skipped episode nor a
// warning.
func (d Diagnostic) Note() bool { return !d.Warning && errors.Is(d.Err, ErrNoFrontMatter) }

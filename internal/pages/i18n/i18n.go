// Package i18n holds the words of the pages and of the feeds' own labels,
// one catalogue per language: each is a JSON file of this folder named
// after its BCP 47 tag (fr.json, en.json, pt-BR.json), read into Texts.
// Adding a language is adding one file; a catalogue must give every
// field (the package's tests check it).
//
// A show's language picks the catalogue: its full tag, then the tag
// without its last subtag, and so on ("fr-CA" then "fr"), else English.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/feedcast/feedcast/feed"
)

//go:embed *.json
var files embed.FS

// Fallback is the tag of the catalogue used when none matches.
const Fallback = "en"

// Texts are the words of one language. The strings with a %d or %s are
// fmt formats with exactly that verb.
type Texts struct {
	Tag string `json:"-"` // the catalogue's tag, from its file name

	// Page frame.
	Skip     string // skip link
	Home     string // link to the show's own home page
	NotFound string // title of the 404 page
	// NotFoundText is said on the 404 page; BackHome links to the home page.
	NotFoundText string
	BackHome     string

	// Home page and feed lists.
	Latest         string // heading of the latest episodes
	AllEpisodes    string // "all %d episodes are in the feeds"
	SeeAll         string // link to the page of every episode of a series or tag
	Subscribe      string // heading of the feeds
	SubscribeIntro string
	Show           string // heading of the show's feed
	Series         string // heading of the series' feeds
	Tags           string // heading of the tags' feeds
	SeriesKind     string // above a series page's title: "Series"
	TagKind        string // above a tag page's title: "Topic"
	Shows          string // heading of the list of the network's shows
	ShowKind       string // above a show page's title: "Show"
	FeedURL        string // label of the feed URL field
	Copy           string // copy button
	Copied         string // said once copied
	OpenIn         string // "Open in" before the app links
	ListenOn       string // "Also on" before the directory links
	OtherFormats   string // before the Atom and JSON Feed links
	OPML           string // link to feeds.opml
	OPMLHint       string
	Episodes       string // "%d episodes" (plural)
	Episode1       string // "1 episode"
	EpisodeList    string // heading of a series or tag page's episodes
	PageOf         string // "Page %d of %d"
	NewerPage      string // link to the previous page of a list
	OlderPage      string // link to the next page of a list
	Pages          string // aria-label of a list's page links

	// Episode page.
	Player         string // title of a player iframe: "Player: %s"
	Download       string // link to the media file: "Download the file (%s)"
	Transcript     string // heading of the transcript
	TranscriptFile string // link to a transcript file: "Transcript (%s)"
	Content        string // label of the description
	Duration       string // "Duration: %s"
	Season         string // "Season %d"
	EpisodeNumber  string // "Episode %d"
	People         string // heading of the episode's people
	OriginalPage   string // link to the item's own URL
	WatchOn        string // link to a video player's page: "Watch on %s"
	ListenOnSite   string // link to an audio player's page: "Listen on %s"
	Topics         string // the episode's tags
	Pager          string // aria-label of the links to the nearby episodes
	// Roles name a person's role (Podcasting 2.0 taxonomy, lower case);
	// a role not listed is shown as given.
	Roles map[string]string

	// Embed page.
	Widget   string // aria-label of the embed page's list
	NoScript string // embed page without JavaScript

	// Feed stylesheet (feed.xsl).
	FeedIntro    string // what a feed is
	FeedCopyHint string // heading of the box with the feed's URL
	FeedEpisodes string // heading of the feed's items
	FeedSite     string // link to the site

	// Preview page of a feed (preview.html) and the feeds' CSS banner.
	PreviewSkip     string
	PreviewIntro    string
	PreviewArchive  string
	PreviewCopyHint string
	PreviewCopy     string
	PreviewCopied   string
	PreviewOpenIn   string
	PreviewEpisodes string
	PreviewSite     string
	PreviewCSSIntro string

	// The episode page's player tools (player.js), and the colon after a
	// speaker's name in a transcript (" :" in French).
	PlayerChapters   string
	PlayerChapterNow string
	PlayerSpeed      string
	PlayerDecimal    string
	PlayerShare      string
	PlayerCopy       string
	PlayerCopied     string
	PlayerCaptions   string
	SpeakerColon     string

	// Feeds' own labels (feed.Labels) and what replaces a player in an
	// item's HTML.
	LabelTranscript   string
	LabelCaptions     string
	LabelChapters     string
	LabelWatchOn      string // "Watch on %s"
	LabelListenOn     string // "Listen on %s"
	LabelWatchOnline  string
	LabelListenOnline string
	PlayerWatch       string // "Watch the video"
	PlayerListen      string // "Listen to the episode"

	// Dates: "%d" of Day, the month's name, the year, in DateOrder.
	Months [12]string
	// Day1 writes the first day of a month ("1er" in French); Day1 is
	// "1" where nothing special is done.
	Day1 string
	// DateOrder is "dmy" ("15 March 2026") or "mdy" ("March 15, 2026").
	DateOrder string
}

// Catalogue is every language's texts, by lower-case tag.
type Catalogue map[string]*Texts

// Load reads every catalogue of the folder, checking each.
func Load() (Catalogue, error) {
	names, err := fs.Glob(files, "*.json")
	if err != nil {
		return nil, err
	}
	c := Catalogue{}
	for _, name := range names {
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		t, err := parse(b)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		t.Tag = strings.TrimSuffix(path.Base(name), ".json")
		c[strings.ToLower(t.Tag)] = t
	}
	if c[Fallback] == nil {
		return nil, fmt.Errorf("i18n: no %s.json", Fallback)
	}
	return c, nil
}

// parse decodes one catalogue and checks it is complete.
func parse(b []byte) (*Texts, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	t := &Texts{}
	if err := dec.Decode(t); err != nil {
		return nil, err
	}
	if missing := t.Missing(); len(missing) > 0 {
		return nil, fmt.Errorf("no %s", strings.Join(missing, ", "))
	}
	if t.DateOrder != "dmy" && t.DateOrder != "mdy" {
		return nil, fmt.Errorf("DateOrder: %q: want dmy or mdy", t.DateOrder)
	}
	return t, nil
}

// catalogue is read once: the files are part of the program.
var catalogue = func() Catalogue {
	c, err := Load()
	if err != nil {
		panic(err) // the package's tests load every file
	}
	return c
}()

// For returns the texts of a BCP 47 language tag: "fr-CA" gives fr.json
// unless there is an fr-CA.json; an unknown language gives English.
func For(lang string) *Texts { return catalogue.For(lang) }

// For is the package's For on c.
func (c Catalogue) For(lang string) *Texts {
	tag := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(lang), "_", "-"))
	for tag != "" {
		if t := c[tag]; t != nil {
			return t
		}
		i := strings.LastIndexByte(tag, '-')
		if i < 0 {
			break
		}
		tag = tag[:i]
	}
	return c[Fallback]
}

// Tags lists the catalogues' tags, sorted.
func (c Catalogue) Tags() []string {
	var out []string
	for _, t := range c {
		out = append(out, t.Tag)
	}
	slices.Sort(out)
	return out
}

// Missing lists the fields that t leaves empty.
func (t *Texts) Missing() []string {
	var out []string
	v := reflect.ValueOf(t).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		if f.Tag.Get("json") == "-" {
			continue
		}
		switch x := v.Field(i); x.Kind() {
		case reflect.String, reflect.Map:
			if x.Len() == 0 {
				out = append(out, f.Name)
			}
		case reflect.Array:
			for j := 0; j < x.Len(); j++ {
				if x.Index(j).Len() == 0 {
					out = append(out, f.Name+"["+strconv.Itoa(j)+"]")
				}
			}
		}
	}
	return out
}

// Labels are the feed writers' labels in this language.
func (t *Texts) Labels() feed.Labels {
	return feed.Labels{
		Transcript:   t.LabelTranscript,
		Captions:     t.LabelCaptions,
		Chapters:     t.LabelChapters,
		WatchOn:      t.LabelWatchOn,
		ListenOn:     t.LabelListenOn,
		WatchOnline:  t.LabelWatchOnline,
		ListenOnline: t.LabelListenOnline,
	}
}

// Date writes d as a day of the calendar, in d's own zone: "1er mars
// 2026", "15 March 2026".
func (t *Texts) Date(d time.Time) string {
	day := strconv.Itoa(d.Day())
	if d.Day() == 1 {
		day = t.Day1
	}
	month, year := t.Months[d.Month()-1], strconv.Itoa(d.Year())
	if t.DateOrder == "mdy" {
		return month + " " + day + ", " + year
	}
	return day + " " + month + " " + year
}

// Count writes a number of episodes.
func (t *Texts) Count(n int) string {
	if n == 1 {
		return t.Episode1
	}
	return fmt.Sprintf(t.Episodes, n)
}

// Role names a person's role.
func (t *Texts) Role(role string) string {
	if r, ok := t.Roles[strings.ToLower(strings.TrimSpace(role))]; ok {
		return r
	}
	return role
}

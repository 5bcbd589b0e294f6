// Package config reads and validates feedcast.yaml, the description of a
// show and of how to build it.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is a show's configuration. Paths are relative to the working
// directory; flags override the file.
type Config struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	// Language is a BCP 47 tag: "fr", "en-US".
	Language string `yaml:"language"`
	// BaseURL is where the output folder is published, with a trailing
	// slash: feeds, transcripts and images get URLs under it.
	BaseURL string `yaml:"base_url"`
	// Link is the show's home page; BaseURL when empty.
	Link string `yaml:"link"`
	// EpisodeURL is the pattern of an episode's web page, with {slug};
	// BaseURL + "episodes/{slug}/" when empty.
	EpisodeURL string `yaml:"episode_url"`
	// IDAuthority is the tagging entity of the tag: URIs (RFC 4151) that
	// identify the show and its episodes, "host,YYYY". Set it once and
	// never change it. When empty: the host of BaseURL with the year 2000.
	IDAuthority string `yaml:"id_authority"`
	Author      string `yaml:"author"`
	Owner       Owner  `yaml:"owner"`
	Copyright   string `yaml:"copyright"`
	// Categories are Apple Podcasts categories, "Top" or "Top > Sub".
	Categories []string `yaml:"categories"`
	Explicit   bool     `yaml:"explicit"`
	// Type is "episodic" (default) or "serial".
	Type string `yaml:"type"`
	// Medium is the Podcasting 2.0 medium: "podcast" (default) or "video", ...
	Medium string `yaml:"medium"`
	Locked bool   `yaml:"locked"`
	// Artwork is the show's square artwork: a path in the static folder
	// ("/artwork.png") or a URL. JPEG or PNG, 1400 to 3000 px.
	Artwork    string `yaml:"artwork"`
	ArtworkAlt string `yaml:"artwork_alt"`
	// ArtworkSize is the side of the square artwork made from every
	// image, 1400 to 3000 px (default 1400); ArtworkFit is "letterbox"
	// (default: the whole image on a background) or "crop".
	ArtworkSize int    `yaml:"artwork_size"`
	ArtworkFit  string `yaml:"artwork_fit"`
	// TimeZone is the zone of dates written without a time.
	TimeZone string `yaml:"timezone"`
	// Content, Static and Out are the folders read and written; relative
	// paths in the file are relative to the file's folder.
	Content string `yaml:"content"`
	Static  string `yaml:"static"`
	Out     string `yaml:"out"`
	// Cache is the folder of the build cache (processed images);
	// ".feedcast-cache" beside the config file by default, "" for none.
	Cache string `yaml:"cache"`
	// FeedLimit is how many of the latest episodes each feed document
	// holds in full; older episodes go to archive pages of that size
	// (RFC 5005). 0 puts every episode in the feed.
	FeedLimit int `yaml:"feed_limit"`
	// FeedsOnly writes the feeds and the files they link to (images,
	// media), but no pages and no transcript files.
	FeedsOnly bool `yaml:"feeds_only"`
	// GroupFeeds lists the kinds of feeds written beside the show's:
	// "series" (one feed per series) and "tags" (one per tag). Both by
	// default; an empty list writes the show's feeds only.
	GroupFeeds []string `yaml:"group_feeds"`
	// NetworkFeed keeps the episodes of the shows of the content folder
	// (folders with an _index.md, see show.go) in the top-level feeds
	// too, which are then the feeds of the whole network (default true).
	// false leaves them out: each show's episodes are in its own feeds
	// only. A show may set it for its own episodes.
	NetworkFeed bool `yaml:"network_feed"`
	// Ignore lists glob patterns (path.Match) of Markdown files that are
	// not episodes, matched against the file name and against the path
	// relative to the content folder: "README.md", "drafts/*.md".
	Ignore []string `yaml:"ignore"`

	// Directories give the show's pages in podcast directories, linked
	// from the pages' subscribe boxes.
	Directories Directories `yaml:"directories"`

	// Publish lists the targets a publish run uploads the output folder
	// to (see publish.go).
	Publish []Target `yaml:"publish"`
	// Hubs are the WebSub hubs told of every changed feed.
	Hubs []string `yaml:"hubs"`
	// Podping writes <podcast:podping usesPodping="true"/>: the publisher
	// announces updates through Podping.
	Podping bool `yaml:"podping"`
	// PodpingEndpoint is the Podping gateway told of each changed RSS
	// feed after a publish, when Podping is on ("" for podping.cloud); the
	// token is read from the environment (PODPING_TOKEN).
	PodpingEndpoint string `yaml:"podping_endpoint"`
	// StallTimeout is how long a network step of a publish (connecting,
	// waiting for an answer, an upload, a ping) may go without a byte
	// moving before it is given up and retried: "30s", the default when
	// 0. It bounds progress, not size: a long upload that moves goes on.
	StallTimeout time.Duration `yaml:"stall_timeout"`
	// Schedule is the cron schedule of "feedcast run" ("*/15 * * * *",
	// "@every 10m", "@hourly"); ScheduleTimeZone its zone (default UTC).
	Schedule         string `yaml:"schedule"`
	ScheduleTimeZone string `yaml:"schedule_timezone"`

	// RemoteMedia tells whether a build probes the media given as a URL
	// (see remote.go).
	RemoteMedia RemoteMedia `yaml:"remote_media"`

	// Podcast holds the Podcasting 2.0 keys (funding, license, ...) and
	// the enclosure prefix, at the top level of the file (see podcast.go).
	Podcast `yaml:",inline"`

	// IDBaseURL is the base URL the show's ids are derived from (the
	// default id_authority, podcast:guid), BaseURL when empty. It is set
	// when a build is made for another address than the one the show is
	// published at ("feedcast serve" on a loopback address), so that ids
	// never depend on where a build is looked at. Not a key of the file.
	IDBaseURL string `yaml:"-"`
	// File is the path of the file the configuration was read from, ""
	// when there was none.
	File string `yaml:"-"`
	// Location is TimeZone, loaded by Validate.
	Location *time.Location `yaml:"-"`
}

// Directories are the show's ids in podcast directories and apps that
// find a show by their own id rather than by its feed's URL. Each is the
// id the directory gives the show (the digits of Apple's
// podcasts.apple.com/…/id<digits>, the id of open.spotify.com/show/<id>,
// the playlist id of music.youtube.com/playlist?list=<id>, the digits of
// deezer.com/show/<digits>, the feed id of podcastindex.org/podcast/<id>,
// the show's id on podverse.fm/podcast/<id> and fountain.fm/show/<id>),
// or the full https URL of the show's page there.
type Directories struct {
	Apple        string `yaml:"apple"`
	Spotify      string `yaml:"spotify"`
	YouTubeMusic string `yaml:"youtube_music"`
	Deezer       string `yaml:"deezer"`
	PodcastIndex string `yaml:"podcast_index"`
	Podverse     string `yaml:"podverse"`
	Fountain     string `yaml:"fountain"`
}

// directoryID matches the ids of Directories.
var directoryID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,100}$`)

// validate checks each id is an id or an https URL.
func (d *Directories) validate() error {
	for _, f := range []struct {
		key string
		val *string
	}{{"apple", &d.Apple}, {"spotify", &d.Spotify}, {"youtube_music", &d.YouTubeMusic}, {"deezer", &d.Deezer}, {"podcast_index", &d.PodcastIndex}, {"podverse", &d.Podverse}, {"fountain", &d.Fountain}} {
		v := strings.TrimSpace(*f.val)
		if f.key == "apple" {
			v = strings.TrimPrefix(v, "id")
		}
		*f.val = v
		if v == "" || directoryID.MatchString(v) {
			continue
		}
		if u, err := url.Parse(v); err == nil && u.Scheme == "https" && u.Host != "" {
			continue
		}
		return &Error{"directories." + f.key, fmt.Sprintf("%q is neither an id (letters, digits, - and _) nor an https URL", v)}
	}
	return nil
}

// Owner is the show's contact (itunes:owner).
type Owner struct {
	Name  string `yaml:"name"`
	Email string `yaml:"email"`
}

// Default returns the configuration used for every key the file leaves out.
func Default() *Config {
	return &Config{
		Title:       "Podcast",
		Language:    "en",
		Type:        "episodic",
		Medium:      "podcast",
		TimeZone:    "Europe/Paris",
		Content:     "content",
		Static:      "public",
		Out:         "_site",
		Cache:       ".feedcast-cache",
		FeedLimit:   DefaultFeedLimit,
		GroupFeeds:  []string{GroupSeries, GroupTags},
		NetworkFeed: true,
	}
}

// The kinds of GroupFeeds.
const (
	GroupSeries = "series"
	GroupTags   = "tags"
)

// DefaultFeedLimit is the default FeedLimit: Apple Podcasts and most apps
// read a few hundred episodes at most, and a show of up to this many
// episodes is published as one complete feed.
const DefaultFeedLimit = 100

// Load reads the file at path over the defaults. A missing file is not an
// error when optional is true. Unknown keys are refused, so a typo is not
// silently ignored.
func Load(path string, optional bool) (*Config, error) {
	c := Default()
	data, err := os.ReadFile(path)
	if err != nil {
		if optional && errors.Is(err, os.ErrNotExist) {
			return c, nil
		}
		return nil, fmt.Errorf("read config: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	c.File = path
	dir := filepath.Dir(path)
	for _, p := range []*string{&c.Content, &c.Static, &c.Out, &c.Cache} {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
	return c, nil
}

// Error is an invalid configuration value.
type Error struct {
	Key string
	Msg string
}

func (e *Error) Error() string { return fmt.Sprintf("config: %s: %s", e.Key, e.Msg) }

// Validate checks every value, fills in the derived ones (Link,
// EpisodeURL, IDAuthority, Location) and returns the first problem as an
// *Error naming the key.
func (c *Config) Validate() error {
	c.Title = strings.TrimSpace(c.Title)
	if c.Title == "" {
		return &Error{"title", "is empty"}
	}
	if c.BaseURL == "" {
		return &Error{"base_url", "is empty: set it in the config or with --base-url"}
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return &Error{"base_url", fmt.Sprintf("%q is not an absolute http(s) URL", c.BaseURL)}
	}
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	// The ids derive from IDBaseURL, the published base URL.
	idBase := u
	if c.IDBaseURL == "" {
		c.IDBaseURL = c.BaseURL
	} else if idBase, err = url.Parse(c.IDBaseURL); err != nil || (idBase.Scheme != "https" && idBase.Scheme != "http") || idBase.Host == "" {
		return &Error{"base_url", fmt.Sprintf("%q is not an absolute http(s) URL", c.IDBaseURL)}
	} else if !strings.HasSuffix(c.IDBaseURL, "/") {
		c.IDBaseURL += "/"
	}
	if c.Link == "" {
		c.Link = c.BaseURL
	} else if !absURL(c.Link) {
		return &Error{"link", fmt.Sprintf("%q is not an absolute http(s) URL", c.Link)}
	}
	if c.EpisodeURL == "" {
		c.EpisodeURL = c.BaseURL + "episodes/{slug}/"
	} else if !strings.Contains(c.EpisodeURL, "{slug}") || !absURL(strings.ReplaceAll(c.EpisodeURL, "{slug}", "x")) {
		return &Error{"episode_url", fmt.Sprintf("%q is not an absolute URL pattern with {slug}", c.EpisodeURL)}
	}
	if c.IDAuthority == "" {
		c.IDAuthority = strings.ToLower(idBase.Hostname()) + ",2000"
	} else if !validAuthority(c.IDAuthority) {
		return &Error{"id_authority", fmt.Sprintf("%q is not \"host,YYYY[-MM[-DD]]\" (RFC 4151)", c.IDAuthority)}
	}
	if err := c.Directories.validate(); err != nil {
		return err
	}
	if !validLanguage(c.Language) {
		return &Error{"language", fmt.Sprintf("%q is not a language tag such as \"fr\" or \"en-US\"", c.Language)}
	}
	if c.Owner.Email != "" {
		if _, err := mail.ParseAddress(c.Owner.Email); err != nil || strings.ContainsAny(c.Owner.Email, "<> ") {
			return &Error{"owner.email", fmt.Sprintf("%q is not an email address", c.Owner.Email)}
		}
	}
	for i, cat := range c.Categories {
		if _, _, err := ParseCategory(cat); err != nil {
			return &Error{fmt.Sprintf("categories[%d]", i), err.Error()}
		}
	}
	switch c.Type {
	case "":
		c.Type = "episodic"
	case "episodic", "serial":
	default:
		return &Error{"type", fmt.Sprintf("%q is not \"episodic\" or \"serial\"", c.Type)}
	}
	if c.Medium == "" {
		c.Medium = "podcast"
	}
	if !validMedium(c.Medium) {
		return &Error{"medium", fmt.Sprintf("%q is not a Podcasting 2.0 medium (podcast, video, music, film, audiobook, newsletter, blog, ...)", c.Medium)}
	}
	if c.Artwork != "" && !strings.HasPrefix(c.Artwork, "/") && !absURL(c.Artwork) {
		return &Error{"artwork", fmt.Sprintf("%q is neither a path in the static folder (\"/artwork.png\") nor a URL", c.Artwork)}
	}
	if c.ArtworkSize == 0 {
		c.ArtworkSize = 1400
	} else if c.ArtworkSize < 1400 || c.ArtworkSize > 3000 {
		return &Error{"artwork_size", fmt.Sprintf("%d is outside 1400..3000 (Apple Podcasts)", c.ArtworkSize)}
	}
	switch c.ArtworkFit {
	case "":
		c.ArtworkFit = "letterbox"
	case "letterbox", "crop":
	default:
		return &Error{"artwork_fit", fmt.Sprintf("%q is not \"letterbox\" or \"crop\"", c.ArtworkFit)}
	}
	if c.TimeZone == "" {
		c.TimeZone = "Europe/Paris"
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return &Error{"timezone", fmt.Sprintf("%q is not a time zone name", c.TimeZone)}
	}
	c.Location = loc
	if c.FeedLimit < 0 {
		return &Error{"feed_limit", fmt.Sprintf("%d is negative: give a number of episodes, or 0 for all", c.FeedLimit)}
	}
	seen := map[string]bool{}
	for i, g := range c.GroupFeeds {
		if g != GroupSeries && g != GroupTags {
			return &Error{fmt.Sprintf("group_feeds[%d]", i), fmt.Sprintf("%q is not \"series\" or \"tags\"", g)}
		}
		if seen[g] {
			return &Error{fmt.Sprintf("group_feeds[%d]", i), fmt.Sprintf("%q is listed twice", g)}
		}
		seen[g] = true
	}
	if c.Content == "" {
		return &Error{"content", "is empty"}
	}
	if c.Out == "" {
		return &Error{"out", "is empty"}
	}
	if err := c.validatePublish(); err != nil {
		return err
	}
	if err := c.validatePodcast(); err != nil {
		return err
	}
	if err := c.RemoteMedia.validate(); err != nil {
		return err
	}
	for i, p := range c.Ignore {
		if _, err := path.Match(p, ""); err != nil {
			return &Error{fmt.Sprintf("ignore[%d]", i), fmt.Sprintf("%q is not a glob pattern", p)}
		}
	}
	return nil
}

func absURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// validLanguage accepts the shape of a BCP 47 tag: a 2-3 letter language,
// then subtags of 1-8 letters or digits joined by "-" ("fr_FR" is refused).
func validLanguage(s string) bool {
	parts := strings.Split(s, "-")
	if n := len(parts[0]); n < 2 || n > 3 || !isAlnum(parts[0], true) {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) < 1 || len(p) > 8 || !isAlnum(p, false) {
			return false
		}
	}
	return true
}

func isAlnum(s string, lettersOnly bool) bool {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case !lettersOnly && r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return true
}

func validAuthority(s string) bool {
	host, date, ok := strings.Cut(s, ",")
	if !ok || host == "" || strings.ContainsAny(host, " /:") {
		return false
	}
	for _, layout := range []string{"2006", "2006-01", "2006-01-02"} {
		if _, err := time.Parse(layout, date); err == nil && len(date) == len(layout) {
			return true
		}
	}
	return false
}

func validMedium(s string) bool {
	switch strings.TrimSuffix(s, "L") {
	case "podcast", "music", "video", "film", "audiobook", "newsletter", "blog", "course":
		return true
	}
	return s == "publisher" || s == "mixed"
}

// Ignored reports whether the episode file at p (slash path relative to
// the content folder) matches one of the Ignore patterns.
func (c *Config) Ignored(p string) bool {
	for _, pat := range c.Ignore {
		if ok, _ := path.Match(pat, path.Base(p)); ok {
			return true
		}
		if ok, _ := path.Match(pat, p); ok {
			return true
		}
	}
	return false
}

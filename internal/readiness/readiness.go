// Package readiness checks that a show is one podcast directories take:
// what Apple Podcasts Connect and the Podcast Index (with the apps and
// directories that read its namespace) require of a feed, or reject.
//
// The checks read the show's configuration and its published episodes,
// as the build resolved them; they never read a file or the network.
// Each Finding names the key that fixes it: a key of the configuration
// file, or a front matter key of the episode files concerned. Findings of
// one kind about many episodes are one Finding, with the count and the
// first files, so that a show of hundreds of episodes without media gets
// one line, not hundreds.
//
// Sources: Apple's "A Podcaster's Guide to RSS" (Podcasts Connect help,
// itcb54353390), Apple's "Technical updates for hosting providers"
// (podcasters.apple.com/4115, 2022: every episode has a guid, a duplicate
// guid is not processed; itunes:owner no longer used by Apple), the
// Podcast Index namespace (docs/tags/guid.md, locked.md), Spotify's
// "Adding your email address to your RSS feed" (the show is claimed with
// a code sent to itunes:email).
package readiness

import (
	"fmt"
	"net"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/config"
)

// Show is what the checks read.
type Show struct {
	// Config is the validated configuration.
	Config *config.Config
	// Episodes are the published episodes (drafts, episodes not yet
	// released and duplicates left out), in any order.
	Episodes []Episode
}

// Episode is a published episode as its feed item says it.
type Episode struct {
	// Path is the episode file's slash path in the content folder.
	Path string
	// ID is the item's guid (the front matter's guid, else the id made
	// from the path).
	ID    string
	Title string
	// Number is the episode number (itunes:episode), 0 when none.
	Number int
	// Enclosure is the media file published, nil when none.
	Enclosure *feed.Enclosure
	// MediaReported tells that another problem was already reported about
	// the episode's media key (a file not found, an unknown length): its
	// media is not checked again.
	MediaReported bool
}

// Finding is one thing that keeps directories from taking the show.
type Finding struct {
	// Kind names the check, e.g. "owner-email", "no-media": findings of a
	// kind are reported together.
	Kind string
	// Key is the key that fixes it: a configuration key ("owner.email")
	// when Files is empty, else a front matter key ("audio") of the files.
	Key string
	// Msg says what is wrong and which directory requires it.
	Msg string
	// Files are the first MaxFiles episode files concerned, in path
	// order; empty for a finding about the configuration.
	Files []string
	// Show is the index file (slash path in the content folder) of the
	// show of the content folder the finding is about; "" for the
	// top-level show.
	Show string
	// Count is the number of episode files concerned (at least
	// len(Files)); 0 for a finding about the configuration.
	Count int
}

// MaxFiles is how many files a Finding names; the others are counted.
const MaxFiles = 3

// Line formats the finding as "where: key: message", as diagnostics are:
// config names the configuration file, and file maps an episode path to
// the name printed (nil: as it is). A finding about more files than it
// names says how many more.
func (f Finding) Line(config string, file func(string) string) string {
	where := config
	if f.Show != "" {
		where = f.Show
		if file != nil {
			where = file(f.Show)
		}
	}
	if len(f.Files) > 0 {
		names := make([]string, len(f.Files))
		for i, p := range f.Files {
			if file != nil {
				p = file(p)
			}
			names[i] = p
		}
		where = strings.Join(names, ", ")
		if more := f.Count - len(f.Files); more > 0 {
			where += fmt.Sprintf(" and %d more", more)
		}
	}
	return where + ": " + f.Key + ": " + f.Msg
}

// Check runs every check and returns the findings: the configuration's
// first, then the episodes', each kind in a fixed order. The same show
// gives the same findings in the same order.
func Check(s Show) []Finding {
	cfg := s.Config
	var out []Finding
	add := func(kind, key, msg string) {
		out = append(out, Finding{Kind: kind, Key: key, Msg: msg})
	}
	// <title> is required (Apple, Podcaster's Guide to RSS): a show left
	// with the default title is not one a listener can find.
	if def := config.Default().Title; cfg.Title == def {
		add("title-missing", "title", fmt.Sprintf("is not set: the show is called %q; Apple Podcasts requires the show's own title", def))
	} else if n := utf8.RuneCountInString(cfg.Title); n > maxText {
		add("title-long", "title", fmt.Sprintf("is %d characters: Apple Podcasts takes %d at most", n, maxText))
	}
	// <description> is required; the feeds write the title when it is
	// empty, and Apple rejects a description that only repeats the title
	// ("Incomplete metadata").
	if strings.TrimSpace(cfg.Description) == "" {
		add("description-missing", "description", "is empty: the feeds repeat the title instead, and Apple Podcasts rejects a show whose description only repeats its title")
	}
	// <language>: "Apple Podcasts only supports values from the ISO 639
	// list (two-letter language codes...). Invalid language codes will
	// cause your feed to fail Apple validation."
	if msg := languageProblem(cfg.Language); msg != "" {
		add("language", "language", msg)
	}
	// <itunes:image> is required: JPEG or PNG with a matching extension.
	// A file (of the static folder, or beside a show's index file) is
	// made into one by the build (any format, letterboxed to
	// artwork_size); a URL is linked as it is, and the RSS writer leaves
	// out one that is not .jpg or .png.
	switch a := cfg.Artwork; {
	case a == "":
		add("artwork-missing", "artwork", "is not set: Apple Podcasts requires show artwork (itunes:image), a square JPEG or PNG of 1400 to 3000 px: give an image of the static folder (\"/artwork.png\") and the build makes it one")
	case isURL(a) && !jpegOrPNG(a):
		add("artwork-format", "artwork", fmt.Sprintf("%q is not a .jpg or .png URL: Apple Podcasts takes JPEG or PNG artwork only, so the feeds carry no itunes:image; give an image of the static folder and the build makes one", a))
	}
	// <itunes:category> is required.
	if len(cfg.Categories) == 0 {
		add("categories-missing", "categories", "is empty: Apple Podcasts requires a category (itunes:category) from its list, such as \"Technology\" or \"Society & Culture > Documentary\"")
	}
	// itunes:owner's email: Spotify and other directories send the code
	// that proves the show is yours to it; podcast:locked names it as the
	// owner who may move the show.
	if cfg.Owner.Email == "" {
		msg := "is empty: Spotify and other directories send the code that proves the show is yours to this address (itunes:owner)"
		if cfg.Locked {
			msg = "is empty: the show is locked (podcast:locked) with no owner email, so no host can verify a move, and Spotify and other directories send the code that proves the show is yours to this address (itunes:owner)"
		}
		add("owner-email", "owner.email", msg)
	}
	// Directories fetch the feed from base_url, and the show's
	// podcast:guid is made from the feed's URL (Podcast Index guid.md).
	if host, ok := localHost(cfg.BaseURL); ok {
		add("base-url-local", "base_url", fmt.Sprintf("%q is a local address (%s): directories cannot fetch the feeds there, and the show's podcast:guid, made from the feed's URL, changes when the show moves; set base_url (or --base-url) to where the show is published", cfg.BaseURL, host))
	}
	if len(s.Episodes) == 0 {
		add("no-episodes", "content", "no episode is published: directories do not take a feed without episodes")
	}
	return append(out, checkEpisodes(cfg, s.Episodes)...)
}

// maxText is Apple's limit of a tag's value "unless otherwise specified".
const maxText = 255

// The episode checks, in the order they are reported.
var episodeKinds = []string{"no-media", "media-type", "media-duplicate", "guid-duplicate", "title-duplicate", "title-long", "serial-number"}

// checkEpisodes runs the checks of each episode and groups the findings
// by kind and key.
func checkEpisodes(cfg *config.Config, eps []Episode) []Finding {
	type group struct {
		key, msg string
		files    []string
	}
	groups := map[string]*group{} // by kind and key
	var order []string
	flag := func(kind, key, msg, file string) {
		id := kind + "\x00" + key
		g := groups[id]
		if g == nil {
			g = &group{key: key, msg: msg}
			groups[id] = g
			order = append(order, id)
		}
		g.files = append(g.files, file)
	}
	av := audioVideo(cfg.Medium)
	titles := map[string]int{}
	folded := make([]string, len(eps))
	ids := map[string]int{}
	media := map[string]int{}
	for i, e := range eps {
		folded[i] = foldTitle(e.Title)
		titles[folded[i]]++
		ids[e.ID]++
		if e.Enclosure != nil {
			media[e.Enclosure.URL]++
		}
	}
	for i, e := range eps {
		// <enclosure> is required of every episode (Podcaster's Guide to
		// RSS), with one of the types Apple lists; the URL's extension
		// decides whether the episode is listed.
		switch {
		case e.MediaReported || !av:
		case e.Enclosure == nil:
			flag("no-media", "audio", "no media file (audio, video or enclosure): Apple Podcasts requires one for every episode, and podcast apps do not list an episode without one", e.Path)
		case !appleMedia(e.Enclosure):
			key := "audio"
			if strings.HasPrefix(e.Enclosure.Type, "video/") {
				key = "video"
			}
			flag("media-type", key, "Apple Podcasts lists M4A, MP3, MOV, MP4, M4V and PDF files only, by the URL's extension and the type (audio/x-m4a, audio/mpeg, video/quicktime, video/mp4, video/x-m4v, application/pdf)", e.Path)
		}
		// "Apple Podcasts will ignore previously used <enclosure> URLs"
		// (PRX's summary of Apple's rules): each episode its own file.
		if e.Enclosure != nil && media[e.Enclosure.URL] > 1 && !e.MediaReported {
			flag("media-duplicate", "audio", "the same media file as another episode: Apple Podcasts ignores an enclosure URL it has seen", e.Path)
		}
		// "Apple Podcasts will not process new episodes with duplicate
		// GUIDs" (podcasters.apple.com/4115).
		if ids[e.ID] > 1 {
			flag("guid-duplicate", "guid", "the same guid as another episode: Apple Podcasts does not process an episode whose guid another one has", e.Path)
		}
		if titles[folded[i]] > 1 {
			flag("title-duplicate", "title", "the same title as another episode: Apple Podcasts and podcast apps list episodes by title, and listeners cannot tell these apart", e.Path)
		}
		if n := utf8.RuneCountInString(e.Title); n > maxText {
			flag("title-long", "title", fmt.Sprintf("is longer than %d characters: Apple Podcasts takes %d at most", maxText, maxText), e.Path)
		}
		// "Episode numbers are optional for episodic shows, but are
		// mandatory for serial shows."
		if cfg.Type == "serial" && e.Number == 0 {
			flag("serial-number", "episode", "no episode number: the show is serial (type: serial), and Apple Podcasts requires a number for every episode of a serial show", e.Path)
		}
	}
	// Kinds in their fixed order, keys in their order: the input's order
	// must not show.
	slices.SortFunc(order, func(a, b string) int {
		ka, keyA, _ := strings.Cut(a, "\x00")
		kb, keyB, _ := strings.Cut(b, "\x00")
		if c := slices.Index(episodeKinds, ka) - slices.Index(episodeKinds, kb); c != 0 {
			return c
		}
		return strings.Compare(keyA, keyB)
	})
	out := make([]Finding, 0, len(order))
	for _, id := range order {
		g := groups[id]
		kind, _, _ := strings.Cut(id, "\x00")
		files := slices.Clone(g.files)
		slices.Sort(files)
		out = append(out, Finding{Kind: kind, Key: g.key, Msg: g.msg, Files: files[:min(len(files), MaxFiles):min(len(files), MaxFiles)], Count: len(files)})
	}
	return out
}

// foldTitle is a title as listeners tell titles apart: case and spacing
// aside.
func foldTitle(t string) string {
	return strings.ToLower(strings.Join(strings.Fields(t), " "))
}

// isURL reports whether an artwork is given by its http(s) URL rather
// than as a file.
func isURL(a string) bool {
	l := strings.ToLower(a)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// audioVideo reports whether a show of this Podcasting 2.0 medium is one
// of audio or video episodes (each with its media file), not a blog, a
// newsletter or a publisher's list of feeds.
func audioVideo(medium string) bool {
	switch strings.TrimSuffix(medium, "L") {
	case "newsletter", "blog", "publisher":
		return false
	}
	return true
}

// appleMedia reports whether Apple lists an episode with this media file:
// "Supported file formats include M4A, MP3, MOV, MP4, M4V, and PDF", with
// the types audio/x-m4a, audio/mpeg, video/quicktime, video/mp4,
// video/x-m4v and application/pdf, and "the file extension specified
// within the URL attribute determines whether or not content appears".
func appleMedia(enc *feed.Enclosure) bool {
	ext := ""
	if u, err := url.Parse(enc.URL); err == nil {
		ext = strings.ToLower(path.Ext(u.Path))
	}
	switch ext {
	case ".m4a", ".mp3", ".mov", ".mp4", ".m4v", ".pdf":
	default:
		return false
	}
	switch strings.ToLower(enc.Type) {
	case "audio/x-m4a", "audio/mpeg", "video/quicktime", "video/mp4", "video/x-m4v", "application/pdf":
		return true
	}
	return false
}

// jpegOrPNG reports whether a URL names a JPEG or PNG file by its
// extension, as the RSS writer requires of itunes:image.
func jpegOrPNG(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch strings.ToLower(path.Ext(u.Path)) {
	case ".jpg", ".jpeg", ".png":
		return true
	}
	return false
}

// languageProblem returns what Apple would refuse in a language tag, ""
// when nothing: its first subtag must be a known ISO 639 language, by its
// two-letter code when it has one.
func languageProblem(tag string) string {
	primary, _, _ := strings.Cut(tag, "-")
	primary = strings.ToLower(primary)
	base, err := language.ParseBase(primary)
	switch {
	case err != nil:
		return fmt.Sprintf("%q is not an ISO 639 language code: Apple Podcasts refuses a feed whose language it does not know", tag)
	case primary == "und" || primary == "zxx" || primary == "mul" || primary == "mis":
		return fmt.Sprintf("%q names no language: Apple Podcasts requires the language spoken on the show, such as \"fr\" or \"en-US\"", tag)
	case len(primary) == 3 && len(base.String()) == 2:
		return fmt.Sprintf("%q: Apple Podcasts takes two-letter ISO 639 codes: %q", tag, base.String())
	}
	return ""
}

// localHost returns the host of a URL when it is one directories cannot
// reach: localhost, a loopback, private, link-local or unspecified
// address, or a .local or .internal name.
func localHost(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	h := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") || strings.HasSuffix(h, ".local") || strings.HasSuffix(h, ".internal") {
		return h, true
	}
	if ip := net.ParseIP(h); ip != nil {
		if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() {
			return h, true
		}
	}
	return "", false
}

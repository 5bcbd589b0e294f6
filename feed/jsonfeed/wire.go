package jsonfeed

// The wire types follow the key order of the specification, which
// encoding/json keeps: version comes first.

// version is the URL of the format version, the required first key.
const version = "https://jsonfeed.org/version/1.1"

// jsonFeed is the top-level object.
//
// Spec: https://www.jsonfeed.org/version/1.1/ (Top-level)
type jsonFeed struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url,omitempty"`
	FeedURL     string `json:"feed_url,omitempty"`
	Description string `json:"description,omitempty"`
	UserComment string `json:"user_comment,omitempty"`
	// NextURL is the next page of the feed: the next older archive page.
	NextURL  string       `json:"next_url,omitempty"`
	Icon     string       `json:"icon,omitempty"`
	Authors  []jsonAuthor `json:"authors,omitempty"`
	Language string       `json:"language,omitempty"`
	Hubs     []jsonHub    `json:"hubs,omitempty"`
	// Feedcast carries the show's podcast data that JSON Feed has no key
	// for, as an extension object.
	Feedcast *feedExtension `json:"_feedcast,omitempty"`
	// Items is required: an empty feed has "items": []. Write leaves it
	// empty and writes the items one at a time in its place.
	Items []jsonItem `json:"items"`
}

// jsonHub is a WebSub hub; both keys are required.
type jsonHub struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}

// jsonItem is one episode. It has content_html or, when the episode has no
// HTML, content_text: one of them is required.
//
// Spec: https://www.jsonfeed.org/version/1.1/ (Items)
type jsonItem struct {
	ID            string           `json:"id"`
	URL           string           `json:"url,omitempty"`
	Title         string           `json:"title,omitempty"`
	ContentHTML   string           `json:"content_html,omitempty"`
	ContentText   *string          `json:"content_text,omitempty"`
	Summary       string           `json:"summary,omitempty"`
	Image         string           `json:"image,omitempty"`
	BannerImage   string           `json:"banner_image,omitempty"`
	DatePublished string           `json:"date_published,omitempty"`
	DateModified  string           `json:"date_modified,omitempty"`
	Tags          []string         `json:"tags,omitempty"`
	Authors       []jsonAuthor     `json:"authors,omitempty"`
	Attachments   []jsonAttachment `json:"attachments,omitempty"`
	Feedcast      *itemExtension   `json:"_feedcast,omitempty"`
}

// jsonAuthor is a feed or item author: all keys are optional, but an author
// object needs at least one.
//
// Spec: https://www.jsonfeed.org/version/1.1/ (Top-level, authors)
type jsonAuthor struct {
	Name   string `json:"name,omitempty"`
	URL    string `json:"url,omitempty"`
	Avatar string `json:"avatar,omitempty"`
}

// jsonAttachment is a related resource: the episode's media file or a
// transcript. Attachments with the same title are alternate formats of the
// same thing.
//
// Spec: https://www.jsonfeed.org/version/1.1/ (Attachments)
type jsonAttachment struct {
	URL               string               `json:"url"`
	MIMEType          string               `json:"mime_type"`
	Title             string               `json:"title,omitempty"`
	SizeInBytes       int64                `json:"size_in_bytes,omitempty"`
	DurationInSeconds float64              `json:"duration_in_seconds,omitempty"`
	Feedcast          *attachmentExtension `json:"_feedcast,omitempty"`
}

// Extension objects. Their names start with "_" and a letter, and no key
// contains ".". Readers that do not know them ignore them.
//
// Spec: https://www.jsonfeed.org/version/1.1/ (Extensions)

// aboutURL documents the _feedcast extension, as the spec suggests.
const aboutURL = "https://github.com/feedcast/feedcast"

// feedExtension is the show's podcast data: the values of the RSS
// itunes: and podcast: channel tags.
type feedExtension struct {
	About       string        `json:"about"`
	PodcastGUID string        `json:"podcast_guid,omitempty"`
	Medium      string        `json:"medium,omitempty"`
	Type        string        `json:"type,omitempty"`
	Explicit    bool          `json:"explicit"`
	Categories  []extCategory `json:"categories,omitempty"`
	Copyright   string        `json:"copyright,omitempty"`
	Owner       *extPerson    `json:"owner,omitempty"`
	Persons     []extPerson   `json:"persons,omitempty"`
	Locked      bool          `json:"locked,omitempty"`
	LockedOwner string        `json:"locked_owner,omitempty"`
}

// itemExtension is the episode's podcast data: the values of the RSS
// itunes: and podcast: item tags, and the embedded player.
type itemExtension struct {
	Season            int         `json:"season,omitempty"`
	Episode           int         `json:"episode,omitempty"`
	EpisodeType       string      `json:"episode_type,omitempty"`
	Explicit          *bool       `json:"explicit,omitempty"`
	DurationInSeconds float64     `json:"duration_in_seconds,omitempty"`
	Player            *extPlayer  `json:"player,omitempty"`
	Persons           []extPerson `json:"persons,omitempty"`
	// Chapters is the JSON Chapters file (podcast:chapters in RSS).
	Chapters *extLink `json:"chapters,omitempty"`
	// SmallImage is a small rendition of the item's image, for lists and
	// widgets that show a thumbnail (see smallImage).
	SmallImage string `json:"small_image,omitempty"`
}

// extLink is a linked file and its media type.
type extLink struct {
	URL  string `json:"url"`
	Type string `json:"type"`
}

// attachmentExtension describes a transcript attachment: its language and
// "captions" for timed captions (podcast:transcript language and rel).
type attachmentExtension struct {
	Language string `json:"language,omitempty"`
	Rel      string `json:"rel,omitempty"`
}

type extCategory struct {
	Name string `json:"name"`
	Sub  string `json:"sub,omitempty"`
}

type extPerson struct {
	Name   string `json:"name,omitempty"`
	Email  string `json:"email,omitempty"`
	URL    string `json:"url,omitempty"`
	Avatar string `json:"avatar,omitempty"`
	Role   string `json:"role,omitempty"`
	Group  string `json:"group,omitempty"`
}

type extPlayer struct {
	URL      string `json:"url"`
	PageURL  string `json:"page_url,omitempty"`
	Provider string `json:"provider,omitempty"`
	Kind     string `json:"kind,omitempty"`
	Width    int    `json:"width,omitempty"`
	Height   int    `json:"height,omitempty"`
}

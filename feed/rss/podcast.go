package rss

import (
	"strings"

	"github.com/feedcast/feedcast/feed"
)

// maxPersonName is the longest podcast:person name, in characters.
const maxPersonName = 128

// podcastChannel holds the Podcasting 2.0 tags of the channel.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md
type podcastChannel struct {
	Locked  *podcastLocked  `xml:"podcast:locked"`
	GUID    string          `xml:"podcast:guid,omitempty"`
	Medium  string          `xml:"podcast:medium,omitempty"`
	Podping *podcastPodping `xml:"podcast:podping"`
	Persons []podcastPerson `xml:"podcast:person"`
	Images  []podcastImage  `xml:"podcast:image"`
	podcastChannelMore
}

// podcastPodping says the feed's updates are announced through Podping.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/podping.md
type podcastPodping struct {
	UsesPodping string `xml:"usesPodping,attr"`
}

// podcastLocked is "yes" when other platforms must not import the feed;
// owner is the email allowed to move it. It is left out when the feed is
// not locked and has no owner, which means the same as "no".
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/locked.md
type podcastLocked struct {
	Owner  string `xml:"owner,attr,omitempty"`
	Locked string `xml:",chardata"`
}

// podcastPerson is a person of the show or of an episode; role and group
// default to "host" and "cast".
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/person.md
type podcastPerson struct {
	Role  string `xml:"role,attr,omitempty"`
	Group string `xml:"group,attr,omitempty"`
	Img   string `xml:"img,attr,omitempty"`
	Href  string `xml:"href,attr,omitempty"`
	Name  string `xml:",chardata"`
}

// podcastImage is an image with its size and purpose; without an aspect
// ratio or a purpose it is taken as square.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/image.md
type podcastImage struct {
	Href        string `xml:"href,attr"`
	Alt         string `xml:"alt,attr,omitempty"`
	AspectRatio string `xml:"aspect-ratio,attr,omitempty"`
	Width       int    `xml:"width,attr,omitempty"`
	Height      int    `xml:"height,attr,omitempty"`
	Type        string `xml:"type,attr,omitempty"`
	Purpose     string `xml:"purpose,attr,omitempty"`
}

// podcastItem holds the Podcasting 2.0 tags of an episode.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md
type podcastItem struct {
	Season      string              `xml:"podcast:season,omitempty"`
	Episode     string              `xml:"podcast:episode,omitempty"`
	Transcripts []podcastTranscript `xml:"podcast:transcript"`
	Persons     []podcastPerson     `xml:"podcast:person"`
	Images      []podcastImage      `xml:"podcast:image"`
	podcastItemMore
}

// podcastTranscript is one transcript file; language defaults to the
// channel's, rel="captions" marks timed captions.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/transcript.md
type podcastTranscript struct {
	URL      string `xml:"url,attr"`
	Type     string `xml:"type,attr"`
	Language string `xml:"language,attr,omitempty"`
	Rel      string `xml:"rel,attr,omitempty"`
}

func newPodcastChannel(f *feed.Feed) podcastChannel {
	c := podcastChannel{
		GUID:    text(f.PodcastGUID),
		Medium:  text(f.Medium),
		Persons: newPodcastPersons(f.Persons),
	}
	if f.Podping {
		c.Podping = &podcastPodping{UsesPodping: "true"}
	}
	// Without the tag, imports are allowed: "no" is written only to name an
	// owner (podcast-partytime ignores the tag without one).
	if owner := text(f.LockedOwner); f.Locked || owner != "" {
		c.Locked = &podcastLocked{Locked: "no", Owner: owner}
		if f.Locked {
			c.Locked.Locked = "yes"
		}
	}
	if c.GUID == "" {
		if u := text(f.URL(feed.RSS)); u != "" {
			c.GUID = feed.PodcastGUID(u)
		}
	}
	if c.Medium == "" {
		c.Medium = "podcast"
	}
	c.podcastChannelMore = newPodcastChannelMore(f)
	if f.Image != nil {
		img := *f.Image
		if text(img.Purpose) == "" {
			img.Purpose = "artwork"
		}
		c.Images = appendPodcastImage(nil, img)
	}
	return c
}

func newPodcastItem(f *feed.Feed, it *feed.Item) podcastItem {
	c := podcastItem{
		Season:  number(it.Season),
		Episode: number(it.Episode),
		Persons: newPodcastPersons(it.Persons),
	}
	for _, t := range it.Transcripts {
		u := text(t.URL)
		if u == "" {
			continue
		}
		lang := language(t.Language)
		if lang == "" {
			lang = language(f.ItemLang())
		}
		c.Transcripts = append(c.Transcripts, podcastTranscript{
			URL:      u,
			Type:     text(t.Type),
			Language: lang,
			Rel:      strings.ToLower(text(t.Rel)),
		})
	}
	if it.Image != nil {
		c.Images = appendPodcastImage(c.Images, *it.Image)
	}
	for _, img := range it.Images {
		c.Images = appendPodcastImage(c.Images, img)
	}
	c.podcastItemMore = newPodcastItemMore(it)
	return c
}

func newPodcastPersons(persons []feed.Person) []podcastPerson {
	var out []podcastPerson
	for _, p := range persons {
		name := truncateRunes(text(p.Name), maxPersonName)
		if name == "" {
			continue
		}
		out = append(out, podcastPerson{
			Role:  strings.ToLower(text(p.Role)),
			Group: strings.ToLower(text(p.Group)),
			Img:   text(p.Img),
			Href:  text(p.URL),
			Name:  name,
		})
	}
	return out
}

// appendPodcastImage appends img unless it has no URL or one already in
// images.
func appendPodcastImage(images []podcastImage, img feed.Image) []podcastImage {
	href := text(img.URL)
	if href == "" {
		return images
	}
	for _, prev := range images {
		if prev.Href == href {
			return images
		}
	}
	width, height := positive(img.Width), positive(img.Height)
	return append(images, podcastImage{
		Href:        href,
		Alt:         text(img.Alt),
		AspectRatio: aspectRatio(width, height),
		Width:       width,
		Height:      height,
		Type:        strings.ToLower(text(img.Type)),
		Purpose:     strings.Join(strings.Fields(text(img.Purpose)), " "),
	})
}

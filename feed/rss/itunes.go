package rss

import (
	"strconv"
	"strings"

	"github.com/feedcast/feedcast/feed"
)

// itunesChannel holds the Apple Podcasts tags of the channel. The channel
// itunes:title and itunes:complete are left out: the W3C validator reports
// them as undefined elements.
//
// Spec: https://help.apple.com/itc/podcasts_connect/#/itcb54353390
type itunesChannel struct {
	Author     string           `xml:"itunes:author,omitempty"`
	Owner      *itunesOwner     `xml:"itunes:owner"`
	Image      *itunesImage     `xml:"itunes:image"`
	Categories []itunesCategory `xml:"itunes:category"`
	Explicit   string           `xml:"itunes:explicit"`
	Type       string           `xml:"itunes:type"`
	// NewFeedURL is the show's new feed URL: Apple moves its listing
	// there once the old URL answers with a 301 to it.
	NewFeedURL string `xml:"itunes:new-feed-url,omitempty"`
}

// itunesOwner is the contact of the show.
//
// Spec: https://help.apple.com/itc/podcasts_connect/#/itcb54353390
type itunesOwner struct {
	Name  string `xml:"itunes:name,omitempty"`
	Email string `xml:"itunes:email,omitempty"`
}

// itunesImage is a JPEG or PNG artwork, its URL in href.
//
// Spec: https://help.apple.com/itc/podcasts_connect/#/itcb54353390
type itunesImage struct {
	Href string `xml:"href,attr"`
}

// itunesCategory is an Apple category, with its subcategory nested.
//
// Spec: https://podcasters.apple.com/support/1691-apple-podcasts-categories
type itunesCategory struct {
	Text string          `xml:"text,attr"`
	Sub  *itunesCategory `xml:"itunes:category"`
}

// itunesItem holds the Apple Podcasts tags of an episode.
//
// Spec: https://help.apple.com/itc/podcasts_connect/#/itcb54353390
type itunesItem struct {
	Title       string       `xml:"itunes:title,omitempty"`
	Image       *itunesImage `xml:"itunes:image"`
	Duration    string       `xml:"itunes:duration,omitempty"`
	Season      string       `xml:"itunes:season,omitempty"`
	Episode     string       `xml:"itunes:episode,omitempty"`
	EpisodeType string       `xml:"itunes:episodeType,omitempty"`
	Explicit    string       `xml:"itunes:explicit,omitempty"`
}

func newITunesChannel(f *feed.Feed) itunesChannel {
	c := itunesChannel{
		Author:     text(f.Author),
		Image:      newITunesImage(f.Image),
		Explicit:   strconv.FormatBool(f.Explicit),
		Type:       "episodic",
		NewFeedURL: text(f.NewFeedURL),
	}
	if strings.EqualFold(text(f.Type), "serial") {
		c.Type = "serial"
	}
	if name, email := text(f.Owner.Name), text(f.Owner.Email); name != "" || email != "" {
		c.Owner = &itunesOwner{Name: name, Email: email}
	}
	for _, cat := range f.Categories {
		name := text(cat.Name)
		if name == "" {
			continue
		}
		ic := itunesCategory{Text: name}
		if sub := text(cat.Sub); sub != "" {
			ic.Sub = &itunesCategory{Text: sub}
		}
		c.Categories = append(c.Categories, ic)
	}
	return c
}

// newITunesImage returns img as an itunes:image, or nil unless it is a
// JPEG or PNG file with a matching extension, as Apple requires.
func newITunesImage(img *feed.Image) *itunesImage {
	if img == nil {
		return nil
	}
	u := text(img.URL)
	switch extension(u) {
	case ".jpg", ".jpeg", ".png":
	default:
		return nil
	}
	switch t := strings.ToLower(text(img.Type)); t {
	case "", "image/jpeg", "image/png":
	default:
		return nil
	}
	return &itunesImage{Href: u}
}

// itemITunesImage returns the episode's artwork for Apple, which follows
// the show's rules: the first JPEG or PNG among the item's images that is
// square, or whose size is unknown.
func itemITunesImage(it *feed.Item) *itunesImage {
	pick := func(img *feed.Image) *itunesImage {
		if img.Width > 0 && img.Height > 0 && img.Width != img.Height {
			return nil
		}
		return newITunesImage(img)
	}
	if it.Image != nil {
		if ii := pick(it.Image); ii != nil {
			return ii
		}
	}
	for i := range it.Images {
		if ii := pick(&it.Images[i]); ii != nil {
			return ii
		}
	}
	return nil
}

func newITunesItem(it *feed.Item) itunesItem {
	c := itunesItem{
		Title:       text(it.Title),
		Image:       itemITunesImage(it),
		Season:      number(it.Season),
		Episode:     number(it.Episode),
		EpisodeType: episodeType(it.EpisodeType),
	}
	if s := seconds(it.Duration); s > 0 {
		c.Duration = strconv.FormatInt(s, 10)
	}
	if it.Explicit != nil {
		c.Explicit = strconv.FormatBool(*it.Explicit)
	}
	return c
}

// episodeType returns "full", "trailer" or "bonus" in lowercase, or "" for
// any other value (W3C InvalidItunesEpisodeType).
func episodeType(s string) string {
	switch t := strings.ToLower(text(s)); t {
	case "full", "trailer", "bonus":
		return t
	}
	return ""
}

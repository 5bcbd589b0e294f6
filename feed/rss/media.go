package rss

import (
	"strings"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/wire"
)

// mediaItem holds the Media RSS tags of an episode. The enclosure is one
// media:content directly in the item: a media:group needs at least two
// alternatives (W3C MediaGroupWithoutAlternatives).
//
// Spec: https://www.rssboard.org/media-rss
type mediaItem struct {
	Thumbnail *wire.MediaRef `xml:"media:thumbnail"` // the episode's picture
	Player    *wire.MediaRef `xml:"media:player"`    // the web page of an embeddable player
	Content   *mediaContent  `xml:"media:content"`
}

// mediaContent describes the enclosure; fileSize is left out rather than
// written as 0, which the W3C validator rejects.
//
// Spec: https://www.rssboard.org/media-rss#media-content
type mediaContent struct {
	URL      string `xml:"url,attr"`
	FileSize int64  `xml:"fileSize,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Medium   string `xml:"medium,attr,omitempty"`
	Duration int64  `xml:"duration,attr,omitempty"`
}

func newMediaItem(it *feed.Item) mediaItem {
	var m mediaItem
	if img := it.Image; img != nil {
		if u := text(img.URL); u != "" {
			m.Thumbnail = &wire.MediaRef{URL: u, Width: positive(img.Width), Height: positive(img.Height)}
		}
	}
	if p := it.Player; p != nil {
		if u := text(p.URL); u != "" {
			m.Player = &wire.MediaRef{URL: u, Width: positive(p.Width), Height: positive(p.Height)}
		}
	}
	if e := it.Enclosure; e != nil {
		if u := text(e.URL); u != "" {
			t := text(e.Type)
			m.Content = &mediaContent{
				URL:      u,
				FileSize: max(e.Length, 0),
				Type:     t,
				Medium:   medium(t),
				Duration: seconds(it.Duration),
			}
		}
	}
	return m
}

// medium returns the Media RSS medium of a MIME type, or "" when none
// fits.
func medium(mimeType string) string {
	major, _, _ := strings.Cut(strings.ToLower(mimeType), "/")
	switch major {
	case "audio", "video", "image":
		return major
	}
	return ""
}

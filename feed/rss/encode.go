package rss

import (
	"github.com/feedcast/feedcast/feed/internal/wire"
)

// appendItem appends the item as encoding/xml writes it with
// Indent("    ", "  ") (see TestItemEncoding): the wire structs stay the
// description of the format, this is the fast path over them.
func appendItem(b []byte, it *item) []byte {
	x := wire.NewXML(b, "    ", "  ")
	x.Start("item")
	x.ElemOmit("title", it.Title)
	x.ElemOmit("link", it.Link)
	x.ElemOmit("description", it.Description)
	if it.Content != nil {
		x.Start("content:encoded")
		x.CDATA(it.Content.Text)
		x.End("content:encoded")
	}
	if it.GUID != nil {
		x.Start("guid")
		x.Attr("isPermaLink", it.GUID.IsPermaLink)
		x.Text(it.GUID.ID)
		x.End("guid")
	}
	x.ElemOmit("pubDate", it.PubDate)
	if e := it.Enclosure; e != nil {
		x.Start("enclosure")
		x.Attr("url", e.URL)
		x.AttrInt("length", e.Length)
		x.Attr("type", e.Type)
		x.End("enclosure")
	}
	for _, c := range it.Categories {
		x.Elem("category", c)
	}
	// itunes
	x.ElemOmit("itunes:title", it.itunesItem.Title)
	if img := it.itunesItem.Image; img != nil {
		x.Start("itunes:image")
		x.Attr("href", img.Href)
		x.End("itunes:image")
	}
	x.ElemOmit("itunes:duration", it.Duration)
	x.ElemOmit("itunes:season", it.itunesItem.Season)
	x.ElemOmit("itunes:episode", it.itunesItem.Episode)
	x.ElemOmit("itunes:episodeType", it.EpisodeType)
	x.ElemOmit("itunes:explicit", it.Explicit)
	// podcast
	x.ElemOmit("podcast:season", it.podcastItem.Season)
	x.ElemOmit("podcast:episode", it.podcastItem.Episode)
	for _, t := range it.Transcripts {
		x.Start("podcast:transcript")
		x.Attr("url", t.URL)
		x.Attr("type", t.Type)
		x.AttrOmit("language", t.Language)
		x.AttrOmit("rel", t.Rel)
		x.End("podcast:transcript")
	}
	for _, p := range it.Persons {
		appendPerson(x, p)
	}
	for _, img := range it.Images {
		appendImage(x, img)
	}
	appendItemMore(x, &it.podcastItemMore)
	// media
	it.Thumbnail.Append(x, "media:thumbnail")
	it.Player.Append(x, "media:player")
	if c := it.mediaItem.Content; c != nil {
		x.Start("media:content")
		x.Attr("url", c.URL)
		x.AttrIntOmit("fileSize", c.FileSize)
		x.AttrOmit("type", c.Type)
		x.AttrOmit("medium", c.Medium)
		x.AttrIntOmit("duration", c.Duration)
		x.End("media:content")
	}
	x.End("item")
	return x.B
}

func appendPerson(x *wire.XML, p podcastPerson) {
	x.Start("podcast:person")
	x.AttrOmit("role", p.Role)
	x.AttrOmit("group", p.Group)
	x.AttrOmit("img", p.Img)
	x.AttrOmit("href", p.Href)
	x.Text(p.Name)
	x.End("podcast:person")
}

func appendImage(x *wire.XML, img podcastImage) {
	x.Start("podcast:image")
	x.Attr("href", img.Href)
	x.AttrOmit("alt", img.Alt)
	x.AttrOmit("aspect-ratio", img.AspectRatio)
	x.AttrIntOmit("width", int64(img.Width))
	x.AttrIntOmit("height", int64(img.Height))
	x.AttrOmit("type", img.Type)
	x.AttrOmit("purpose", img.Purpose)
	x.End("podcast:image")
}

// appendItemMore writes the podcastItemMore tags as encoding/xml does.
func appendItemMore(x *wire.XML, m *podcastItemMore) {
	if c := m.Chapters; c != nil {
		x.Start("podcast:chapters")
		x.Attr("url", c.URL)
		x.Attr("type", c.Type)
		x.End("podcast:chapters")
	}
	for _, sb := range m.Soundbites {
		x.Start("podcast:soundbite")
		x.Attr("startTime", sb.StartTime)
		x.Attr("duration", sb.Duration)
		x.Text(sb.Title)
		x.End("podcast:soundbite")
	}
	for _, l := range m.Locations {
		appendLocation(x, l)
	}
	if l := m.License; l != nil {
		x.Start("podcast:license")
		x.AttrOmit("url", l.URL)
		x.Text(l.Name)
		x.End("podcast:license")
	}
	for _, a := range m.Alternates {
		x.Start("podcast:alternateEnclosure")
		x.Attr("type", a.Type)
		x.AttrIntOmit("length", a.Length)
		x.AttrOmit("bitrate", a.Bitrate)
		x.AttrIntOmit("height", int64(a.Height))
		x.AttrOmit("lang", a.Lang)
		x.AttrOmit("title", a.Title)
		x.AttrOmit("rel", a.Rel)
		x.AttrOmit("codecs", a.Codecs)
		x.AttrOmit("default", a.Default)
		for _, s := range a.Sources {
			x.Start("podcast:source")
			x.Attr("uri", s.URI)
			x.AttrOmit("contentType", s.ContentType)
			x.End("podcast:source")
		}
		x.End("podcast:alternateEnclosure")
	}
	for _, t := range m.Txts {
		x.Start("podcast:txt")
		x.AttrOmit("purpose", t.Purpose)
		x.Text(t.Text)
		x.End("podcast:txt")
	}
	for _, s := range m.Social {
		x.Start("podcast:socialInteract")
		x.AttrOmit("priority", s.Priority)
		x.Attr("protocol", s.Protocol)
		x.AttrOmit("uri", s.URI)
		x.AttrOmit("accountId", s.AccountID)
		x.AttrOmit("accountUrl", s.AccountURL)
		x.End("podcast:socialInteract")
	}
}

func appendLocation(x *wire.XML, l podcastLocation) {
	x.Start("podcast:location")
	x.AttrOmit("rel", l.Rel)
	x.AttrOmit("geo", l.Geo)
	x.AttrOmit("osm", l.OSM)
	x.AttrOmit("country", l.Country)
	x.Text(l.Name)
	x.End("podcast:location")
}

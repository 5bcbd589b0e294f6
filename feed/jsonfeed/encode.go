package jsonfeed

import "github.com/feedcast/feedcast/feed/internal/wire"

// appendItem appends the item as encoding/json writes it with
// SetEscapeHTML(false) and SetIndent("    ", "  "), without the final
// newline (see TestItemEncoding): the wire structs stay the description of
// the format, this is the fast path over them.
func appendItem(b []byte, it *jsonItem) []byte {
	j := wire.NewJSON(b, "    ", "  ")
	j.Object()
	j.Key("id")
	j.String(it.ID)
	str(j, "url", it.URL)
	str(j, "title", it.Title)
	str(j, "content_html", it.ContentHTML)
	if it.ContentText != nil {
		j.Key("content_text")
		j.String(*it.ContentText)
	}
	str(j, "summary", it.Summary)
	str(j, "image", it.Image)
	str(j, "banner_image", it.BannerImage)
	str(j, "date_published", it.DatePublished)
	str(j, "date_modified", it.DateModified)
	if len(it.Tags) > 0 {
		j.Key("tags")
		j.Array()
		for _, t := range it.Tags {
			j.String(t)
		}
		j.Close()
	}
	if len(it.Authors) > 0 {
		j.Key("authors")
		j.Array()
		for _, a := range it.Authors {
			j.Object()
			str(j, "name", a.Name)
			str(j, "url", a.URL)
			str(j, "avatar", a.Avatar)
			j.Close()
		}
		j.Close()
	}
	if len(it.Attachments) > 0 {
		j.Key("attachments")
		j.Array()
		for _, a := range it.Attachments {
			j.Object()
			j.Key("url")
			j.String(a.URL)
			j.Key("mime_type")
			j.String(a.MIMEType)
			str(j, "title", a.Title)
			integer(j, "size_in_bytes", a.SizeInBytes)
			float(j, "duration_in_seconds", a.DurationInSeconds)
			if x := a.Feedcast; x != nil {
				j.Key("_feedcast")
				j.Object()
				str(j, "language", x.Language)
				str(j, "rel", x.Rel)
				j.Close()
			}
			j.Close()
		}
		j.Close()
	}
	if x := it.Feedcast; x != nil {
		j.Key("_feedcast")
		j.Object()
		integer(j, "season", int64(x.Season))
		integer(j, "episode", int64(x.Episode))
		str(j, "episode_type", x.EpisodeType)
		if x.Explicit != nil {
			j.Key("explicit")
			j.Bool(*x.Explicit)
		}
		float(j, "duration_in_seconds", x.DurationInSeconds)
		if p := x.Player; p != nil {
			j.Key("player")
			j.Object()
			j.Key("url")
			j.String(p.URL)
			str(j, "page_url", p.PageURL)
			str(j, "provider", p.Provider)
			str(j, "kind", p.Kind)
			integer(j, "width", int64(p.Width))
			integer(j, "height", int64(p.Height))
			j.Close()
		}
		if len(x.Persons) > 0 {
			j.Key("persons")
			j.Array()
			for _, p := range x.Persons {
				j.Object()
				str(j, "name", p.Name)
				str(j, "email", p.Email)
				str(j, "url", p.URL)
				str(j, "avatar", p.Avatar)
				str(j, "role", p.Role)
				str(j, "group", p.Group)
				j.Close()
			}
			j.Close()
		}
		if c := x.Chapters; c != nil {
			j.Key("chapters")
			j.Object()
			j.Key("url")
			j.String(c.URL)
			j.Key("type")
			j.String(c.Type)
			j.Close()
		}
		str(j, "small_image", x.SmallImage)
		j.Close()
	}
	j.Close()
	return j.B
}

// str writes a string member with omitempty.
func str(j *wire.JSON, key, s string) {
	if s != "" {
		j.Key(key)
		j.String(s)
	}
}

// integer writes an integer member with omitempty.
func integer(j *wire.JSON, key string, n int64) {
	if n != 0 {
		j.Key(key)
		j.Int(n)
	}
}

// float writes a number member with omitempty.
func float(j *wire.JSON, key string, f float64) {
	if f != 0 {
		j.Key(key)
		j.Float(f)
	}
}

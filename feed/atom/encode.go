package atom

import "github.com/feedcast/feedcast/feed/internal/wire"

// appendEntry appends the entry as encoding/xml writes it with
// Indent("  ", "  ") (see TestEntryEncoding): the wire structs stay the
// description of the format, this is the fast path over them.
func appendEntry(b []byte, e *atomEntry) []byte {
	x := wire.NewXML(b, "  ", "  ")
	x.Start("entry")
	x.Elem("id", e.ID)
	appendText(x, "title", &e.Title)
	x.Elem("updated", e.Updated)
	x.ElemOmit("published", e.Published)
	for _, l := range e.Links {
		x.Start("link")
		x.AttrOmit("rel", l.Rel)
		x.AttrOmit("type", l.Type)
		x.Attr("href", l.Href)
		x.AttrOmit("hreflang", l.HrefLang)
		x.AttrOmit("title", l.Title)
		x.AttrIntOmit("length", l.Length)
		x.End("link")
	}
	for _, p := range e.Authors {
		appendPerson(x, "author", p)
	}
	for _, p := range e.Contributors {
		appendPerson(x, "contributor", p)
	}
	for _, c := range e.Categories {
		x.Start("category")
		x.Attr("term", c.Term)
		x.AttrOmit("label", c.Label)
		x.End("category")
	}
	if e.Summary != nil {
		appendText(x, "summary", e.Summary)
	}
	if e.Content != nil {
		x.Start("content")
		x.AttrOmit("type", e.Content.Type)
		x.CDATA(e.Content.Value)
		x.End("content")
	}
	e.Thumbnail.Append(x, "media:thumbnail")
	e.Player.Append(x, "media:player")
	x.End("entry")
	return x.B
}

// appendText writes a Text construct as atomText.MarshalXML does.
func appendText(x *wire.XML, name string, t *atomText) {
	x.Start(name)
	x.AttrOmit("type", t.Type)
	x.CharData(t.Value)
	x.End(name)
}

func appendPerson(x *wire.XML, name string, p atomPerson) {
	x.Start(name)
	x.Elem("name", p.Name)
	x.ElemOmit("uri", p.URI)
	x.ElemOmit("email", p.Email)
	x.End(name)
}

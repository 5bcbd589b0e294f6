package atom

import (
	"encoding/xml"

	"github.com/feedcast/feedcast/feed/internal/wire"
)

// Namespaces of the elements an Atom document holds.
const (
	atomNS  = "http://www.w3.org/2005/Atom"
	mediaNS = "http://search.yahoo.com/mrss/"
	fhNS    = "http://purl.org/syndication/history/1.0"
)

// atomFeed is the document's root element. Metadata comes before the
// entries (W3C MisplacedMetadata).
//
// Spec: https://www.rfc-editor.org/rfc/rfc4287#section-4.1.1
type atomFeed struct {
	XMLName xml.Name `xml:"feed"`
	// XMLNS is the default namespace; XMLNSMedia is declared only when an
	// entry uses a media: element. Prefixed names are written literally so
	// that encoding/xml emits no namespace rewriting of its own.
	XMLNS      string `xml:"xmlns,attr"`
	XMLNSMedia string `xml:"xmlns:media,attr,omitempty"`
	XMLNSFH    string `xml:"xmlns:fh,attr,omitempty"`
	Lang       string `xml:"xml:lang,attr,omitempty"`

	ID           string         `xml:"id"`
	Title        atomText       `xml:"title"`
	Subtitle     *atomText      `xml:"subtitle"`
	Updated      string         `xml:"updated"`
	Links        []atomLink     `xml:"link"`
	Authors      []atomPerson   `xml:"author"`
	Contributors []atomPerson   `xml:"contributor"`
	Categories   []atomCategory `xml:"category"`
	Generator    *atomGenerator `xml:"generator"`
	Icon         string         `xml:"icon,omitempty"`
	Logo         string         `xml:"logo,omitempty"`
	Rights       *atomText      `xml:"rights"`
	// Complete and Archive are the RFC 5005 markers of a complete feed
	// and of an archive page: empty fh:complete and fh:archive elements.
	Complete *empty `xml:"fh:complete"`
	Archive  *empty `xml:"fh:archive"`
	// The entries follow, written one at a time by Write.
}

type empty struct{}

// atomEntry is one episode.
//
// Spec: https://www.rfc-editor.org/rfc/rfc4287#section-4.1.2
type atomEntry struct {
	ID           string         `xml:"id"`
	Title        atomText       `xml:"title"`
	Updated      string         `xml:"updated"`
	Published    string         `xml:"published,omitempty"`
	Links        []atomLink     `xml:"link"`
	Authors      []atomPerson   `xml:"author"`
	Contributors []atomPerson   `xml:"contributor"`
	Categories   []atomCategory `xml:"category"`
	Summary      *atomText      `xml:"summary"`
	Content      *atomContent   `xml:"content"`
	Thumbnail    *wire.MediaRef `xml:"media:thumbnail"` // the entry's image
	Player       *wire.MediaRef `xml:"media:player"`    // the web player the episode is embedded with
}

// atomLink is a reference from a feed or an entry to a Web resource. A link
// without rel is an alternate; "enclosure" links SHOULD carry length.
//
// Spec: https://www.rfc-editor.org/rfc/rfc4287#section-4.2.7
type atomLink struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Href     string `xml:"href,attr"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
	Title    string `xml:"title,attr,omitempty"`
	Length   int64  `xml:"length,attr,omitempty"`
}

// atomPerson is an author or a contributor: one name, at most one uri and
// one email.
//
// Spec: https://www.rfc-editor.org/rfc/rfc4287#section-3.2
type atomPerson struct {
	Name  string `xml:"name"`
	URI   string `xml:"uri,omitempty"`
	Email string `xml:"email,omitempty"`
}

// atomCategory is a tag: term is required, label is its human-readable form.
//
// Spec: https://www.rfc-editor.org/rfc/rfc4287#section-4.2.2
type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// atomGenerator names the software that wrote the feed.
//
// Spec: https://www.rfc-editor.org/rfc/rfc4287#section-4.2.4
type atomGenerator struct {
	URI     string `xml:"uri,attr,omitempty"`
	Version string `xml:"version,attr,omitempty"`
	Name    string `xml:",chardata"`
}

// atomText is a Text construct (title, subtitle, summary, rights) or a
// content element: Type is "text" or "html", Value the unescaped text.
//
// Spec: https://www.rfc-editor.org/rfc/rfc4287#section-3.1 and
// https://www.rfc-editor.org/rfc/rfc4287#section-4.1.3
type atomText struct {
	Type  string
	Value string
}

// atomContent is the content element: Type is "html" (or "text"), Value
// the text, written as a CDATA section, as RSS's content:encoded is: the
// HTML of an episode reads as it is and costs no escaping. A processor
// reads the element's text whichever way it is written (RFC 4287 §4.1.3,
// XML 1.0 §2.7).
type atomContent struct {
	Type  string `xml:"type,attr,omitempty"`
	Value string `xml:",cdata"`
}

// MarshalXML writes the text as character data through EncodeToken, which
// escapes &, <, >, quotes, tabs and carriage returns but keeps newlines
// literal, so that HTML content stays readable in the document.
func (t atomText) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	if t.Type != "" {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "type"}, Value: t.Type})
	}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	if err := e.EncodeToken(xml.CharData(t.Value)); err != nil {
		return err
	}
	return e.EncodeToken(start.End())
}

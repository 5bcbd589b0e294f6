package pages

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"time"

	"github.com/feedcast/feedcast/feed"
)

// opml is an OPML 2.0 subscription list.
//
// Spec: http://opml.org/spec2.opml
type opml struct {
	XMLName xml.Name  `xml:"opml"`
	Version string    `xml:"version,attr"`
	Head    opmlHead  `xml:"head"`
	Body    []outline `xml:"body>outline"`
}

type opmlHead struct {
	Title       string `xml:"title"`
	DateCreated string `xml:"dateCreated,omitempty"`
	OwnerName   string `xml:"ownerName,omitempty"`
	Docs        string `xml:"docs"`
}

// outline is one feed: "type" is "rss", "xmlUrl" the feed's address,
// "text" and "title" its name, "htmlUrl" the web page it comes from. A
// show's outline holds its feeds: it has a text and no type (OPML 2.0:
// "text" is the one required attribute; outlines nest, and readers that
// group subscriptions make a folder of it).
//
// Spec: http://opml.org/spec2.opml#subscriptionLists
type outline struct {
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:"text,attr"`
	Title   string `xml:"title,attr,omitempty"`
	XMLURL  string `xml:"xmlUrl,attr,omitempty"`
	HTMLURL string `xml:"htmlUrl,attr,omitempty"`
	// Language of the feed, an attribute many readers keep.
	Language string    `xml:"language,attr,omitempty"`
	Outlines []outline `xml:"outline"`
}

// writeOPML lists every feed set's RSS feed, in order, as a flat list that
// every podcast app imports, then one outline per show of the content
// folder holding the show's RSS feed. dateCreated is the show's last change (RFC
// 822, as OPML wants), so the file changes only with the show.
func writeOPML(s *Site) ([]byte, error) {
	show := s.Show
	doc := opml{
		Version: "2.0",
		Head: opmlHead{
			Title:     feed.CleanText(show.Title),
			OwnerName: feed.CleanText(show.Author),
			Docs:      "http://opml.org/spec2.opml",
		},
	}
	if !show.Updated.IsZero() {
		doc.Head.DateCreated = show.Updated.Format(time.RFC1123Z)
	}
	home := show.HomePageURL
	if !isHTTP(home) {
		home = s.BaseURL
	}
	for _, f := range s.Feeds {
		name := feedTitle(s, f)
		doc.Body = append(doc.Body, outline{
			Type:     "rss",
			Text:     name,
			Title:    name,
			XMLURL:   f.RSS,
			HTMLURL:  home,
			Language: s.Lang,
		})
	}
	for _, sh := range s.Shows {
		name := feedTitle(s, sh.Feeds)
		home := sh.HomePage
		if !isHTTP(home) {
			home = s.BaseURL + showDir(url.PathEscape(sh.Feeds.Slug))
		}
		doc.Body = append(doc.Body, outline{Text: name, Title: name, Outlines: []outline{{
			Type:     "rss",
			Text:     name,
			Title:    name,
			XMLURL:   sh.Feeds.RSS,
			HTMLURL:  home,
			Language: firstNonEmpty(sh.Lang, s.Lang),
		}}})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// feedTitle is a feed set's name as a subscription: the show's title, or
// the show's title and the series or tag name; a show of the content
// folder's own title.
func feedTitle(s *Site, f FeedSet) string {
	show := feed.CleanText(s.Show.Title)
	name := feed.CleanText(f.Name)
	if f.Kind == KindShow && f.Slug != "" && name != "" {
		return name
	}
	if f.Kind == KindShow || name == "" || name == show {
		return show
	}
	if f.Show != "" {
		show = feed.CleanText(f.Show)
	}
	return show + " – " + name
}

// Package atom writes a feed.Feed as an Atom 1.0 document (RFC 4287).
//
// The document links itself (rel="self"), the show's home page and the
// feed's other formats (rel="alternate", one per media type). Each episode
// is an entry whose media file is a rel="enclosure" link, whose transcripts
// and player page are rel="related" links, and whose thumbnail and embedded
// player are Media RSS elements (media:thumbnail, media:player); the media
// namespace is declared only when one of them is written.
//
// Every text goes through feed.CleanText, so the output is well-formed XML
// whatever the input; dates are RFC 3339. The output depends only on the
// Feed: Write never reads the clock.
package atom

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/wire"
)

// Write writes f to w as an Atom 1.0 document.
//
// The feed and each item need an ID (an absolute IRI such as a tag: URI) and
// a date: Atom requires id and updated on the feed and on every entry. A
// zero f.Updated falls back to the newest item date, a zero Item.Updated to
// Item.Published; when no date is left, Write returns an error and writes
// nothing. The xml-stylesheet processing instructions of f.Stylesheet and
// f.CSS, when set, follow the XML declaration in that order. Entries are
// encoded one at a time, so a long feed is never held in memory; with
// f.Fragments set, each is looked up there first.
func Write(w io.Writer, f *feed.Feed) error {
	if f == nil {
		return errors.New("write atom: nil feed")
	}
	doc, err := newFeed(f)
	if err != nil {
		return fmt.Errorf("write atom: %w", err)
	}
	head, err := frame(doc)
	if err != nil {
		return fmt.Errorf("write atom: %w", err)
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	bw.WriteString(xml.Header)
	bw.WriteString(wire.Stylesheet("text/xsl", f.Stylesheet))
	bw.WriteString(wire.Stylesheet("text/css", f.CSS))
	bw.Write(head)
	// An entry's encoding depends on the item and the feed's labels.
	labels := f.Labels.Or(feed.DefaultLabels)
	enc := feed.NewItemEncoder(f, feed.Atom, f.Labels.Context(), func(dst []byte, it *feed.Item) ([]byte, error) {
		entry, err := newEntry(it, labels)
		if err != nil {
			return nil, err
		}
		return appendEntry(dst, &entry), nil
	})
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		b, err := enc.Encode(it)
		if err != nil {
			return fmt.Errorf("write atom: %w", err)
		}
		bw.WriteByte('\n')
		bw.Write(b)
	}
	bw.WriteString(frameEnd)
	// A bufio.Writer keeps its first error: Flush returns it.
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write atom: %w", err)
	}
	return nil
}

// frameEnd closes the document.
const frameEnd = "\n</feed>\n"

// frame returns the document up to its last element before the entries.
func frame(doc *atomFeed) ([]byte, error) {
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	head, ok := bytes.CutSuffix(buf.Bytes(), []byte(frameEnd[:len(frameEnd)-1]))
	if !ok {
		return nil, errors.New("unexpected end of feed")
	}
	return head, nil
}

// newFeed maps the model to the wire structs.
func newFeed(f *feed.Feed) (*atomFeed, error) {
	id := clean(f.ID)
	if id == "" {
		return nil, errors.New("feed has no id")
	}
	updated := f.Updated
	if updated.IsZero() {
		updated = newestItemDate(f.Items)
	}
	if updated.IsZero() {
		return nil, errors.New("feed has no updated date and no dated item")
	}
	doc := &atomFeed{
		XMLNS:     atomNS,
		Lang:      clean(f.Language),
		ID:        id,
		Title:     atomText{Type: "text", Value: clean(f.Title)},
		Subtitle:  text("text", f.Description),
		Links:     feedLinks(f),
		Authors:   []atomPerson{feedAuthor(f)},
		Generator: generator(f.Generator),
		Rights:    text("text", f.Copyright),
	}
	var err error
	if doc.Updated, err = date(updated); err != nil {
		return nil, fmt.Errorf("feed updated: %w", err)
	}
	for _, p := range f.Persons {
		if c, ok := person(p); ok {
			doc.Contributors = append(doc.Contributors, c)
		}
	}
	for _, c := range f.Categories {
		// Apple categories, the subcategory after its parent.
		for _, term := range []string{c.Name, c.Sub} {
			if term = clean(term); strings.TrimSpace(term) != "" {
				doc.Categories = append(doc.Categories, atomCategory{Term: term, Label: term})
			}
		}
	}
	if img := f.Image; img != nil {
		doc.Logo = clean(img.URL)
		// icon is 1:1; the show's artwork is square (Apple requires it),
		// so only art known to be otherwise is left out.
		if doc.Logo != "" && img.Width == img.Height {
			doc.Icon = doc.Logo
		}
	}
	// Every entry is checked before anything is written; the media
	// namespace is declared when an entry uses it.
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		if err := checkEntry(it); err != nil {
			return nil, fmt.Errorf("item %d (%q): %w", i, it.ID, err)
		}
		if usesMedia(it) {
			doc.XMLNSMedia = mediaNS
		}
	}
	switch {
	case f.History.Archive:
		doc.Archive = &empty{}
		doc.XMLNSFH = fhNS
	case f.History.Complete && !f.History.Paged():
		doc.Complete = &empty{}
		doc.XMLNSFH = fhNS
	}
	return doc, nil
}

// feedLinks returns the self link, the home page and the feed's other
// formats, in the order of feed.Formats.
func feedLinks(f *feed.Feed) []atomLink {
	var links []atomLink
	if u := clean(f.URL(feed.Atom)); u != "" {
		links = append(links, atomLink{Rel: "self", Type: feed.Atom.MediaType, Href: u})
	}
	if u := clean(f.HomePageURL); u != "" {
		links = append(links, atomLink{Rel: "alternate", Type: "text/html", Href: u})
	}
	for _, format := range feed.Formats() {
		if format.Name == feed.Atom.Name {
			continue
		}
		if u := clean(f.URL(format)); u != "" {
			links = append(links, atomLink{Rel: "alternate", Type: format.MediaType, Href: u})
		}
	}
	// WebSub discovery (W3C WebSub §4).
	for _, hub := range f.Hubs {
		if u := clean(hub); u != "" {
			links = append(links, atomLink{Rel: "hub", Href: u})
		}
	}
	return append(links, historyLinks(f.History)...)
}

// feedAuthor returns the show's author. Atom requires an author on the feed
// or on every entry, so the show's title stands in when the model names
// neither an author nor an owner.
func feedAuthor(f *feed.Feed) atomPerson {
	a := atomPerson{
		Name:  clean(f.Author),
		URI:   clean(f.Owner.URL),
		Email: clean(f.Owner.Email),
	}
	if strings.TrimSpace(a.Name) == "" {
		a.Name = clean(f.Owner.Name)
	}
	if strings.TrimSpace(a.Name) == "" {
		a.Name = clean(f.Title)
	}
	if a.URI == "" {
		a.URI = clean(f.HomePageURL)
	}
	return a
}

// person maps a named person; Atom requires a name.
func person(p feed.Person) (atomPerson, bool) {
	name := clean(p.Name)
	if strings.TrimSpace(name) == "" {
		return atomPerson{}, false
	}
	return atomPerson{Name: name, URI: clean(p.URL), Email: clean(p.Email)}, true
}

func generator(g feed.Generator) *atomGenerator {
	name := clean(g.Name)
	if name == "" {
		return nil
	}
	return &atomGenerator{URI: clean(g.URL), Version: clean(g.Version), Name: name}
}

// text returns a Text construct of the given type, or nil for empty text.
func text(typ, s string) *atomText {
	s = clean(s)
	if s == "" {
		return nil
	}
	return &atomText{Type: typ, Value: s}
}

// content is the content element of s, cleaned already (Item.Content).
func content(typ, s string) *atomContent {
	if s == "" {
		return nil
	}
	return &atomContent{Type: typ, Value: s}
}

func newestItemDate(items []*feed.Item) time.Time {
	var newest time.Time
	for _, it := range items {
		if it == nil {
			continue
		}
		d := it.Updated
		if d.IsZero() {
			d = it.Published
		}
		if d.After(newest) {
			newest = d
		}
	}
	return newest
}

// date formats t as an RFC 3339 date-time: seconds precision, "Z" or a
// ±hh:mm offset. A zone whose offset is not a whole number of minutes
// (historical local mean times) cannot be written, so t moves to UTC.
func date(t time.Time) (string, error) {
	if _, off := t.Zone(); off%60 != 0 {
		t = t.UTC()
	}
	if y := t.Year(); y < 0 || y > 9999 {
		return "", fmt.Errorf("year %d out of RFC 3339 range", y)
	}
	return t.Format(time.RFC3339), nil
}

// clean is feed.CleanText; the short name keeps the mapping readable.
func clean(s string) string { return feed.CleanText(s) }

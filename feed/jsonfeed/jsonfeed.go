// Package jsonfeed writes a feed.Feed as a JSON Feed 1.1 document
// (https://www.jsonfeed.org/version/1.1/).
//
// Keys come in the order of the specification, "version" first. Each
// episode's media file is an attachment titled with the episode title, and
// its transcripts are attachments sharing the title "Transcript", so that
// readers take them for alternate formats of one transcript, not of the
// episode. The podcast data JSON Feed has no key for (season, episode,
// player, persons, explicit, categories...) goes into "_feedcast" extension
// objects, documented at their "about" URL.
//
// Every string goes through feed.CleanText, so the output is valid UTF-8
// JSON whatever the input. Ids are strings, sizes and durations numbers,
// dates RFC 3339. The output depends only on the Feed: Write never reads
// the clock.
package jsonfeed

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/feedcast/feedcast/feed"
)

// userComment tells people reading the raw JSON what the document is.
const userComment = "This is a podcast feed in JSON Feed format. " +
	"To subscribe, paste its URL into a podcast app or a feed reader."

// Write writes f to w as a JSON Feed 1.1 document, indented, with a
// trailing newline. It fails, writing nothing, when a date cannot be
// written in RFC 3339 (a year outside 0-9999). Items are encoded one at a
// time, so a long feed is never held in memory; with f.Fragments set, each
// is looked up there first.
func Write(w io.Writer, f *feed.Feed) error {
	if f == nil {
		return errors.New("write json feed: nil feed")
	}
	doc, err := newFeed(f)
	if err != nil {
		return fmt.Errorf("write json feed: %w", err)
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	if err := encode(bw, doc, f); err != nil {
		return fmt.Errorf("write json feed: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write json feed: %w", err)
	}
	return nil
}

// encode writes doc and the items of f as json.Encoder would with
// SetEscapeHTML(false) and SetIndent("", "  "), one item at a time, so
// that memory use does not grow with the number of items.
func encode(w *bufio.Writer, doc *jsonFeed, f *feed.Feed) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	n := 0
	for _, it := range f.Items {
		if it != nil {
			n++
		}
	}
	if n == 0 {
		_, err := w.Write(buf.Bytes())
		return err
	}
	// The head ends with the last key, `"items": []`, and the closing brace.
	head, ok := bytes.CutSuffix(buf.Bytes(), []byte("[]\n}\n"))
	if !ok {
		return errors.New("items is not the last key")
	}
	// A bufio.Writer keeps its first error; the last write returns it.
	w.Write(head)
	w.WriteString("[")
	// An item's encoding depends on the item and the feed's labels.
	labels := f.Labels.Or(feed.DefaultLabels)
	items := feed.NewItemEncoder(f, feed.JSON, f.Labels.Context(), func(dst []byte, it *feed.Item) ([]byte, error) {
		item, err := newItem(it, labels)
		if err != nil {
			return nil, err
		}
		return appendItem(dst, &item), nil
	})
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		b, err := items.Encode(it)
		if err != nil {
			return err
		}
		w.WriteString("\n    ")
		w.Write(b)
		if n--; n > 0 {
			w.WriteString(",")
		}
	}
	_, err := w.WriteString("\n  ]\n}\n")
	return err
}

// newFeed maps the model to the wire structs.
func newFeed(f *feed.Feed) (*jsonFeed, error) {
	doc := &jsonFeed{
		Version:     version,
		Title:       clean(f.Title),
		HomePageURL: clean(f.HomePageURL),
		FeedURL:     clean(f.URL(feed.JSON)),
		Description: clean(f.Description),
		UserComment: userComment,
		Language:    clean(f.Language),
		Feedcast:    newFeedExtension(f),
		Items:       []jsonItem{},
	}
	// Pages of an archived feed are pages of the same feed, named by the
	// subscription document's URL; each links the next older page.
	if u := clean(f.History.Current[feed.JSON.Name]); u != "" {
		doc.FeedURL = u
	}
	if u := clean(f.History.Prev[feed.JSON.Name]); u != "" && u != doc.FeedURL {
		doc.NextURL = u
	}
	// icon is square; the show's artwork is (Apple requires it), so only
	// art known to be otherwise is left out.
	if img := f.Image; img != nil && img.Width == img.Height {
		doc.Icon = clean(img.URL)
	}
	if a, ok := feedAuthor(f); ok {
		doc.Authors = []jsonAuthor{a}
	}
	for _, hub := range f.Hubs {
		if u := clean(hub); u != "" {
			doc.Hubs = append(doc.Hubs, jsonHub{Type: "WebSub", URL: u})
		}
	}
	// Every item is checked before anything is written.
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		if err := validItem(it); err != nil {
			return nil, fmt.Errorf("item %d (%q): %w", i, it.ID, err)
		}
	}
	return doc, nil
}

// feedAuthor returns the show's author: its name, the owner's page (or the
// show's home page) and the owner's picture.
func feedAuthor(f *feed.Feed) (jsonAuthor, bool) {
	name := clean(f.Author)
	if strings.TrimSpace(name) == "" {
		name = clean(f.Owner.Name)
	}
	if strings.TrimSpace(name) == "" {
		return jsonAuthor{}, false
	}
	a := jsonAuthor{Name: name, URL: clean(f.Owner.URL), Avatar: clean(f.Owner.Img)}
	if a.URL == "" {
		a.URL = clean(f.HomePageURL)
	}
	return a, true
}

func newFeedExtension(f *feed.Feed) *feedExtension {
	ext := &feedExtension{
		About:       aboutURL,
		PodcastGUID: clean(f.PodcastGUID),
		Medium:      clean(f.Medium),
		Type:        clean(f.Type),
		Explicit:    f.Explicit,
		Copyright:   clean(f.Copyright),
		Persons:     persons(f.Persons),
		Locked:      f.Locked,
	}
	if f.Locked {
		ext.LockedOwner = clean(f.LockedOwner)
	}
	for _, c := range f.Categories {
		if name := clean(c.Name); name != "" {
			ext.Categories = append(ext.Categories, extCategory{Name: name, Sub: clean(c.Sub)})
		}
	}
	if owner := persons([]feed.Person{f.Owner}); len(owner) == 1 {
		ext.Owner = &owner[0]
	}
	return ext
}

// persons maps people, leaving out those with nothing to say.
func persons(ps []feed.Person) []extPerson {
	var out []extPerson
	for _, p := range ps {
		e := extPerson{
			Name:   clean(p.Name),
			Email:  clean(p.Email),
			URL:    clean(p.URL),
			Avatar: clean(p.Img),
			Role:   clean(p.Role),
			Group:  clean(p.Group),
		}
		if e != (extPerson{}) {
			out = append(out, e)
		}
	}
	return out
}

// date formats t as an RFC 3339 date-time, or "" for the zero time. A zone
// whose offset is not a whole number of minutes (historical local mean
// times) cannot be written, so t moves to UTC.
func date(t time.Time) (string, error) {
	if t.IsZero() {
		return "", nil
	}
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

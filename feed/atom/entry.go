package atom

import (
	"errors"
	"fmt"
	"strings"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/wire"
)

// newEntry maps one item, with the feed's labels. Entries without authors
// inherit the feed's.
func newEntry(it *feed.Item, labels feed.Labels) (atomEntry, error) {
	e := atomEntry{
		ID:      clean(it.ID),
		Title:   atomText{Type: "text", Value: clean(it.Title)},
		Summary: text("text", it.Summary),
		Content: content("html", it.Content()),
	}
	if e.ID == "" {
		return e, errors.New("no id")
	}
	updated := it.Updated
	if updated.IsZero() {
		updated = it.Published
	}
	if updated.IsZero() {
		return e, errors.New("no updated or published date")
	}
	var err error
	if e.Updated, err = date(updated); err != nil {
		return e, fmt.Errorf("updated: %w", err)
	}
	if !it.Published.IsZero() {
		if e.Published, err = date(it.Published); err != nil {
			return e, fmt.Errorf("published: %w", err)
		}
	}
	e.Links = entryLinks(it, labels)
	for _, p := range it.Authors {
		if a, ok := person(p); ok {
			e.Authors = append(e.Authors, a)
		}
	}
	for _, p := range it.Persons {
		if c, ok := person(p); ok {
			e.Contributors = append(e.Contributors, c)
		}
	}
	for _, tag := range it.Tags {
		tag = clean(tag)
		if strings.TrimSpace(tag) == "" {
			continue
		}
		e.Categories = append(e.Categories, atomCategory{Term: tag, Label: tag})
	}
	if img := it.Image; img != nil && clean(img.URL) != "" {
		e.Thumbnail = &wire.MediaRef{URL: clean(img.URL), Width: positive(img.Width), Height: positive(img.Height)}
	}
	if p := it.Player; p != nil && clean(p.URL) != "" {
		e.Player = &wire.MediaRef{URL: clean(p.URL), Width: positive(p.Width), Height: positive(p.Height)}
	}
	return e, nil
}

// entryLinks returns the episode page (alternate), the media file
// (enclosure), the player page, the transcripts and the chapters
// (related).
func entryLinks(it *feed.Item, labels feed.Labels) []atomLink {
	var links []atomLink
	if u := clean(it.URL); u != "" {
		links = append(links, atomLink{Rel: "alternate", Type: "text/html", Href: u})
	}
	if enc := it.Enclosure; enc != nil && clean(enc.URL) != "" {
		links = append(links, atomLink{
			Rel:    "enclosure",
			Type:   clean(enc.Type),
			Href:   clean(enc.URL),
			Length: max(enc.Length, 0),
		})
	}
	if p := it.Player; p != nil {
		href := p.PageURL
		if href == "" {
			href = p.URL
		}
		if href = clean(href); href != "" {
			links = append(links, atomLink{Rel: "related", Type: "text/html", Href: href, Title: playerTitle(p, labels)})
		}
	}
	for _, tr := range it.Transcripts {
		u := clean(tr.URL)
		if u == "" {
			continue
		}
		title := labels.Transcript
		if tr.Rel == "captions" {
			title = labels.Captions
		}
		links = append(links, atomLink{
			Rel:      "related",
			Type:     clean(tr.Type),
			Href:     u,
			HrefLang: clean(tr.Language),
			Title:    title,
			Length:   max(tr.Length, 0),
		})
	}
	if u := clean(it.ChaptersURL); u != "" {
		// The JSON Chapters file, as RSS links it with podcast:chapters:
		// a related resource of the entry (RFC 4287 §4.2.7.2).
		links = append(links, atomLink{Rel: "related", Type: feed.ChaptersType, Href: u, Title: labels.Chapters})
	}
	return links
}

// playerTitle names a player link with the feed's labels: "Watch on
// Dailymotion", "Listen on Acast".
func playerTitle(p *feed.Player, labels feed.Labels) string {
	on, online := labels.WatchOn, labels.WatchOnline
	if p.Kind == "audio" {
		on, online = labels.ListenOn, labels.ListenOnline
	}
	provider := clean(strings.TrimSpace(p.Provider))
	if provider == "" {
		return online
	}
	return strings.Replace(on, "%s", providerName(provider), 1)
}

// providerName is a player provider's name as it writes it; an unknown
// one is capitalised.
func providerName(provider string) string {
	switch provider {
	case "peertube":
		return "PeerTube"
	case "youtube":
		return "YouTube"
	}
	if c := provider[0]; 'a' <= c && c <= 'z' {
		provider = string(c-'a'+'A') + provider[1:]
	}
	return provider
}

func positive(n int) int { return max(n, 0) }

// checkEntry returns the error newEntry would return for it, without
// mapping it: Write checks every entry before writing anything.
func checkEntry(it *feed.Item) error {
	if clean(it.ID) == "" {
		return errors.New("no id")
	}
	updated := it.Updated
	if updated.IsZero() {
		updated = it.Published
	}
	if updated.IsZero() {
		return errors.New("no updated or published date")
	}
	if _, err := date(updated); err != nil {
		return fmt.Errorf("updated: %w", err)
	}
	if !it.Published.IsZero() {
		if _, err := date(it.Published); err != nil {
			return fmt.Errorf("published: %w", err)
		}
	}
	return nil
}

// usesMedia reports whether the entry of it has a media: element.
func usesMedia(it *feed.Item) bool {
	return (it.Image != nil && clean(it.Image.URL) != "") || (it.Player != nil && clean(it.Player.URL) != "")
}

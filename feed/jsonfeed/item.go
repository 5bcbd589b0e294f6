package jsonfeed

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/feedcast/feedcast/feed"
)

// unknownType stands in for a missing MIME type, which attachments require.
const unknownType = "application/octet-stream"

// newItem maps one item, with the feed's labels.
func newItem(it *feed.Item, labels feed.Labels) (jsonItem, error) {
	item := jsonItem{
		ID:          clean(it.ID),
		URL:         clean(it.URL),
		Title:       clean(it.Title),
		ContentHTML: it.Content(),
		Summary:     clean(it.Summary),
		BannerImage: banner(it.Images),
		Authors:     itemAuthors(it.Authors),
		Attachments: attachments(it, labels.Transcript),
		Feedcast:    newItemExtension(it),
	}
	if item.ID == "" {
		// Readers drop items without an id; a missing one is a bug upstream.
		return item, errors.New("no id")
	}
	if item.ContentHTML == "" {
		// content_html or content_text is required.
		text := item.Summary
		if text == "" {
			text = item.Title
		}
		item.ContentText = &text
	}
	if it.Image != nil {
		item.Image = clean(it.Image.URL)
	}
	var err error
	if item.DatePublished, err = date(it.Published); err != nil {
		return item, fmt.Errorf("published: %w", err)
	}
	if item.DateModified, err = date(it.Updated); err != nil {
		return item, fmt.Errorf("updated: %w", err)
	}
	for _, tag := range it.Tags {
		if tag = clean(tag); strings.TrimSpace(tag) != "" {
			item.Tags = append(item.Tags, tag)
		}
	}
	return item, nil
}

// validItem returns the error newItem would return for it, without
// mapping it: Write checks every item before writing anything.
func validItem(it *feed.Item) error {
	if clean(it.ID) == "" {
		return errors.New("no id")
	}
	if _, err := date(it.Published); err != nil {
		return fmt.Errorf("published: %w", err)
	}
	if _, err := date(it.Updated); err != nil {
		return fmt.Errorf("updated: %w", err)
	}
	return nil
}

func itemAuthors(ps []feed.Person) []jsonAuthor {
	var out []jsonAuthor
	for _, p := range ps {
		a := jsonAuthor{Name: clean(p.Name), URL: clean(p.URL), Avatar: clean(p.Img)}
		if strings.TrimSpace(a.Name) == "" {
			a.Name = ""
		}
		if a != (jsonAuthor{}) {
			out = append(out, a)
		}
	}
	return out
}

// attachments returns the media file, titled with the episode, then the
// transcripts, all titled transcriptTitle (the feed's label for a
// transcript): equal titles mark alternate formats of the same thing.
func attachments(it *feed.Item, transcriptTitle string) []jsonAttachment {
	var out []jsonAttachment
	if enc := it.Enclosure; enc != nil && clean(enc.URL) != "" {
		out = append(out, jsonAttachment{
			URL:               clean(enc.URL),
			MIMEType:          mimeType(enc.Type),
			Title:             clean(it.Title),
			SizeInBytes:       max(enc.Length, 0),
			DurationInSeconds: max(it.Duration.Seconds(), 0),
		})
	}
	for _, tr := range it.Transcripts {
		if clean(tr.URL) == "" {
			continue
		}
		a := jsonAttachment{URL: clean(tr.URL), MIMEType: mimeType(tr.Type), Title: transcriptTitle, SizeInBytes: max(tr.Length, 0)}
		if ext := (attachmentExtension{Language: clean(tr.Language), Rel: clean(tr.Rel)}); ext != (attachmentExtension{}) {
			a.Feedcast = &ext
		}
		out = append(out, a)
	}
	return out
}

func mimeType(t string) string {
	if t = clean(t); strings.TrimSpace(t) == "" {
		return unknownType
	}
	return t
}

// banner returns the image to show above the episode: one whose purpose is
// "banner", else the first 16:9 one, else "".
func banner(images []feed.Image) string {
	for _, img := range images {
		if clean(img.URL) != "" && slices.Contains(strings.Fields(img.Purpose), "banner") {
			return clean(img.URL)
		}
	}
	for _, img := range images {
		if clean(img.URL) != "" && wide(img.Width, img.Height) {
			return clean(img.URL)
		}
	}
	return ""
}

// wide reports whether w×h is 16:9 within 1%.
func wide(w, h int) bool {
	if w <= 0 || h <= 0 {
		return false
	}
	const ratio = 16.0 / 9.0
	return math.Abs(float64(w)/float64(h)-ratio) <= ratio/100
}

// newItemExtension returns the episode's podcast data, or nil when it has
// none.
func newItemExtension(it *feed.Item) *itemExtension {
	ext := &itemExtension{
		Season:            max(it.Season, 0),
		Episode:           max(it.Episode, 0),
		EpisodeType:       clean(it.EpisodeType),
		Explicit:          it.Explicit,
		DurationInSeconds: max(it.Duration.Seconds(), 0),
		Persons:           persons(it.Persons),
		SmallImage:        smallImage(it),
	}
	if p := it.Player; p != nil && clean(p.URL) != "" {
		ext.Player = &extPlayer{
			URL:      clean(p.URL),
			PageURL:  clean(p.PageURL),
			Provider: clean(p.Provider),
			Kind:     clean(p.Kind),
			Width:    max(p.Width, 0),
			Height:   max(p.Height, 0),
		}
	}
	if u := clean(it.ChaptersURL); u != "" {
		ext.Chapters = &extLink{URL: u, Type: feed.ChaptersType}
	}
	if ext.Season == 0 && ext.Episode == 0 && ext.EpisodeType == "" && ext.Explicit == nil &&
		ext.DurationInSeconds == 0 && ext.Player == nil && len(ext.Persons) == 0 && ext.Chapters == nil && ext.SmallImage == "" {
		return nil
	}
	return ext
}

// minSmallWidth is the narrowest small image worth giving: twice the
// 96 CSS pixels of the widget's thumbnail, for high-density screens.
const minSmallWidth = 192

// smallImage returns the URL of the item's thumbnail for lists and
// widgets: the narrowest plain image of Images (no Podcasting 2.0
// purpose, such as the square artwork) at least minSmallWidth pixels
// wide and narrower than the item's image, or "" when there is none, so
// that a reader never downloads the full image to show 96 pixels of it.
func smallImage(it *feed.Item) string {
	var best *feed.Image
	for i := range it.Images {
		img := &it.Images[i]
		if clean(img.URL) == "" || img.Purpose != "" || img.Width < minSmallWidth {
			continue
		}
		if it.Image != nil && (it.Image.Width == 0 || img.Width >= it.Image.Width || img.URL == it.Image.URL) {
			continue
		}
		if best == nil || img.Width < best.Width {
			best = img
		}
	}
	if best == nil {
		return ""
	}
	return clean(best.URL)
}

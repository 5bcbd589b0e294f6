package jsonfeed

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

// FuzzWrite puts arbitrary strings in every free-text and URL field and
// checks that the output is valid UTF-8 JSON that gofeed reads as a JSON
// Feed, with "version" first and the item's identity intact. Hostile seeds
// are in testdata/fuzz/FuzzWrite.
func FuzzWrite(f *testing.F) {
	f.Add("Show", "Episode", "<p>Hi</p>", "Summary", "tag", "https://example.org/1", "Jane")
	f.Fuzz(func(t *testing.T, title, itemTitle, content, summary, tag, link, author string) {
		in := &feed.Feed{
			ID:          "tag:example.org,2025:fuzz",
			Title:       title,
			Description: summary,
			Language:    tag,
			HomePageURL: link,
			URLs:        map[string]string{feed.Atom.Name: link, feed.JSON.Name: link},
			Author:      author,
			Owner:       feed.Person{Name: author, Email: author, URL: link, Img: link},
			Copyright:   title,
			Image:       &feed.Image{URL: link},
			Categories:  []feed.Category{{Name: tag, Sub: title}},
			Persons:     []feed.Person{{Name: author, URL: link, Role: tag}},
			Updated:     feedtest.Day,
			Items: []*feed.Item{{
				ID:          "tag:example.org,2025:fuzz/1",
				Title:       itemTitle,
				URL:         link,
				Summary:     summary,
				ContentHTML: content,
				Published:   feedtest.Day,
				Updated:     feedtest.Day.Add(time.Hour),
				Tags:        []string{tag, title},
				Authors:     []feed.Person{{Name: author, Email: author, URL: link}},
				Image:       &feed.Image{URL: link},
				Images:      []feed.Image{{URL: link, Width: 1600, Height: 900, Purpose: tag}},
				Enclosure:   &feed.Enclosure{URL: link, Type: tag, Length: 42},
				Duration:    time.Minute,
				Player:      &feed.Player{URL: link, PageURL: link, Provider: tag, Kind: tag},
				EpisodeType: tag,
				Transcripts: []feed.Transcript{{URL: link, Type: tag, Language: tag, Rel: tag}},
			}},
		}
		checkItemEncoding(t, in)
		var buf bytes.Buffer
		if err := Write(&buf, in); err != nil {
			t.Fatalf("Write: %v", err)
		}
		doc := buf.Bytes()
		if !utf8.Valid(doc) || !json.Valid(doc) {
			t.Fatalf("invalid output:\n%q", doc)
		}
		if k := firstKey(t, doc); k != "version" {
			t.Fatalf("first key = %q", k)
		}
		out, err := gofeed.NewParser().Parse(bytes.NewReader(doc))
		if err != nil {
			t.Fatalf("gofeed: %v\n%s", err, doc)
		}
		if out.FeedType != "json" || len(out.Items) != 1 {
			t.Fatalf("gofeed read %s with %d items", out.FeedType, len(out.Items))
		}
		it := out.Items[0]
		if it.GUID != "tag:example.org,2025:fuzz/1" {
			t.Errorf("guid = %q", it.GUID)
		}
		if it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(feedtest.Day.Add(time.Hour)) {
			t.Errorf("updated = %v", it.UpdatedParsed)
		}
		if want := feed.CleanText(itemTitle); it.Title != want {
			t.Errorf("title = %q, want %q", it.Title, want)
		}
		if feed.CleanText(link) != "" && (len(it.Enclosures) == 0 || it.Enclosures[0].Length != "42") {
			t.Errorf("enclosures = %v, want the media file first with length 42", it.Enclosures)
		}
	})
}

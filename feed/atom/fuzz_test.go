package atom

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

// FuzzWrite puts arbitrary strings in every free-text and URL field and
// checks that the output is well-formed XML that gofeed reads as Atom, with
// the entry's identity intact. Hostile seeds are in testdata/fuzz/FuzzWrite.
func FuzzWrite(f *testing.F) {
	f.Add("Show", "Episode", "<p>Hi</p>", "Summary", "tag", "https://example.org/1", "Jane")
	f.Fuzz(func(t *testing.T, title, itemTitle, content, summary, tag, link, author string) {
		in := &feed.Feed{
			ID:          "tag:example.org,2025:fuzz",
			Title:       title,
			Description: summary,
			Language:    "en",
			HomePageURL: link,
			URLs:        map[string]string{feed.Atom.Name: link, feed.JSON.Name: link},
			Author:      author,
			Copyright:   title,
			Image:       &feed.Image{URL: link},
			Persons:     []feed.Person{{Name: author, URL: link}},
			Generator:   feed.Generator{Name: title, URL: link, Version: tag},
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
				Enclosure:   &feed.Enclosure{URL: link, Type: tag, Length: 42},
				Player:      &feed.Player{URL: link, Provider: tag},
				Transcripts: []feed.Transcript{{URL: link, Type: tag, Language: tag}},
			}},
		}
		checkEntryEncoding(t, in)
		var buf bytes.Buffer
		if err := Write(&buf, in); err != nil {
			t.Fatalf("Write: %v", err)
		}
		doc := buf.Bytes()
		checkWellFormed(t, doc)
		out, err := gofeed.NewParser().Parse(bytes.NewReader(doc))
		if err != nil {
			t.Fatalf("gofeed: %v\n%s", err, doc)
		}
		if out.FeedType != "atom" || len(out.Items) != 1 {
			t.Fatalf("gofeed read %s with %d items", out.FeedType, len(out.Items))
		}
		if g := out.Items[0].GUID; g != "tag:example.org,2025:fuzz/1" {
			t.Errorf("guid = %q", g)
		}
		if g := out.Items[0].UpdatedParsed; g == nil || !g.Equal(feedtest.Day.Add(time.Hour)) {
			t.Errorf("updated = %v", g)
		}
		// Parsers trim the white space written as is, not escaped tabs
		// and carriage returns.
		if g, want := out.Items[0].Title, plain(itemTitle); strings.TrimSpace(g) != want {
			t.Errorf("title = %q, want %q", g, want)
		}
	})
}

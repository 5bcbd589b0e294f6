package rss

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/feedcast/feedcast/feed"
	"github.com/mmcdole/gofeed"
)

// fuzzFeed spreads six arbitrary strings over every text and attribute the
// writer emits.
func fuzzFeed(title, summary, content, tag, rawURL, name string) *feed.Feed {
	t := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	person := feed.Person{Name: name, Email: name, URL: rawURL, Img: rawURL, Role: tag, Group: tag}
	img := &feed.Image{URL: rawURL + ".jpg", Type: tag, Width: 1280, Height: 720, Alt: summary, Purpose: tag}
	return &feed.Feed{
		ID:          rawURL,
		Title:       title,
		Description: summary,
		Language:    tag,
		HomePageURL: rawURL,
		URLs:        map[string]string{"rss": rawURL},
		Author:      name,
		Owner:       person,
		Copyright:   tag,
		Image:       img,
		Categories:  []feed.Category{{Name: tag, Sub: name}},
		Type:        tag,
		Medium:      tag,
		PodcastGUID: tag,
		Locked:      true,
		LockedOwner: name,
		Persons:     []feed.Person{person},
		Generator:   feed.Generator{Name: name, URL: rawURL, Version: tag},
		Updated:     t,
		Items: []*feed.Item{{
			ID:          rawURL,
			Title:       title,
			URL:         rawURL,
			Summary:     summary,
			ContentHTML: content,
			Published:   t,
			Tags:        []string{tag, name},
			Image:       img,
			Images:      []feed.Image{{URL: rawURL, Alt: title, Type: tag, Purpose: name}},
			Enclosure:   &feed.Enclosure{URL: rawURL, Type: tag, Length: 1},
			Player:      &feed.Player{URL: rawURL, Width: 1, Height: 1},
			Duration:    time.Second,
			Season:      1,
			Episode:     1,
			EpisodeType: tag,
			Transcripts: []feed.Transcript{{URL: rawURL, Type: tag, Language: name, Rel: tag}},
			Persons:     []feed.Person{person},
		}},
	}
}

// readBack is the part of the output the fuzz test compares with its input.
type readBack struct {
	Title string `xml:"channel>title"`
	Items []struct {
		Title       string   `xml:"title"`
		Description string   `xml:"description"`
		Content     string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		Categories  []string `xml:"category"`
		Person      string   `xml:"https://podcastindex.org/namespace/1.0 person"`
	} `xml:"channel>item"`
}

func FuzzWrite(f *testing.F) {
	f.Add("Tom & Jerry", "a <b>summary</b>", "<p>x]]>y</p>", "R&D", "https://example.org/?a=1&b=2", "Zoë")
	f.Add("", "", "", "", "", "")
	f.Add("\x00\x01\xff", "\uFFFE\uFFFF", "]]]]>]]>", "\r\n", "\"'<>", " \t ")
	f.Fuzz(func(t *testing.T, title, summary, content, tag, rawURL, name string) {
		checkItemEncoding(t, fuzzFeed(title, summary, content, tag, rawURL, name))
		doc := write(t, fuzzFeed(title, summary, content, tag, rawURL, name))
		checkWellFormed(t, doc)

		var got readBack
		if err := xml.Unmarshal(doc, &got); err != nil {
			t.Fatalf("unmarshal: %v", err)
		}
		check(t, "channel title", got.Title, text(title))
		if len(got.Items) != 1 {
			t.Fatalf("%d items, want 1", len(got.Items))
		}
		it := got.Items[0]
		check(t, "item title", it.Title, text(title))
		wantDesc := truncate(text(summary), maxDescription)
		if wantDesc == "" {
			wantDesc = text(title)
		}
		check(t, "item description", it.Description, wantDesc)
		// An XML parser turns the raw line ends of a CDATA section into "\n".
		wantContent := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(feed.CleanText(content))
		check(t, "content:encoded", it.Content, wantContent)
		var wantTags []string
		for _, s := range []string{tag, name} {
			if s = text(s); s != "" {
				wantTags = append(wantTags, s)
			}
		}
		if strings.Join(it.Categories, "\x00") != strings.Join(wantTags, "\x00") {
			t.Errorf("categories = %q, want %q", it.Categories, wantTags)
		}
		check(t, "podcast:person", it.Person, truncateRunes(text(name), maxPersonName))

		if _, err := gofeed.NewParser().Parse(bytes.NewReader(doc)); err != nil {
			t.Fatalf("gofeed: %v\n%s", err, doc)
		}
	})
}

// Package feedtest holds the hand-made shows that the writers' golden and
// round-trip tests share.
package feedtest

import (
	"bytes"
	"sync"
	"time"

	"github.com/feedcast/feedcast/feed"
)

var (
	// Paris is a fixed +01:00 zone.
	Paris = time.FixedZone("CET", 3600)
	// Day is the date of the shows' first episode.
	Day = time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)
)

// Show is a named test show.
type Show struct {
	Name string
	Feed *feed.Feed
}

// Shows returns fresh copies of every test show.
func Shows() []Show {
	return []Show{
		{"audio", AudioShow()},
		{"video", VideoShow()},
		{"hostile", HostileShow()},
	}
}

// URLs returns the feed URLs of a show published under base.
func URLs(base string) map[string]string {
	return map[string]string{
		feed.RSS.Name:  base + feed.RSS.File,
		feed.Atom.Name: base + feed.Atom.File,
		feed.JSON.Name: base + feed.JSON.File,
	}
}

// audioShow is a minimal audio podcast: two episodes with mp3 enclosures.
// AudioShow is a podcast with mp3 enclosures.
func AudioShow() *feed.Feed {
	return &feed.Feed{
		ID:          "tag:example.org,2025:show/audio",
		Title:       "Audio Show",
		Description: "A small audio podcast.",
		Language:    "en",
		HomePageURL: "https://example.org/audio/",
		URLs:        URLs("https://example.org/audio/"),
		Author:      "Jane Doe",
		Owner:       feed.Person{Name: "Jane Doe", Email: "jane@example.org"},
		Copyright:   "© 2025 Jane Doe",
		Image:       &feed.Image{URL: "https://example.org/audio/art.jpg", Type: "image/jpeg", Width: 3000, Height: 3000},
		Categories:  []feed.Category{{Name: "Technology"}, {Name: "Society & Culture", Sub: "Documentary"}},
		Generator:   feed.Generator{Name: "feedcast", URL: "https://github.com/feedcast/feedcast", Version: "1.0.0"},
		Updated:     Day.Add(7 * 24 * time.Hour),
		Items: []*feed.Item{
			{
				ID:          "tag:example.org,2025:audio/2",
				Title:       "Second episode",
				URL:         "https://example.org/audio/2/",
				Summary:     "We talk about feeds.",
				ContentHTML: "<p>We talk about <a href=\"https://example.org/feeds\">feeds</a>.</p>",
				Published:   Day.Add(7 * 24 * time.Hour),
				Updated:     Day.Add(7 * 24 * time.Hour),
				Enclosure:   &feed.Enclosure{URL: "https://example.org/audio/2.mp3", Type: "audio/mpeg", Length: 24_000_000},
				Duration:    25*time.Minute + 3*time.Second,
				Season:      1,
				Episode:     2,
			},
			{
				ID:          "tag:example.org,2025:audio/1",
				Title:       "First episode",
				URL:         "https://example.org/audio/1/",
				ContentHTML: "<p>Hello.</p>",
				Published:   Day,
				Updated:     Day.Add(time.Hour),
				Enclosure:   &feed.Enclosure{URL: "https://example.org/audio/1.mp3", Type: "audio/mpeg", Length: 12_345_678},
				Duration:    12 * time.Minute,
				Season:      1,
				Episode:     1,
				EpisodeType: "full",
			},
		},
	}
}

// videoShow is a video show played through Dailymotion: no enclosure, but
// transcripts, a thumbnail, tags, people and several images.
// VideoShow is a French video show with players, transcripts and images.
func VideoShow() *feed.Feed {
	explicit := false
	return &feed.Feed{
		ID:          "tag:example.gouv.fr,2025:show/video",
		Title:       "Vidéo Show",
		Description: "Une émission vidéo.",
		Language:    "fr",
		HomePageURL: "https://example.gouv.fr/video/",
		URLs:        URLs("https://example.gouv.fr/video/"),
		Author:      "DINUM",
		Owner:       feed.Person{Name: "DINUM", Email: "contact@example.gouv.fr", URL: "https://example.gouv.fr/"},
		Copyright:   "© 2025 DINUM, Licence Etalab 2.0",
		Image:       &feed.Image{URL: "https://example.gouv.fr/video/art.png", Type: "image/png", Width: 1400, Height: 1400},
		Medium:      "video",
		PodcastGUID: feed.PodcastGUID("https://example.gouv.fr/video/feed.xml"),
		Persons:     []feed.Person{{Name: "Alice Martin", Role: "host", URL: "https://example.gouv.fr/alice"}},
		Generator:   feed.Generator{Name: "feedcast", URL: "https://github.com/feedcast/feedcast", Version: "1.0.0"},
		Updated:     time.Date(2025, 4, 1, 18, 30, 0, 0, Paris),
		Items: []*feed.Item{{
			ID:          "tag:example.gouv.fr,2025:video/42",
			Title:       "Épisode 42",
			URL:         "https://example.gouv.fr/video/42/",
			Summary:     "Un épisode filmé.",
			ContentHTML: "<p><a href=\"https://example.gouv.fr/video/42/\"><img src=\"https://example.gouv.fr/video/42.jpg\" alt=\"\"></a></p>\n<p><a href=\"https://example.gouv.fr/video/42/\">Regarder la vidéo</a></p>",
			Published:   time.Date(2025, 4, 1, 18, 30, 0, 0, Paris),
			Updated:     time.Date(2025, 4, 1, 18, 30, 0, 0, Paris),
			Tags:        []string{"numérique", "État", ""},
			Authors:     []feed.Person{{Name: "Alice Martin", URL: "https://example.gouv.fr/alice"}},
			Image:       &feed.Image{URL: "https://example.gouv.fr/video/42.jpg", Type: "image/jpeg", Width: 1280, Height: 720},
			Images: []feed.Image{
				{URL: "https://example.gouv.fr/video/42-square.jpg", Width: 1400, Height: 1400, Purpose: "artwork"},
				{URL: "https://example.gouv.fr/video/42-wide.jpg", Width: 1920, Height: 1080},
			},
			Player: &feed.Player{
				URL:      "https://www.dailymotion.com/embed/video/x8abcd",
				PageURL:  "https://www.dailymotion.com/video/x8abcd",
				Provider: "dailymotion",
				Kind:     "video",
				Width:    640,
				Height:   360,
			},
			Duration:    time.Hour + 2*time.Minute + 3*time.Second,
			Season:      2,
			Episode:     42,
			EpisodeType: "full",
			Explicit:    &explicit,
			Transcripts: []feed.Transcript{
				{URL: "https://example.gouv.fr/video/42.vtt", Type: "text/vtt", Language: "fr", Rel: "captions"},
				{URL: "https://example.gouv.fr/video/42.html", Type: "text/html", Language: "fr"},
			},
			Persons: []feed.Person{
				{Name: "Alice Martin", Role: "host"},
				{Name: "Bob Durand", Role: "guest", Img: "https://example.gouv.fr/bob.jpg"},
			},
		}},
	}
}

// hostileShow carries text that breaks naive writers: markup, CDATA ends,
// control characters, invalid UTF-8, non-characters, emoji and accents.
// HostileShow carries every kind of text a writer must survive.
func HostileShow() *feed.Feed {
	return &feed.Feed{
		ID:          "tag:example.net,2025:show/hostile",
		Title:       "Fish & Chips <script>alert(1)</script> ]]> \x07bell\x00",
		Description: "Broken \xff\xfe bytes, \uFFFE non-char, emoji 🎧, accents àéîõü, quotes \"'",
		Language:    "en-GB",
		HomePageURL: "https://example.net/?a=1&b=2",
		URLs:        URLs("https://example.net/hostile/"),
		Author:      "Tom & \"Jerry\" <tj@example.net>",
		Copyright:   "© 2025 <Nobody> & Co",
		Updated:     time.Date(2025, 5, 6, 7, 8, 9, 0, time.FixedZone("", -5*3600-30*60)),
		Items: []*feed.Item{{
			ID:          "tag:example.net,2025:hostile/1?x=1&y=2",
			Title:       "]]> & <b>not bold</b> \x1b[31m",
			URL:         "https://example.net/1?q=a&r=%3Cb%3E",
			Summary:     "Line one\nLine two\r\n\ttabbed \uFFFF end",
			ContentHTML: "<p>Fish &amp; chips</p><script>alert('x')</script><![CDATA[ ]]> ]]&gt; \x01\xc3\x28 🎧</p>",
			Published:   time.Date(2025, 5, 6, 7, 8, 9, 0, time.FixedZone("", -5*3600-30*60)),
			Tags:        []string{"a&b", "<tag>", "\"quoted\"", "emoji 🎧"},
			Authors:     []feed.Person{{Name: "Ève <eve@example.net> & co", Email: "eve@example.net"}, {Name: "   "}},
			Enclosure:   &feed.Enclosure{URL: "https://example.net/1.mp3?a=1&b=2", Type: "audio/mpeg", Length: 1},
		}},
	}
}

// HistoryShows returns the audio show as each kind of RFC 5005 document:
// a complete feed, the subscription document of an archived feed, and an
// archive page.
func HistoryShows() []Show {
	pages := func(dir string) map[string]string { return URLs("https://example.org/audio/" + dir) }
	complete := AudioShow()
	complete.History = feed.History{Complete: true}
	subscription := AudioShow()
	subscription.History = feed.History{Prev: pages("archive/2/")}
	archive := AudioShow()
	archive.URLs = pages("archive/2/")
	archive.History = feed.History{Archive: true, Current: pages(""), Prev: pages("archive/1/"), Next: pages("archive/3/")}
	return []Show{{"complete", complete}, {"subscription", subscription}, {"archive", archive}}
}

// ItemCache is a feed.ItemCache in memory that counts its hits.
type ItemCache struct {
	mu    sync.Mutex
	items map[feed.ItemKey][]byte
	Hits  int
}

func (c *ItemCache) Item(k feed.ItemKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.items[k]
	if ok {
		c.Hits++
	}
	return b, ok
}

func (c *ItemCache) SetItem(k feed.ItemKey, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.items == nil {
		c.items = map[feed.ItemKey][]byte{}
	}
	c.items[k] = bytes.Clone(b)
}

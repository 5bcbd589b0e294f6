package rss

import (
	"strings"
	"time"

	"github.com/feedcast/feedcast/feed"
)

// paris is a fixed zone, so that the goldens do not depend on the machine's
// time zone database.
var paris = time.FixedZone("CET", 3600)

func ptr[T any](v T) *T { return &v }

// audioShow is a small audio podcast: mp3 enclosures, season and episode
// numbers, Apple categories with a subcategory, an owner.
func audioShow() *feed.Feed {
	ep2 := time.Date(2025, 3, 10, 7, 30, 0, 0, paris)
	ep1 := time.Date(2025, 3, 3, 7, 30, 0, 0, paris)
	return &feed.Feed{
		ID:          "tag:example.org,2025:show",
		Title:       "Code Commons",
		Description: "A weekly show about the people who maintain open source software.",
		Language:    "en-US",
		HomePageURL: "https://example.org/",
		URLs: map[string]string{
			"rss":  "https://example.org/feed.xml",
			"atom": "https://example.org/atom.xml",
			"json": "https://example.org/feed.json",
		},
		Author:    "Jane Doe",
		Owner:     feed.Person{Name: "Jane Doe", Email: "jane@example.org"},
		Copyright: "© 2025 Example, CC BY 4.0",
		Image: &feed.Image{
			URL: "https://example.org/img/artwork.jpg", Type: "image/jpeg",
			Width: 3000, Height: 3000, Alt: "Code Commons logo",
		},
		Categories: []feed.Category{
			{Name: "Technology"},
			{Name: "Society & Culture", Sub: "Documentary"},
		},
		Generator: feed.Generator{Name: "feedcast", Version: "1.0.0", URL: "https://example.org/feedcast"},
		Updated:   ep2,
		Items: []*feed.Item{
			{
				ID:          "tag:example.org,2025:episode/2",
				Title:       "Maintaining a parser for twenty years",
				URL:         "https://example.org/episodes/2/",
				Summary:     "We talk with the maintainer of a widely used XML parser.",
				ContentHTML: `<p>We talk with the maintainer of a <a href="https://example.org/parser">widely used XML parser</a>.</p>`,
				Published:   ep2,
				Updated:     ep2,
				Tags:        []string{"xml", "maintenance"},
				Image: &feed.Image{
					URL: "https://example.org/img/ep2.png", Type: "image/png",
					Width: 1400, Height: 1400, Alt: "A parser, drawn",
				},
				Enclosure: &feed.Enclosure{
					URL: "https://cdn.example.org/media/ep2.mp3", Type: "audio/mpeg", Length: 40_612_864,
				},
				Duration:    42*time.Minute + 17*time.Second + 400*time.Millisecond,
				Season:      1,
				Episode:     2,
				EpisodeType: "full",
				Explicit:    ptr(true),
			},
			{
				ID:        "tag:example.org,2025:episode/1",
				Title:     "Welcome to Code Commons",
				URL:       "https://example.org/episodes/1/",
				Summary:   "What this show is about.",
				Published: ep1,
				Updated:   ep1,
				Enclosure: &feed.Enclosure{
					URL: "https://cdn.example.org/media/ep1.mp3", Type: "audio/mpeg", Length: 3_145_728,
				},
				Duration:    3 * time.Minute,
				Season:      1,
				EpisodeType: "Trailer",
			},
		},
	}
}

// videoShow is a serial video show published through Dailymotion: a web
// player and no enclosure, transcripts, persons, 16:9 thumbnails, a locked
// feed and artwork that only podcast:image can carry (WebP).
func videoShow() *feed.Feed {
	pub := time.Date(2025, 6, 2, 18, 0, 0, 0, time.UTC)
	host := feed.Person{
		Name: "Marie Curie", Role: "Host", Group: "Cast",
		URL: "https://example.net/team/marie", Img: "https://example.net/img/marie.jpg",
	}
	return &feed.Feed{
		ID:          "tag:example.net,2025:show",
		Title:       "Lab Notes",
		Description: "Short videos from the lab.",
		Language:    "en",
		HomePageURL: "https://example.net/",
		URLs:        map[string]string{"rss": "https://example.net/feed.xml"},
		Author:      "Lab Notes team",
		Owner:       feed.Person{Email: "podcast@example.net"},
		Image: &feed.Image{
			URL: "https://example.net/img/artwork.webp", Type: "image/webp",
			Width: 1400, Height: 1400, Alt: "Lab Notes artwork",
		},
		Categories:  []feed.Category{{Name: "Science", Sub: "Physics"}},
		Explicit:    false,
		Type:        "Serial",
		Medium:      "video",
		PodcastGUID: "c3b1e0f6-5a8e-5c39-9d61-0c4a2f0d2b7e",
		Locked:      true,
		LockedOwner: "podcast@example.net",
		Persons:     []feed.Person{host},
		Generator:   feed.Generator{Name: "feedcast"},
		Updated:     pub,
		Items: []*feed.Item{{
			ID:          "urn:uuid:6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f",
			Title:       "Measuring radioactivity",
			URL:         "https://example.net/videos/radioactivity/",
			Summary:     "How an electrometer works.",
			ContentHTML: `<p><a href="https://example.net/videos/radioactivity/"><img src="https://example.net/img/radio.jpg" alt="Measuring radioactivity"></a></p><p><a href="https://example.net/videos/radioactivity/">Watch the video</a></p>`,
			Published:   pub,
			Updated:     pub,
			Tags:        []string{"physics"},
			Image: &feed.Image{
				URL: "https://example.net/img/radio.jpg", Type: "image/jpeg",
				Width: 1280, Height: 720, Alt: "An electrometer",
			},
			Images: []feed.Image{
				{URL: "https://example.net/img/radio.jpg", Width: 1280, Height: 720},
				{URL: "https://example.net/img/radio-square.jpg", Type: "image/jpeg", Width: 1400, Height: 1400, Alt: "An electrometer", Purpose: "artwork  social"},
			},
			Player: &feed.Player{
				URL: "https://geo.dailymotion.com/player.html?video=x8abcd", PageURL: "https://www.dailymotion.com/video/x8abcd",
				Provider: "dailymotion", Kind: "video", Width: 640, Height: 360,
			},
			Duration:    12*time.Minute + 5*time.Second,
			Season:      2,
			Episode:     5,
			EpisodeType: "Bonus",
			Explicit:    ptr(false),
			Transcripts: []feed.Transcript{
				{URL: "https://example.net/videos/radioactivity/captions.vtt", Type: "text/vtt", Language: "en", Rel: "captions"},
				{URL: "https://example.net/videos/radioactivity/transcript.html", Type: "text/html"},
				{URL: "https://example.net/videos/radioactivity/transcript-fr.json", Type: "application/json", Language: "fr_FR"},
			},
			Persons: []feed.Person{
				host,
				{Name: "Pierre Curie", Role: "Guest"},
			},
		}},
	}
}

// hostileShow carries text that breaks naive writers: markup, ampersands,
// "]]>", control characters, invalid UTF-8, non-characters, emoji and
// accents, blank values and an enclosure of unknown size.
func hostileShow() *feed.Feed {
	pub := time.Date(2024, 12, 31, 23, 59, 59, 0, time.FixedZone("", -5*3600))
	return &feed.Feed{
		Title:       "Tom & Jerry <script>alert(\"x\")</script>",
		Description: "Émission spéciale : l'été à Montréal 🎧\x00\x07 bell, \xff\xfe bad bytes, \uFFFE non-char, \x1b[31m escape.\nSecond line\r\n",
		Language:    "fr_CA",
		HomePageURL: "https://example.com/?a=1&b=2",
		URLs:        map[string]string{"rss": "https://example.com/feed.xml?a=1&b=\"2\""},
		Author:      "Zoë \"Zed\" O'Brien & Co",
		Owner:       feed.Person{Name: "  ", Email: ""},
		Copyright:   "   ",
		Image:       &feed.Image{URL: "https://example.com/art.PNG?v=2&x=<y>", Alt: "<b>\"quoted\"</b> & 'single'"},
		Categories: []feed.Category{
			{Name: "Society & Culture", Sub: "Places & Travel"},
			{Name: "  "},
		},
		Explicit:  true,
		Type:      "weird",
		Persons:   []feed.Person{{Name: "Zoë \"Zed\" O'Brien\x01", Role: "HOST", URL: "https://example.com/p?x=1&y=2"}, {Name: " \x02 "}},
		Generator: feed.Generator{Version: "no name"},
		Updated:   pub,
		Items: []*feed.Item{{
			ID:          "tag:example.com,2024:<&>",
			Title:       "]]> & <![CDATA[ \x0b 🎉 Noël à l'hôtel",
			URL:         "https://example.com/ep?id=1&lang=fr",
			Summary:     "a < b && c > d \"quotes\" 'apostrophes' \xc3\x28",
			ContentHTML: "<p>Before]]>after <![CDATA[nested]]> \x00\x0c\uFFFF end &amp; <script>alert(1)</script></p>",
			Published:   pub,
			Tags:        []string{"R&D", "<tag>", "", "\x03"},
			Enclosure:   &feed.Enclosure{URL: "https://example.com/a.mp3?x=1&y=2", Type: "audio/mpeg"},
			Season:      -1,
			Episode:     0,
			EpisodeType: "FULL\x00",
			Transcripts: []feed.Transcript{{URL: "https://example.com/t.txt?a&b", Type: "text/plain"}, {URL: "  "}},
			Persons:     []feed.Person{{Name: strings.Repeat("é", 130), Group: "Writing"}},
		}},
	}
}

// minimalShow has only what RSS requires, to show that empty values are
// left out rather than written empty.
func minimalShow() *feed.Feed {
	return &feed.Feed{
		Title:       "Minimal",
		HomePageURL: "https://example.org/minimal/",
		Items: []*feed.Item{
			{Title: "Only a title"},
			nil,
			{ID: "tag:example.org,2025:bare", Summary: "Only a summary"},
		},
	}
}

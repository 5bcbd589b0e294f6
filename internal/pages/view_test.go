package pages

import (
	"slices"
	"testing"
	"time"

	"github.com/feedcast/feedcast/feed"
)

func TestThumbnail(t *testing.T) {
	im := func(name string, w int) feed.Image {
		return feed.Image{URL: "https://example.org/" + name, Width: w, Alt: "alt " + name}
	}
	ptr := func(i feed.Image) *feed.Image { return &i }
	tests := []struct {
		name string
		item feed.Item
		want string // URL path, "" for none
	}{
		{"nothing", feed.Item{}, ""},
		{"image only", feed.Item{Image: ptr(feed.Image{URL: "https://example.org/a.png"})}, "a.png"},
		{"narrowest wide enough", feed.Item{Image: ptr(im("big", 1400)), Images: []feed.Image{im("m", 640), im("s", 320), im("xs", 160)}}, "s"},
		{"all too narrow: the widest", feed.Item{Images: []feed.Image{im("xs", 100), im("s", 200)}}, "s"},
		{"unknown widths: Image", feed.Item{Image: ptr(feed.Image{URL: "https://example.org/i"}), Images: []feed.Image{{URL: "https://example.org/j"}}}, "i"},
		{"no Image: first of Images", feed.Item{Images: []feed.Image{{URL: "https://example.org/j"}}}, "j"},
		{"not http", feed.Item{Image: ptr(feed.Image{URL: "javascript:alert(1)", Width: 320})}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := thumbnail(&tt.item, 320, "title")
			switch {
			case tt.want == "" && got != nil:
				t.Errorf("got %s, want none", got.URL)
			case tt.want != "" && (got == nil || got.URL != "https://example.org/"+tt.want):
				t.Errorf("got %+v, want %s", got, tt.want)
			}
		})
	}
	it := feed.Item{Image: ptr(feed.Image{URL: "https://example.org/a.png", Alt: "The title"})}
	if got := thumbnail(&it, 320, "The title"); got.Alt != "" {
		t.Errorf("alt %q repeats the title", got.Alt)
	}
}

func TestAppLinks(t *testing.T) {
	got := appLinks("https://example.org/series/a b/feed.xml?x=1&y=2", "Show & Co")
	want := map[string]string{
		"Apple Podcasts": "podcast://example.org/series/a%20b/feed.xml?x=1&y=2",
		"AntennaPod":     "https://antennapod.org/deeplink/subscribe?title=Show+%26+Co&url=https%3A%2F%2Fexample.org%2Fseries%2Fa%2520b%2Ffeed.xml%3Fx%3D1%26y%3D2",
		"Pocket Casts":   "pktc://subscribe/example.org/series/a%20b/feed.xml?x=1&y=2",
		"Overcast":       "overcast://x-callback-url/add?url=https%3A%2F%2Fexample.org%2Fseries%2Fa%2520b%2Ffeed.xml%3Fx%3D1%26y%3D2",
		"Podcast Addict": "podcastaddict://example.org/series/a%20b/feed.xml?x=1&y=2",
		"Castro":         "castro://subscribe/example.org/series/a%20b/feed.xml?x=1&y=2",
	}
	if len(got) != len(want) {
		t.Fatalf("%d links, want %d", len(got), len(want))
	}
	for _, l := range got {
		if string(l.URL) != want[l.Name] {
			t.Errorf("%s: %s\nwant %s", l.Name, l.URL, want[l.Name])
		}
	}
	for _, bad := range []string{"javascript:alert(1)", "feed.xml", "ftp://example.org/feed.xml"} {
		if got := appLinks(bad, "x"); got != nil {
			t.Errorf("appLinks(%q) = %v, want none", bad, got)
		}
	}
}

func TestDurations(t *testing.T) {
	for d, want := range map[time.Duration]string{40 * time.Second: "40 s", 45 * time.Minute: "45 min", 65*time.Minute + 20*time.Second: "1 h 05"} {
		if got := duration(d); got != want {
			t.Errorf("duration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestDirectoryLinks(t *testing.T) {
	got := directoryLinks(Directories{Apple: "1759375669", Deezer: "1234", YouTubeMusic: "PLx_y-1", PodcastIndex: "920666", Podverse: "https://podverse.fm/podcast/abc", Fountain: "https://"})
	want := []string{
		"Apple Podcasts https://podcasts.apple.com/podcast/id1759375669",
		"YouTube Music https://music.youtube.com/playlist?list=PLx_y-1",
		"Deezer https://www.deezer.com/show/1234",
		"Podcast Index https://podcastindex.org/podcast/920666",
		"Podverse https://podverse.fm/podcast/abc",
	}
	var names []string
	for _, l := range got {
		names = append(names, l.Name+" "+string(l.URL))
	}
	if !slices.Equal(names, want) {
		t.Errorf("links\n%q\nwant\n%q", names, want)
	}
	if got := directoryLinks(Directories{}); got != nil {
		t.Errorf("no ids: %v, want no links", got)
	}
}

func TestSquareCover(t *testing.T) {
	sq := func(name string, w, h int) feed.Image {
		return feed.Image{URL: "https://example.org/" + name, Width: w, Height: h, Alt: "alt"}
	}
	ptr := func(i feed.Image) *feed.Image { return &i }
	// The build's renditions: square 1400, wide 1280×720, small 320.
	it := feed.Item{Image: ptr(sq("square", 1400, 1400)), Images: []feed.Image{sq("wide", 1280, 720), sq("small", 320, 320)}}
	c := squareCover(&it, "title")
	if c == nil || c.URL != "https://example.org/square" || !c.Square || c.Width != 1400 || c.Height != 1400 ||
		c.SrcSet != "https://example.org/small 320w, https://example.org/square 1400w" || c.Alt != "alt" {
		t.Errorf("cover %+v", c)
	}
	// Wide images only, or sizes unknown: none (the page then shows the
	// thumbnail).
	for _, it := range []feed.Item{
		{Images: []feed.Image{sq("wide", 1280, 720)}},
		{Image: ptr(feed.Image{URL: "https://example.org/unknown"})},
		{Image: ptr(sq("js", 100, 100))},
	} {
		if it.Image != nil && it.Image.Width == 100 {
			it.Image.URL = "javascript:alert(1)"
		}
		if c := squareCover(&it, "title"); c != nil {
			t.Errorf("%+v: cover %+v, want none", it, c)
		}
	}
}

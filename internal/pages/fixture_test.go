package pages_test

import (
	"bytes"
	"fmt"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"strings"
	"time"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/atom"
	"github.com/feedcast/feedcast/feed/jsonfeed"
	"github.com/feedcast/feedcast/feed/rss"
	"github.com/feedcast/feedcast/internal/pages"
)

var paris = time.FixedZone("CET", 3600)

// fixture is a small French show: the Site the pages are made from, and
// the feed of each feed set, keyed by its folder ("" for the show).
type fixture struct {
	site  *pages.Site
	feeds map[string]*feed.Feed
}

// hostile is a title that must stay text.
const hostile = `L’été <script>alert("x")</script> & « sobriété »`

// newFixture makes the show published at base: seven episodes, newest
// first, with a Dailymotion player, an Acast player, an mp3 file, an mp4
// file, a transcript with speakers, transcript files, accents and markup
// in a title.
func newFixture(base string) *fixture {
	img := func(slug, name string, w, h int) feed.Image {
		return feed.Image{URL: base + "episodes/" + slug + "/" + name, Type: "image/png", Width: w, Height: h}
	}
	day := func(n int) time.Time { return time.Date(2025, 3, n, 10, 0, 0, 0, paris) }
	type ep struct {
		item       *feed.Item
		slug       string
		transcript template.HTML
		series     bool
	}
	eps := []ep{
		{slug: "ete", transcript: `<p><cite>Alice :</cite> <time>0:00</time> Bonjour à toutes et à tous.</p><p><cite>Bob :</cite> <time>0:05</time> Merci Alice.</p>`, item: &feed.Item{
			Title: hostile, Summary: "Un épisode d’été, en mp3.",
			ContentHTML: `<p>Une émission sur le <strong>numérique responsable</strong>.</p><p><a href="https://www.example.org/ressources">Ressources</a></p>`,
			Published:   day(21), Duration: 45 * time.Minute,
			Image:     &feed.Image{URL: base + "episodes/ete/cover.png", Type: "image/png", Width: 1400, Height: 1400, Alt: "Un soleil sur une forêt"},
			Images:    []feed.Image{img("ete", "cover-640.png", 640, 360), img("ete", "cover-320.png", 320, 180), img("ete", "cover-160.png", 160, 90)},
			Enclosure: &feed.Enclosure{URL: base + "episodes/ete/ete.mp3", Type: "audio/mpeg", Length: 1234567},
			Tags:      []string{"Écoconception"},
			Season:    2, Episode: 5,
			Persons: []feed.Person{
				{Name: "Alice Martin", Role: "host", URL: "https://www.example.org/equipe/alice", Img: base + "people/alice.png"},
				{Name: "Bob Durand", Role: "guest"},
			},
			Transcripts: []feed.Transcript{
				{URL: base + "episodes/ete/transcript.html", Type: "text/html", Language: "fr"},
				{URL: base + "episodes/ete/transcript.txt", Type: "text/plain", Language: "fr"},
				{URL: base + "episodes/ete/transcript.json", Type: "application/json", Language: "fr"},
				{URL: base + "episodes/ete/transcript.srt", Type: "application/x-subrip", Language: "fr"},
			},
		}},
		{slug: "dailymotion", item: &feed.Item{
			Title: "Dailymotion : la sobriété numérique", Summary: "Une vidéo.",
			ContentHTML: `<p>Une vidéo sur la sobriété.</p>`,
			Published:   day(18),
			Image:       &feed.Image{URL: base + "episodes/dailymotion/thumb.png", Type: "image/png", Width: 1280, Height: 720},
			Player:      &feed.Player{URL: "https://www.dailymotion.com/embed/video/x9zn3e0", PageURL: "https://www.dailymotion.com/video/x9zn3e0", Provider: "dailymotion", Kind: "video"},
			Transcripts: []feed.Transcript{{URL: base + "episodes/dailymotion/transcript.vtt", Type: "text/vtt", Language: "fr"}},
			Tags:        []string{"Vidéo", "Écoconception"},
		}},
		{slug: "acast", item: &feed.Item{
			Title: "Acast : « Paroles d’experts »", Summary: "Un épisode sur Acast.",
			Published: day(14),
			Image:     &feed.Image{URL: base + "episodes/acast/thumb.png", Type: "image/png", Width: 640, Height: 360},
			Player:    &feed.Player{URL: "https://embed.acast.com/paroles/episode-1", Provider: "acast", Kind: "audio"},
		}},
		{slug: "video-mp4", series: true, item: &feed.Item{
			Title: "Une vidéo en MP4", Summary: "Le fichier vidéo est sur le site.",
			Published: day(10),
			Image:     &feed.Image{URL: base + "episodes/video-mp4/thumb.png", Type: "image/png", Width: 640, Height: 360},
			Enclosure: &feed.Enclosure{URL: base + "episodes/video-mp4/video.mp4", Type: "video/mp4", Length: 7654321},
			Tags:      []string{"Vidéo"},
		}},
	}
	for n := 3; n >= 1; n-- {
		slug := fmt.Sprintf("episode-%d", n)
		eps = append(eps, ep{slug: slug, series: true, item: &feed.Item{
			Title:     fmt.Sprintf("Saison 1, épisode %d", n),
			Summary:   "Un épisode de la première saison.",
			Published: day(n),
			Image:     &feed.Image{URL: base + "episodes/" + slug + "/thumb.png", Type: "image/png", Width: 640, Height: 360},
		}})
	}

	urls := func(dir string) map[string]string {
		return map[string]string{"rss": base + dir + "feed.xml", "atom": base + dir + "atom.xml", "json": base + dir + "feed.json"}
	}
	show := &feed.Feed{
		ID:          "tag:example.org,2025:feed",
		Title:       "Numérique & sobriété",
		Description: "Le podcast des services numériques écoresponsables.",
		Language:    "fr",
		HomePageURL: "https://www.example.org/",
		URLs:        urls(""),
		Author:      "L’équipe",
		Image:       &feed.Image{URL: base + "artwork.png", Type: "image/png", Width: 1400, Height: 1400, Alt: "Une feuille verte"},
		Stylesheet:  base + pages.StylesheetPath,
		Updated:     eps[0].item.Published,
	}
	site := &pages.Site{Lang: "fr", BaseURL: base, Show: show,
		Directories: pages.Directories{Apple: "1759375669", Spotify: "4rOoJ6Egrf8K2IrywzwOMk", PodcastIndex: "920666", Fountain: "https://fountain.fm/show/abc"},
		Icon:        base + "icon-32.png", TouchIcon: base + "icon-180.png"}
	fx := &fixture{site: site, feeds: map[string]*feed.Feed{"": show}}
	for i, e := range eps {
		e.item.ID = fmt.Sprintf("tag:example.org,2025:episodes/%s", e.slug)
		e.item.URL = base + "episodes/" + e.slug + "/"
		if i == 2 {
			e.item.URL = "https://www.example.org/actualites/acast/"
		}
		e.item.Updated = e.item.Published
		show.Items = append(show.Items, e.item)
		site.Episodes = append(site.Episodes, pages.Episode{Item: e.item, Slug: e.slug, TranscriptHTML: e.transcript})
	}
	add := func(kind, name, slug string, keep func(ep) bool) {
		dir := ""
		switch kind {
		case pages.KindSeries:
			dir = "series/" + slug + "/"
		case pages.KindTag:
			dir = "tags/" + slug + "/"
		}
		f := show
		if kind != pages.KindShow {
			copied := *show
			f = &copied
			f.ID += ":" + dir
			f.Title = show.Title + " – " + name
			f.URLs = urls(dir)
			f.Items = nil
		}
		var indexes []int
		for i, e := range eps {
			if keep != nil && keep(e) {
				f.Items = append(f.Items, e.item)
				indexes = append(indexes, i)
			}
		}
		fx.feeds[dir] = f
		site.Feeds = append(site.Feeds, pages.FeedSet{Kind: kind, Name: name, Slug: slug,
			RSS: f.URLs["rss"], Atom: f.URLs["atom"], JSON: f.URLs["json"], Count: len(f.Items), Episodes: indexes})
	}
	hasTag := func(tag string) func(ep) bool {
		return func(e ep) bool {
			for _, t := range e.item.Tags {
				if t == tag {
					return true
				}
			}
			return false
		}
	}
	add(pages.KindShow, show.Title, "", nil)
	add(pages.KindSeries, "Saison 1", "saison-1", func(e ep) bool { return e.series })
	add(pages.KindTag, "Écoconception", "ecoconception", hasTag("Écoconception"))
	add(pages.KindTag, "Vidéo", "video", hasTag("Vidéo"))
	return fx
}

// files returns the pages and every feed document of the fixture.
func (fx *fixture) files() (map[string][]byte, error) {
	out, err := pages.Files(fx.site)
	if err != nil {
		return nil, err
	}
	writers := map[string]func(*bytes.Buffer, *feed.Feed) error{
		"feed.xml":  func(b *bytes.Buffer, f *feed.Feed) error { return rss.Write(b, f) },
		"atom.xml":  func(b *bytes.Buffer, f *feed.Feed) error { return atom.Write(b, f) },
		"feed.json": func(b *bytes.Buffer, f *feed.Feed) error { return jsonfeed.Write(b, f) },
	}
	for dir, f := range fx.feeds {
		for name, write := range writers {
			var buf bytes.Buffer
			if err := write(&buf, f); err != nil {
				return nil, err
			}
			out[dir+name] = buf.Bytes()
		}
	}
	return out, nil
}

// pngImage is a small PNG, served for every image of the fixture.
func pngImage() []byte {
	m := image.NewRGBA(image.Rect(0, 0, 32, 18))
	for x := 0; x < 32; x++ {
		for y := 0; y < 18; y++ {
			m.Set(x, y, color.RGBA{R: uint8(40 + 4*x), G: 140, B: uint8(60 + 5*y), A: 255})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, m) // a bytes.Buffer does not fail
	return buf.Bytes()
}

// contentType is the media type the test servers send for a path. XML
// feeds go out as application/xml: Chromium applies an XSLT stylesheet
// only to documents served as application/xml or text/xml, and shows
// application/rss+xml and application/atom+xml as plain text.
func contentType(path string) string {
	switch {
	case strings.HasSuffix(path, ".xml"):
		return "application/xml; charset=utf-8"
	case strings.HasSuffix(path, ".xsl"):
		return "text/xsl; charset=utf-8"
	case strings.HasSuffix(path, ".json"):
		return "application/feed+json; charset=utf-8"
	case strings.HasSuffix(path, ".opml"):
		return "text/x-opml; charset=utf-8"
	case strings.HasSuffix(path, ".html"), strings.HasSuffix(path, "/"):
		return "text/html; charset=utf-8"
	case strings.HasSuffix(path, ".css"):
		return "text/css; charset=utf-8"
	case strings.HasSuffix(path, ".js"):
		return "text/javascript; charset=utf-8"
	case strings.HasSuffix(path, ".png"):
		return "image/png"
	case strings.HasSuffix(path, ".webp"):
		return "image/webp"
	case strings.HasSuffix(path, ".svg"):
		return "image/svg+xml"
	case strings.HasSuffix(path, ".jpg"), strings.HasSuffix(path, ".jpeg"):
		return "image/jpeg"
	}
	return "application/octet-stream"
}

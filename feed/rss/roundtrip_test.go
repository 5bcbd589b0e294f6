package rss

import (
	"bytes"
	"slices"
	"strconv"
	"testing"

	"github.com/feedcast/feedcast/feed"
	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
)

// parse reads doc back with gofeed, an independent parser.
func parse(t *testing.T, doc []byte) *gofeed.Feed {
	t.Helper()
	got, err := gofeed.NewParser().Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("gofeed cannot parse the output: %v\n%s", err, doc)
	}
	if got.FeedType != "rss" || got.FeedVersion != "2.0" {
		t.Fatalf("gofeed sees %s %s, want rss 2.0", got.FeedType, got.FeedVersion)
	}
	return got
}

// only returns the single element ns:name of m, failing when there is not
// exactly one.
func only(t *testing.T, m ext.Extensions, ns, name string) ext.Extension {
	t.Helper()
	list := m[ns][name]
	if len(list) != 1 {
		t.Fatalf("%s:%s appears %d times, want once", ns, name, len(list))
	}
	return list[0]
}

func check(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func TestRoundTripChannel(t *testing.T) {
	for _, in := range []*feed.Feed{audioShow(), videoShow()} {
		t.Run(in.Title, func(t *testing.T) {
			out := parse(t, write(t, in))
			check(t, "title", out.Title, in.Title)
			check(t, "link", out.Link, in.HomePageURL)
			check(t, "description", out.Description, in.Description)
			check(t, "language", out.Language, in.Language)
			check(t, "self link", out.FeedLink, in.URL(feed.RSS))
			if out.UpdatedParsed == nil || !out.UpdatedParsed.Equal(in.Updated) {
				t.Errorf("lastBuildDate = %v, want %v", out.UpdatedParsed, in.Updated)
			}

			it := out.ITunesExt
			if it == nil {
				t.Fatal("no itunes extension")
			}
			check(t, "itunes:author", it.Author, in.Author)
			check(t, "itunes:explicit", it.Explicit, strconv.FormatBool(in.Explicit))
			wantType := "episodic"
			if in.Type == "Serial" {
				wantType = "serial"
			}
			check(t, "itunes:type", it.Type, wantType)
			if in.Image.Type == "image/jpeg" {
				check(t, "itunes:image", it.Image, in.Image.URL)
			} else {
				check(t, "itunes:image of a "+in.Image.Type, it.Image, "")
			}
			if it.Owner == nil {
				t.Fatal("no itunes:owner")
			}
			check(t, "itunes:owner name", it.Owner.Name, in.Owner.Name)
			check(t, "itunes:owner email", it.Owner.Email, in.Owner.Email)
			if len(it.Categories) != len(in.Categories) {
				t.Fatalf("%d itunes categories, want %d", len(it.Categories), len(in.Categories))
			}
			for i, c := range in.Categories {
				check(t, "itunes:category", it.Categories[i].Text, c.Name)
				sub := ""
				if it.Categories[i].Subcategory != nil {
					sub = it.Categories[i].Subcategory.Text
				}
				check(t, "itunes subcategory", sub, c.Sub)
			}

			guid := in.PodcastGUID
			if guid == "" {
				guid = feed.PodcastGUID(in.URL(feed.RSS))
			}
			check(t, "podcast:guid", only(t, out.Extensions, "podcast", "guid").Value, guid)
			medium := in.Medium
			if medium == "" {
				medium = "podcast"
			}
			check(t, "podcast:medium", only(t, out.Extensions, "podcast", "medium").Value, medium)
			if in.Locked || in.LockedOwner != "" {
				locked := only(t, out.Extensions, "podcast", "locked")
				check(t, "podcast:locked", locked.Value, map[bool]string{true: "yes", false: "no"}[in.Locked])
				check(t, "podcast:locked owner", locked.Attrs["owner"], in.LockedOwner)
			} else if n := len(out.Extensions["podcast"]["locked"]); n != 0 {
				t.Errorf("%d podcast:locked in a feed neither locked nor owned", n)
			}
			persons := out.Extensions["podcast"]["person"]
			if len(persons) != len(in.Persons) {
				t.Fatalf("%d podcast:person, want %d", len(persons), len(in.Persons))
			}
			for i, p := range in.Persons {
				checkPerson(t, persons[i], p)
			}
			img := only(t, out.Extensions, "podcast", "image")
			check(t, "podcast:image href", img.Attrs["href"], in.Image.URL)
			check(t, "podcast:image purpose", img.Attrs["purpose"], "artwork")
			check(t, "podcast:image width", img.Attrs["width"], strconv.Itoa(in.Image.Width))
		})
	}
}

func checkPerson(t *testing.T, got ext.Extension, want feed.Person) {
	t.Helper()
	check(t, "podcast:person", got.Value, want.Name)
	check(t, "podcast:person href", got.Attrs["href"], want.URL)
	check(t, "podcast:person img", got.Attrs["img"], want.Img)
	if want.Role != "" {
		check(t, "podcast:person role", got.Attrs["role"], map[string]string{"Host": "host", "Guest": "guest"}[want.Role])
	}
}

func TestRoundTripItems(t *testing.T) {
	for _, in := range []*feed.Feed{audioShow(), videoShow()} {
		t.Run(in.Title, func(t *testing.T) {
			out := parse(t, write(t, in))
			if len(out.Items) != len(in.Items) {
				t.Fatalf("%d items, want %d", len(out.Items), len(in.Items))
			}
			for i, want := range in.Items {
				got := out.Items[i]
				check(t, "item title", got.Title, want.Title)
				check(t, "item link", got.Link, want.URL)
				check(t, "item description", got.Description, want.Summary)
				check(t, "item content", got.Content, want.ContentHTML)
				check(t, "item guid", got.GUID, want.ID)
				if got.PublishedParsed == nil || !got.PublishedParsed.Equal(want.Published) {
					t.Errorf("pubDate = %v, want %v", got.PublishedParsed, want.Published)
				}
				if len(got.Categories) != len(want.Tags) {
					t.Errorf("categories = %q, want %q", got.Categories, want.Tags)
				}
				checkEnclosure(t, got, want)
				checkITunesItem(t, got.ITunesExt, want)
				checkPodcastItem(t, got.Extensions, in, want)
				checkMediaItem(t, got.Extensions, want)
			}
		})
	}
}

func checkEnclosure(t *testing.T, got *gofeed.Item, want *feed.Item) {
	t.Helper()
	if want.Enclosure == nil {
		if len(got.Enclosures) != 0 {
			t.Errorf("%d enclosures, want none", len(got.Enclosures))
		}
		return
	}
	if len(got.Enclosures) != 1 {
		t.Fatalf("%d enclosures, want 1", len(got.Enclosures))
	}
	e := got.Enclosures[0]
	check(t, "enclosure url", e.URL, want.Enclosure.URL)
	check(t, "enclosure type", e.Type, want.Enclosure.Type)
	check(t, "enclosure length", e.Length, strconv.FormatInt(want.Enclosure.Length, 10))
}

func checkITunesItem(t *testing.T, got *ext.ITunesItemExtension, want *feed.Item) {
	t.Helper()
	if got == nil {
		t.Fatal("no itunes extension in item")
	}
	check(t, "itunes:duration", got.Duration, strconv.FormatInt(seconds(want.Duration), 10))
	check(t, "itunes:season", got.Season, number(want.Season))
	check(t, "itunes:episode", got.Episode, number(want.Episode))
	check(t, "itunes:episodeType", got.EpisodeType, map[string]string{"full": "full", "Trailer": "trailer", "Bonus": "bonus"}[want.EpisodeType])
	explicit := ""
	if want.Explicit != nil {
		explicit = strconv.FormatBool(*want.Explicit)
	}
	check(t, "itunes:explicit", got.Explicit, explicit)
}

func checkPodcastItem(t *testing.T, got ext.Extensions, f *feed.Feed, want *feed.Item) {
	t.Helper()
	check(t, "podcast:season", only(t, got, "podcast", "season").Value, strconv.Itoa(want.Season))
	if want.Episode > 0 {
		check(t, "podcast:episode", only(t, got, "podcast", "episode").Value, strconv.Itoa(want.Episode))
	} else if n := len(got["podcast"]["episode"]); n != 0 {
		t.Errorf("%d podcast:episode for an episode without a number", n)
	}
	transcripts := got["podcast"]["transcript"]
	if len(transcripts) != len(want.Transcripts) {
		t.Fatalf("%d podcast:transcript, want %d", len(transcripts), len(want.Transcripts))
	}
	for i, tr := range want.Transcripts {
		a := transcripts[i].Attrs
		check(t, "transcript url", a["url"], tr.URL)
		check(t, "transcript type", a["type"], tr.Type)
		check(t, "transcript rel", a["rel"], tr.Rel)
		lang := tr.Language
		if lang == "" {
			lang = f.Language
		}
		check(t, "transcript language", a["language"], language(lang))
	}
	var hrefs []string
	for _, img := range append([]feed.Image{*cmpImage(want.Image)}, want.Images...) {
		if img.URL != "" && !slices.Contains(hrefs, img.URL) {
			hrefs = append(hrefs, img.URL)
		}
	}
	images := got["podcast"]["image"]
	if len(images) != len(hrefs) {
		t.Fatalf("%d item podcast:image, want %d", len(images), len(hrefs))
	}
	for i, href := range hrefs {
		check(t, "item podcast:image href", images[i].Attrs["href"], href)
	}
	persons := got["podcast"]["person"]
	if len(persons) != len(want.Persons) {
		t.Fatalf("%d item podcast:person, want %d", len(persons), len(want.Persons))
	}
	for i, p := range want.Persons {
		checkPerson(t, persons[i], p)
	}
}

// cmpImage returns img, or an image without a URL when img is nil.
func cmpImage(img *feed.Image) *feed.Image {
	if img == nil {
		return &feed.Image{}
	}
	return img
}

func checkMediaItem(t *testing.T, got ext.Extensions, want *feed.Item) {
	t.Helper()
	if img := want.Image; img != nil {
		a := only(t, got, "media", "thumbnail").Attrs
		check(t, "media:thumbnail url", a["url"], img.URL)
		check(t, "media:thumbnail width", a["width"], strconv.Itoa(img.Width))
		check(t, "media:thumbnail height", a["height"], strconv.Itoa(img.Height))
	} else if n := len(got["media"]["thumbnail"]); n != 0 {
		t.Errorf("%d media:thumbnail without an image", n)
	}
	if p := want.Player; p != nil {
		a := only(t, got, "media", "player").Attrs
		check(t, "media:player url", a["url"], p.URL)
		check(t, "media:player width", a["width"], strconv.Itoa(p.Width))
		check(t, "media:player height", a["height"], strconv.Itoa(p.Height))
	} else if n := len(got["media"]["player"]); n != 0 {
		t.Errorf("%d media:player without a player", n)
	}
	if e := want.Enclosure; e != nil {
		a := only(t, got, "media", "content").Attrs
		check(t, "media:content url", a["url"], e.URL)
		check(t, "media:content type", a["type"], e.Type)
		check(t, "media:content fileSize", a["fileSize"], strconv.FormatInt(e.Length, 10))
		check(t, "media:content medium", a["medium"], "audio")
		check(t, "media:content duration", a["duration"], strconv.FormatInt(seconds(want.Duration), 10))
	} else if n := len(got["media"]["content"]); n != 0 {
		t.Errorf("%d media:content without an enclosure", n)
	}
}

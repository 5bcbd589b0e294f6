package rss

import (
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"

	"github.com/feedcast/feedcast/feed"
)

// namespaceShow is audioShow with every Podcasting 2.0 tag the model has,
// at channel and item level.
func namespaceShow() *feed.Feed {
	f := audioShow()
	f.Funding = []feed.Funding{{URL: "https://example.org/donate", Text: "Support the show"}, {URL: "", Text: "no URL: left out"}}
	f.License = &feed.License{Name: "cc-by-4.0"}
	f.Locations = []feed.Location{{Name: "Austin", Rel: "Creator", Geo: "geo:30.2711286,-97.7436995", OSM: "R113314", Country: "us"}, {Geo: "geo:1,2"}}
	f.Trailers = []feed.Trailer{
		{Title: "Season 4: the race", URL: "https://example.org/trailers/s4.mp4", Type: "video/mp4", Length: 12345678, Published: time.Date(2021, 4, 1, 8, 0, 0, 0, paris), Season: 4},
		{Title: "no date: left out", URL: "https://example.org/t.mp3"},
	}
	f.UpdateFrequency = &feed.UpdateFrequency{Text: "Every other Monday for 10 episodes", RRule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=10", DTStart: "2023-08-28T00:00:00.000Z"}
	f.Podroll = []feed.RemoteItem{{FeedGUID: "917393e3-1b1e-5cef-ace4-edaa54e1f810", FeedURL: "https://feeds.podcastindex.org/pc20.xml", Title: "Podcasting 2.0"}, {FeedGUID: "396d9ae0-da7e-5557-b894-b606231fa3ea"}}
	f.Txts = []feed.Txt{{Purpose: "applepodcastsverify", Text: "05124"}, {Text: "plain & simple"}}
	f.Blocks = []feed.Block{{Block: true}, {ID: "Google", Block: false}}
	f.Social = []feed.SocialInteract{{Protocol: "disabled", URI: "https://ignored.example/"}}
	f.Value = &feed.Value{Type: "lightning", Method: "keysend", Suggested: "0.00000005000", Recipients: []feed.ValueRecipient{
		{Name: "Alice", Type: "node", Address: "02d5c1bf8b940dc9cadca86d1b0a3c37fbe39cee4c7e839e33bef9174531d27f52", Split: 90, CustomKey: "696969", CustomValue: "abc"},
		{Name: "Host", Type: "node", Address: "03ae9f91a0cb8ff43840e3c322c4c61f019d8c1c3cea15a25cfc425ac605e61a4a", Split: 10, Fee: true},
	}}
	it := f.Items[0]
	it.ChaptersURL = "https://example.org/episodes/2/chapters.json"
	it.Soundbites = []feed.Soundbite{{Start: 1234500 * time.Millisecond, Duration: 42250 * time.Millisecond, Title: "Why the namespace matters"}, {Start: 73 * time.Second, Duration: 60 * time.Second}, {Start: time.Second}}
	it.Locations = []feed.Location{{Name: "Birmingham Civil Rights Museum", Geo: "geo:33.5159981,-86.8146098", OSM: "R6930627", Country: "US"}}
	it.License = &feed.License{Name: "my-podcast-license-v1", URL: "https://example.org/license.pdf"}
	it.AlternateEnclosures = []feed.AlternateEnclosure{
		{Type: "audio/opus", Length: 32400000, Bitrate: 96000, Title: "High quality", Default: true, Lang: "en_US",
			Sources: []feed.Source{{URI: "https://example.org/file-high.opus"}, {URI: "ipfs://someHighBitrateOpusFile"}, {URI: "https://example.org/file.torrent", ContentType: "application/x-bittorrent"}}},
		{Type: "video/mp4", Length: 10562995, Bitrate: 681483.55, Height: 1080, Codecs: "avc1.4D401E", Sources: []feed.Source{{URI: "https://example.org/1080.mp4"}}},
		{Type: "audio/aac", Title: "no source: left out"},
	}
	it.Txts = []feed.Txt{{Purpose: "ai-content", Text: "false"}}
	it.Social = []feed.SocialInteract{
		{Protocol: "ActivityPub", URI: "https://podcastindex.social/@dave/105079274766075912", AccountID: "@dave", AccountURL: "https://podcastindex.social/@dave", Priority: 1},
		{Protocol: "atproto", URI: ""},
	}
	return f
}

func parseBack(t *testing.T, f *feed.Feed) *gofeed.Feed {
	t.Helper()
	doc := write(t, f)
	checkWellFormed(t, doc)
	parsed, err := gofeed.NewParser().ParseString(string(doc))
	if err != nil {
		t.Fatal(err)
	}
	return parsed
}

// one returns the only element name of exts, failing otherwise.
func one(t *testing.T, exts ext.Extensions, name string) ext.Extension {
	t.Helper()
	got := exts["podcast"][name]
	if len(got) != 1 {
		t.Fatalf("podcast:%s: %d elements, want 1: %+v", name, len(got), got)
	}
	return got[0]
}

func checkAttrs(t *testing.T, e ext.Extension, value string, attrs map[string]string) {
	t.Helper()
	if e.Value != value {
		t.Errorf("podcast:%s value %q, want %q", e.Name, e.Value, value)
	}
	if len(e.Attrs) != len(attrs) {
		t.Errorf("podcast:%s attributes %v, want %v", e.Name, e.Attrs, attrs)
	}
	for k, v := range attrs {
		if e.Attrs[k] != v {
			t.Errorf("podcast:%s %s=%q, want %q", e.Name, k, e.Attrs[k], v)
		}
	}
}

func TestPodcastChannelTags(t *testing.T) {
	ch := parseBack(t, namespaceShow()).Extensions
	checkAttrs(t, one(t, ch, "funding"), "Support the show", map[string]string{"url": "https://example.org/donate"})
	checkAttrs(t, one(t, ch, "license"), "cc-by-4.0", nil)
	checkAttrs(t, one(t, ch, "location"), "Austin", map[string]string{"rel": "creator", "geo": "geo:30.2711286,-97.7436995", "osm": "R113314", "country": "US"})
	checkAttrs(t, one(t, ch, "trailer"), "Season 4: the race", map[string]string{
		"url": "https://example.org/trailers/s4.mp4", "pubdate": "Thu, 01 Apr 2021 08:00:00 +0100", "length": "12345678", "type": "video/mp4", "season": "4",
	})
	checkAttrs(t, one(t, ch, "updateFrequency"), "Every other Monday for 10 episodes", map[string]string{
		"rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=10", "dtstart": "2023-08-28T00:00:00.000Z",
	})
	roll := one(t, ch, "podroll").Children["remoteItem"]
	if len(roll) != 2 {
		t.Fatalf("podroll: %+v", roll)
	}
	checkAttrs(t, roll[0], "", map[string]string{"feedGuid": "917393e3-1b1e-5cef-ace4-edaa54e1f810", "feedUrl": "https://feeds.podcastindex.org/pc20.xml", "title": "Podcasting 2.0"})
	checkAttrs(t, roll[1], "", map[string]string{"feedGuid": "396d9ae0-da7e-5557-b894-b606231fa3ea"})
	txts := ch["podcast"]["txt"]
	if len(txts) != 2 {
		t.Fatalf("txt: %+v", txts)
	}
	checkAttrs(t, txts[0], "05124", map[string]string{"purpose": "applepodcastsverify"})
	checkAttrs(t, txts[1], "plain & simple", nil)
	blocks := ch["podcast"]["block"]
	if len(blocks) != 2 {
		t.Fatalf("block: %+v", blocks)
	}
	checkAttrs(t, blocks[0], "yes", nil)
	checkAttrs(t, blocks[1], "no", map[string]string{"id": "google"})
	checkAttrs(t, one(t, ch, "socialInteract"), "", map[string]string{"protocol": "disabled"})
	v := one(t, ch, "value")
	checkAttrs(t, v, "", map[string]string{"type": "lightning", "method": "keysend", "suggested": "0.00000005000"})
	rs := v.Children["valueRecipient"]
	if len(rs) != 2 {
		t.Fatalf("valueRecipient: %+v", rs)
	}
	checkAttrs(t, rs[0], "", map[string]string{"name": "Alice", "type": "node", "address": "02d5c1bf8b940dc9cadca86d1b0a3c37fbe39cee4c7e839e33bef9174531d27f52", "split": "90", "customKey": "696969", "customValue": "abc"})
	checkAttrs(t, rs[1], "", map[string]string{"name": "Host", "type": "node", "address": "03ae9f91a0cb8ff43840e3c322c4c61f019d8c1c3cea15a25cfc425ac605e61a4a", "split": "10", "fee": "true"})
}

func TestPodcastItemTags(t *testing.T) {
	f := namespaceShow()
	it := parseBack(t, f).Items[0].Extensions
	checkAttrs(t, one(t, it, "chapters"), "", map[string]string{"url": "https://example.org/episodes/2/chapters.json", "type": "application/json+chapters"})
	sbs := it["podcast"]["soundbite"]
	if len(sbs) != 2 {
		t.Fatalf("soundbite (the one without duration is left out): %+v", sbs)
	}
	checkAttrs(t, sbs[0], "Why the namespace matters", map[string]string{"startTime": "1234.5", "duration": "42.25"})
	checkAttrs(t, sbs[1], "", map[string]string{"startTime": "73", "duration": "60"})
	checkAttrs(t, one(t, it, "location"), "Birmingham Civil Rights Museum", map[string]string{"geo": "geo:33.5159981,-86.8146098", "osm": "R6930627", "country": "US"})
	checkAttrs(t, one(t, it, "license"), "my-podcast-license-v1", map[string]string{"url": "https://example.org/license.pdf"})
	alts := it["podcast"]["alternateEnclosure"]
	if len(alts) != 2 {
		t.Fatalf("alternateEnclosure: %+v", alts)
	}
	checkAttrs(t, alts[0], "", map[string]string{"type": "audio/opus", "length": "32400000", "bitrate": "96000", "title": "High quality", "default": "true", "lang": "en-US"})
	srcs := alts[0].Children["source"]
	if len(srcs) != 3 {
		t.Fatalf("source: %+v", srcs)
	}
	checkAttrs(t, srcs[1], "", map[string]string{"uri": "ipfs://someHighBitrateOpusFile"})
	checkAttrs(t, srcs[2], "", map[string]string{"uri": "https://example.org/file.torrent", "contentType": "application/x-bittorrent"})
	checkAttrs(t, alts[1], "", map[string]string{"type": "video/mp4", "length": "10562995", "bitrate": "681483.55", "height": "1080", "codecs": "avc1.4D401E"})
	checkAttrs(t, one(t, it, "txt"), "false", map[string]string{"purpose": "ai-content"})
	checkAttrs(t, one(t, it, "socialInteract"), "", map[string]string{
		"priority": "1", "protocol": "activitypub", "uri": "https://podcastindex.social/@dave/105079274766075912", "accountId": "@dave", "accountUrl": "https://podcastindex.social/@dave",
	})
	// The fast item encoder agrees with encoding/xml on all of it.
	checkItemEncoding(t, f)
}

func TestPodcastTagsAbsent(t *testing.T) {
	doc := string(write(t, audioShow()))
	for _, tag := range []string{"funding", "license", "location", "trailer", "updateFrequency", "podroll", "txt", "block",
		"socialInteract", "value", "chapters", "soundbite", "alternateEnclosure"} {
		if strings.Contains(doc, "<podcast:"+tag) {
			t.Errorf("podcast:%s written for a feed without it", tag)
		}
	}
}

func TestPodcastTextLimits(t *testing.T) {
	f := audioShow()
	long := strings.Repeat("é", 200)
	f.Funding = []feed.Funding{{URL: "https://example.org/d", Text: long}}
	f.Txts = []feed.Txt{{Text: strings.Repeat("x", 5000)}}
	f.Items[0].AlternateEnclosures = []feed.AlternateEnclosure{{Type: "audio/mpeg", Title: long, Sources: []feed.Source{{URI: "https://example.org/a.mp3"}}}}
	parsed := parseBack(t, f)
	if got := []rune(one(t, parsed.Extensions, "funding").Value); len(got) != maxTagText {
		t.Errorf("funding text of %d characters, want %d", len(got), maxTagText)
	}
	if got := len(one(t, parsed.Extensions, "txt").Value); got != maxTxt {
		t.Errorf("txt of %d characters, want %d", got, maxTxt)
	}
	if got := []rune(one(t, parsed.Items[0].Extensions, "alternateEnclosure").Attrs["title"]); len(got) != maxShortText {
		t.Errorf("alternateEnclosure title of %d characters, want %d", len(got), maxShortText)
	}
}

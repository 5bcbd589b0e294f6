package rss

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// partytimeScript prints what podcast-partytime, the Podcasting 2.0
// parser of the Podcast Index, reads from the feed given as argument.
const partytimeScript = `
const pt = require('podcast-partytime');
const f = pt.parseFeed(require('fs').readFileSync(process.argv[1], 'utf8'));
const it = f.items[0];
console.log(JSON.stringify({
  funding: f.podcastFunding, license: f.license, location: f.podcastLocation, trailers: f.trailers,
  podroll: f.podroll, txt: f.podcastTxt, blocked: f.podcastBlocked, blockedPlatforms: f.podcastBlockedPlatforms,
  value: f.value,
  chapters: it.podcastChapters, soundbites: it.podcastSoundbites, itemLocation: it.podcastLocation,
  itemLicense: it.license, alternates: it.alternativeEnclosures, social: it.podcastSocialInteraction,
}));
`

// TestPartytimeReadsBack checks that podcast-partytime reads the
// Podcasting 2.0 tags as written. It needs node and the npm package
// podcast-partytime in $VALIDATORS_DIR/node_modules (default
// /tmp/validators, where the validators' setup puts it), and is skipped
// without them.
func TestPartytimeReadsBack(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	dir := os.Getenv("VALIDATORS_DIR")
	if dir == "" {
		dir = "/tmp/validators"
	}
	modules := filepath.Join(dir, "node_modules")
	if _, err := os.Stat(filepath.Join(modules, "podcast-partytime")); err != nil {
		t.Skipf("podcast-partytime is not installed in %s", modules)
	}
	file := filepath.Join(t.TempDir(), "feed.xml")
	f := namespaceShow()
	// partytime reads an all-digit text as a number and loses it (the
	// namespace's own "05124" example): a token it keeps.
	f.Txts[0].Text = "S6lpp-7ZCn8"
	if err := os.WriteFile(file, write(t, f), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "-e", partytimeScript, file)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var got struct {
		Funding  []struct{ Message, URL string }
		License  struct{ Identifier, URL string }
		Location struct{ Name, Geo, OSM string }
		Trailers []struct {
			Title, URL, Pubdate, Type string
			Length, Season            int
		}
		Podroll []struct{ FeedGUID, FeedURL, Title string }
		Txt     []struct{ Value, Purpose string }
		Blocked string
		// BlockedPlatforms maps a platform slug to whether it is blocked.
		BlockedPlatforms map[string]bool
		Value            struct {
			Type, Method string
			Recipients   []struct {
				Name, Address string
				Split         int
				Fee           bool
			}
		}
		Chapters   struct{ URL, Type string }
		Soundbites []struct {
			StartTime, Duration float64
			Title               string
		}
		ItemLocation struct{ Name string }
		ItemLicense  struct{ Identifier, URL string }
		Alternates   []struct {
			Type    string
			Length  int64
			Bitrate float64
			Height  int
			Default bool
			Source  []struct{ URI, ContentType string }
		}
		Social []struct {
			Platform, URL, ID string
			Priority          int
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	check := func(what string, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("partytime read %s differently:\n%s", what, out)
		}
	}
	check("funding", len(got.Funding) == 1 && got.Funding[0].URL == "https://example.org/donate" && got.Funding[0].Message == "Support the show")
	check("license", got.License.Identifier == "cc-by-4.0")
	check("location", got.Location.Name == "Austin" && got.Location.OSM == "R113314" && got.Location.Geo == "geo:30.2711286,-97.7436995")
	check("trailer", len(got.Trailers) == 1 && got.Trailers[0].URL == "https://example.org/trailers/s4.mp4" && got.Trailers[0].Season == 4 &&
		got.Trailers[0].Length == 12345678 && got.Trailers[0].Pubdate == "2021-04-01T07:00:00.000Z")
	check("podroll", len(got.Podroll) == 2 && got.Podroll[0].FeedGUID == "917393e3-1b1e-5cef-ace4-edaa54e1f810" && got.Podroll[0].Title == "Podcasting 2.0")
	check("txt", len(got.Txt) == 2 && got.Txt[0].Purpose == "applepodcastsverify" && got.Txt[0].Value == "S6lpp-7ZCn8" && got.Txt[1].Value == "plain & simple")
	check("block", got.Blocked == "yes" && len(got.BlockedPlatforms) > 0 && !got.BlockedPlatforms["google"])
	check("value", got.Value.Type == "lightning" && got.Value.Method == "keysend" && len(got.Value.Recipients) == 2 &&
		got.Value.Recipients[0].Split == 90 && got.Value.Recipients[1].Fee)
	check("chapters", got.Chapters.URL == "https://example.org/episodes/2/chapters.json" && got.Chapters.Type == "application/json+chapters")
	check("soundbites", len(got.Soundbites) == 2 && got.Soundbites[0].StartTime == 1234.5 && got.Soundbites[0].Duration == 42.25 && got.Soundbites[0].Title == "Why the namespace matters")
	check("item location", got.ItemLocation.Name == "Birmingham Civil Rights Museum")
	check("item license", got.ItemLicense.Identifier == "my-podcast-license-v1" && got.ItemLicense.URL == "https://example.org/license.pdf")
	check("alternate enclosures", len(got.Alternates) == 2 && got.Alternates[0].Type == "audio/opus" && got.Alternates[0].Default &&
		got.Alternates[0].Bitrate == 96000 && len(got.Alternates[0].Source) == 3 && got.Alternates[0].Source[2].ContentType == "application/x-bittorrent" &&
		got.Alternates[1].Height == 1080)
	check("social", len(got.Social) == 1 && got.Social[0].Platform == "activitypub" && got.Social[0].ID == "@dave" && got.Social[0].Priority == 1)
}

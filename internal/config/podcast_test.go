package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestPodcastKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedcast.yaml")
	yaml := `title: T
base_url: https://example.org/
funding: [{url: "https://example.org/d", text: Support}]
license: cc-by-4.0
location: {name: Paris, geo: "geo:48.85,2.35", country: FR}
trailers: [{title: Soon, url: "https://example.org/t.mp3", pubdate: 2025-02-01, season: 2}]
update_frequency: {text: Weekly, rrule: FREQ=WEEKLY}
podroll: [{guid: 917393e3-1b1e-5cef-ace4-edaa54e1f810}]
txt: [{purpose: verify, text: abc}]
block: {all: true, google: false}
social: [{protocol: disabled}]
value: {type: lightning, method: keysend, recipients: [{type: node, address: abc, split: 100}]}
enclosure_prefix: https://dts.podtrac.com/redirect.mp3/
`
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.License.Name != "cc-by-4.0" || len(c.Locations) != 1 || c.Locations[0].Name != "Paris" || c.Trailers[0].Published.IsZero() {
		t.Errorf("read %+v", c.Podcast)
	}
	ids, blocked := c.BlockedPlatforms()
	if len(ids) != 2 || ids[0] != "" || !blocked[0] || ids[1] != "google" || blocked[1] {
		t.Errorf("blocks %v %v", ids, blocked)
	}
}

func TestPodcastKeysInvalid(t *testing.T) {
	for key, set := range map[string]func(*Config){
		"funding[0].url":           func(c *Config) { c.Funding = []Funding{{URL: "example.org", Text: "x"}} },
		"location[0]":              func(c *Config) { c.Locations = OneOrMore[Location]{{Name: "P", Geo: "48,2"}} },
		"trailers[0].pubdate":      func(c *Config) { c.Trailers = []Trailer{{Title: "t", URL: "https://e.org/t.mp3", PubDate: "soon"}} },
		"update_frequency.rrule":   func(c *Config) { c.UpdateFrequency = &UpdateFrequency{Text: "x", RRule: "weekly"} },
		"update_frequency.dtstart": func(c *Config) { c.UpdateFrequency = &UpdateFrequency{Text: "x", RRule: "FREQ=DAILY;COUNT=3"} },
		"podroll[0].guid":          func(c *Config) { c.Podroll = []RemoteFeed{{GUID: "not-a-uuid"}} },
		"block.Google":             func(c *Config) { c.Block = map[string]bool{"Google": true} },
		"social[0]":                func(c *Config) { c.Social = []Social{{Protocol: "activitypub"}} },
		"value.recipients[0]": func(c *Config) {
			c.Value = &Value{Type: "lightning", Method: "keysend", Recipients: []ValueRecipient{{Type: "node"}}}
		},
		"enclosure_prefix": func(c *Config) { c.EnclosurePrefix = "https://op3.dev/e" },
	} {
		c := Default()
		c.BaseURL = "https://example.org/"
		set(c)
		var ce *Error
		if err := c.Validate(); !errors.As(err, &ce) || ce.Key != key {
			t.Errorf("%s: got %v", key, err)
		}
	}
}

func TestPrefixURL(t *testing.T) {
	for _, tc := range []struct{ prefix, in, want string }{
		{"https://op3.dev/e/", "https://example.com/a.mp3", "https://op3.dev/e/example.com/a.mp3"},
		{"https://op3.dev/e/", "http://example.com/a.mp3", "https://op3.dev/e/http://example.com/a.mp3"},
		{"https://dts.podtrac.com/redirect.mp3/", "https://www.mysite.com/ep051215.mp3", "https://dts.podtrac.com/redirect.mp3/www.mysite.com/ep051215.mp3"},
		{"https://dts.podtrac.com/redirect.mp3/op3.dev/e/", "https://example.com/a.mp3", "https://dts.podtrac.com/redirect.mp3/op3.dev/e/example.com/a.mp3"},
		{"https://op3.dev/e/", "ipfs://Qm", "ipfs://Qm"},
		{"", "https://example.com/a.mp3", "https://example.com/a.mp3"},
	} {
		if got := PrefixURL(tc.prefix, tc.in); got != tc.want {
			t.Errorf("PrefixURL(%q, %q) = %q, want %q", tc.prefix, tc.in, got, tc.want)
		}
	}
}

package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func valid() *Config {
	c := Default()
	c.Title = "Show"
	c.BaseURL = "https://example.org/podcast"
	c.Language = "fr"
	return c
}

func TestValidateDerivesValues(t *testing.T) {
	c := valid()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "https://example.org/podcast/" {
		t.Errorf("BaseURL = %q, want a trailing slash", c.BaseURL)
	}
	if c.Link != c.BaseURL {
		t.Errorf("Link = %q, want the base URL", c.Link)
	}
	if c.EpisodeURL != "https://example.org/podcast/episodes/{slug}/" {
		t.Errorf("EpisodeURL = %q", c.EpisodeURL)
	}
	if c.IDAuthority != "example.org,2000" {
		t.Errorf("IDAuthority = %q", c.IDAuthority)
	}
	if c.Location == nil || c.Location.String() != "Europe/Paris" {
		t.Errorf("Location = %v", c.Location)
	}
}

func TestValidateNamesTheKey(t *testing.T) {
	tests := []struct {
		key    string
		change func(*Config)
	}{
		{"title", func(c *Config) { c.Title = "  " }},
		{"base_url", func(c *Config) { c.BaseURL = "" }},
		{"base_url", func(c *Config) { c.BaseURL = "example.org/feed" }},
		{"language", func(c *Config) { c.Language = "fr_FR" }},
		{"language", func(c *Config) { c.Language = "" }},
		{"owner.email", func(c *Config) { c.Owner.Email = "not an email" }},
		{"categories[1]", func(c *Config) { c.Categories = []string{"Technology", "Games & Hobbies"} }},
		{"categories[0]", func(c *Config) { c.Categories = []string{"Arts > Cooking"} }},
		{"type", func(c *Config) { c.Type = "Serial" }},
		{"medium", func(c *Config) { c.Medium = "radio" }},
		{"timezone", func(c *Config) { c.TimeZone = "Mars/Olympus" }},
		{"episode_url", func(c *Config) { c.EpisodeURL = "https://example.org/e/" }},
		{"id_authority", func(c *Config) { c.IDAuthority = "example.org" }},
		{"artwork", func(c *Config) { c.Artwork = "artwork.png" }},
		{"ignore[0]", func(c *Config) { c.Ignore = []string{"[x"} }},
		{"artwork_size", func(c *Config) { c.ArtworkSize = 1000 }},
		{"artwork_fit", func(c *Config) { c.ArtworkFit = "stretch" }},
		{"feed_limit", func(c *Config) { c.FeedLimit = -1 }},
		{"group_feeds[1]", func(c *Config) { c.GroupFeeds = []string{"series", "topics"} }},
		{"group_feeds[1]", func(c *Config) { c.GroupFeeds = []string{"tags", "tags"} }},
		{"directories.spotify", func(c *Config) { c.Directories.Spotify = "open spotify" }},
		{"directories.fountain", func(c *Config) { c.Directories.Fountain = "http://fountain.fm/show/x" }},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			c := valid()
			tt.change(c)
			err := c.Validate()
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Validate() = %v, want a *config.Error", err)
			}
			if ce.Key != tt.key {
				t.Errorf("key = %q, want %q (%v)", ce.Key, tt.key, err)
			}
			if !strings.HasPrefix(err.Error(), "config: "+tt.key+": ") {
				t.Errorf("message %q does not start with the key", err)
			}
		})
	}
}

func TestCategories(t *testing.T) {
	for _, ok := range []string{"Technology", "Society & Culture > Documentary", "News>Tech News"} {
		if _, _, err := ParseCategory(ok); err != nil {
			t.Errorf("ParseCategory(%q): %v", ok, err)
		}
	}
	top, sub, _ := ParseCategory(" Society & Culture >  Documentary ")
	if top != "Society & Culture" || sub != "Documentary" {
		t.Errorf("got %q > %q", top, sub)
	}
	for _, bad := range []string{"technology", "Religion & Spirituality > Religion", "Music:Music Interviews", ""} {
		if _, _, err := ParseCategory(bad); err == nil {
			t.Errorf("ParseCategory(%q) accepted", bad)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "feedcast.yaml")
	if err := os.WriteFile(p, []byte("title: Mon émission\nlanguage: fr\nowner:\n  name: Jane\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(p, false)
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Mon émission" || c.Owner.Name != "Jane" || c.Content != filepath.Join(dir, "content") {
		t.Errorf("loaded %+v", c)
	}
	if want := []string{GroupSeries, GroupTags}; !slices.Equal(c.GroupFeeds, want) {
		t.Errorf("group_feeds left out = %q, want %q", c.GroupFeeds, want)
	}
	for text, want := range map[string][]string{"group_feeds: []\n": {}, "group_feeds: [tags]\n": {GroupTags}} {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if c, err := Load(p, false); err != nil || !slices.Equal(c.GroupFeeds, want) {
			t.Errorf("%q: group_feeds = %q (%v), want %q", text, c.GroupFeeds, err, want)
		}
	}

	if err := os.WriteFile(p, []byte("titel: typo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p, false); err == nil || !strings.Contains(err.Error(), "titel") {
		t.Errorf("unknown key: err = %v, want it named", err)
	}

	if _, err := Load(filepath.Join(dir, "none.yaml"), true); err != nil {
		t.Errorf("optional missing file: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "none.yaml"), false); err == nil {
		t.Error("required missing file accepted")
	}
	empty := filepath.Join(dir, "empty.yaml")
	os.WriteFile(empty, nil, 0o644)
	if _, err := Load(empty, false); err != nil {
		t.Errorf("empty file: %v", err)
	}
}

func TestIgnored(t *testing.T) {
	c := &Config{Ignore: []string{"README.md", "drafts/*"}}
	for p, want := range map[string]bool{
		"README.md": true, "a/README.md": true, "drafts/x.md": true,
		"a/drafts/x.md": false, "episode.md": false,
	} {
		if got := c.Ignored(p); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestLoadResolvesFoldersFromTheFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "show.yaml")
	os.WriteFile(p, []byte("title: T\ncontent: episodes\nout: /abs/out\n"), 0o644)
	c, err := Load(p, false)
	if err != nil {
		t.Fatal(err)
	}
	if c.Content != filepath.Join(dir, "episodes") || c.Static != filepath.Join(dir, "public") || c.Out != "/abs/out" {
		t.Errorf("content %q static %q out %q", c.Content, c.Static, c.Out)
	}
}

// TestValidateIDBaseURL: the ids derive from IDBaseURL when a build is
// made for another address than the published one.
func TestValidateIDBaseURL(t *testing.T) {
	c := valid()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.IDBaseURL != c.BaseURL {
		t.Errorf("IDBaseURL = %q, want the base URL %q", c.IDBaseURL, c.BaseURL)
	}

	c = valid()
	c.BaseURL, c.IDBaseURL = "http://127.0.0.1:21080/", "http://LocalHost:8080"
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.IDBaseURL != "http://LocalHost:8080/" || c.IDAuthority != "localhost,2000" || c.Link != "http://127.0.0.1:21080/" {
		t.Errorf("IDBaseURL %q, IDAuthority %q, Link %q", c.IDBaseURL, c.IDAuthority, c.Link)
	}

	c = valid()
	c.IDBaseURL = "localhost:8080"
	var e *Error
	if err := c.Validate(); !errors.As(err, &e) || e.Key != "base_url" {
		t.Errorf("a relative IDBaseURL: %v", err)
	}
}

func TestDirectories(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "feedcast.yaml")
	text := "title: Show\nbase_url: https://example.org/\ndirectories:\n  apple: id1759375669\n  spotify: 4rOoJ6Egrf8K2IrywzwOMk\n  podcast_index: \"920666\"\n  fountain: https://fountain.fm/show/abc\n"
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(p, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	want := Directories{Apple: "1759375669", Spotify: "4rOoJ6Egrf8K2IrywzwOMk", PodcastIndex: "920666", Fountain: "https://fountain.fm/show/abc"}
	if c.Directories != want {
		t.Errorf("directories = %+v, want %+v", c.Directories, want)
	}
}

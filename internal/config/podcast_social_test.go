package config

import "testing"

// TestCheckSocialURIs: every absolute URI is a root post, atproto's
// "at://did:plc:..." included, which net/url cannot parse.
func TestCheckSocialURIs(t *testing.T) {
	for uri, ok := range map[string]bool{
		"https://mastodon.example/@show/123":                          true,
		"at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3k": true,
		"at://show.example.com/app.bsky.feed.post/3k":                 true,
		"nostr:note1abc":             true,
		"/relative/post":             false,
		"mastodon.example/@show/123": false,
		"https://example.org/a b":    false,
		"":                           false,
	} {
		if err := CheckSocial("activitypub", uri, ""); (err == nil) != ok {
			t.Errorf("%q: error %v, want accepted %v", uri, err, ok)
		}
	}
}

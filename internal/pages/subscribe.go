package pages

import (
	"html/template"
	"net/url"
	"strings"
)

// appLink is a link that opens a feed in a podcast app.
type appLink struct {
	Name string
	// URL is trusted: html/template would replace the custom schemes with
	// "#ZgotmplZ"; each is built here from an http(s) feed URL only.
	URL template.URL
}

// appLinks returns the links that open the RSS feed at feedURL (an
// absolute http(s) URL) in podcast apps. Each app has its own form:
//
//   - Apple Podcasts: "podcast://" + the URL without its scheme. Apple
//     Podcasts registers podcast:// (and the older pcast:// and itpc://,
//     which the Podlove Subscribe Button lists as "pcast://"); the other
//     apps do not claim podcast://, so the link opens Apple's app where it
//     is installed and does nothing elsewhere.
//   - AntennaPod: https://antennapod.org/deeplink/subscribe?url=…&title=…,
//     AntennaPod's documented link for podcasters (antennapod.github.io,
//     documentation/podcasters-hosters/add-on-antennapod): a web page that
//     opens the app on Android and explains how to get it otherwise. The
//     older antennapod-subscribe:// scheme works only where the app is.
//   - Pocket Casts: "pktc://subscribe/" + the URL without its scheme
//     (Podlove Subscribe Button, src/coffee/clients.coffee; Pocket Casts
//     reads the rest as an http URL, so an https feed must also answer on
//     http, at least with a redirect).
//   - Overcast: "overcast://x-callback-url/add?url=" + the escaped URL
//     (Podlove Subscribe Button, src/coffee/clients.coffee).
func appLinks(feedURL, title string) []appLink {
	u, err := url.Parse(feedURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	bare := strings.TrimPrefix(u.String(), u.Scheme+"://")
	antenna := url.Values{"url": {u.String()}, "title": {title}}
	return []appLink{
		{"Apple Podcasts", template.URL("podcast://" + bare)},
		{"AntennaPod", template.URL("https://antennapod.org/deeplink/subscribe?" + antenna.Encode())},
		{"Pocket Casts", template.URL("pktc://subscribe/" + bare)},
		{"Overcast", template.URL("overcast://x-callback-url/add?url=" + url.QueryEscape(u.String()))},
	}
}

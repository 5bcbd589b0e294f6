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
//   - Podcast Addict: "podcastaddict://" + the URL without its scheme
//     (Podlove Subscribe Button's Android clients).
//   - Castro: "castro://subscribe/" + the URL without its scheme (the
//     scheme Castro registers, as the Podlove Subscribe Button and podcast
//     app comparisons list it).
//   - Castamatic: "castamatic://" + the URL without its scheme, the scheme
//     the app registers, in the form the other apps use.
//
// The apps that find a show by their own id (Podverse, Fountain, Apple
// Podcasts' and Spotify's pages, ...) are linked by directoryLinks.
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
		{"Podcast Addict", template.URL("podcastaddict://" + bare)},
		{"Castro", template.URL("castro://subscribe/" + bare)},
		{"Castamatic", template.URL("castamatic://" + bare)},
	}
}

// directoryLinks returns the links to the show's pages in directories,
// for the ids the configuration gives; an id that is already an https
// URL is linked as it is. The pages' addresses:
//
//   - Apple Podcasts: https://podcasts.apple.com/podcast/id<id>
//   - Spotify: https://open.spotify.com/show/<id>
//   - YouTube Music: https://music.youtube.com/playlist?list=<id>
//   - Deezer: https://www.deezer.com/show/<id>
//   - Podcast Index: https://podcastindex.org/podcast/<feed id>
//   - Podverse: https://podverse.fm/podcast/<id>
//   - Fountain: https://fountain.fm/show/<id>
func directoryLinks(d Directories) []appLink {
	var out []appLink
	for _, x := range []struct{ name, id, prefix string }{
		{"Apple Podcasts", d.Apple, "https://podcasts.apple.com/podcast/id"},
		{"Spotify", d.Spotify, "https://open.spotify.com/show/"},
		{"YouTube Music", d.YouTubeMusic, "https://music.youtube.com/playlist?list="},
		{"Deezer", d.Deezer, "https://www.deezer.com/show/"},
		{"Podcast Index", d.PodcastIndex, "https://podcastindex.org/podcast/"},
		{"Podverse", d.Podverse, "https://podverse.fm/podcast/"},
		{"Fountain", d.Fountain, "https://fountain.fm/show/"},
	} {
		id := strings.TrimSpace(x.id)
		switch {
		case id == "":
			continue
		case strings.HasPrefix(id, "https://"):
			if u, err := url.Parse(id); err != nil || u.Host == "" {
				continue
			}
			out = append(out, appLink{x.name, template.URL(id)})
		default:
			out = append(out, appLink{x.name, template.URL(x.prefix + url.QueryEscape(id))})
		}
	}
	return out
}

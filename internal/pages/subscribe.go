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
// absolute http(s) URL) in podcast apps. Each app has its own form; the
// source of each is the list of the Podlove Subscribe Button
// (github.com/podlove/podlove-subscribe-button, src/coffee/clients.coffee,
// its last version, of 2021), unless said otherwise:
//
//   - Apple Podcasts: "podcast://" + the URL without its scheme, the
//     Podlove list's form for Apple's app on iOS and macOS (its older
//     pcast:// stopped working with iOS 11; podcast:// works before it
//     too). The other apps do not claim podcast://, so the link opens
//     Apple's app where it is installed and does nothing elsewhere.
//   - AntennaPod: https://antennapod.org/deeplink/subscribe?url=…&title=…,
//     AntennaPod's own documented link for podcasters (antennapod.org,
//     documentation/podcasters-hosters/add-on-antennapod), both values
//     escaped: a web page that opens the app on Android and explains how
//     to get it otherwise. The antennapod-subscribe:// scheme of the
//     Podlove list works only where the app is.
//   - Pocket Casts: "pktc://subscribe/" + the URL without its scheme, the
//     Podlove list's iOS form (its Android form escapes that rest, which
//     one link for both cannot do). Pocket Casts reads the rest as an
//     http URL, so an https feed must also answer on http, at least with
//     a redirect.
//   - Overcast: "overcast://x-callback-url/add?url=" + the whole URL, its
//     scheme included, as the Podlove list has it; escaped here, as a
//     query value is (x-callback-url), which Overcast decodes.
//   - Podcast Addict: "podcastaddict://" + the URL without its scheme.
//   - Castro: "castro://subscribe/" + the URL without its scheme. Other
//     lists give castros://; Castro's own documented link is its page of
//     the show by Apple Podcasts id (castro.fm/itunes/<id>), which needs
//     the show to be in Apple's directory.
//
// Castamatic is not linked: no list documents a link of its that opens a
// feed (the lists that name it give its bare scheme, which only opens
// the app), and a guessed one would open the app on nothing.
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

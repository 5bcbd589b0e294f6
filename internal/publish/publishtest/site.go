package publishtest

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// BaseURL is where the sites of Site say they are published.
const BaseURL = "https://example.org/"

// Site returns the files of a small built show by key: for each episode
// number in eps, a media file, a cover and a transcript, and the show's
// feeds in every format, a series feed and a tag feed, a page and a
// style sheet with a hash in its name, all pointing at each other with
// absolute URLs. rev changes the bytes of every episode's transcript, as
// a correction would. The names include spaces and accents.
func Site(eps []int, rev int) map[string][]byte {
	files := map[string][]byte{}
	var items []string
	for _, n := range eps {
		dir := fmt.Sprintf("episodes/ep-%d/", n)
		media := dir + "épisode n°" + fmt.Sprint(n) + ".mp3"
		if n%2 == 0 {
			media = fmt.Sprintf("media files/ep %d.mp3", n)
		}
		files[media] = []byte(strings.Repeat(fmt.Sprintf("ID3 audio of episode %d\n", n), 200+n))
		files[dir+"cover.webp"] = []byte(fmt.Sprintf("RIFF....WEBPVP8 cover %d", n))
		files[dir+"transcript.html"] = []byte(fmt.Sprintf("<!doctype html><p>Transcript %d, revision %d</p>", n, rev))
		items = append(items, fmt.Sprintf(`<item><title>Episode %d</title><enclosure url="%s" length="%d" type="audio/mpeg"/>`+
			`<itunes:image href="%s"/><podcast:transcript url="%s" type="text/html"/></item>`,
			n, URL(media), len(files[media]), URL(dir+"cover.webp"), URL(dir+"transcript.html")))
	}
	css := "assets/site-3f2a9c1d.css"
	files[css] = []byte("body{font-family:sans-serif}")
	files["index.html"] = []byte(`<!doctype html><link rel="stylesheet" href="` + URL(css) + `"><a href="` + URL("feed.xml") + `">RSS</a>`)
	rss := func(self string, items []string) []byte {
		return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<rss version="2.0"><channel><atom:link rel="self" href="` +
			URL(self) + `"/>` + strings.Join(items, "") + `</channel></rss>`)
	}
	files["feed.xml"] = rss("feed.xml", items)
	files["atom.xml"] = []byte(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><link rel="self" href="` +
		URL("atom.xml") + `"/>` + strings.Join(items, "") + `</feed>`)
	files["feed.json"] = []byte(`{"version":"https://jsonfeed.org/version/1.1","feed_url":"` + URL("feed.json") + `","items":["` +
		strings.ReplaceAll(strings.Join(items, ""), `"`, `\"`) + `"]}`)
	if len(items) > 1 {
		files["series/saison-1/feed.xml"] = rss("series/saison-1/feed.xml", items[:2])
	}
	files["tags/économie/feed.xml"] = rss("tags/économie/feed.xml", items[len(items)/2:])
	return files
}

// URL is the absolute URL of the file at key on BaseURL.
func URL(key string) string {
	parts := strings.Split(key, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return BaseURL + strings.Join(parts, "/")
}

var urlRE = regexp.MustCompile(`(?:url|href)=\\?"` + regexp.QuoteMeta(BaseURL) + `([^"\\]*)\\?"`)

// References returns the keys of the files a feed or page of Site points
// at, itself included.
func References(doc []byte) []string {
	var keys []string
	for _, m := range urlRE.FindAllSubmatch(doc, -1) {
		parts := strings.Split(string(m[1]), "/")
		for i, p := range parts {
			if u, err := url.PathUnescape(p); err == nil {
				parts[i] = u
			}
		}
		keys = append(keys, strings.Join(parts, "/"))
	}
	return keys
}

// WriteSite writes files into a new temporary folder and returns it.
func WriteSite(t testing.TB, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for k, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(k))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

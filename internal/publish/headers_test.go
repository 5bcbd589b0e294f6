package publish_test

import (
	"testing"

	"github.com/feedcast/feedcast/internal/publish"
)

func TestHeaders(t *testing.T) {
	for _, c := range []struct {
		key, head   string
		ctype, kind string
		cache       string
	}{
		{"feed.xml", "", "application/rss+xml; charset=utf-8", "feed", publish.CacheShort},
		{"series/s1/atom.xml", "", "application/atom+xml; charset=utf-8", "feed", publish.CacheShort},
		{"tags/x/feed.json", "", "application/feed+json; charset=utf-8", "feed", publish.CacheShort},
		{"archive/2019.xml", `<?xml version="1.0"?><!-- x --><rss version="2.0">`, "application/rss+xml; charset=utf-8", "feed", publish.CacheShort},
		{"other.xml", `<?xml version="1.0"?><a:feed xmlns:a="http://www.w3.org/2005/Atom">`, "application/atom+xml; charset=utf-8", "feed", publish.CacheShort},
		{"sitemap.xml", `<urlset>`, "application/xml; charset=utf-8", "other", publish.CacheShort},
		{"shows.opml", "", "text/x-opml; charset=utf-8", "feed", publish.CacheShort},
		{"data.json", `{"a":1}`, "application/json; charset=utf-8", "other", publish.CacheShort},
		{"x.json", `{"version":"https://jsonfeed.org/version/1.1"}`, "application/feed+json; charset=utf-8", "feed", publish.CacheShort},
		{"index.html", "", "text/html; charset=utf-8", "page", publish.CacheShort},
		{"episodes/a/transcript.html", "", "text/html; charset=utf-8", "transcript", publish.CacheHour},
		{"episodes/a/captions.vtt", "", "text/vtt; charset=utf-8", "transcript", publish.CacheHour},
		{"episodes/a/cover.webp", "", "image/webp", "image", publish.CacheDay},
		{"Cover.JPG", "", "image/jpeg", "image", publish.CacheDay},
		{"media/ep 1.mp3", "", "audio/mpeg", "media", publish.CacheDay},
		{"media/s2e7-20240105.mp3", "", "audio/mpeg", "media", publish.CacheDay},
		{"video.mp4", "", "video/mp4", "media", publish.CacheDay},
		{"assets/site-3f2a9c1d.css", "", "text/css; charset=utf-8", "other", publish.CacheImmutable},
		{"assets/app.0a1b2c3d4e.js", "", "text/javascript; charset=utf-8", "other", publish.CacheImmutable},
		{"assets/app.js", "", "text/javascript; charset=utf-8", "other", publish.CacheHour},
		{"robots.txt", "", "text/plain; charset=utf-8", "other", publish.CacheShort},
		{"unknown.bin", "", "application/octet-stream", "other", publish.CacheShort},
	} {
		ctype := publish.ContentType(c.key, []byte(c.head))
		kind := publish.KindOf(c.key, ctype)
		cache := publish.CacheControl(c.key, kind, ctype)
		if ctype != c.ctype || kind.String() != c.kind || cache != c.cache {
			t.Errorf("%s: %q, %s, %q; want %q, %s, %q", c.key, ctype, kind, cache, c.ctype, c.kind, c.cache)
		}
	}
}

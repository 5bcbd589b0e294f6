package filetype_test

import (
	"testing"

	"github.com/feedcast/feedcast/internal/filetype"
)

func TestHeaders(t *testing.T) {
	for _, c := range []struct {
		key, head   string
		ctype, kind string
		cache       string
	}{
		{"feed.xml", "", "application/rss+xml; charset=utf-8", "feed", filetype.CacheShort},
		{"series/s1/atom.xml", "", "application/atom+xml; charset=utf-8", "feed", filetype.CacheShort},
		{"tags/x/feed.json", "", "application/feed+json; charset=utf-8", "feed", filetype.CacheShort},
		{"archive/2019.xml", `<?xml version="1.0"?><!-- x --><rss version="2.0">`, "application/rss+xml; charset=utf-8", "feed", filetype.CacheShort},
		{"other.xml", `<?xml version="1.0"?><a:feed xmlns:a="http://www.w3.org/2005/Atom">`, "application/atom+xml; charset=utf-8", "feed", filetype.CacheShort},
		{"sitemap.xml", `<urlset>`, "application/xml; charset=utf-8", "other", filetype.CacheShort},
		{"shows.opml", "", "text/x-opml; charset=utf-8", "feed", filetype.CacheShort},
		{"data.json", `{"a":1}`, "application/json; charset=utf-8", "other", filetype.CacheShort},
		{"x.json", `{"version":"https://jsonfeed.org/version/1.1"}`, "application/feed+json; charset=utf-8", "feed", filetype.CacheShort},
		{"index.html", "", "text/html; charset=utf-8", "page", filetype.CacheShort},
		{"episodes/a/transcript.html", "", "text/html; charset=utf-8", "transcript", filetype.CacheHour},
		{"episodes/a/captions.vtt", "", "text/vtt; charset=utf-8", "transcript", filetype.CacheHour},
		{"episodes/a/cover.webp", "", "image/webp", "image", filetype.CacheDay},
		{"Cover.JPG", "", "image/jpeg", "image", filetype.CacheDay},
		{"media/ep 1.mp3", "", "audio/mpeg", "media", filetype.CacheDay},
		{"media/s2e7-20240105.mp3", "", "audio/mpeg", "media", filetype.CacheDay},
		{"media/rec-202401051230.mp3", "", "audio/mpeg", "media", filetype.CacheDay},
		{"media/rec-1704412800.mp3", "", "audio/mpeg", "media", filetype.CacheDay},
		{"media/rec-1704412800123.mp3", "", "audio/mpeg", "media", filetype.CacheDay},
		{"episodes/a/wide-0110275953.jpg", "", "image/jpeg", "image", filetype.CacheImmutable},
		{"episodes/a/square-9924107735.jpg", "", "image/jpeg", "image", filetype.CacheImmutable},
		{"episodes/a/small-3f2a9c1d0b.jpg", "", "image/jpeg", "image", filetype.CacheImmutable},
		{"video.mp4", "", "video/mp4", "media", filetype.CacheDay},
		{"assets/site-3f2a9c1d.css", "", "text/css; charset=utf-8", "other", filetype.CacheImmutable},
		{"assets/app.0a1b2c3d4e.js", "", "text/javascript; charset=utf-8", "other", filetype.CacheImmutable},
		{"assets/app.js", "", "text/javascript; charset=utf-8", "other", filetype.CacheHour},
		{"robots.txt", "", "text/plain; charset=utf-8", "other", filetype.CacheShort},
		{"unknown.bin", "", "application/octet-stream", "other", filetype.CacheShort},
	} {
		ctype := filetype.ContentType(c.key, []byte(c.head))
		kind := filetype.KindOf(c.key, ctype)
		cache := filetype.CacheControl(c.key, kind, ctype)
		if ctype != c.ctype || kind.String() != c.kind || cache != c.cache {
			t.Errorf("%s: %q, %s, %q; want %q, %s, %q", c.key, ctype, kind, cache, c.ctype, c.kind, c.cache)
		}
	}
}

// TestStageOf: every file a page or a feed points at comes first, then
// the pages, the archive pages, and the feeds; the build and publishing
// both follow it.
func TestStageOf(t *testing.T) {
	for key, want := range map[string]filetype.Stage{
		"episodes/a/wide-0110275953.jpg": filetype.StageAsset,
		"episodes/a/episode.mp3":         filetype.StageAsset,
		"episodes/a/transcript.html":     filetype.StageAsset,
		"episodes/a/transcript.vtt":      filetype.StageAsset,
		"episodes/a/chapters.json":       filetype.StageAsset,
		"style.css":                      filetype.StageAsset,
		"feed.xsl":                       filetype.StageAsset,
		"episodes/a/index.html":          filetype.StagePage,
		"index.html":                     filetype.StagePage,
		"404.html":                       filetype.StagePage,
		"series/s/page/2/index.html":     filetype.StagePage,
		"archive/1/feed.xml":             filetype.StageArchive,
		"series/s/archive/12/atom.xml":   filetype.StageArchive,
		"tags/t/archive/3/feed.json":     filetype.StageArchive,
		"feed.xml":                       filetype.StageFeed,
		"atom.xml":                       filetype.StageFeed,
		"series/archive/feed.xml":        filetype.StageFeed, // a series named "archive"
		"tags/archive/2x/feed.json":      filetype.StageFeed,
		"feeds.opml":                     filetype.StageFeed,
	} {
		if got := filetype.StageOf(key, filetype.ContentType(key, nil)); got != want {
			t.Errorf("filetype.StageOf(%q) = %s, want %s", key, got, want)
		}
	}
}

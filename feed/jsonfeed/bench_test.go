package jsonfeed

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

// bigShow returns a show of n episodes of about 4 KB of HTML each.
func bigShow(n int) *feed.Feed {
	f := feedtest.VideoShow()
	para := "<p>Un paragraphe &amp; <a href=\"https://example.org/lien\">un lien</a>, avec des accents : é, à, ç.</p>\n"
	html := strings.Repeat(para, 4096/len(para)+1)
	base := f.Items[0]
	f.Items = make([]*feed.Item, n)
	for i := range f.Items {
		it := *base
		it.ID = fmt.Sprintf("tag:example.gouv.fr,2025:video/%d", i)
		it.Title = fmt.Sprintf("Épisode %d", i)
		it.ContentHTML = html
		it.Published = feedtest.Day.Add(-time.Duration(i) * time.Hour)
		it.Updated = it.Published
		it.Enclosure = &feed.Enclosure{URL: fmt.Sprintf("https://example.gouv.fr/video/%d.mp4", i), Type: "video/mp4", Length: 123456789}
		f.Items[i] = &it
	}
	return f
}

func BenchmarkWrite(b *testing.B) {
	const n = 1000
	f := bigShow(n)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/item")
}

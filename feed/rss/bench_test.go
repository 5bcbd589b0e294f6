package rss

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/feedcast/feedcast/feed"
)

// benchFeed returns a show of n episodes with about 4 KB of HTML each.
func benchFeed(n int) *feed.Feed {
	f := audioShow()
	tmpl := f.Items[0]
	paragraph := `<p>In this episode we talk about <a href="https://example.org/x">parsers</a>, ` +
		`<strong>maintenance</strong> &amp; the people behind them. Ça va ? 🎧</p>` + "\n"
	html := strings.Repeat(paragraph, 4096/len(paragraph)+1)
	f.Items = make([]*feed.Item, n)
	for i := range f.Items {
		it := *tmpl
		it.ID = fmt.Sprintf("tag:example.org,2025:episode/%d", n-i)
		it.Title = fmt.Sprintf("Episode %d: maintaining a parser", n-i)
		it.ContentHTML = html
		it.Published = tmpl.Published.Add(-time.Duration(i) * 7 * 24 * time.Hour)
		it.Episode = n - i
		f.Items[i] = &it
	}
	return f
}

func BenchmarkWrite(b *testing.B) {
	const n = 1000
	f := benchFeed(n)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := Write(io.Discard, f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/item")
}

package rss

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

func TestHubsAndPodping(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, feedtest.WithHubs()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`<atom:link href="https://pubsubhubbub.appspot.com/" rel="hub"></atom:link>`,
		`<atom:link href="https://hub.example.org/?a=1&amp;b=2" rel="hub"></atom:link>`,
		`<podcast:podping usesPodping="true"></podcast:podping>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s", want)
		}
	}
	// Exactly one self link, before the hubs (WebSub: one self, any hubs).
	if n := strings.Count(out, `rel="self"`); n != 1 {
		t.Errorf("%d self links", n)
	}
	f, err := gofeed.NewParser().ParseString(out)
	if err != nil {
		t.Fatal(err)
	}
	if f.FeedLink == "" {
		t.Error("gofeed finds no self link")
	}
}

package jsonfeed

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	gofeedjson "github.com/mmcdole/gofeed/json"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

// parse reads doc back with gofeed, an independent parser: its universal
// feed, and its raw JSON Feed (whose author names are not split into name
// and email).
func parse(t testing.TB, doc []byte) (*gofeed.Feed, *gofeedjson.Feed) {
	t.Helper()
	got, err := gofeed.NewParser().Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("gofeed cannot parse the output: %v\n%s", err, doc)
	}
	if got.FeedType != "json" || got.FeedVersion != version {
		t.Fatalf("gofeed read %s %s, want json %s", got.FeedType, got.FeedVersion, version)
	}
	raw, err := new(gofeedjson.Parser).Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("gofeed json: %v", err)
	}
	return got, raw
}

func TestRoundTrip(t *testing.T) {
	for _, s := range feedtest.Shows() {
		t.Run(s.Name, func(t *testing.T) {
			f := s.Feed
			got, raw := parse(t, write(t, f))
			eq := func(field, got, want string) {
				t.Helper()
				if got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			eq("title", got.Title, feed.CleanText(f.Title))
			eq("description", got.Description, feed.CleanText(f.Description))
			eq("link", got.Link, f.HomePageURL)
			eq("feed link", got.FeedLink, f.URL(feed.JSON))
			eq("language", got.Language, f.Language)
			if f.Image != nil {
				if got.Image == nil {
					t.Fatal("feed image lost")
				}
				eq("image", got.Image.URL, f.Image.URL)
			}
			if len(raw.Authors) != 1 {
				t.Fatalf("%d feed authors, want 1", len(raw.Authors))
			}
			eq("author", raw.Authors[0].Name, feed.CleanText(f.Author))
			if len(got.Items) != len(f.Items) {
				t.Fatalf("%d items, want %d", len(got.Items), len(f.Items))
			}
			for i, it := range f.Items {
				checkItem(t, got.Items[i], raw.Items[i], it)
			}
		})
	}
}

func checkItem(t *testing.T, got *gofeed.Item, raw *gofeedjson.Item, it *feed.Item) {
	t.Helper()
	eq := func(field, g, want string) {
		t.Helper()
		if g != want {
			t.Errorf("item %s: %s = %q, want %q", it.ID, field, g, want)
		}
	}
	eq("guid", got.GUID, feed.CleanText(it.ID))
	eq("title", got.Title, feed.CleanText(it.Title))
	eq("link", got.Link, it.URL)
	eq("summary", got.Description, feed.CleanText(it.Summary))
	eq("content", got.Content, feed.CleanText(it.ContentHTML))
	sameTime(t, "item published", got.PublishedParsed, it.Published)
	sameTime(t, "item updated", got.UpdatedParsed, it.Updated)
	if it.Image != nil {
		if got.Image == nil {
			t.Errorf("item %s: image lost", it.ID)
		} else {
			eq("image", got.Image.URL, it.Image.URL)
		}
	}

	// Attachments: the media file, then the transcripts.
	var want []string
	if enc := it.Enclosure; enc != nil {
		want = append(want, enc.URL+" "+enc.Type+" "+strconv.FormatInt(enc.Length, 10))
	}
	for _, tr := range it.Transcripts {
		want = append(want, tr.URL+" "+tr.Type+" ")
	}
	var encs []string
	for _, e := range got.Enclosures {
		encs = append(encs, e.URL+" "+e.Type+" "+e.Length)
	}
	if !slices.Equal(encs, want) {
		t.Errorf("item %s: enclosures %q, want %q", it.ID, encs, want)
	}
	if it.Enclosure != nil && it.Duration > 0 {
		if d := (*raw.Attachments)[0].DurationInSeconds; d != int64(it.Duration.Seconds()) {
			t.Errorf("item %s: duration_in_seconds = %d, want %v", it.ID, d, it.Duration.Seconds())
		}
	}

	var authors []string
	for _, a := range raw.Authors {
		authors = append(authors, a.Name+"|"+a.URL)
	}
	var wantAuthors []string
	for _, a := range it.Authors {
		if name := plainName(a.Name); name != "" || a.URL != "" {
			wantAuthors = append(wantAuthors, name+"|"+a.URL)
		}
	}
	if !slices.Equal(authors, wantAuthors) {
		t.Errorf("item %s: authors %q, want %q", it.ID, authors, wantAuthors)
	}

	var tags []string
	for _, tag := range it.Tags {
		if tag := plainName(tag); tag != "" {
			tags = append(tags, tag)
		}
	}
	if !slices.Equal(got.Categories, tags) {
		t.Errorf("item %s: categories %q, want %q", it.ID, got.Categories, tags)
	}
}

// plainName is a cleaned name, or "" when it is blank.
func plainName(s string) string {
	if s = feed.CleanText(s); strings.TrimSpace(s) == "" {
		return ""
	}
	return s
}

func sameTime(t *testing.T, field string, got *time.Time, want time.Time) {
	t.Helper()
	if want.IsZero() {
		if got != nil {
			t.Errorf("%s = %v, want none", field, got)
		}
		return
	}
	if got == nil {
		t.Errorf("%s: not parsed, want %v", field, want)
		return
	}
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", field, got, want)
	}
}

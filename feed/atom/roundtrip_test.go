package atom

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

// parse reads doc back with gofeed, an independent parser.
func parse(t testing.TB, doc []byte) *gofeed.Feed {
	t.Helper()
	got, err := gofeed.NewParser().Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("gofeed cannot parse the output: %v\n%s", err, doc)
	}
	if got.FeedType != "atom" || got.FeedVersion != "1.0" {
		t.Fatalf("gofeed read %s %s, want atom 1.0", got.FeedType, got.FeedVersion)
	}
	return got
}

// plain is what a parser gives back for a text: cleaned, without the
// surrounding white space parsers trim.
func plain(s string) string { return strings.TrimSpace(feed.CleanText(s)) }

func TestRoundTrip(t *testing.T) {
	for _, s := range feedtest.Shows() {
		t.Run(s.Name, func(t *testing.T) {
			f := s.Feed
			got := parse(t, write(t, f))
			eq := func(field, got, want string) {
				t.Helper()
				if got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			eq("title", got.Title, plain(f.Title))
			eq("description", got.Description, plain(f.Description))
			eq("link", got.Link, f.HomePageURL)
			eq("feed link", got.FeedLink, f.URL(feed.Atom))
			eq("language", got.Language, f.Language)
			eq("copyright", got.Copyright, plain(f.Copyright))
			sameTime(t, "updated", got.UpdatedParsed, f.Updated)
			if len(got.Authors) != 1 {
				t.Fatalf("%d feed authors, want 1", len(got.Authors))
			}
			eq("author name", got.Authors[0].Name, plain(f.Author))
			eq("author email", got.Authors[0].Email, f.Owner.Email)
			if f.Image != nil {
				if got.Image == nil {
					t.Fatal("feed image lost")
				}
				eq("image", got.Image.URL, f.Image.URL)
			}
			if f.Generator.Name != "" {
				eq("generator", got.Generator, f.Generator.Name+" v"+f.Generator.Version+" "+f.Generator.URL)
			}
			var categories []string
			for _, c := range f.Categories {
				for _, term := range []string{c.Name, c.Sub} {
					if term != "" {
						categories = append(categories, term)
					}
				}
			}
			if !slices.Equal(got.Categories, categories) {
				t.Errorf("categories = %q, want %q", got.Categories, categories)
			}
			if len(got.Items) != len(f.Items) {
				t.Fatalf("%d items, want %d", len(got.Items), len(f.Items))
			}
			for i, it := range f.Items {
				checkItem(t, got.Items[i], it)
			}
		})
	}
}

func checkItem(t *testing.T, got *gofeed.Item, it *feed.Item) {
	t.Helper()
	eq := func(field, g, want string) {
		t.Helper()
		if g != want {
			t.Errorf("item %s: %s = %q, want %q", it.ID, field, g, want)
		}
	}
	eq("guid", got.GUID, feed.CleanText(it.ID))
	eq("title", got.Title, plain(it.Title))
	eq("link", got.Link, it.URL)
	eq("summary", got.Description, plain(it.Summary))
	eq("content", got.Content, plain(it.ContentHTML))
	want := it.Updated
	if want.IsZero() {
		want = it.Published
	}
	sameTime(t, "item updated", got.UpdatedParsed, want)
	sameTime(t, "item published", got.PublishedParsed, it.Published)

	if enc := it.Enclosure; enc != nil {
		if len(got.Enclosures) != 1 {
			t.Fatalf("item %s: %d enclosures, want 1", it.ID, len(got.Enclosures))
		}
		e := got.Enclosures[0]
		eq("enclosure url", e.URL, enc.URL)
		eq("enclosure type", e.Type, enc.Type)
		eq("enclosure length", e.Length, strconv.FormatInt(enc.Length, 10))
	} else if len(got.Enclosures) != 0 {
		t.Errorf("item %s: enclosures %v, want none", it.ID, got.Enclosures)
	}

	var authors []string
	for _, a := range got.Authors {
		authors = append(authors, a.Name+"|"+a.Email)
	}
	var wantAuthors []string
	for _, a := range it.Authors {
		if plain(a.Name) != "" {
			wantAuthors = append(wantAuthors, plain(a.Name)+"|"+a.Email)
		}
	}
	if !slices.Equal(authors, wantAuthors) {
		t.Errorf("item %s: authors %q, want %q", it.ID, authors, wantAuthors)
	}

	var tags []string
	for _, tag := range it.Tags {
		if tag := plain(tag); tag != "" {
			tags = append(tags, tag)
		}
	}
	if !slices.Equal(got.Categories, tags) {
		t.Errorf("item %s: categories %q, want %q", it.ID, got.Categories, tags)
	}

	var thumbs []string
	for _, e := range got.Extensions["media"]["thumbnail"] {
		thumbs = append(thumbs, e.Attrs["url"])
	}
	var wantThumbs []string
	if it.Image != nil {
		wantThumbs = []string{it.Image.URL}
	}
	if !slices.Equal(thumbs, wantThumbs) {
		t.Errorf("item %s: thumbnails %q, want %q", it.ID, thumbs, wantThumbs)
	}
}

func sameTime(t *testing.T, field string, got *time.Time, want time.Time) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: not parsed, want %v", field, want)
		return
	}
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", field, got, want)
	}
}

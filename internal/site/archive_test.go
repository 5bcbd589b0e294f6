package site

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// historyDoc is what a test reads of an RSS or Atom document.
type historyDoc struct {
	links             map[string]string // rel -> href
	complete, archive bool
	ids               []string
}

func readHistory(t *testing.T, p string) historyDoc {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	type link struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	}
	type head struct {
		Links    []link    `xml:"http://www.w3.org/2005/Atom link"`
		Complete *struct{} `xml:"http://purl.org/syndication/history/1.0 complete"`
		Archive  *struct{} `xml:"http://purl.org/syndication/history/1.0 archive"`
		EntryIDs []string  `xml:"http://www.w3.org/2005/Atom entry>id"`
		GUIDs    []string  `xml:"item>guid"`
	}
	var raw struct {
		head
		Channel head `xml:"channel"`
	}
	if err := xml.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	d := historyDoc{links: map[string]string{}, ids: append(raw.EntryIDs, raw.Channel.GUIDs...)}
	for _, l := range append(raw.Links, raw.Channel.Links...) {
		if _, dup := d.links[l.Rel]; dup && l.Rel != "alternate" && l.Rel != "hub" {
			t.Errorf("%s: two %s links", p, l.Rel)
		}
		d.links[l.Rel] = l.Href
	}
	d.complete = raw.Complete != nil || raw.Channel.Complete != nil
	d.archive = raw.Archive != nil || raw.Channel.Archive != nil
	return d
}

// TestArchives checks the RFC 5005 archived feeds: the subscription
// documents hold the latest episodes, archive pages of fixed size counted
// from the oldest hold the others, and following prev-archive (JSON Feed
// next_url) from the subscription document reaches every episode.
func TestArchives(t *testing.T) {
	content, static := incrementalShow(t, 8) // 10 published with showFS's two
	out := filepath.Join(t.TempDir(), "site")
	cfg := testConfig(t)
	cfg.FeedLimit = 3
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	runDisk(t, cfg, content, static, out)
	base := cfg.BaseURL
	path := func(u string) string {
		if !strings.HasPrefix(u, base) {
			t.Fatalf("%q is not under %s", u, base)
		}
		return filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(u, base)))
	}
	for _, feed := range []string{"", "tags/genere/"} {
		for _, file := range []string{"feed.xml", "atom.xml"} {
			sub := base + feed + file
			d := readHistory(t, path(sub))
			if d.complete || d.archive || len(d.ids) != 3 || d.links["prev-archive"] == "" || d.links["self"] != sub {
				t.Fatalf("%s%s: complete %v, archive %v, %d items, links %v", feed, file, d.complete, d.archive, len(d.ids), d.links)
			}
			seen := map[string]bool{}
			for _, id := range d.ids {
				seen[id] = true
			}
			// Down the archive pages: 3 of them for 8 or 10 episodes.
			// The newest page links the subscription document as its
			// next; each older page, the page after it.
			next, pages := sub, 0
			for u := d.links["prev-archive"]; u != ""; {
				a := readHistory(t, path(u))
				pages++
				if !a.archive || a.complete || a.links["current"] != sub || a.links["self"] != u || len(a.ids) != 3 || a.links["next-archive"] != next {
					t.Errorf("%s: archive %v, complete %v, %d items, links %v (next %q)", u, a.archive, a.complete, len(a.ids), a.links, next)
				}
				for _, id := range a.ids {
					seen[id] = true
				}
				next, u = u, a.links["prev-archive"]
			}
			if !strings.HasSuffix(next, "archive/1/"+file) {
				t.Errorf("%s%s: the oldest archive page is %s", feed, file, next)
			}
			want := 10
			if feed != "" {
				want = 8
			}
			if len(seen) != want || pages != (want-1)/3 {
				t.Errorf("%s%s: the archive holds %d episodes in %d pages, want %d in %d", feed, file, len(seen), pages, want, (want-1)/3)
			}
		}
	}

	// JSON Feed: next_url from page to page; every page names the feed
	// by its subscription URL.
	var ids []string
	sub := base + "feed.json"
	for u := sub; u != ""; {
		var doc struct {
			FeedURL string `json:"feed_url"`
			NextURL string `json:"next_url"`
			Items   []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		data, err := os.ReadFile(path(u))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.FeedURL != sub {
			t.Errorf("%s: feed_url %s", u, doc.FeedURL)
		}
		for _, it := range doc.Items {
			ids = append(ids, it.ID)
		}
		u = doc.NextURL
	}
	uniq := map[string]bool{}
	for _, id := range ids {
		uniq[id] = true
	}
	if len(uniq) != 10 {
		t.Errorf("the JSON pages hold %d episodes, want 10", len(uniq))
	}

	// A feed of at most FeedLimit episodes is one complete document.
	d := readHistory(t, filepath.Join(out, "tags", "podcast", "feed.xml"))
	if !d.complete || d.links["prev-archive"] != "" {
		t.Errorf("tags/podcast: complete %v, links %v", d.complete, d.links)
	}
}

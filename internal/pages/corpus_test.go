package pages_test

import (
	"bytes"
	"encoding/json"
	"html/template"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/pages"
)

// corpusDir is the real corpus, beside the repository (CI has it too).
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "minumeco")

// corpusSite builds the real corpus at base into a temporary folder and
// makes the Site of its pages from the JSON feeds it wrote, as the build
// knows it. It returns the site and the output folder.
func corpusSite(t *testing.T, base string) (*pages.Site, string) {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("real corpus not found at %s", corpusDir)
	}
	// Images of the corpus take seconds to process: a cache outside the
	// repository keeps later runs fast.
	out := buildShow(t, base, corpusDir, filepath.Join(os.TempDir(), "feedcast-test-cache"))

	show := readJSONFeed(t, out, "")
	site := &pages.Site{Lang: show.Language, BaseURL: base, Show: show}
	addSet := func(kind, dir string, f *feed.Feed) {
		name := strings.TrimPrefix(f.Title, show.Title+" – ")
		site.Feeds = append(site.Feeds, pages.FeedSet{Kind: kind, Name: name, Slug: path.Base(dir),
			RSS: base + dir + "feed.xml", Atom: base + dir + "atom.xml", JSON: base + dir + "feed.json", Count: len(f.Items)})
	}
	addSet(pages.KindShow, "", show)
	for _, kind := range []struct{ name, dir string }{{pages.KindSeries, "series"}, {pages.KindTag, "tags"}} {
		entries, err := os.ReadDir(filepath.Join(out, kind.dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			dir := kind.dir + "/" + e.Name() + "/"
			addSet(kind.name, dir, readJSONFeed(t, out, dir))
		}
	}
	slugOf := regexp.MustCompile(regexp.QuoteMeta(base) + `episodes/([^/"]+)/`)
	for _, it := range show.Items {
		// The build's slug is in the URLs of the episode's files, or
		// else the last part of its page's URL (episode_url).
		slug := path.Base(strings.TrimSuffix(it.URL, "/"))
		if m := slugOf.FindStringSubmatch(it.ContentHTML + " " + imageURL(it.Image)); m != nil {
			slug = m[1]
		}
		site.Episodes = append(site.Episodes, pages.Episode{Item: it, Slug: slug, TranscriptHTML: transcriptBody(t, out, slug)})
	}
	return site, out
}

func imageURL(im *feed.Image) string {
	if im == nil {
		return ""
	}
	return im.URL
}

// jsonFeed is the part of a JSON Feed the pages need.
type jsonFeed struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	HomePageURL string `json:"home_page_url"`
	Icon        string `json:"icon"`
	Language    string `json:"language"`
	Authors     []struct {
		Name string `json:"name"`
	} `json:"authors"`
	Items []struct {
		ID            string    `json:"id"`
		URL           string    `json:"url"`
		Title         string    `json:"title"`
		ContentHTML   string    `json:"content_html"`
		Summary       string    `json:"summary"`
		Image         string    `json:"image"`
		DatePublished time.Time `json:"date_published"`
		Tags          []string  `json:"tags"`
		Attachments   []struct {
			URL      string `json:"url"`
			MimeType string `json:"mime_type"`
			Size     int64  `json:"size_in_bytes"`
		} `json:"attachments"`
		Feedcast struct {
			Player *feed.Player `json:"player"`
		} `json:"_feedcast"`
	} `json:"items"`
}

func readJSONFeed(t *testing.T, out, dir string) *feed.Feed {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, dir, "feed.json"))
	if err != nil {
		t.Fatal(err)
	}
	var j jsonFeed
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatalf("%sfeed.json: %v", dir, err)
	}
	f := &feed.Feed{Title: j.Title, Description: j.Description, HomePageURL: j.HomePageURL, Language: j.Language}
	if j.Icon != "" {
		f.Image = &feed.Image{URL: j.Icon}
	}
	if len(j.Authors) > 0 {
		f.Author = j.Authors[0].Name
	}
	for _, ji := range j.Items {
		it := &feed.Item{ID: ji.ID, URL: ji.URL, Title: ji.Title, ContentHTML: ji.ContentHTML, Summary: ji.Summary,
			Published: ji.DatePublished, Updated: ji.DatePublished, Tags: ji.Tags, Player: ji.Feedcast.Player}
		if ji.Image != "" {
			it.Image = &feed.Image{URL: ji.Image}
		}
		for _, a := range ji.Attachments {
			switch {
			case strings.HasPrefix(a.MimeType, "audio/"), strings.HasPrefix(a.MimeType, "video/"):
				it.Enclosure = &feed.Enclosure{URL: a.URL, Type: a.MimeType, Length: a.Size}
			default:
				it.Transcripts = append(it.Transcripts, feed.Transcript{URL: a.URL, Type: a.MimeType})
			}
		}
		if it.Published.After(f.Updated) {
			f.Updated = it.Published
		}
		f.Items = append(f.Items, it)
	}
	return f
}

// transcriptBody is the sanitised body of an episode's transcript page,
// or "" when it has none.
func transcriptBody(t *testing.T, out, slug string) template.HTML {
	b, err := os.ReadFile(filepath.Join(out, "episodes", slug, "transcript.html"))
	if err != nil {
		return ""
	}
	root := parseHTML(t, slug+"/transcript.html", b)
	articles := findAll(root, "article")
	if len(articles) == 0 {
		return ""
	}
	var buf bytes.Buffer
	for c := articles[0].FirstChild; c != nil; c = c.NextSibling {
		html.Render(&buf, c)
	}
	return template.HTML(buf.String()) // sanitised by the build
}

// TestCorpus renders the pages of the real corpus and checks every one.
func TestCorpus(t *testing.T) {
	site, _ := corpusSite(t, "https://example.org/podcast/")
	files, err := pages.Files(site)
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Episodes) != 50 || len(site.Feeds) < 10 {
		t.Fatalf("%d episodes and %d feeds, want 50 and at least 10", len(site.Episodes), len(site.Feeds))
	}
	pagesSeen, transcripts := 0, 0
	for p, b := range files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		checkPage(t, site, p, b)
		if strings.HasPrefix(p, "episodes/") {
			pagesSeen++
			if bytes.Contains(b, []byte(`class="transcript"`)) {
				transcripts++
			}
		}
	}
	if pagesSeen != 50 {
		t.Errorf("%d episode pages, want 50", pagesSeen)
	}
	if transcripts == 0 {
		t.Error("no episode page shows a transcript")
	}
	root := parseHTML(t, "index.html", files["index.html"])
	if n := len(findAll(findAll(root, "ol")[0], "li")); n != 30 {
		t.Errorf("home page lists %d episodes, want 30", n)
	}
	for _, f := range site.Feeds {
		if !bytes.Contains(files["feeds.opml"], []byte(`xmlUrl="`+f.RSS+`"`)) {
			t.Errorf("feeds.opml does not list %s", f.RSS)
		}
	}
	strictDecode(t, "feeds.opml", files["feeds.opml"])
	strictDecode(t, "feed.xsl", files["feed.xsl"])
}

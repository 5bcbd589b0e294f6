package jsonfeed

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func write(t testing.TB, f *feed.Feed) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, s := range feedtest.Shows() {
		t.Run(s.Name, func(t *testing.T) {
			got := write(t, s.Feed)
			feedtest.Golden(t, filepath.Join("testdata", s.Name+".golden.json"), got, *update)
			if again := write(t, s.Feed); !bytes.Equal(got, again) {
				t.Error("two writes of the same feed differ")
			}
		})
	}
}

// checkValid checks that doc is valid UTF-8 JSON ending in a newline, and
// returns it decoded.
func checkValid(t testing.TB, doc []byte) map[string]any {
	t.Helper()
	if !utf8.Valid(doc) {
		t.Fatalf("output is not valid UTF-8:\n%q", doc)
	}
	if !json.Valid(doc) {
		t.Fatalf("output is not valid JSON:\n%s", doc)
	}
	if !bytes.HasSuffix(doc, []byte("}\n")) {
		t.Errorf("output does not end with a newline")
	}
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return m
}

// firstKey returns the first key of the top-level object, read from the
// bytes: a map loses the order.
func firstKey(t testing.TB, doc []byte) string {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(doc))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("document does not start with an object: %v %v", tok, err)
	}
	tok, err := d.Token()
	if err != nil {
		t.Fatal(err)
	}
	key, _ := tok.(string)
	return key
}

func TestShape(t *testing.T) {
	for _, s := range feedtest.Shows() {
		t.Run(s.Name, func(t *testing.T) {
			doc := write(t, s.Feed)
			m := checkValid(t, doc)
			if k := firstKey(t, doc); k != "version" {
				t.Errorf("first key = %q, want version", k)
			}
			if v := m["version"]; v != "https://jsonfeed.org/version/1.1" {
				t.Errorf("version = %v", v)
			}
			items, _ := m["items"].([]any)
			if len(items) != len(s.Feed.Items) {
				t.Fatalf("%d items, want %d", len(items), len(s.Feed.Items))
			}
			for i, raw := range items {
				item := raw.(map[string]any)
				if id, ok := item["id"].(string); !ok || id == "" {
					t.Errorf("item %d: id %#v is not a non-empty string", i, item["id"])
				}
				_, html := item["content_html"]
				_, text := item["content_text"]
				if !html && !text {
					t.Errorf("item %d has neither content_html nor content_text", i)
				}
				atts, _ := item["attachments"].([]any)
				for _, a := range atts {
					att := a.(map[string]any)
					for _, key := range []string{"size_in_bytes", "duration_in_seconds"} {
						if v, ok := att[key]; ok {
							if _, isNumber := v.(json.Number); !isNumber {
								t.Errorf("item %d: %s = %#v, want a number", i, key, v)
							}
						}
					}
					if _, ok := att["mime_type"].(string); !ok {
						t.Errorf("item %d: attachment without mime_type", i)
					}
				}
			}
			checkKeys(t, "", m)
		})
	}
}

// checkKeys walks the document: extension keys start with "_" and a letter
// and no key contains ".".
func checkKeys(t *testing.T, path string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			if strings.Contains(k, ".") {
				t.Errorf("key %q at %s contains a dot", k, path)
			}
			if strings.HasPrefix(k, "_") && (len(k) < 2 || !('a' <= k[1] && k[1] <= 'z' || 'A' <= k[1] && k[1] <= 'Z')) {
				t.Errorf("extension key %q at %s does not start with _ and a letter", k, path)
			}
			checkKeys(t, path+"/"+k, child)
		}
	case []any:
		for _, child := range v {
			checkKeys(t, path+"[]", child)
		}
	}
}

func TestTranscriptsShareATitle(t *testing.T) {
	m := checkValid(t, write(t, feedtest.VideoShow()))
	item := m["items"].([]any)[0].(map[string]any)
	atts := item["attachments"].([]any)
	if len(atts) != 2 {
		t.Fatalf("%d attachments, want the two transcripts", len(atts))
	}
	for _, a := range atts {
		if title := a.(map[string]any)["title"]; title != feed.DefaultLabels.Transcript {
			t.Errorf("transcript title = %v, want %q", title, feed.DefaultLabels.Transcript)
		}
	}
	if b := item["banner_image"]; b != "https://example.gouv.fr/video/42-wide.jpg" {
		t.Errorf("banner_image = %v, want the 16:9 image", b)
	}
}

func TestEmptyFeed(t *testing.T) {
	doc := write(t, &feed.Feed{Title: "Empty"})
	m := checkValid(t, doc)
	if items, ok := m["items"].([]any); !ok || len(items) != 0 {
		t.Errorf("items = %#v, want []", m["items"])
	}
	if _, ok := m["authors"]; ok {
		t.Errorf("authors written without an author: %s", doc)
	}
}

func TestContentTextFallback(t *testing.T) {
	f := feedtest.AudioShow()
	f.Items[0].ContentHTML = ""
	f.Items[1].ContentHTML = ""
	f.Items[1].Summary = ""
	m := checkValid(t, write(t, f))
	items := m["items"].([]any)
	for i, want := range []string{f.Items[0].Summary, f.Items[1].Title} {
		if got := items[i].(map[string]any)["content_text"]; got != want {
			t.Errorf("item %d: content_text = %v, want %q", i, got, want)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	tests := map[string]func(f *feed.Feed){
		"no item id": func(f *feed.Feed) { f.Items[1].ID = "" },
		"year 10000": func(f *feed.Feed) { f.Items[0].Updated = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) },
		"year -1":    func(f *feed.Feed) { f.Items[1].Published = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC) },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			f := feedtest.AudioShow()
			mutate(f)
			var buf bytes.Buffer
			err := Write(&buf, f)
			if err == nil || !strings.HasPrefix(err.Error(), "write json feed: ") {
				t.Fatalf("Write error = %v, want a write json feed error", err)
			}
			if buf.Len() != 0 {
				t.Errorf("Write wrote %d bytes before failing", buf.Len())
			}
		})
	}
	if err := Write(io.Discard, nil); err == nil {
		t.Error("Write(nil feed) succeeded")
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

func TestWriterErrorIsWrapped(t *testing.T) {
	boom := errors.New("disk full")
	if err := Write(failWriter{boom}, feedtest.AudioShow()); !errors.Is(err, boom) {
		t.Errorf("Write error = %v, want it to wrap %v", err, boom)
	}
}

// TestStreamMatchesEncoder checks that writing the items one at a time gives
// the bytes json.Encoder gives for the whole document.
func TestStreamMatchesEncoder(t *testing.T) {
	small := feedtest.AudioShow()
	small.Items[0].Images = append(small.Items[0].Images, feed.Image{URL: "https://example.org/small.jpg", Width: 320, Height: 180})
	feeds := []*feed.Feed{bigShow(3), {Title: "Empty"}, small}
	for _, s := range feedtest.Shows() {
		feeds = append(feeds, s.Feed)
	}
	for _, f := range feeds {
		doc, err := newFeed(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range f.Items {
			item, err := newItem(it, feed.DefaultLabels)
			if err != nil {
				t.Fatal(err)
			}
			doc.Items = append(doc.Items, item)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			t.Fatal(err)
		}
		if got := write(t, f); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: streamed output differs from json.Encoder's:\n%s\nwant:\n%s", f.Title, got, want.Bytes())
		}
	}
}

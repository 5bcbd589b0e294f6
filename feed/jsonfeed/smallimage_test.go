package jsonfeed

import (
	"encoding/json"
	"testing"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/internal/feedtest"
)

func TestSmallImage(t *testing.T) {
	wide := &feed.Image{URL: "https://example.org/e/wide-1.jpg", Width: 1280, Height: 720}
	square := feed.Image{URL: "https://example.org/e/square-1.jpg", Width: 1400, Height: 1400, Purpose: "artwork"}
	small := feed.Image{URL: "https://example.org/e/small-1.jpg", Width: 320, Height: 180}
	tiny := feed.Image{URL: "https://example.org/e/tiny.jpg", Width: 160, Height: 90}
	mid := feed.Image{URL: "https://example.org/e/mid.jpg", Width: 640, Height: 360}
	for _, tt := range []struct {
		name   string
		image  *feed.Image
		images []feed.Image
		want   string
	}{
		{"the build's renditions", wide, []feed.Image{square, small}, small.URL},
		{"the narrowest wide enough", wide, []feed.Image{mid, tiny, small}, small.URL},
		{"only a too small one", wide, []feed.Image{tiny}, ""},
		{"only artwork", wide, []feed.Image{square}, ""},
		{"not narrower than the image", &feed.Image{URL: "https://example.org/e/320.jpg", Width: 320}, []feed.Image{small}, ""},
		{"image of unknown width", &feed.Image{URL: "https://example.org/e/x.jpg"}, []feed.Image{small}, ""},
		{"no image", nil, []feed.Image{small}, small.URL},
		{"none", wide, nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := feedtest.AudioShow()
			it := f.Items[0]
			it.Image, it.Images = tt.image, tt.images
			doc := write(t, f)
			checkKeys(t, "", checkValid(t, doc))
			var got struct {
				Items []struct {
					Image    string          `json:"image"`
					Feedcast json.RawMessage `json:"_feedcast"`
				} `json:"items"`
			}
			if err := json.Unmarshal(doc, &got); err != nil {
				t.Fatal(err)
			}
			var ext struct {
				SmallImage *string `json:"small_image"`
			}
			if len(got.Items[0].Feedcast) > 0 {
				if err := json.Unmarshal(got.Items[0].Feedcast, &ext); err != nil {
					t.Fatal(err)
				}
			}
			switch {
			case tt.want == "" && ext.SmallImage != nil:
				t.Errorf("small_image = %q, want none", *ext.SmallImage)
			case tt.want != "" && (ext.SmallImage == nil || *ext.SmallImage != tt.want):
				t.Errorf("small_image = %v, want %q", ext.SmallImage, tt.want)
			}
			// The extension is invisible to a reader that does not know
			// it: gofeed reads the item and its image as before.
			gf, _ := parse(t, doc)
			if tt.image != nil && (gf.Items[0].Image == nil || gf.Items[0].Image.URL != tt.image.URL) {
				t.Errorf("gofeed image %v, want %s", gf.Items[0].Image, tt.image.URL)
			}
		})
	}
}

package cache

import (
	"encoding/json"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
)

// The cache index keeps an episode's and an item's Podcasting 2.0 data
// as one JSON value, written only when there is some: most episodes have
// none, and these rarely used, nested values need no compact encoding.

type episodePodcast struct {
	Chapters, BodyChapters []episode.Chapter            `json:",omitempty"`
	Soundbites             []episode.Soundbite          `json:",omitempty"`
	Locations              []episode.Location           `json:",omitempty"`
	License                *episode.License             `json:",omitempty"`
	AlternateEnclosures    []episode.AlternateEnclosure `json:",omitempty"`
	Txts                   []episode.Txt                `json:",omitempty"`
	Social                 []episode.Social             `json:",omitempty"`
}

type itemPodcast struct {
	ChaptersURL         string                    `json:",omitempty"`
	Soundbites          []feed.Soundbite          `json:",omitempty"`
	Locations           []feed.Location           `json:",omitempty"`
	License             *feed.License             `json:",omitempty"`
	AlternateEnclosures []feed.AlternateEnclosure `json:",omitempty"`
	Txts                []feed.Txt                `json:",omitempty"`
	Social              []feed.SocialInteract     `json:",omitempty"`
}

func (e *encoder) episodePodcast(x *episode.Episode) {
	v := episodePodcast{x.Chapters, x.BodyChapters, x.Soundbites, x.Locations, x.License, x.AlternateEnclosures, x.Txts, x.Social}
	e.jsonValue(v, len(x.Chapters)+len(x.BodyChapters)+len(x.Soundbites)+len(x.Locations)+len(x.AlternateEnclosures)+len(x.Txts)+len(x.Social) > 0 || x.License != nil)
}

func (d *decoder) episodePodcast(x *episode.Episode) {
	var v episodePodcast
	if d.jsonValue(&v) {
		x.Chapters, x.BodyChapters, x.Soundbites, x.Locations = v.Chapters, v.BodyChapters, v.Soundbites, v.Locations
		x.License, x.AlternateEnclosures, x.Txts, x.Social = v.License, v.AlternateEnclosures, v.Txts, v.Social
	}
}

func (e *encoder) itemPodcast(x *feed.Item) {
	v := itemPodcast{x.ChaptersURL, x.Soundbites, x.Locations, x.License, x.AlternateEnclosures, x.Txts, x.Social}
	e.jsonValue(v, x.ChaptersURL != "" || len(x.Soundbites)+len(x.Locations)+len(x.AlternateEnclosures)+len(x.Txts)+len(x.Social) > 0 || x.License != nil)
}

func (d *decoder) itemPodcast(x *feed.Item) {
	var v itemPodcast
	if d.jsonValue(&v) {
		x.ChaptersURL, x.Soundbites, x.Locations, x.License = v.ChaptersURL, v.Soundbites, v.Locations, v.License
		x.AlternateEnclosures, x.Txts, x.Social = v.AlternateEnclosures, v.Txts, v.Social
	}
}

// jsonValue writes v as JSON when present.
func (e *encoder) jsonValue(v any, present bool) {
	if e.Present(present) {
		b, _ := json.Marshal(v) // plain structs: cannot fail
		e.Str(string(b))
	}
}

// jsonValue reads a value jsonValue wrote into v, and reports whether
// there was one.
func (d *decoder) jsonValue(v any) bool {
	if !d.Bool() {
		return false
	}
	s := d.str()
	if d.Err != nil {
		return false
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		d.Fail()
		return false
	}
	return true
}

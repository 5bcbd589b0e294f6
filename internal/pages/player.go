package pages

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/feedcast/feedcast/feed"
)

// playerJSPath is the output path of the episode pages' player script.
const playerJSPath = "player.js"

// playTools are what an episode page adds around its own media player:
// chapters, a playback speed menu, a link to the current time, and
// captions for a video. Without player.js the chapters still read; the
// other tools stay hidden.
type playTools struct {
	Words    *playerTexts
	Chapters []chapterLink
	Speeds   []speed
	Page     string // the page's URL, which the link to the current time starts with
	Captions []captionTrack
}

// chapterLink is a chapter as the page lists it.
type chapterLink struct {
	Href    template.URL // "#t=12:05"
	Time    string       // "12:05"
	Seconds string       // data-start
	Title   string
}

// speed is an option of the playback speed menu.
type speed struct {
	Value   string // playbackRate
	Text    string // "1,25×"
	Default bool
}

// captionTrack is a WebVTT file of the episode, a <track> of its video.
type captionTrack struct {
	URL, Lang, Label string
}

// timeLink is the link to a time of the page's media: "#t=1:05", as
// Media Fragments URI writes it (npt, colons unescaped).
func timeLink(d time.Duration) template.URL {
	return template.URL("#t=" + clock(d)) // digits and colons only
}

// playbackRates are the speeds offered, from 0.75× to 2×.
var playbackRates = []float64{0.75, 1, 1.25, 1.5, 1.75, 2}

// playTools returns the tools of episode e's media player, whose page is
// at pageURL.
func (v *view) playTools(e Episode, pageURL string, video bool) *playTools {
	w := playerTextsFor(v.lang)
	t := &playTools{Words: w, Page: pageURL}
	for _, r := range playbackRates {
		text := strconv.FormatFloat(r, 'f', -1, 64)
		t.Speeds = append(t.Speeds, speed{
			Value:   text,
			Text:    strings.Replace(text, ".", w.Decimal, 1) + "×",
			Default: r == 1,
		})
	}
	it := e.Item
	chapters := e.Chapters
	if chapters == nil {
		chapters = chaptersFromHTML(it.ContentHTML)
	}
	for _, c := range chapters {
		if c.Start < 0 || (it.Duration > 0 && c.Start >= it.Duration) {
			continue // past the end of the media
		}
		t.Chapters = append(t.Chapters, chapterLink{Href: timeLink(c.Start), Time: clock(c.Start), Seconds: seconds(c.Start), Title: feed.CleanText(c.Title)})
	}
	if video {
		// Captions are the WebVTT transcript; a browser shows them on a
		// video only (HTML: the track element).
		for _, tr := range it.Transcripts {
			if tr.Type != "text/vtt" || !isHTTP(tr.URL) {
				continue
			}
			lang := tr.Language
			if lang == "" {
				lang = v.lang
			}
			t.Captions = append(t.Captions, captionTrack{URL: tr.URL, Lang: lang, Label: w.Captions + " (" + lang + ")"})
		}
	}
	return t
}

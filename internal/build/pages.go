package build

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/pages"
)

// writePages adds the pages people read: the home page, one page per
// episode, the OPML list, the feeds' XSL stylesheet and the widget. A file
// of the static folder at the same path replaces a page.
func (s *site) writePages(groups []*group, feeds []*feed.Feed) error {
	site := &pages.Site{Lang: s.cfg.Language, BaseURL: s.cfg.BaseURL, Show: feeds[0]}
	for i, g := range groups {
		set := pages.FeedSet{Kind: pages.KindShow, Name: s.cfg.Title, Count: len(g.entries)}
		if g.name != "" {
			set.Name = g.name
			set.Slug = g.dir[strings.IndexByte(g.dir, '/')+1 : len(g.dir)-1]
			set.Kind = pages.KindSeries
			if strings.HasPrefix(g.dir, "tags/") {
				set.Kind = pages.KindTag
			}
		}
		set.RSS, set.Atom, set.JSON = feeds[i].URL(feed.RSS), feeds[i].URL(feed.Atom), feeds[i].URL(feed.JSON)
		site.Feeds = append(site.Feeds, set)
	}
	show := *feeds[0]
	show.Items = make([]*feed.Item, len(groups[0].entries))
	for i, en := range groups[0].entries {
		it := *en.item
		if en.transcript != "" && en.ep.Transcript != nil {
			// The page shows the transcript turn by turn, under its own
			// heading: the copy in the body would say it twice.
			it.ContentHTML = s.html.render(withoutTranscript(en.ep.HTML, en.ep.Transcript.HTML), s.playerLink(en.ep, &it))
		}
		show.Items[i] = &it
		site.Episodes = append(site.Episodes, pages.Episode{Item: &it, Slug: en.slug, TranscriptHTML: en.transcript})
	}
	site.Show = &show
	files, err := pages.Files(site)
	if err != nil {
		return fmt.Errorf("pages: %w", err)
	}
	for p, data := range files {
		if _, ok := s.files[p]; ok {
			return fmt.Errorf("pages: %s is also a feed, transcript or image", p)
		}
		s.files[p] = file{data: data}
		s.pages[p] = true
	}
	return nil
}

// transcriptHeading matches the heading (and the section the transcript
// shortcode opens) left once the transcript is cut out of an episode body.
var transcriptHeading = regexp.MustCompile(`(?is)(<section class="transcript">\s*)?<h2[^>]*>\s*Transcription[^<]*</h2>\s*(</section>)?`)

// withoutTranscript returns the episode body without its transcript, when
// the transcript can be found in it as it is.
func withoutTranscript(body, transcript string) string {
	i := strings.Index(body, transcript)
	if transcript == "" || i < 0 {
		return body
	}
	before, after := body[:i], body[i+len(transcript):]
	// Drop the heading just before the transcript, and an emptied section.
	if loc := transcriptHeading.FindAllStringIndex(before, -1); len(loc) > 0 {
		last := loc[len(loc)-1]
		if strings.TrimSpace(before[last[1]:]) == "" {
			before = before[:last[0]]
			if strings.HasPrefix(strings.TrimSpace(after), "</section>") && strings.Contains(body[last[0]:last[1]], "<section") {
				after = strings.TrimPrefix(strings.TrimSpace(after), "</section>")
			}
		}
	}
	return before + after
}

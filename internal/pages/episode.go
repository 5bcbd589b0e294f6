package pages

import (
	"fmt"
	"html/template"
	"net/url"
	"path"
	"strings"

	"github.com/feedcast/feedcast/feed"
)

// episodePage is an episode's page.
type episodePage struct {
	page
	Heading      string
	Date         when
	Duration     string
	Thumb        *thumb
	Media        *media
	Player       *player
	Content      template.HTML
	Transcript   template.HTML
	Files        []link // transcript files, when Transcript is empty
	Original     string // the item's own page, when it is elsewhere
	Topics       []link // the episode's tags that have a feed
	Show         feedView
	Newer, Older *link
}

type link struct {
	URL  string
	Text string
}

// media is the episode's own media file, played by the browser.
type media struct {
	Video    bool
	URL      string
	Type     string
	Download string // link text
	Tools    *playTools
}

// player is an embedded web player.
type player struct {
	URL      string
	Title    string
	Short    bool // an audio player: a short box instead of 16:9
	Width    int
	Height   int
	Page     string // the provider's page for the episode
	PageText string
}

func (v *view) episode(i int) episodePage {
	e := v.site.Episodes[i]
	it := e.Item
	title := feed.CleanText(it.Title)
	p := episodePage{
		page:       v.page(title + " – " + feed.CleanText(v.site.Show.Title)),
		Heading:    title,
		Date:       v.when(it.Published),
		Thumb:      thumbnail(it, 640, title),
		Content:    nestHTML(template.HTML(feed.CleanText(it.ContentHTML)), 2), // sanitised by the caller
		Transcript: nestHTML(e.TranscriptHTML, 3),
		Show:       v.feedView(0, v.site.Feeds[0]),
	}
	p.page.Description = feed.CleanText(it.Summary)
	p.Canonical = v.episodeURL(e.Slug)
	if it.Duration > 0 {
		p.Duration = fmt.Sprintf(v.t.Duration, duration(it.Duration))
	}
	if isHTTP(it.URL) && it.URL != p.Canonical {
		p.Original = it.URL
	}
	if enc := it.Enclosure; enc != nil && isHTTP(enc.URL) {
		p.Media = &media{
			Video:    strings.HasPrefix(enc.Type, "video/"),
			URL:      enc.URL,
			Type:     enc.Type,
			Download: fmt.Sprintf(v.t.Download, fileKind(enc.URL, enc.Type)),
		}
		p.Media.Tools = v.playTools(e, p.Canonical, p.Media.Video)
		p.Scripts = append(p.Scripts, v.base+playerJSPath)
	} else if pl := it.Player; pl != nil && isHTTP(pl.URL) {
		// The site's own media file is lighter than a third-party player,
		// so the player is used only when there is no file.
		p.Player = v.player(pl, title)
	}
	if p.Transcript == "" {
		for _, tr := range it.Transcripts {
			if isHTTP(tr.URL) {
				p.Files = append(p.Files, link{URL: tr.URL, Text: fmt.Sprintf(v.t.TranscriptFile, transcriptKind(tr.Type))})
			}
		}
	}
	p.Topics = v.topics(it.Tags)
	if i > 0 {
		newer := v.site.Episodes[i-1]
		p.Newer = &link{URL: v.episodeURL(newer.Slug), Text: feed.CleanText(newer.Item.Title)}
	}
	if i+1 < len(v.site.Episodes) {
		older := v.site.Episodes[i+1]
		p.Older = &link{URL: v.episodeURL(older.Slug), Text: feed.CleanText(older.Item.Title)}
	}
	return p
}

func (v *view) player(pl *feed.Player, title string) *player {
	out := &player{
		URL:    pl.URL,
		Title:  fmt.Sprintf(v.t.Player, title),
		Short:  pl.Kind == "audio" || pl.Provider == "acast",
		Width:  640,
		Height: 360,
	}
	if out.Short {
		out.Height = 190
	}
	if pl.Width > 0 && pl.Height > 0 && !out.Short {
		out.Width, out.Height = pl.Width, pl.Height
	}
	if isHTTP(pl.PageURL) {
		out.Page = pl.PageURL
		out.PageText = fmt.Sprintf(v.t.WatchOn, providerName(pl.Provider, pl.PageURL))
	}
	return out
}

// topics links the episode's tags to their feeds.
func (v *view) topics(tags []string) []link {
	var out []link
	for _, tag := range tags {
		for _, f := range v.site.Feeds {
			if f.Kind == KindTag && strings.EqualFold(f.Name, tag) {
				out = append(out, link{URL: f.RSS, Text: feed.CleanText(f.Name)})
				break
			}
		}
	}
	return out
}

// providerName is a player provider's name as people write it.
func providerName(provider, pageURL string) string {
	switch provider {
	case "dailymotion":
		return "Dailymotion"
	case "youtube":
		return "YouTube"
	case "vimeo":
		return "Vimeo"
	case "acast":
		return "Acast"
	case "":
		if u, err := url.Parse(pageURL); err == nil {
			return strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	return provider
}

// fileKind names a media file's format: "MP3", "MP4".
func fileKind(u, mimeType string) string {
	if p, err := url.Parse(u); err == nil {
		if ext := strings.TrimPrefix(path.Ext(p.Path), "."); ext != "" && len(ext) <= 5 {
			return strings.ToUpper(ext)
		}
	}
	return mimeType
}

// transcriptKind names a transcript's format.
func transcriptKind(mimeType string) string {
	switch mimeType {
	case "text/html":
		return "HTML"
	case "text/vtt":
		return "WebVTT"
	case "application/x-subrip", "application/srt":
		return "SRT"
	case "application/json":
		return "JSON"
	case "text/plain":
		return "TXT"
	}
	return mimeType
}

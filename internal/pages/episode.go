package pages

import (
	"fmt"
	"html"
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
	Numbers      string // "Season 2 · Episode 5"
	People       []person
	Thumb        *thumb
	Cover        *thumb // an audio episode's picture: square when it has one
	Media        *media
	Player       *player
	Content      template.HTML
	Transcript   template.HTML
	Files        []link // transcript files, one per format
	Original     string // the item's own page, when it is elsewhere
	Topics       []link // the episode's tags that have a feed
	Show         feedView
	Newer, Older *link
	InShow       *link // the page of the episode's show; nil at the top level
}

type link struct {
	URL  string
	Text string
}

// person is someone of the episode.
type person struct {
	Name string
	Role string
	URL  string
	Img  string
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
	if j, ok := v.showOf[i]; ok {
		// An episode of a show links its show, and its subscribe box
		// and discovery links are the show's feeds.
		sh := v.site.Shows[j]
		name := feed.CleanText(sh.Feeds.Name)
		p.InShow = &link{URL: v.showURL(sh, 1), Text: name}
		p.Show = v.showFeedView(j)
		p.Feeds, p.FeedsTitle = sh.Feeds, name
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
		if !p.Media.Video {
			if p.Cover = squareCover(it, title); p.Cover == nil {
				p.Cover = p.Thumb
			}
		}
		p.Scripts = append(p.Scripts, v.base+playerJSPath)
	} else if pl := it.Player; pl != nil && isHTTP(pl.URL) {
		// The site's own media file is lighter than a third-party player,
		// so the player is used only when there is no file.
		p.Player = v.player(pl, title)
	}
	var numbers []string
	if it.Season > 0 {
		numbers = append(numbers, fmt.Sprintf(v.t.Season, it.Season))
	}
	if it.Episode > 0 {
		numbers = append(numbers, fmt.Sprintf(v.t.EpisodeNumber, it.Episode))
	}
	p.Numbers = strings.Join(numbers, " · ")
	for _, pe := range it.Persons {
		name := strings.TrimSpace(feed.CleanText(pe.Name))
		if name == "" {
			continue
		}
		x := person{Name: name, Role: v.t.Role(feed.CleanText(pe.Role))}
		if isHTTP(pe.URL) {
			x.URL = pe.URL
		}
		if isHTTP(pe.Img) {
			x.Img = pe.Img
		}
		p.People = append(p.People, x)
	}
	// Every transcript file is linked, the one shown on the page too:
	// each format serves a use (subtitles, reuse, print).
	seen := map[string]bool{}
	for _, tr := range it.Transcripts {
		if isHTTP(tr.URL) && !seen[tr.URL] {
			seen[tr.URL] = true
			p.Files = append(p.Files, link{URL: tr.URL, Text: fmt.Sprintf(v.t.TranscriptFile, transcriptKind(tr.Type))})
		}
	}
	if pl := p.Player; pl != nil && pl.Page != "" && strings.Contains(string(p.Content), `href="`+html.EscapeString(pl.Page)+`"`) {
		// The description links to the player's page already: one link
		// to it is enough.
		pl.Page = ""
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
		// The words match the medium: one listens to an audio player.
		on := v.t.WatchOn
		if out.Short {
			on = v.t.ListenOnSite
		}
		out.PageText = fmt.Sprintf(on, providerName(pl.Provider, pl.PageURL))
	}
	return out
}

// topics links the episode's tags to their pages.
func (v *view) topics(tags []string) []link {
	if v.tags == nil {
		v.tags = map[string]int{}
		for i, f := range v.site.Feeds {
			if k := strings.ToLower(f.Name); f.Kind == KindTag {
				if _, ok := v.tags[k]; !ok {
					v.tags[k] = i
				}
			}
		}
	}
	var out []link
	for _, tag := range tags {
		if i, ok := v.tags[strings.ToLower(tag)]; ok {
			f := v.site.Feeds[i]
			out = append(out, link{URL: v.listURL(f, 1), Text: feed.CleanText(f.Name)})
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
	case "peertube":
		return "PeerTube"
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

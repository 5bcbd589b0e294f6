package pages

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/feedcast/feedcast/feed"
)

// latest is how many episodes the home page lists.
const latest = 30

// view holds what every page shares.
type view struct {
	site *Site
	t    *texts
	lang string
	base string
}

func newView(s *Site) *view {
	lang := strings.TrimSpace(s.Lang)
	if lang == "" {
		lang = "en"
	}
	return &view{site: s, t: textsFor(lang), lang: lang, base: s.BaseURL}
}

// page is the frame of every HTML page.
type page struct {
	Lang        string
	Title       string // of the document
	Description string
	Canonical   string
	Base        string // the site's base URL
	ShowTitle   string
	CSP         string
	Feeds       FeedSet // the show's, for the discovery links
	Scripts     []string
	T           *texts
}

func (v *view) page(title string) page {
	return page{
		Lang:      v.lang,
		Title:     title,
		Base:      v.base,
		ShowTitle: feed.CleanText(v.site.Show.Title),
		CSP:       v.csp(),
		Feeds:     v.site.Feeds[0],
		Scripts:   []string{v.base + copyJSPath},
		T:         v.t,
	}
}

// csp is the Content Security Policy of the pages: scripts and styles
// only from the site; images, media, players and feeds from anywhere on
// http(s), since an episode may use them.
func (v *view) csp() string {
	origin := ""
	if u, err := url.Parse(v.base); err == nil {
		origin = " " + u.Scheme + "://" + u.Host
	}
	return "default-src 'none'; script-src 'self'" + origin + "; style-src 'self'" + origin +
		"; img-src 'self' https: http: data:; media-src 'self' https: http:; frame-src https: http:" +
		"; connect-src 'self' https: http:; base-uri 'none'; form-action 'none'"
}

// thumb is an image as the pages show it.
type thumb struct {
	URL           string
	Alt           string
	Width, Height int
}

// thumbnail picks the lightest image of an item that is still sharp at
// minWidth pixels wide: the narrowest one at least that wide, else the
// widest one, else Item.Image. Its alt text is empty when it would only
// repeat the title shown beside it: the same words twice are noise to a
// screen reader.
func thumbnail(it *feed.Item, minWidth int, title string) *thumb {
	var best *feed.Image
	consider := func(im *feed.Image) {
		if im == nil || !isHTTP(im.URL) || im.Width <= 0 {
			return
		}
		switch {
		case best == nil:
			best = im
		case im.Width >= minWidth && (best.Width < minWidth || im.Width < best.Width):
			best = im
		case best.Width < minWidth && im.Width > best.Width:
			best = im
		}
	}
	for i := range it.Images {
		consider(&it.Images[i])
	}
	consider(it.Image)
	if best == nil {
		switch {
		case it.Image != nil && isHTTP(it.Image.URL):
			best = it.Image
		case len(it.Images) > 0 && isHTTP(it.Images[0].URL):
			best = &it.Images[0]
		default:
			return nil
		}
	}
	alt := best.Alt
	if alt == "" && it.Image != nil {
		alt = it.Image.Alt
	}
	if alt = feed.CleanText(alt); alt == title {
		alt = ""
	}
	return &thumb{URL: best.URL, Alt: alt, Width: best.Width, Height: best.Height}
}

// when is a date as the pages show it.
type when struct {
	ISO  string // RFC 3339, for <time datetime>
	Text string
}

func (v *view) when(t time.Time) when {
	if t.IsZero() {
		return when{}
	}
	return when{ISO: t.Format(time.RFC3339), Text: v.t.Date(t)}
}

// episodeURL is the absolute URL of an episode's page.
func (v *view) episodeURL(slug string) string {
	return v.base + "episodes/" + url.PathEscape(slug) + "/"
}

// card is an episode in a list.
type card struct {
	Title string
	URL   string
	Date  when
	Thumb *thumb
}

// feedView is a feed set with its subscribe actions.
type feedView struct {
	FeedSet
	ID    string // prefix of the element ids
	Title string // as a subscription
	Count string
	Apps  []appLink
	T     *texts
}

func (v *view) feedView(i int, f FeedSet) feedView {
	title := feedTitle(v.site, f)
	return feedView{
		FeedSet: f,
		ID:      "feed-" + strconv.Itoa(i),
		Title:   title,
		Count:   v.t.Count(f.Count),
		Apps:    appLinks(f.RSS, title),
		T:       v.t,
	}
}

// indexPage is the home page.
type indexPage struct {
	page
	Artwork  *thumb
	HomePage string
	Latest   []card
	More     string // said when the list is cut
	Show     feedView
	Series   []feedView
	Tags     []feedView
}

func (v *view) index() indexPage {
	show := v.site.Show
	p := indexPage{page: v.page(feed.CleanText(show.Title))}
	p.Description = feed.CleanText(show.Description)
	p.Canonical = v.base
	if im := show.Image; im != nil && isHTTP(im.URL) {
		p.Artwork = &thumb{URL: im.URL, Alt: feed.CleanText(im.Alt), Width: im.Width, Height: im.Height}
	}
	if isHTTP(show.HomePageURL) && show.HomePageURL != v.base {
		p.HomePage = show.HomePageURL
	}
	for i, e := range v.site.Episodes {
		if i == latest {
			p.More = fmt.Sprintf(v.t.AllEpisodes, len(v.site.Episodes))
			break
		}
		title := feed.CleanText(e.Item.Title)
		p.Latest = append(p.Latest, card{
			Title: title,
			URL:   v.episodeURL(e.Slug),
			Date:  v.when(e.Item.Published),
			Thumb: thumbnail(e.Item, 320, title),
		})
	}
	for i, f := range v.site.Feeds {
		fv := v.feedView(i, f)
		switch {
		case i == 0:
			p.Show = fv
		case f.Kind == KindSeries:
			p.Series = append(p.Series, fv)
		default:
			p.Tags = append(p.Tags, fv)
		}
	}
	return p
}

// embedPage is the page that other sites put in an iframe.
type embedPage struct {
	page
	Feed  string // the default JSON feed
	Limit int
}

func (v *view) embed() embedPage {
	p := embedPage{page: v.page(v.t.Widget + " – " + feed.CleanText(v.site.Show.Title)), Feed: v.site.Feeds[0].JSON, Limit: 5}
	p.Canonical = v.base + embedPath
	p.Scripts = []string{v.base + widgetPath}
	return p
}

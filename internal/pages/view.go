package pages

import (
	"fmt"
	"net/url"
	"slices"
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
	// all are the cards of every episode, made once for the lists.
	all []card
	// tags maps a tag's lower-case name to its index in Feeds.
	tags map[string]int
	// showOf maps an episode's index to its show's in Shows, for the
	// episodes of a show.
	showOf map[int]int
}

func newView(s *Site) *view {
	lang := strings.TrimSpace(s.Lang)
	if lang == "" {
		lang = "en"
	}
	v := &view{site: s, t: textsFor(lang), lang: lang, base: s.BaseURL, showOf: map[int]int{}}
	for i, sh := range s.Shows {
		for _, j := range sh.Episodes {
			v.showOf[j] = i
		}
	}
	return v
}

// in returns a view of the site in another language (a show's): its own
// words and dates, so its own cards.
func (v *view) in(lang string) *view {
	lang = strings.TrimSpace(lang)
	if lang == "" || lang == v.lang {
		return v
	}
	o := *v
	o.t, o.lang, o.all = textsFor(lang), lang, nil
	return &o
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
	Icon        string
	TouchIcon   string
	Feeds       FeedSet // the show's, for the discovery links
	FeedsTitle  string  // the title of Feeds in their links
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
		Icon:      v.site.Icon,
		TouchIcon: v.site.TouchIcon,
		Feeds:     v.site.Feeds[0],
		Scripts:   []string{v.base + copyJSPath},
		T:         v.t,

		FeedsTitle: feed.CleanText(v.site.Show.Title),
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
	SrcSet        string // "url 320w, url 1400w", or empty
	Square        bool   // an audio episode's square cover
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
	return &thumb{URL: best.URL, Alt: imageAlt(best, it, title), Width: best.Width, Height: best.Height}
}

// imageAlt is the text alternative of im, an image of it: its own, else
// the item image's; empty when it would only repeat the title beside it.
func imageAlt(im *feed.Image, it *feed.Item, title string) string {
	alt := im.Alt
	if alt == "" && it.Image != nil {
		alt = it.Image.Alt
	}
	if alt = feed.CleanText(alt); alt == title {
		return ""
	}
	return alt
}

// squareCover returns an audio episode's cover: its square images (the
// artwork's shape, which podcast apps show too), with a srcset so that
// the browser picks the lightest one sharp at the displayed size; nil
// when it has no square image of known size.
func squareCover(it *feed.Item, title string) *thumb {
	var squares []*feed.Image
	add := func(im *feed.Image) {
		if im != nil && isHTTP(im.URL) && im.Width > 0 && im.Width == im.Height {
			squares = append(squares, im)
		}
	}
	for i := range it.Images {
		add(&it.Images[i])
	}
	add(it.Image)
	if len(squares) == 0 {
		return nil
	}
	slices.SortStableFunc(squares, func(a, b *feed.Image) int { return a.Width - b.Width })
	var srcset []string
	seen := map[int]bool{}
	for _, im := range squares {
		if !seen[im.Width] {
			seen[im.Width] = true
			srcset = append(srcset, im.URL+" "+strconv.Itoa(im.Width)+"w")
		}
	}
	largest := squares[len(squares)-1]
	c := &thumb{URL: largest.URL, Alt: imageAlt(largest, it, title), Width: largest.Width, Height: largest.Height, Square: true}
	if len(srcset) > 1 {
		c.SrcSet = strings.Join(srcset, ", ")
	}
	return c
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
	Lazy  bool // the thumbnail is loaded when it comes near the screen
}

// cards returns the cards of every episode, made on the first call: the
// home page and every list page share them, so that the lists cost one
// card per episode whatever their number.
func (v *view) cards() []card {
	if v.all == nil {
		v.all = make([]card, len(v.site.Episodes))
		for i, e := range v.site.Episodes {
			title := feed.CleanText(e.Item.Title)
			v.all[i] = card{
				Title: title,
				URL:   v.episodeURL(e.Slug),
				Date:  v.when(e.Item.Published),
				Thumb: thumbnail(e.Item, 320, title),
			}
		}
	}
	return v.all
}

// pick returns the cards of the episodes at the indexes, the first few
// loaded at once and the others lazily.
func (v *view) pick(indexes []int) []card {
	all := v.cards()
	out := make([]card, len(indexes))
	for n, i := range indexes {
		out[n] = all[i]
		out[n].Lazy = n >= 4
	}
	return out
}

// first returns the indexes 0 to n-1.
func first(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// feedView is a feed set with its subscribe actions.
type feedView struct {
	FeedSet
	ID    string // prefix of the element ids
	Title string // as a subscription
	Count string
	Page  string // the page of a series, tag or show of the content folder; "" for the site's
	Apps  []appLink
	Dirs  []appLink // the show's pages in directories
	T     *texts
}

func (v *view) feedView(i int, f FeedSet) feedView {
	title := feedTitle(v.site, f)
	fv := feedView{
		FeedSet: f,
		ID:      "feed-" + strconv.Itoa(i),
		Title:   title,
		Count:   v.t.Count(f.Count),
		Apps:    appLinks(f.RSS, title),
		T:       v.t,
	}
	if i == 0 {
		fv.Dirs = directoryLinks(v.site.Directories)
	} else {
		fv.Page = v.listURL(f, 1)
	}
	return fv
}

// showFeedView is the subscribe box of Shows[j]: its feeds, its page,
// and its own directory pages.
func (v *view) showFeedView(j int) feedView {
	sh := v.site.Shows[j]
	f := sh.Feeds
	title := feedTitle(v.site, f)
	return feedView{
		FeedSet: f,
		ID:      "show-" + strconv.Itoa(j),
		Title:   title,
		Count:   v.t.Count(f.Count),
		Page:    v.showURL(sh, 1),
		Apps:    appLinks(f.RSS, title),
		Dirs:    directoryLinks(sh.Directories),
		T:       v.t,
	}
}

// showURL is the absolute URL of page k of a show's list.
func (v *view) showURL(sh Show, k int) string {
	return v.pageURL(showDir(url.PathEscape(sh.Feeds.Slug)), k)
}

// pageURL is the absolute URL of page k of the list in the folder dir.
func (v *view) pageURL(dir string, k int) string {
	if k > 1 {
		return v.base + dir + "page/" + strconv.Itoa(k) + "/"
	}
	return v.base + dir
}

// listURL is the absolute URL of page k of a series' or tag's list.
func (v *view) listURL(f FeedSet, k int) string {
	return v.pageURL(listDir(FeedSet{Kind: f.Kind, Slug: url.PathEscape(f.Slug)}), k)
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

	// Shows are the cards of the content folder's shows, ShowFeeds
	// their subscribe boxes.
	Shows     []showCard
	ShowFeeds []feedView
}

// showCard is a show in the home page's list.
type showCard struct {
	Title, URL, Count string
	Thumb             *thumb
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
	for j, sh := range v.site.Shows {
		title := feed.CleanText(sh.Feeds.Name)
		c := showCard{Title: title, URL: v.showURL(sh, 1), Count: v.t.Count(len(sh.Episodes))}
		if im := firstImage(sh.Thumb, sh.Artwork); im != nil {
			c.Thumb = &thumb{URL: im.URL, Width: im.Width, Height: im.Height}
		}
		p.Shows = append(p.Shows, c)
		p.ShowFeeds = append(p.ShowFeeds, v.showFeedView(j))
	}
	p.Latest = v.pick(first(min(latest, len(v.site.Episodes))))
	if len(v.site.Episodes) > latest {
		p.More = fmt.Sprintf(v.t.AllEpisodes, len(v.site.Episodes))
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

// listPage is a page of a series' or tag's episodes.
type listPage struct {
	page
	Kind     string // "Series" or "Topic"
	Heading  string
	Artwork  *thumb
	Count    string
	Cards    []card
	PageText string // "Page 2 of 3"; "" when the list has one page
	Newer    string // the previous page
	Older    string // the next page
	Feed     feedView

	// A show's page has the show's description and own web page too.
	About, HomePage string
}

// list is page k (from 1) of the list of Feeds[i].
func (v *view) list(i, k int) listPage {
	f := v.site.Feeds[i]
	name := feed.CleanText(f.Name)
	p := listPage{
		Heading: name,
		Count:   v.t.Count(len(f.Episodes)),
		Feed:    v.feedView(i, f),
		Kind:    v.t.SeriesKind,
	}
	if f.Kind == KindTag {
		p.Kind = v.t.TagKind
	}
	v.paginate(&p, name, f.Episodes, k, func(k int) string { return v.listURL(f, k) })
	p.Description = p.Kind + " · " + name + " · " + p.Count
	if im := v.site.Show.Image; im != nil && isHTTP(im.URL) {
		p.Artwork = &thumb{URL: im.URL, Alt: "", Width: im.Width, Height: im.Height}
	}
	return p
}

// paginate makes p page k (from 1) of a list of episodes named name: its
// title, its address (pageURL of a page number), its cards and the links
// to the pages before and after it.
func (v *view) paginate(p *listPage, name string, episodes []int, k int, pageURL func(int) string) {
	n := ListPages(len(episodes))
	title := name + " – " + feed.CleanText(v.site.Show.Title)
	if n > 1 {
		p.PageText = fmt.Sprintf(v.t.PageOf, k, n)
		title = name + " (" + p.PageText + ") – " + feed.CleanText(v.site.Show.Title)
	}
	p.page = v.page(title)
	p.Canonical = pageURL(k)
	lo, hi := ListRange(len(episodes), k)
	p.Cards = v.pick(episodes[lo:hi])
	if k > 1 {
		p.Newer = pageURL(k - 1)
	}
	if k < n {
		p.Older = pageURL(k + 1)
	}
}

// showList is page k (from 1) of the page of Shows[j], in the show's
// language: its artwork, title, description, episodes and feeds.
func (v *view) showList(j, k int) listPage {
	sh := v.site.Shows[j]
	v = v.in(sh.Lang)
	name := feed.CleanText(sh.Feeds.Name)
	p := listPage{
		Kind:    v.t.ShowKind,
		Heading: name,
		About:   feed.CleanText(sh.Description),
		Count:   v.t.Count(len(sh.Episodes)),
		Feed:    v.showFeedView(j),
	}
	if isHTTP(sh.HomePage) {
		p.HomePage = sh.HomePage
	}
	v.paginate(&p, name, sh.Episodes, k, func(k int) string { return v.showURL(sh, k) })
	// The page's feeds are the show's.
	p.Feeds, p.FeedsTitle = sh.Feeds, name
	p.Description = firstNonEmpty(p.About, p.Kind+" · "+name+" · "+p.Count)
	if im := firstImage(sh.Thumb, sh.Artwork); im != nil {
		// Beside the title, the artwork says nothing more (alt="").
		p.Artwork = &thumb{URL: im.URL, Width: im.Width, Height: im.Height}
	}
	return p
}

// firstImage returns the first image with an http(s) URL, nil for none.
func firstImage(ims ...*feed.Image) *feed.Image {
	for _, im := range ims {
		if im != nil && isHTTP(im.URL) {
			return im
		}
	}
	return nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// notFoundPage is the page of a missing path.
type notFoundPage struct {
	page
	Latest []card
}

func (v *view) notFound() notFoundPage {
	p := notFoundPage{page: v.page(v.t.NotFound + " – " + feed.CleanText(v.site.Show.Title))}
	p.Latest = v.pick(first(min(4, len(v.site.Episodes))))
	return p
}

package rss

import (
	"strconv"
	"strings"
	"time"

	"github.com/feedcast/feedcast/feed"
)

// The Podcasting 2.0 tags that a static publisher fills from its
// configuration and front matter. Each is left out when its required
// values are missing. Texts are cut at the lengths the namespace says
// aggregators may truncate at (maxTagText, maxTxt, maxShortText).
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md

const (
	maxTagText   = 128  // funding, license, location, trailer, updateFrequency, soundbite, txt purpose
	maxTxt       = 4000 // txt
	maxShortText = 32   // alternateEnclosure title and rel
)

// podcastChannelMore holds the channel tags after podcast:image.
type podcastChannelMore struct {
	Funding         []podcastFunding        `xml:"podcast:funding"`
	License         *podcastLicense         `xml:"podcast:license"`
	Locations       []podcastLocation       `xml:"podcast:location"`
	Trailers        []podcastTrailer        `xml:"podcast:trailer"`
	UpdateFrequency *podcastUpdateFrequency `xml:"podcast:updateFrequency"`
	Podroll         *podcastPodroll         `xml:"podcast:podroll"`
	Txts            []podcastTxt            `xml:"podcast:txt"`
	Blocks          []podcastBlock          `xml:"podcast:block"`
	Social          []podcastSocial         `xml:"podcast:socialInteract"`
	Value           *podcastValue           `xml:"podcast:value"`
}

// podcastItemMore holds the item tags after podcast:image.
type podcastItemMore struct {
	Chapters   *podcastChapters   `xml:"podcast:chapters"`
	Soundbites []podcastSoundbite `xml:"podcast:soundbite"`
	Locations  []podcastLocation  `xml:"podcast:location"`
	License    *podcastLicense    `xml:"podcast:license"`
	Alternates []podcastAlternate `xml:"podcast:alternateEnclosure"`
	Txts       []podcastTxt       `xml:"podcast:txt"`
	Social     []podcastSocial    `xml:"podcast:socialInteract"`
}

// podcastFunding is a donation link; the value is the text shown with it.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/funding.md
type podcastFunding struct {
	URL  string `xml:"url,attr"`
	Text string `xml:",chardata"`
}

// podcastLicense is a license identifier, with the URL of its text for a
// custom license.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/license.md
type podcastLicense struct {
	URL  string `xml:"url,attr,omitempty"`
	Name string `xml:",chardata"`
}

// podcastLocation is a place; the value is its human-readable name.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/location.md
type podcastLocation struct {
	Rel     string `xml:"rel,attr,omitempty"`
	Geo     string `xml:"geo,attr,omitempty"`
	OSM     string `xml:"osm,attr,omitempty"`
	Country string `xml:"country,attr,omitempty"`
	Name    string `xml:",chardata"`
}

// podcastTrailer is a trailer of the show or of a season; url and
// pubdate (RFC 2822) are required, the value is its title.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/trailer.md
type podcastTrailer struct {
	URL     string `xml:"url,attr"`
	PubDate string `xml:"pubdate,attr"`
	Length  int64  `xml:"length,attr,omitempty"`
	Type    string `xml:"type,attr,omitempty"`
	Season  string `xml:"season,attr,omitempty"`
	Title   string `xml:",chardata"`
}

// podcastUpdateFrequency is the release schedule.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/update-frequency.md
type podcastUpdateFrequency struct {
	Complete string `xml:"complete,attr,omitempty"`
	DTStart  string `xml:"dtstart,attr,omitempty"`
	RRule    string `xml:"rrule,attr,omitempty"`
	Text     string `xml:",chardata"`
}

// podcastPodroll holds the recommended shows.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/podroll.md
type podcastPodroll struct {
	Items []podcastRemoteItem `xml:"podcast:remoteItem"`
}

// podcastRemoteItem points to another feed by its podcast:guid.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/remote-item.md
type podcastRemoteItem struct {
	FeedGUID string `xml:"feedGuid,attr"`
	FeedURL  string `xml:"feedUrl,attr,omitempty"`
	Medium   string `xml:"medium,attr,omitempty"`
	Title    string `xml:"title,attr,omitempty"`
}

// podcastTxt is free text with an optional purpose.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/txt.md
type podcastTxt struct {
	Purpose string `xml:"purpose,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// podcastBlock is "yes" or "no", for one platform or, without id, all.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/block.md
type podcastBlock struct {
	ID    string `xml:"id,attr,omitempty"`
	Block string `xml:",chardata"`
}

// podcastSocial is the root post of a comment thread.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/social-interact.md
type podcastSocial struct {
	Priority   string `xml:"priority,attr,omitempty"`
	Protocol   string `xml:"protocol,attr"`
	URI        string `xml:"uri,attr,omitempty"`
	AccountID  string `xml:"accountId,attr,omitempty"`
	AccountURL string `xml:"accountUrl,attr,omitempty"`
}

// podcastValue says how payments are streamed, and to whom.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/value.md
type podcastValue struct {
	Type       string                  `xml:"type,attr"`
	Method     string                  `xml:"method,attr"`
	Suggested  string                  `xml:"suggested,attr,omitempty"`
	Recipients []podcastValueRecipient `xml:"podcast:valueRecipient"`
}

// podcastValueRecipient is one payee and its shares.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/value-recipient.md
type podcastValueRecipient struct {
	Name        string `xml:"name,attr,omitempty"`
	Type        string `xml:"type,attr"`
	Address     string `xml:"address,attr"`
	Split       int    `xml:"split,attr"`
	CustomKey   string `xml:"customKey,attr,omitempty"`
	CustomValue string `xml:"customValue,attr,omitempty"`
	Fee         string `xml:"fee,attr,omitempty"`
}

// podcastChapters links the episode's JSON Chapters file.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/chapters.md
type podcastChapters struct {
	URL  string `xml:"url,attr"`
	Type string `xml:"type,attr"`
}

// podcastSoundbite is a part of the episode, in seconds; the value is
// its title, possibly empty.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/soundbite.md
type podcastSoundbite struct {
	StartTime string `xml:"startTime,attr"`
	Duration  string `xml:"duration,attr"`
	Title     string `xml:",chardata"`
}

// podcastAlternate is another version of the media, with the URIs it is
// found at.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/alternate-enclosure.md
type podcastAlternate struct {
	Type    string          `xml:"type,attr"`
	Length  int64           `xml:"length,attr,omitempty"`
	Bitrate string          `xml:"bitrate,attr,omitempty"`
	Height  int             `xml:"height,attr,omitempty"`
	Lang    string          `xml:"lang,attr,omitempty"`
	Title   string          `xml:"title,attr,omitempty"`
	Rel     string          `xml:"rel,attr,omitempty"`
	Codecs  string          `xml:"codecs,attr,omitempty"`
	Default string          `xml:"default,attr,omitempty"`
	Sources []podcastSource `xml:"podcast:source"`
}

// podcastSource is one URI of an alternate enclosure.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/tags/source.md
type podcastSource struct {
	URI         string `xml:"uri,attr"`
	ContentType string `xml:"contentType,attr,omitempty"`
}

func newPodcastChannelMore(f *feed.Feed) podcastChannelMore {
	var c podcastChannelMore
	for _, fu := range f.Funding {
		if u := text(fu.URL); u != "" {
			c.Funding = append(c.Funding, podcastFunding{URL: u, Text: truncateRunes(text(fu.Text), maxTagText)})
		}
	}
	c.License = newPodcastLicense(f.License)
	c.Locations = newPodcastLocations(f.Locations)
	for _, t := range f.Trailers {
		u, title := text(t.URL), truncateRunes(text(t.Title), maxTagText)
		if u == "" || title == "" || t.Published.IsZero() {
			continue
		}
		c.Trailers = append(c.Trailers, podcastTrailer{
			URL: u, PubDate: date(t.Published), Length: max(t.Length, 0), Type: text(t.Type),
			Season: number(t.Season), Title: title,
		})
	}
	if uf := f.UpdateFrequency; uf != nil {
		if t := truncateRunes(text(uf.Text), maxTagText); t != "" {
			c.UpdateFrequency = &podcastUpdateFrequency{DTStart: text(uf.DTStart), RRule: text(uf.RRule), Text: t}
			if uf.Complete {
				c.UpdateFrequency.Complete = "true"
			}
		}
	}
	for _, r := range f.Podroll {
		if g := text(r.FeedGUID); g != "" {
			if c.Podroll == nil {
				c.Podroll = &podcastPodroll{}
			}
			c.Podroll.Items = append(c.Podroll.Items, podcastRemoteItem{
				FeedGUID: g, FeedURL: text(r.FeedURL), Medium: text(r.Medium), Title: text(r.Title),
			})
		}
	}
	c.Txts = newPodcastTxts(f.Txts)
	for _, b := range f.Blocks {
		pb := podcastBlock{ID: strings.ToLower(text(b.ID)), Block: "no"}
		if b.Block {
			pb.Block = "yes"
		}
		c.Blocks = append(c.Blocks, pb)
	}
	c.Social = newPodcastSocial(f.Social)
	if v := f.Value; v != nil {
		pv := &podcastValue{Type: text(v.Type), Method: text(v.Method), Suggested: text(v.Suggested)}
		for _, r := range v.Recipients {
			pr := podcastValueRecipient{
				Name: text(r.Name), Type: text(r.Type), Address: text(r.Address), Split: max(r.Split, 0),
				CustomKey: text(r.CustomKey), CustomValue: text(r.CustomValue),
			}
			if r.Fee {
				pr.Fee = "true"
			}
			if pr.Type != "" && pr.Address != "" {
				pv.Recipients = append(pv.Recipients, pr)
			}
		}
		if pv.Type != "" && pv.Method != "" && len(pv.Recipients) > 0 {
			c.Value = pv
		}
	}
	return c
}

func newPodcastItemMore(it *feed.Item) podcastItemMore {
	var c podcastItemMore
	if u := text(it.ChaptersURL); u != "" {
		c.Chapters = &podcastChapters{URL: u, Type: feed.ChaptersType}
	}
	for _, sb := range it.Soundbites {
		if sb.Start < 0 || sb.Duration <= 0 {
			continue
		}
		c.Soundbites = append(c.Soundbites, podcastSoundbite{
			StartTime: decimalSeconds(sb.Start), Duration: decimalSeconds(sb.Duration),
			Title: truncateRunes(text(sb.Title), maxTagText),
		})
	}
	c.Locations = newPodcastLocations(it.Locations)
	c.License = newPodcastLicense(it.License)
	for _, a := range it.AlternateEnclosures {
		pa := podcastAlternate{
			Type: text(a.Type), Length: max(a.Length, 0), Height: positive(a.Height), Lang: language(a.Lang),
			Title: truncateRunes(text(a.Title), maxShortText), Rel: truncateRunes(text(a.Rel), maxShortText),
			Codecs: text(a.Codecs),
		}
		if a.Bitrate > 0 {
			pa.Bitrate = strconv.FormatFloat(a.Bitrate, 'f', -1, 64)
		}
		if a.Default {
			pa.Default = "true"
		}
		for _, s := range a.Sources {
			if u := text(s.URI); u != "" {
				pa.Sources = append(pa.Sources, podcastSource{URI: u, ContentType: text(s.ContentType)})
			}
		}
		if pa.Type != "" && len(pa.Sources) > 0 {
			c.Alternates = append(c.Alternates, pa)
		}
	}
	c.Txts = newPodcastTxts(it.Txts)
	c.Social = newPodcastSocial(it.Social)
	return c
}

func newPodcastLicense(l *feed.License) *podcastLicense {
	if l == nil {
		return nil
	}
	name := truncateRunes(text(l.Name), maxTagText)
	if name == "" {
		return nil
	}
	return &podcastLicense{URL: text(l.URL), Name: name}
}

func newPodcastLocations(locs []feed.Location) []podcastLocation {
	var out []podcastLocation
	for _, l := range locs {
		name := truncateRunes(text(l.Name), maxTagText)
		if name == "" {
			// The value cannot be blank.
			continue
		}
		out = append(out, podcastLocation{
			Rel: strings.ToLower(text(l.Rel)), Geo: text(l.Geo), OSM: text(l.OSM),
			Country: strings.ToUpper(text(l.Country)), Name: name,
		})
	}
	return out
}

func newPodcastTxts(txts []feed.Txt) []podcastTxt {
	var out []podcastTxt
	for _, t := range txts {
		if v := truncateRunes(text(t.Text), maxTxt); v != "" {
			out = append(out, podcastTxt{Purpose: truncateRunes(text(t.Purpose), maxTagText), Text: v})
		}
	}
	return out
}

func newPodcastSocial(social []feed.SocialInteract) []podcastSocial {
	var out []podcastSocial
	for _, s := range social {
		p := podcastSocial{
			Protocol: strings.ToLower(text(s.Protocol)), URI: text(s.URI),
			AccountID: text(s.AccountID), AccountURL: text(s.AccountURL),
		}
		if p.Protocol == "disabled" {
			// "disabled" stands alone: no other attribute.
			out = append(out, podcastSocial{Protocol: p.Protocol})
			continue
		}
		if p.Protocol == "" || p.URI == "" {
			continue
		}
		if s.Priority > 0 {
			p.Priority = strconv.Itoa(s.Priority)
		}
		out = append(out, p)
	}
	return out
}

// decimalSeconds returns d in seconds to the millisecond, as a decimal
// without needless zeros: "73", "1234.5".
func decimalSeconds(d time.Duration) string {
	ms := d.Round(time.Millisecond).Milliseconds()
	return strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64)
}

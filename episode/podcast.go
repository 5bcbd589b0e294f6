package episode

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The Podcasting 2.0 data of an episode: its chapters, soundbites,
// places, license, other media files, texts and comment threads, read
// from the front matter (and the chapters also from the body). The feed
// writers turn them into podcast: tags.

// Chapter is one chapter of an episode. Only Start is required.
type Chapter struct {
	Start time.Duration
	Title string
	// Img and URL are absolute http(s) URLs: the chapter's picture and
	// a page about its topic.
	Img string
	URL string
}

// Soundbite is a part of the episode worth sharing.
type Soundbite struct {
	Start    time.Duration
	Duration time.Duration
	Title    string
}

// Location is a place the episode is about (Rel "subject") or where it
// was made ("creator"), with a geo: URI, an OpenStreetMap id and a
// country code when known.
type Location struct {
	Name, Rel, Geo, OSM, Country string
}

// License is the episode's license: a name, and the URL of its text.
type License struct {
	Name, URL string
}

// AlternateEnclosure is another media file of the episode (another
// format, bitrate or language).
type AlternateEnclosure struct {
	Media   Media
	Bitrate float64 // bits per second
	Height  int
	Lang    string
	Title   string
	Rel     string
	Codecs  string
	Default bool
	Line    int // the line of the key, for messages
}

// Txt is a free text and its purpose.
type Txt struct {
	Purpose, Text string
}

// Social is the root post of the episode's comment thread.
type Social struct {
	Protocol, URI, AccountID, AccountURL string
	Priority                             int
}

// podcastFields reads the Podcasting 2.0 keys.
func (p *fileParser) podcastFields(ep *Episode, f fields) {
	if key, v, line, ok := f.get("chapters"); ok && v != nil {
		ep.Chapters = p.chapters(key, v, line)
	}
	if key, v, line, ok := f.get("soundbites"); ok && v != nil {
		ep.Soundbites = p.soundbites(key, v, line)
	}
	if key, v, line, ok := f.get("location"); ok && v != nil {
		ep.Locations = p.locations(key, v, line)
	}
	if key, v, line, ok := f.get("license"); ok && v != nil {
		ep.License = p.license(key, v, line)
	}
	if key, v, line, ok := f.get("alternate_enclosures"); ok && v != nil {
		ep.AlternateEnclosures = p.alternateEnclosures(key, v, line)
	}
	if key, v, line, ok := f.get("txt"); ok && v != nil {
		ep.Txts = p.txts(key, v, line)
	}
	if key, v, line, ok := f.get("social"); ok && v != nil {
		ep.Social = p.social(key, v, line)
	}
}

// chapters reads a list of {start, title, img, url}, or of lines
// "00:00 Title". Chapters must start in increasing order.
func (p *fileParser) chapters(key string, v any, line int) []Chapter {
	var out []Chapter
	for i, e := range list(v) {
		var c Chapter
		switch e := e.(type) {
		case string:
			cl, ok := parseChapterLine(e)
			if !ok {
				p.warn(line, key, fmt.Errorf("chapter %d: %q is not \"HH:MM:SS Title\": ignored", i+1, e))
				continue
			}
			c = cl
		case map[string]any:
			p.misspeltInMapping(key, line, e, nil, "start", "title", "img", "url")
			s, ok := lookup(e, "start")
			if !ok || s == nil {
				p.warn(line, key, fmt.Errorf("chapter %d: no start: ignored", i+1))
				continue
			}
			d, err := duration(s)
			if err != nil {
				p.warn(line, key, fmt.Errorf("chapter %d: start: %w", i+1, err))
				continue
			}
			c = Chapter{Start: d, Title: lookupText(e, "title")}
			c.Img = p.httpURL(key, line, fmt.Sprintf("chapter %d: img", i+1), lookupText(e, "img"))
			c.URL = p.httpURL(key, line, fmt.Sprintf("chapter %d: url", i+1), lookupText(e, "url"))
		default:
			p.warn(line, key, typeError("a chapter {start, title, img, url} or \"HH:MM:SS Title\"", e))
			continue
		}
		if n := len(out); n > 0 && c.Start <= out[n-1].Start {
			p.warn(line, key, fmt.Errorf("chapter %d starts at %s, not after the previous one: ignored", i+1, clock(c.Start)))
			continue
		}
		out = append(out, c)
	}
	return out
}

// httpURL returns s when it is empty or an absolute http(s) URL, else
// warns and returns "".
func (p *fileParser) httpURL(key string, line int, what, s string) string {
	if s == "" {
		return ""
	}
	if u, err := url.Parse(s); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		p.warn(line, key, fmt.Errorf("%s: %q is not an absolute http(s) URL: ignored", what, s))
		return ""
	}
	return s
}

func (p *fileParser) soundbites(key string, v any, line int) []Soundbite {
	var out []Soundbite
	for i, e := range list(v) {
		m, ok := e.(map[string]any)
		if !ok {
			p.warn(line, key, typeError("a soundbite {start, duration, title}", e))
			continue
		}
		p.misspeltInMapping(key, line, m, nil, "start", "duration", "title")
		var sb Soundbite
		var err error
		s, okS := lookup(m, "start")
		d, okD := lookup(m, "duration")
		if !okS || !okD || s == nil || d == nil {
			err = errors.New("start and duration are required")
		} else if sb.Start, err = duration(s); err != nil {
			err = fmt.Errorf("start: %w", err)
		} else if sb.Duration, err = duration(d); err == nil && sb.Duration <= 0 {
			err = errors.New("duration: not above zero")
		} else if err != nil {
			err = fmt.Errorf("duration: %w", err)
		}
		if err != nil {
			p.warn(line, key, fmt.Errorf("soundbite %d: %w: ignored", i+1, err))
			continue
		}
		sb.Title = lookupText(m, "title")
		out = append(out, sb)
	}
	return out
}

var (
	geoRE = regexp.MustCompile(`^geo:-?\d+(\.\d+)?,-?\d+(\.\d+)?(,-?\d+(\.\d+)?)?(;.*)?$`)
	osmRE = regexp.MustCompile(`^[NWR]\d+(#\d+)?$`)
)

// locations reads a place name, a mapping {name, rel, geo, osm,
// country}, or a list of them.
func (p *fileParser) locations(key string, v any, line int) []Location {
	var out []Location
	for _, e := range list(v) {
		var l Location
		switch e := e.(type) {
		case string:
			l.Name = strings.TrimSpace(e)
		case map[string]any:
			p.misspeltInMapping(key, line, e, nil, "name", "rel", "geo", "osm", "country")
			l = Location{
				Name: lookupText(e, "name"), Rel: strings.ToLower(lookupText(e, "rel")), Geo: lookupText(e, "geo"),
				OSM: lookupText(e, "osm"), Country: strings.ToUpper(lookupText(e, "country")),
			}
		default:
			p.warn(line, key, typeError("a place name or a mapping {name, rel, geo, osm, country}", e))
			continue
		}
		var err error
		switch {
		case l.Name == "":
			err = errors.New("a location needs a name")
		case l.Rel != "" && l.Rel != "subject" && l.Rel != "creator":
			err = fmt.Errorf("rel %q is not \"subject\" or \"creator\"", l.Rel)
		case l.Geo != "" && !geoRE.MatchString(l.Geo):
			err = fmt.Errorf("geo %q is not a geo: URI such as \"geo:48.8566,2.3522\"", l.Geo)
		case l.OSM != "" && !osmRE.MatchString(l.OSM):
			err = fmt.Errorf("osm %q is not an OpenStreetMap id such as \"R7444\"", l.OSM)
		case l.Country != "" && (len(l.Country) != 2 || strings.Trim(l.Country, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != ""):
			err = fmt.Errorf("country %q is not a two-letter code such as \"FR\"", l.Country)
		}
		if err != nil {
			p.warn(line, key, fmt.Errorf("%w: ignored", err))
			continue
		}
		out = append(out, l)
	}
	return out
}

// license reads a name or a mapping {name, url}.
func (p *fileParser) license(key string, v any, line int) *License {
	var l License
	switch v := v.(type) {
	case map[string]any:
		p.misspeltInMapping(key, line, v, nil, "name", "url")
		l = License{Name: lookupText(v, "name"), URL: p.httpURL(key, line, "url", lookupText(v, "url"))}
	default:
		s, ok := text(v)
		if !ok {
			p.warn(line, key, typeError("a license name or a mapping {name, url}", v))
			return nil
		}
		l.Name = strings.TrimSpace(s)
	}
	if l.Name == "" {
		p.warn(line, key, errors.New("no license name: ignored"))
		return nil
	}
	return &l
}

// alternateEnclosures reads a list of {url or path, type, length,
// bitrate, height, lang, title, rel, codecs, default}.
func (p *fileParser) alternateEnclosures(key string, v any, line int) []AlternateEnclosure {
	var out []AlternateEnclosure
	for _, e := range list(v) {
		m, ok := e.(map[string]any)
		if !ok {
			p.warn(line, key, typeError("a mapping {url or path, type, length, bitrate, title, ...}", e))
			continue
		}
		p.misspeltInMapping(key, line, m, []string{"url", "path", "src"}, "type", "length", "bitrate", "height", "lang", "title", "rel", "codecs", "default")
		media := p.mediaValue(key, map[string]any{
			"url": lookupText(m, "url", "path", "src"), "type": lookupText(m, "type"), "length": lengthValue(m),
		}, line)
		if media == nil {
			continue
		}
		if media.Type == "" {
			// mediaValue has reported it.
			continue
		}
		// A URL without a length is reported by the build, which may
		// read the length from the server first (remote_media.probe).
		a := AlternateEnclosure{
			Media: *media, Lang: lookupText(m, "lang"), Title: lookupText(m, "title"),
			Rel: lookupText(m, "rel"), Codecs: lookupText(m, "codecs"), Line: line,
		}
		if b, ok := lookup(m, "bitrate"); ok && b != nil {
			f, err := number(b)
			if err != nil || f < 0 {
				p.warn(line, key, fmt.Errorf("bitrate: want bits per second, got %v", b))
			} else {
				a.Bitrate = f
			}
		}
		if h, ok := lookup(m, "height"); ok && h != nil {
			n, err := integer(h)
			if err != nil || n < 0 {
				p.warn(line, key, fmt.Errorf("height: want pixels, got %v", h))
			} else {
				a.Height = n
			}
		}
		if d, ok := lookup(m, "default"); ok && d != nil {
			b, err := boolean(d, []string{"true", "yes"}, []string{"false", "no"})
			if err != nil {
				p.warn(line, key, fmt.Errorf("default: %w", err))
			}
			a.Default = b
		}
		out = append(out, a)
	}
	return out
}

// lengthValue returns the length of m, nil when absent.
func lengthValue(m map[string]any) any {
	v, _ := lookup(m, "length")
	return v
}

// number reads an integer or a decimal.
func number(v any) (float64, error) {
	switch v := v.(type) {
	case float64:
		return v, nil
	case string:
		return strconv.ParseFloat(strings.TrimSpace(v), 64)
	}
	n, err := integer(v)
	return float64(n), err
}

// txts reads a text, a mapping {purpose, text}, or a list of them.
func (p *fileParser) txts(key string, v any, line int) []Txt {
	var out []Txt
	for _, e := range list(v) {
		var t Txt
		switch e := e.(type) {
		case map[string]any:
			p.misspeltInMapping(key, line, e, nil, "purpose", "text")
			t = Txt{Purpose: lookupText(e, "purpose"), Text: lookupText(e, "text")}
		default:
			s, ok := text(e)
			if !ok {
				p.warn(line, key, typeError("a text or a mapping {purpose, text}", e))
				continue
			}
			t.Text = strings.TrimSpace(s)
		}
		if t.Text == "" {
			p.warn(line, key, errors.New("an empty txt: ignored"))
			continue
		}
		out = append(out, t)
	}
	return out
}

// social reads a list of {protocol, uri, account_id, account_url,
// priority}, or one; a URL alone is an ActivityPub post.
func (p *fileParser) social(key string, v any, line int) []Social {
	var out []Social
	for _, e := range list(v) {
		var s Social
		switch e := e.(type) {
		case string:
			s = Social{Protocol: "activitypub", URI: strings.TrimSpace(e)}
		case map[string]any:
			p.misspeltInMapping(key, line, e, nil, "protocol", "uri", "account_id", "account_url", "priority")
			s = Social{
				Protocol: strings.ToLower(lookupText(e, "protocol")), URI: lookupText(e, "uri", "url"),
				AccountID: lookupText(e, "account_id"), AccountURL: lookupText(e, "account_url"),
			}
			if pr, ok := lookup(e, "priority"); ok && pr != nil {
				n, err := integer(pr)
				if err != nil || n < 0 {
					p.warn(line, key, fmt.Errorf("priority: want a whole number, got %v", pr))
				} else {
					s.Priority = n
				}
			}
		default:
			p.warn(line, key, typeError("a post URL or a mapping {protocol, uri, account_id, account_url, priority}", e))
			continue
		}
		if s.Protocol == "" {
			p.warn(line, key, errors.New("no protocol (activitypub, atproto, ... or disabled): ignored"))
			continue
		}
		if s.Protocol != "disabled" {
			if u, err := url.Parse(s.URI); err != nil || u.Scheme == "" {
				p.warn(line, key, fmt.Errorf("uri %q is not the absolute URI of the root post: ignored", s.URI))
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

// clock formats d as H:MM:SS or M:SS.
func clock(d time.Duration) string {
	s := int64(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

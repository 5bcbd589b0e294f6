package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Podcast holds the show's Podcasting 2.0 settings: each fills a
// podcast: tag of the RSS channel. All are optional.
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md
type Podcast struct {
	// Funding lists donation links (podcast:funding).
	Funding []Funding `yaml:"funding"`
	// License is the license of the show's media (podcast:license): a
	// name from the namespace's license list, or a custom one with the
	// URL of its text.
	License *License `yaml:"license"`
	// Locations are where the show is about or made (podcast:location;
	// one mapping or a list).
	Locations OneOrMore[Location] `yaml:"location"`
	// Trailers are media files presenting the show or a season
	// (podcast:trailer); episodes with episode_type "trailer" are added.
	Trailers []Trailer `yaml:"trailers"`
	// UpdateFrequency is the intended release schedule
	// (podcast:updateFrequency).
	UpdateFrequency *UpdateFrequency `yaml:"update_frequency"`
	// Podroll lists shows the show recommends (podcast:podroll).
	Podroll []RemoteFeed `yaml:"podroll"`
	// Txt lists free texts, such as a platform's ownership proof
	// (podcast:txt).
	Txt []Txt `yaml:"txt"`
	// Block says which platforms may list the show (podcast:block): a
	// mapping of service slugs, or "all", to true (blocked) or false.
	Block map[string]bool `yaml:"block"`
	// Social lists the show's comment threads (podcast:socialInteract).
	Social []Social `yaml:"social"`
	// Value is how listeners may stream payments (podcast:value).
	Value *Value `yaml:"value"`
	// EnclosurePrefix is a download counter's prefix (OP3
	// "https://op3.dev/e/", Podtrac "https://dts.podtrac.com/redirect.mp3/")
	// put before every media URL in every feed; see PrefixURL.
	EnclosurePrefix string `yaml:"enclosure_prefix"`
}

// Funding is a donation link and its text.
type Funding struct {
	URL  string `yaml:"url"`
	Text string `yaml:"text"`
}

// License is a license name, with the URL of its text. A plain string
// value is the name.
type License struct {
	Name string `yaml:"name"`
	URL  string `yaml:"url"`
}

// UnmarshalYAML reads a name or a mapping {name, url}.
func (l *License) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		l.Name = n.Value
		return nil
	}
	type plain License
	return n.Decode((*plain)(l))
}

// Location is a place: its name, "subject" (the default) or "creator"
// (where the show is made), a geo: URI, an OpenStreetMap id and a
// country code. A plain string value is the name.
type Location struct {
	Name    string `yaml:"name"`
	Rel     string `yaml:"rel"`
	Geo     string `yaml:"geo"`
	OSM     string `yaml:"osm"`
	Country string `yaml:"country"`
}

// UnmarshalYAML reads a name or a mapping.
func (l *Location) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		l.Name = n.Value
		return nil
	}
	type plain Location
	return n.Decode((*plain)(l))
}

// OneOrMore is a list that may be written as its only element.
type OneOrMore[T any] []T

// UnmarshalYAML reads a list, or one value.
func (o *OneOrMore[T]) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.SequenceNode {
		var list []T
		if err := n.Decode(&list); err != nil {
			return err
		}
		*o = list
		return nil
	}
	var v T
	if err := n.Decode(&v); err != nil {
		return err
	}
	*o = OneOrMore[T]{v}
	return nil
}

// Trailer is a media file presenting the show, or a season of it.
type Trailer struct {
	Title  string `yaml:"title"`
	URL    string `yaml:"url"`
	Type   string `yaml:"type"`
	Length int64  `yaml:"length"`
	// PubDate is the release date, "2025-03-01" or RFC 3339.
	PubDate string `yaml:"pubdate"`
	Season  int    `yaml:"season"`
	// Published is PubDate, read by Validate.
	Published time.Time `yaml:"-"`
}

// UpdateFrequency is the release schedule: a text for listeners, an
// iCalendar RRULE ("FREQ=WEEKLY;BYDAY=MO"), the date it starts from, or
// complete when no more episodes will come.
type UpdateFrequency struct {
	Text     string `yaml:"text"`
	RRule    string `yaml:"rrule"`
	DTStart  string `yaml:"dtstart"`
	Complete bool   `yaml:"complete"`
}

// RemoteFeed is a recommended show: its podcast:guid, and its feed URL,
// title and medium as hints.
type RemoteFeed struct {
	GUID   string `yaml:"guid"`
	URL    string `yaml:"url"`
	Title  string `yaml:"title"`
	Medium string `yaml:"medium"`
}

// Txt is a free text and its purpose ("verify", "applepodcastsverify").
type Txt struct {
	Purpose string `yaml:"purpose"`
	Text    string `yaml:"text"`
}

// Social is the root post of a comment thread.
type Social struct {
	Protocol   string `yaml:"protocol"`
	URI        string `yaml:"uri"`
	AccountID  string `yaml:"account_id"`
	AccountURL string `yaml:"account_url"`
	Priority   int    `yaml:"priority"`
}

// Value is the payment layer and method, and the recipients.
type Value struct {
	Type       string           `yaml:"type"`
	Method     string           `yaml:"method"`
	Suggested  string           `yaml:"suggested"`
	Recipients []ValueRecipient `yaml:"recipients"`
}

// ValueRecipient is one payee.
type ValueRecipient struct {
	Name        string `yaml:"name"`
	Type        string `yaml:"type"`
	Address     string `yaml:"address"`
	Split       int    `yaml:"split"`
	CustomKey   string `yaml:"custom_key"`
	CustomValue string `yaml:"custom_value"`
	Fee         bool   `yaml:"fee"`
}

var (
	uuidRE  = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	slugRE  = regexp.MustCompile(`^[a-z0-9]+$`)
	geoRE   = regexp.MustCompile(`^geo:-?\d+(\.\d+)?,-?\d+(\.\d+)?(,-?\d+(\.\d+)?)?(;.*)?$`)
	osmRE   = regexp.MustCompile(`^[NWR]\d+(#\d+)?$`)
	rruleRE = regexp.MustCompile(`^(?i)([A-Z]+=[^;=]+)(;[A-Z]+=[^;=]+)*$`)
)

// BlockAll is the Block key that stands for every platform.
const BlockAll = "all"

// validatePodcast checks the Podcasting 2.0 settings, naming the key of
// the first problem.
func (c *Config) validatePodcast() error {
	p := &c.Podcast
	for i, f := range p.Funding {
		if !absURL(f.URL) {
			return &Error{fmt.Sprintf("funding[%d].url", i), fmt.Sprintf("%q is not an absolute http(s) URL", f.URL)}
		}
		if strings.TrimSpace(f.Text) == "" {
			return &Error{fmt.Sprintf("funding[%d].text", i), "is empty: apps show it beside the link"}
		}
	}
	if l := p.License; l != nil {
		if strings.TrimSpace(l.Name) == "" {
			return &Error{"license.name", "is empty"}
		}
		if l.URL != "" && !absURL(l.URL) {
			return &Error{"license.url", fmt.Sprintf("%q is not an absolute http(s) URL", l.URL)}
		}
	}
	for i, l := range p.Locations {
		if err := checkLocation(fmt.Sprintf("location[%d]", i), l); err != nil {
			return err
		}
	}
	for i := range p.Trailers {
		t := &p.Trailers[i]
		key := fmt.Sprintf("trailers[%d]", i)
		if strings.TrimSpace(t.Title) == "" {
			return &Error{key + ".title", "is empty"}
		}
		if !absURL(t.URL) {
			return &Error{key + ".url", fmt.Sprintf("%q is not an absolute http(s) URL", t.URL)}
		}
		if t.Length < 0 || t.Season < 0 {
			return &Error{key, "length and season cannot be negative"}
		}
		d, err := parseDate(t.PubDate, c.Location)
		if err != nil {
			return &Error{key + ".pubdate", err.Error()}
		}
		t.Published = d
	}
	if u := p.UpdateFrequency; u != nil {
		if strings.TrimSpace(u.Text) == "" {
			return &Error{"update_frequency.text", "is empty: apps show it (\"Every Monday\")"}
		}
		if u.RRule != "" && (!rruleRE.MatchString(u.RRule) || !strings.Contains(strings.ToUpper(u.RRule), "FREQ=")) {
			return &Error{"update_frequency.rrule", fmt.Sprintf("%q is not an iCalendar RRULE such as \"FREQ=WEEKLY;BYDAY=MO\" (RFC 5545)", u.RRule)}
		}
		if strings.Contains(strings.ToUpper(u.RRule), "COUNT=") && u.DTStart == "" {
			return &Error{"update_frequency.dtstart", "is required with a COUNT in the rrule"}
		}
		if u.DTStart != "" {
			if _, err := parseDate(u.DTStart, time.UTC); err != nil {
				return &Error{"update_frequency.dtstart", err.Error()}
			}
		}
	}
	for i, r := range p.Podroll {
		if !uuidRE.MatchString(r.GUID) {
			return &Error{fmt.Sprintf("podroll[%d].guid", i), fmt.Sprintf("%q is not a podcast:guid (a UUID)", r.GUID)}
		}
		if r.URL != "" && !absURL(r.URL) {
			return &Error{fmt.Sprintf("podroll[%d].url", i), fmt.Sprintf("%q is not an absolute http(s) URL", r.URL)}
		}
		if r.Medium != "" && !validMedium(r.Medium) {
			return &Error{fmt.Sprintf("podroll[%d].medium", i), fmt.Sprintf("%q is not a Podcasting 2.0 medium", r.Medium)}
		}
	}
	for i, t := range p.Txt {
		if strings.TrimSpace(t.Text) == "" {
			return &Error{fmt.Sprintf("txt[%d].text", i), "is empty"}
		}
	}
	for id := range p.Block {
		if !slugRE.MatchString(id) {
			return &Error{"block." + id, "is not a service slug (\"google\", \"spotify\") or \"all\""}
		}
	}
	for i, s := range p.Social {
		if err := CheckSocial(s.Protocol, s.URI, s.AccountURL); err != nil {
			return &Error{fmt.Sprintf("social[%d]", i), err.Error()}
		}
	}
	if v := p.Value; v != nil {
		if v.Type == "" || v.Method == "" {
			return &Error{"value", "needs a type and a method (\"lightning\", \"keysend\")"}
		}
		if len(v.Recipients) == 0 {
			return &Error{"value.recipients", "is empty"}
		}
		for i, r := range v.Recipients {
			if r.Type == "" || r.Address == "" || r.Split <= 0 {
				return &Error{fmt.Sprintf("value.recipients[%d]", i), "needs a type, an address and a split above 0"}
			}
		}
	}
	if p.EnclosurePrefix != "" {
		if !absURL(p.EnclosurePrefix) || !strings.HasSuffix(p.EnclosurePrefix, "/") {
			return &Error{"enclosure_prefix", fmt.Sprintf("%q is not an absolute http(s) URL ending with \"/\", such as \"https://op3.dev/e/\"", p.EnclosurePrefix)}
		}
	}
	return nil
}

// BlockedPlatforms returns the Block entries in a fixed order: "all"
// first (written without id), then the platforms by name.
func (p *Podcast) BlockedPlatforms() (ids []string, blocked []bool) {
	keys := make([]string, 0, len(p.Block))
	for k := range p.Block {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		switch {
		case a == BlockAll:
			return -1
		case b == BlockAll:
			return 1
		}
		return strings.Compare(a, b)
	})
	for _, k := range keys {
		id := k
		if k == BlockAll {
			id = ""
		}
		ids, blocked = append(ids, id), append(blocked, p.Block[k])
	}
	return ids, blocked
}

// PrefixURL returns u behind a download counter's prefix, as OP3 and
// Podtrac document it: an https URL goes without its scheme
// ("https://op3.dev/e/" + "example.com/a.mp3"), an http URL keeps it
// ("https://op3.dev/e/http://example.com/a.mp3"). Other URLs (relative,
// other schemes) and an empty prefix leave u as it is.
//
// Spec: https://op3.dev/setup, https://www.podtrac.com/manual-feed-edit
func PrefixURL(prefix, u string) string {
	if prefix == "" {
		return u
	}
	if rest, ok := strings.CutPrefix(u, "https://"); ok {
		return prefix + rest
	}
	if strings.HasPrefix(u, "http://") {
		return prefix + u
	}
	return u
}

// CheckLocation checks a location's values; key names it in errors.
func checkLocation(key string, l Location) error {
	if strings.TrimSpace(l.Name) == "" {
		return &Error{key + ".name", "is empty"}
	}
	if err := CheckLocation(l.Rel, l.Geo, l.OSM, l.Country); err != nil {
		return &Error{key, err.Error()}
	}
	return nil
}

// CheckLocation checks the attributes of a podcast:location: rel
// "subject" or "creator", a geo: URI (RFC 5870), an OpenStreetMap id
// ("R7444") and a two-letter country code; empty values are allowed.
func CheckLocation(rel, geo, osm, country string) error {
	switch rel {
	case "", "subject", "creator":
	default:
		return fmt.Errorf("rel %q is not \"subject\" or \"creator\"", rel)
	}
	if geo != "" && !geoRE.MatchString(geo) {
		return fmt.Errorf("geo %q is not a geo: URI such as \"geo:48.8566,2.3522\"", geo)
	}
	if osm != "" && !osmRE.MatchString(osm) {
		return fmt.Errorf("osm %q is not an OpenStreetMap id such as \"R7444\"", osm)
	}
	if country != "" && (len(country) != 2 || !isAlnum(country, true)) {
		return fmt.Errorf("country %q is not a two-letter code such as \"FR\"", country)
	}
	return nil
}

// absoluteURI is a scheme and a colon, then no space or control
// character.
var absoluteURI = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20\x7f]+$`)

// CheckSocial checks a podcast:socialInteract: a protocol, and a URI
// unless the protocol is "disabled".
func CheckSocial(protocol, uri, accountURL string) error {
	if protocol == "" {
		return fmt.Errorf("no protocol (\"activitypub\", \"atproto\", ... or \"disabled\")")
	}
	if protocol == "disabled" {
		return nil
	}
	// Any absolute URI (RFC 3986 §4.3): a scheme, then no space. Not
	// url.Parse, which reads the "did:plc:..." of an atproto URI
	// (at://did:plc:xyz/app.bsky.feed.post/abc) as a host and a port.
	if !absoluteURI.MatchString(uri) {
		return fmt.Errorf("uri %q is not the absolute URI of the root post", uri)
	}
	if accountURL != "" && !absURL(accountURL) {
		return fmt.Errorf("account_url %q is not an absolute http(s) URL", accountURL)
	}
	return nil
}

// parseDate reads "2006-01-02" (midnight in loc) or RFC 3339.
func parseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date such as \"2025-03-01\" or \"2025-03-01T08:00:00Z\"", s)
}

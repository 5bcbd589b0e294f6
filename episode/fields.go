package episode

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// knownKeys are the front matter keys read into Episode fields, lowercase.
// Keys are matched without case; every other key goes to Params.
var knownKeys = []string{
	"title", "description", "date", "updated", "lastmod", "tags", "series", "image", "apercu",
	"draft", "guid", "slug", "link", "permalink", "audio", "video",
	"enclosure", "duration", "season", "episode", "episode_type",
	"episodetype", "explicit", "persons",
	// Podcasting 2.0 (podcast.go).
	"chapters", "soundbites", "location", "license",
	"alternate_enclosures", "txt", "social",
}

// fields holds the known keys of a document, by lowercase name.
type fields struct {
	doc   *document
	names map[string]string // lowercase name -> key as written
}

func (f fields) get(name string) (key string, v any, line int, ok bool) {
	key, ok = f.names[name]
	if !ok {
		return name, nil, f.doc.line, false
	}
	return key, f.doc.values[key], f.doc.lines[key], true
}

// fields reads the front matter into ep. A missing or unusable title or
// date makes the file fail (every feed item needs both); other unusable fields are warnings and are
// left empty.
func (p *fileParser) fields(ep *Episode, doc *document) {
	f := fields{doc: doc, names: map[string]string{}}
	for _, k := range doc.keys {
		lk := strings.ToLower(k)
		if !slices.Contains(knownKeys, lk) {
			if ep.Params == nil {
				ep.Params = map[string]any{}
			}
			ep.Params[k] = doc.values[k]
			continue
		}
		if prev, dup := f.names[lk]; dup {
			p.warn(doc.lines[k], k, fmt.Errorf("duplicate of %q: ignored", prev))
			continue
		}
		f.names[lk] = k
	}

	p.title(ep, f)
	p.date(ep, f)
	p.updated(ep, f)
	ep.Description = p.str(f, "description")
	ep.Series = p.str(f, "series")
	ep.GUID = p.str(f, "guid")
	ep.Slug = p.str(f, "slug")
	ep.Link = p.str(f, "link")
	if ep.Link == "" {
		ep.Link = p.str(f, "permalink")
	}
	if key, v, line, ok := f.get("tags"); ok {
		ep.Tags = p.tags(key, v, line)
	}
	if key, v, line, ok := f.get("image"); ok {
		ep.Image = p.image(key, v, line)
	}
	if key, v, line, ok := f.get("apercu"); ok {
		ep.Apercu = p.image(key, v, line)
	}
	if key, v, line, ok := f.get("draft"); ok && v != nil {
		b, err := boolean(v, []string{"true"}, []string{"false"})
		if err != nil {
			p.warn(line, key, err)
		}
		ep.Draft = b
	}
	p.media(ep, f)
	if key, v, line, ok := f.get("duration"); ok && v != nil {
		d, err := duration(v)
		if err != nil {
			p.warn(line, key, err)
		}
		ep.Duration = d
	}
	if ep.Duration == 0 && ep.Media != nil {
		// The front matter's duration wins over the media file's.
		ep.Duration = p.mediaDuration
	}
	ep.Season = p.count(f, "season")
	ep.Number = p.count(f, "episode")
	p.episodeType(ep, f)
	if key, v, line, ok := f.get("explicit"); ok && v != nil {
		b, err := boolean(v, []string{"true", "yes"}, []string{"false", "no", "clean"})
		if err != nil {
			p.warn(line, key, err)
		} else {
			ep.Explicit = &b
		}
	}
	if key, v, line, ok := f.get("persons"); ok {
		ep.Persons = p.persons(key, v, line)
	}
	p.podcastFields(ep, f)
	p.misspeltKeys(doc, f)
}

func (p *fileParser) title(ep *Episode, f fields) {
	key, v, line, ok := f.get("title")
	if !ok || v == nil {
		p.fail(line, key, errors.New("missing: an episode needs a title"))
		return
	}
	s, ok := text(v)
	if !ok {
		p.fail(line, key, typeError("a string", v))
		return
	}
	if ep.Title = strings.TrimSpace(s); ep.Title == "" {
		p.fail(line, key, errors.New("empty: an episode needs a title"))
	}
}

func (p *fileParser) date(ep *Episode, f fields) {
	key, v, line, ok := f.get("date")
	if !ok || v == nil {
		p.fail(line, key, errors.New("missing: an episode needs a release date"))
		return
	}
	t, err := date(v, p.loc)
	if err != nil {
		p.fail(line, key, err)
		return
	}
	ep.Date = t
}

// updated reads the time of the episode's last significant change:
// "updated" (Atom's name), or "lastmod" (Hugo's) when there is no
// "updated". It is read as the date is, and must not be before it.
func (p *fileParser) updated(ep *Episode, f fields) {
	name := "updated"
	if _, ok := f.names[name]; !ok {
		name = "lastmod"
	} else if key, _, line, ok := f.get("lastmod"); ok {
		p.warn(line, key, fmt.Errorf("%q is given too: ignored", f.names["updated"]))
	}
	key, v, line, ok := f.get(name)
	if !ok || v == nil {
		return
	}
	t, err := date(v, p.loc)
	if err != nil {
		p.warn(line, key, fmt.Errorf("%w: ignored", err))
		return
	}
	if !ep.Date.IsZero() && t.Before(ep.Date) {
		p.warn(line, key, fmt.Errorf("%s is before the release date %s: ignored",
			t.Format(time.RFC3339), ep.Date.Format(time.RFC3339)))
		return
	}
	ep.Updated = t
}

// str reads a text field, trimmed; anything but a scalar is a warning.
func (p *fileParser) str(f fields, name string) string {
	key, v, line, ok := f.get(name)
	if !ok || v == nil {
		return ""
	}
	s, ok := text(v)
	if !ok {
		p.warn(line, key, typeError("a string", v))
		return ""
	}
	return strings.TrimSpace(s)
}

// count reads a season or episode number.
func (p *fileParser) count(f fields, name string) int {
	key, v, line, ok := f.get(name)
	if !ok || v == nil {
		return 0
	}
	n, err := integer(v)
	if err == nil && n < 0 {
		err = fmt.Errorf("negative number: %d", n)
	}
	if err != nil {
		p.warn(line, key, err)
		return 0
	}
	return n
}

func (p *fileParser) episodeType(ep *Episode, f fields) {
	name := "episode_type"
	if _, ok := f.names[name]; !ok {
		name = "episodetype"
	}
	s := p.str(f, name)
	if s == "" {
		return
	}
	switch t := strings.ToLower(s); t {
	case "full", "trailer", "bonus":
		ep.EpisodeType = t
	default:
		key, _, line, _ := f.get(name)
		p.warn(line, key, fmt.Errorf("unknown episode type %q (want full, trailer or bonus): ignored", s))
	}
}

// list returns v as a list: a list as is, nil as empty, any other value as
// a list of one.
func list(v any) []any {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		return v
	}
	return []any{v}
}

// tags reads a list of tags, or a single tag: trimmed, empty ones dropped,
// repeated ones removed, order kept.
func (p *fileParser) tags(key string, v any, line int) []string {
	var tags []string
	seen := map[string]bool{}
	for _, e := range list(v) {
		s, ok := text(e)
		if !ok {
			p.warn(line, key, typeError("a tag", e))
			continue
		}
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			tags = append(tags, s)
		}
	}
	return tags
}

// persons reads a list of names or of mappings {name, role, group, href,
// img}.
func (p *fileParser) persons(key string, v any, line int) []Person {
	var persons []Person
	for _, e := range list(v) {
		var person Person
		switch e := e.(type) {
		case string:
			person.Name = strings.TrimSpace(e)
		case map[string]any:
			p.misspeltInMapping(key, line, e, nil, "name", "role", "group", "href", "img")
			person = Person{
				Name:  lookupText(e, "name"),
				Role:  lookupText(e, "role"),
				Group: lookupText(e, "group"),
				Href:  lookupText(e, "href"),
				Img:   lookupText(e, "img"),
			}
		default:
			p.warn(line, key, typeError("a name or a mapping {name, role, group, href, img}", e))
			continue
		}
		if person.Name == "" {
			p.warn(line, key, errors.New("a person without a name: ignored"))
			continue
		}
		persons = append(persons, person)
	}
	return persons
}

// lookup returns the value of the first of names found in m, matched
// without case.
func lookup(m map[string]any, names ...string) (any, bool) {
	for _, name := range names {
		if v, ok := m[name]; ok {
			return v, true
		}
		for k, v := range m {
			if strings.EqualFold(k, name) {
				return v, true
			}
		}
	}
	return nil, false
}

// lookupText returns the first of names found in m as trimmed text.
func lookupText(m map[string]any, names ...string) string {
	v, _ := lookup(m, names...)
	s, _ := text(v)
	return strings.TrimSpace(s)
}

// misspeltKeys warns about the unknown keys that look like a known key
// misspelt (seires, imgae, tag): their value is kept in Params, but the
// field the writer meant stays empty. Unknown keys far from every known
// key are the writer's own and are not reported.
func (p *fileParser) misspeltKeys(doc *document, f fields) {
	has := func(known string) bool {
		for _, pair := range [][2]string{{"episode_type", "episodetype"}, {"updated", "lastmod"}} {
			if known == pair[0] || known == pair[1] {
				_, a := f.names[pair[0]]
				_, b := f.names[pair[1]]
				return a || b
			}
		}
		_, ok := f.names[known]
		return ok
	}
	for _, k := range doc.keys {
		if slices.Contains(knownKeys, strings.ToLower(k)) {
			continue
		}
		if known := similarKey(k, knownKeys, has); known != "" {
			p.warn(doc.lines[k], k, fmt.Errorf("unknown key; did you mean %q?", known))
		}
	}
}

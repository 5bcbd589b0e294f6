package config

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Show is a show of its own inside the content folder: a folder with an
// _index.md (Hugo's branch bundle). Its front matter takes the show's keys
// of the configuration file; every key it leaves out is the top-level
// configuration's, but for the keys that identify one feed in a directory
// (directories, txt), which a show never inherits: a show inheriting the
// network's Apple id or ownership proof would claim the network's page.
type Show struct {
	// Config is the show's configuration: the top-level one with the
	// keys of the index file over it, validated.
	*Config
	// File is the index file's slash path in the content folder, Dir its
	// folder.
	File, Dir string
	// Slug names the show's feed folder (shows/<slug>/): the slug key,
	// else "" and the caller makes it from the folder's name. Never from
	// the title, so that a renamed show keeps its feed URL.
	Slug string
	// PodcastGUID is the explicit podcast:guid, "" for the one made from
	// the feed URL.
	PodcastGUID string
	// NewFeedURL is where the show moved (itunes:new-feed-url).
	NewFeedURL string
	// Seasons maps a series name to the season number of its episodes
	// that set none.
	Seasons map[string]int
	// ArtworkFile is the artwork's slash path in the content folder when
	// the index file gives it by a path relative to its folder
	// ("artwork: cover.png" beside _index.md), as an episode gives its
	// image; Artwork then keeps what the file says.
	ArtworkFile string
	// Set lists the keys the index file sets, in its order.
	Set []string
	// lines are the lines of the keys set.
	lines map[string]int
}

// showKeys are the keys of the configuration file a show may set: what
// its feeds say of it. The others (base_url, content, publish, feed_limit,
// id_authority, ...) are the build's, set once for every show.
var showKeys = []string{
	"title", "description", "language", "link", "author", "owner", "copyright",
	"categories", "explicit", "type", "medium", "locked", "artwork", "artwork_alt",
	"directories", "network_feed",
	// Podcasting 2.0 (podcast.go), but enclosure_prefix, which every
	// item's rendering depends on.
	"funding", "license", "location", "trailers", "update_frequency", "podroll",
	"txt", "block", "social", "value",
}

// notInherited are the show keys a show does not take from the top level
// when it does not set them.
var notInherited = []string{"directories", "txt"}

// FileError is a problem of a show's index file: the file, the line and
// the key.
type FileError struct {
	Path string
	Line int
	Key  string
	Msg  string
}

func (e *FileError) Error() string {
	loc := e.Path
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.Path, e.Line)
	}
	return fmt.Sprintf("%s: %s: %s", loc, e.Key, e.Msg)
}

var (
	showSlugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// yamlLine is the "line N: " yaml.v3 puts before its messages.
	yamlLine = regexp.MustCompile(`^(yaml: )?line (\d+): `)
)

// ParseShow reads the front matter of the index file at file (a slash
// path in the content folder; line is the line of the front matter's
// first byte) over parent, a validated configuration. The error is a
// *FileError naming the line and the key.
func ParseShow(parent *Config, file string, frontMatter []byte, line int) (*Show, error) {
	fail := func(l int, key, msg string) (*Show, error) {
		return nil, &FileError{Path: file, Line: l, Key: key, Msg: msg}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(frontMatter, &doc); err != nil {
		l, msg := line, err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[2])
			l = line + n - 1
		}
		return fail(l, "front matter", yamlLine.ReplaceAllString(msg, ""))
	}
	var root *yaml.Node
	if len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	if root == nil || root.Kind != yaml.MappingNode {
		return fail(line, "front matter", "is not a mapping of keys: a show gives at least its title")
	}
	c := *parent
	var fresh Config
	sh := &Show{Config: &c, File: file, lines: map[string]int{}}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key, at := k.Value, line+k.Line-1
		if _, dup := sh.lines[key]; dup {
			return fail(at, key, "is set twice")
		}
		sh.lines[key] = at
		sh.Set = append(sh.Set, key)
		var dst any
		switch key {
		case "slug":
			dst = &sh.Slug
		case "podcast_guid":
			dst = &sh.PodcastGUID
		case "new_feed_url":
			dst = &sh.NewFeedURL
		case "seasons":
			dst = &sh.Seasons
		default:
			if !slices.Contains(showKeys, key) {
				if _, ok := fieldByKey(&fresh, key); ok {
					return fail(at, key, "is a key of the configuration file only: it is the same for every show")
				}
				return fail(at, key, "is not a key of a show (the configuration file's show keys, slug, podcast_guid, new_feed_url, seasons)")
			}
			f, _ := fieldByKey(&fresh, key)
			dst = f.Addr().Interface()
		}
		if err := v.Decode(dst); err != nil {
			return fail(line+v.Line-1, key, yamlLine.ReplaceAllString(strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n  "), ""))
		}
	}
	// The keys set replace the top level's; the others are inherited.
	for _, key := range showKeys {
		dst, _ := fieldByKey(sh.Config, key)
		if _, set := sh.lines[key]; set {
			src, _ := fieldByKey(&fresh, key)
			dst.Set(src)
		} else if slices.Contains(notInherited, key) {
			dst.Set(reflect.Zero(dst.Type()))
		}
	}
	// Validate fills in the trailers' dates: on a copy, not in the top
	// level's list.
	c.Trailers = slices.Clone(c.Trailers)
	if _, set := sh.lines["title"]; !set || strings.TrimSpace(c.Title) == "" {
		return fail(line, "title", "is not set: a show has its own title (its feeds would be a copy of the top level's)")
	}
	// An artwork given by a relative path is a file of the content
	// folder, beside the index file; the configuration file's artwork is
	// a file of the static folder ("/artwork.png") or a URL.
	if a := c.Artwork; sh.lines["artwork"] > 0 && a != "" && !strings.HasPrefix(a, "/") && !strings.Contains(a, ":") {
		p := path.Join(path.Dir(file), strings.ReplaceAll(a, `\`, "/"))
		if p == "." || p == ".." || strings.HasPrefix(p, "../") || !fs.ValidPath(p) {
			return fail(sh.line("artwork"), "artwork", fmt.Sprintf("%q is outside the content folder", a))
		}
		sh.ArtworkFile = p
		c.Artwork = "" // the build reads the file, and says what is wrong with it
	}
	if err := c.Validate(); err != nil {
		var ce *Error
		if errors.As(err, &ce) {
			top := ce.Key
			if i := strings.IndexAny(top, ".["); i >= 0 {
				top = top[:i]
			}
			return fail(sh.line(top), ce.Key, ce.Msg)
		}
		return fail(line, "front matter", err.Error())
	}
	if sh.ArtworkFile != "" {
		c.Artwork = fresh.Artwork
	}
	if sh.Slug != "" && !showSlugRE.MatchString(sh.Slug) {
		return fail(sh.line("slug"), "slug", fmt.Sprintf("%q is not a slug: lowercase letters, digits and single dashes", sh.Slug))
	}
	if sh.PodcastGUID != "" && !uuidRE.MatchString(sh.PodcastGUID) {
		return fail(sh.line("podcast_guid"), "podcast_guid", fmt.Sprintf("%q is not a UUID", sh.PodcastGUID))
	}
	if sh.NewFeedURL != "" && !absURL(sh.NewFeedURL) {
		return fail(sh.line("new_feed_url"), "new_feed_url", fmt.Sprintf("%q is not an absolute http(s) URL", sh.NewFeedURL))
	}
	for name, n := range sh.Seasons {
		if n <= 0 {
			return fail(sh.line("seasons"), "seasons", fmt.Sprintf("%q: %d is not a season number (1 or more)", name, n))
		}
	}
	if i := strings.LastIndexByte(file, '/'); i >= 0 {
		sh.Dir = file[:i]
	}
	return sh, nil
}

// line returns the line of a key the index file sets, else the line of
// its first key.
func (s *Show) line(key string) int {
	if l, ok := s.lines[key]; ok {
		return l
	}
	if len(s.Set) > 0 {
		return s.lines[s.Set[0]]
	}
	return 0
}

// Line returns the line of the index file that sets key, 0 when it does
// not set it.
func (s *Show) Line(key string) int { return s.lines[key] }

// fieldByKey returns the field of c that the file key sets, looking into
// the inline structs (Podcast).
func fieldByKey(c *Config, key string) (reflect.Value, bool) {
	return findField(reflect.ValueOf(c).Elem(), key)
}

func findField(v reflect.Value, key string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if opts == "inline" {
			if f, ok := findField(v.Field(i), key); ok {
				return f, true
			}
			continue
		}
		if name == key && name != "-" {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// IsShowKey reports whether a key of the configuration file ("owner.email",
// "funding[0].url") is one a show sets for itself.
func IsShowKey(key string) bool {
	if i := strings.IndexAny(key, ".["); i >= 0 {
		key = key[:i]
	}
	return slices.Contains(showKeys, key)
}

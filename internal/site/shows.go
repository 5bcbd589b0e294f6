package site

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/cache"
	"github.com/feedcast/feedcast/internal/config"
)

// Shows of the content folder: a folder with an _index.md (Hugo's branch
// bundle) is a show of its own. Every episode under it is the show's (the
// nearest one's, when shows are nested); the index file's front matter
// takes the show keys of the configuration file over the top-level ones
// (config.ParseShow), and its Markdown body is the show's description.
//
// A show has its own feeds, with their archive pages, under shows/<slug>/:
// the slug is the slug key, else the folder's name, never the title, so
// that renaming a show does not move its feeds. Its episodes keep their
// ids (an id is the episode's, whatever feed holds it), and are in the
// top-level feeds too unless network_feed is false. A series whose
// episodes are all one show's is published under that show's title,
// description and artwork, at its usual address.

// showsDir is the folder of the shows' feeds and pages.
const showsDir = "shows/"

// show is a show of the content folder as the build publishes it.
type show struct {
	*config.Show
	slug string
	// pictures are the renditions of its artwork; nil when it has the
	// top level's.
	pictures *pictures
	key      key // what its feeds take from it, but the episodes
}

// dir is the output folder of the show's feeds.
func (sh *show) dir() string { return showsDir + sh.slug + "/" }

// indexFiles returns the index files of the content folder, in path
// order: from the scanned tree when there is one, else walked.
func (s *site) indexFiles() []string {
	var out []string
	if t := s.contentTree; t != nil {
		for p := range t.files {
			if path.Base(p) == episode.IndexFile {
				out = append(out, p)
			}
		}
		sortPaths(out)
		return out
	}
	if s.content == nil {
		return nil
	}
	fs.WalkDir(s.content, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != ".":
			return fs.SkipDir
		case !d.IsDir() && d.Name() == episode.IndexFile:
			out = append(out, p)
		}
		return nil
	})
	return out
}

// readShows reads the shows of the content folder. A broken index file is
// an error diagnostic naming its line and key: its folder is then not a
// show, and its episodes are published in the top-level feeds only.
func (s *site) readShows() ([]*show, []episode.Diagnostic) {
	var shows []*show
	var diags []episode.Diagnostic
	bySlug := map[string]string{}
	for _, p := range s.indexFiles() {
		sh, err := s.readShow(p)
		if err == nil {
			if other, taken := bySlug[sh.slug]; taken {
				err = &config.FileError{Path: p, Line: sh.Line("slug"), Key: "slug", Msg: fmt.Sprintf("%q is the slug of %s too: give one of them another slug", sh.slug, other)}
			}
		}
		if err != nil {
			d := episode.Diagnostic{Path: p, Field: "file", Err: err}
			var fe *config.FileError
			var ed *episode.Diagnostic
			switch {
			case errors.As(err, &fe):
				d.Line, d.Field, d.Err = fe.Line, fe.Key, errors.New(fe.Msg+": the folder's episodes are published in the top-level feeds only")
			case errors.As(err, &ed):
				d = *ed
			}
			diags = append(diags, d)
			continue
		}
		bySlug[sh.slug] = p
		shows = append(shows, sh)
	}
	return shows, diags
}

func (s *site) readShow(p string) (*show, error) {
	if path.Dir(p) == "." {
		return nil, &config.FileError{Path: p, Line: 1, Key: "file", Msg: "is at the top of the content folder: the top-level show's keys are in the configuration file"}
	}
	data, err := fs.ReadFile(s.content, p)
	if err != nil {
		return nil, err
	}
	idx, d := episode.ParseIndex(p, data)
	if d != nil {
		return nil, d
	}
	cs, err := config.ParseShow(s.cfg, p, idx.FrontMatter, idx.Line)
	if err != nil {
		return nil, err
	}
	// The body is the description (Apple: up to 4000 characters).
	if desc := plainText(idx.HTML, 4000); desc != "" {
		cs.Description = desc
	}
	sh := &show{Show: cs, slug: cs.Slug}
	if sh.slug == "" {
		sh.slug = Slugify(path.Base(cs.Dir))
	}
	if sh.slug == "" {
		return nil, &config.FileError{Path: p, Line: idx.Line, Key: "slug", Msg: fmt.Sprintf("the folder name %q makes no slug: set one", path.Base(cs.Dir))}
	}
	return sh, nil
}

// showOf returns the show an episode file belongs to: the nearest folder
// above it with an index file; nil for the top level.
func (s *site) showOf(p string) *show {
	var best *show
	for _, sh := range s.shows {
		if strings.HasPrefix(p, sh.Dir+"/") && (best == nil || len(sh.Dir) > len(best.Dir)) {
			best = sh
		}
	}
	return best
}

// setShowKeys digests what each show's feeds take from it, once its
// artwork is processed.
func (s *site) setShowKeys() {
	for _, sh := range s.shows {
		cfg, _ := json.Marshal(sh.Config)
		seasons, _ := json.Marshal(sh.Seasons)
		sh.key = cache.Digest("show", cfg, sh.slug, sh.File, sh.PodcastGUID, sh.NewFeedURL, seasons, picturesKey(sh.pictures))
	}
}

// seasonOf is the season number of the episode's item: its own, else the
// one its show gives its series (the index file's seasons).
func (s *site) seasonOf(en *entry) int {
	e := en.ep
	if e.Season != 0 || e.Series == "" {
		return e.Season
	}
	if sh := s.showOf(e.Path); sh != nil {
		return sh.Seasons[e.Series]
	}
	return 0
}

// inNetworkFeed reports whether the top-level feeds hold the episode.
func (s *site) inNetworkFeed(en *entry) bool {
	if sh := s.showOf(en.ep.Path); sh != nil {
		return sh.NetworkFeed
	}
	return true
}

// showGroups returns the top-level group (every episode, or those
// network_feed leaves there) and a group per show, by slug.
func (s *site) showGroups(entries []*entry) []*group {
	top := entries
	if len(s.shows) > 0 {
		top = slices.DeleteFunc(slices.Clone(entries), func(en *entry) bool { return !s.inNetworkFeed(en) })
	}
	out := []*group{{entries: top}}
	shows := slices.Clone(s.shows)
	slices.SortFunc(shows, func(a, b *show) int { return strings.Compare(a.slug, b.slug) })
	for _, sh := range shows {
		g := &group{dir: sh.dir(), id: strings.TrimSuffix(sh.dir(), "/"), show: sh}
		for _, en := range entries {
			if s.showOf(en.ep.Path) == sh {
				g.entries = append(g.entries, en)
			}
		}
		out = append(out, g)
	}
	return out
}

// seriesShow returns the show of every entry of a series, nil when they
// are not all one show's.
func (s *site) seriesShow(entries []*entry) *show {
	var sh *show
	for i, en := range entries {
		o := s.showOf(en.ep.Path)
		if o == nil || (i > 0 && o != sh) {
			return nil
		}
		sh = o
	}
	return sh
}

// groupArtwork is the square artwork of a group's feeds: its show's, else
// the top level's.
func (s *site) groupArtwork(g *group) *feed.Image {
	if g.show != nil && g.show.pictures != nil {
		return g.show.pictures.square
	}
	return s.showArtwork()
}

// showOwnArtwork returns the artwork of a show of the content folder when
// it is not the top level's (a file beside its index file, or of the
// static folder); a URL is linked as it is. A show without artwork of its
// own has the top level's renditions.
func (s *site) showOwnArtwork(sh *show) (*episode.ImageRef, bool) {
	if sh.ArtworkFile != "" {
		return &episode.ImageRef{Root: episode.RootContent, Path: sh.ArtworkFile}, true
	}
	a := sh.Artwork
	if a == "" || (a == s.cfg.Artwork && sh.ArtworkAlt == s.cfg.ArtworkAlt) {
		return nil, false
	}
	if !strings.HasPrefix(a, "/") {
		sh.pictures = &pictures{square: &feed.Image{URL: a, Type: imageType(a), Alt: firstNonEmpty(sh.ArtworkAlt, sh.Title), Purpose: "artwork"}}
		return nil, false
	}
	return &episode.ImageRef{Root: episode.RootStatic, Path: strings.TrimPrefix(path.Clean(a), "/")}, true
}

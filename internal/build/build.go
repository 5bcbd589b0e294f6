// Package build turns a show's episode files into its published output
// folder: the RSS, Atom and JSON feeds of the show, of each series and of
// each tag, the transcripts, and the images, written to a temporary folder
// and swapped in whole.
package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"sort"
	"time"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/atom"
	"github.com/feedcast/feedcast/feed/jsonfeed"
	"github.com/feedcast/feedcast/feed/rss"
	"github.com/feedcast/feedcast/internal/config"
)

// Options are the inputs of a build.
type Options struct {
	Config *config.Config // validated
	// Content and Static are the episode and static folders (Static may be
	// nil). Use os.OpenRoot(dir) and Root.FS so that no symlink leads out.
	Content fs.FS
	Static  fs.FS
	// Out is the output folder, replaced whole by a successful build.
	Out string
	// Now is the clock that decides which episodes are released.
	Now func() time.Time
	// Strict fails the build on any diagnostic, warnings included.
	Strict bool
	// Version is the program's version, written in the generator tags.
	Version string
	// Progress, if set, is called as images are processed.
	Progress func(done, total int)
}

// Result tells what a build did.
type Result struct {
	Published int // episodes in the feeds
	Skipped   int // files that could not be read as episodes
	Held      int // drafts and episodes dated in the future
	Twins     int // duplicates published once
	// Diagnostics are every problem found, errors and warnings, in path order.
	Diagnostics []episode.Diagnostic
	// NoMedia counts the published episodes without a media file (only
	// an embedded player, or nothing): podcast apps do not list them.
	NoMedia int
	Feeds   int // feed documents written (all formats)
	Files   int // files written in all
	// ImagesEncoded counts the images processed by this build;
	// ImagesCached those whose renditions came from the cache.
	ImagesEncoded, ImagesCached int
}

// Warnings counts the diagnostics that did not skip an episode.
func (r *Result) Warnings() int {
	n := 0
	for _, d := range r.Diagnostics {
		if d.Warning {
			n++
		}
	}
	return n
}

// ErrStrict is returned by a strict build that found problems; nothing is
// written.
var ErrStrict = errors.New("strict mode: the build has problems")

// writer is one output format and its writer: formats are data, the
// builder loops over them.
type writer struct {
	format feed.Format
	write  func(io.Writer, *feed.Feed) error
}

var writers = []writer{
	{feed.RSS, rss.Write},
	{feed.Atom, atom.Write},
	{feed.JSON, jsonfeed.Write},
}

// Run builds the output folder. It returns the result, with an error when
// the build failed; the output folder is then left as it was.
func Run(ctx context.Context, opt Options) (*Result, error) {
	cfg := opt.Config
	if cfg == nil || cfg.Location == nil {
		return nil, errors.New("build: configuration not validated")
	}
	if opt.Now == nil {
		return nil, errors.New("build: no clock")
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("build: base url: %w", err)
	}
	res := &Result{}
	eps, diags := episode.Read(opt.Content, opt.Static, episode.Options{Location: cfg.Location, Ignore: cfg.Ignored})
	for _, d := range diags {
		if !d.Warning {
			res.Skipped++
		}
	}
	eps, held := releasable(eps, opt.Now())
	res.Held = held
	eps, twins := dedupe(eps)
	res.Twins = len(twins)
	diags = append(dropTwinDiagnostics(diags, twins), twinDiagnostics(twins)...)
	sort.SliceStable(diags, func(i, j int) bool { return diags[i].Path < diags[j].Path })
	res.Diagnostics = diags
	if opt.Strict && len(diags) > 0 {
		return res, fmt.Errorf("%w: %d problem(s)", ErrStrict, len(diags))
	}

	s := &site{cfg: cfg, base: base, content: opt.Content, static: opt.Static, version: opt.Version,
		html: newContentHTML(base, cfg.Language), files: map[string]file{}, pages: map[string]bool{}, progress: opt.Progress}
	slugs := s.slugs(eps)
	if err := s.processImages(ctx, eps, slugs); err != nil {
		return res, err
	}
	res.ImagesEncoded, res.ImagesCached = s.imagesEncoded, s.imagesCached
	items := s.items(eps, slugs)
	res.Published = len(items)
	for _, en := range items {
		if en.item.Enclosure == nil {
			res.NoMedia++
		}
	}
	res.Diagnostics = append(res.Diagnostics, s.diags...)
	if opt.Strict && len(s.diags) > 0 {
		return res, fmt.Errorf("%w: %d problem(s)", ErrStrict, len(res.Diagnostics))
	}
	groups := s.groups(items)
	feeds := make([]*feed.Feed, len(groups))
	for i, g := range groups {
		feeds[i] = s.feed(g)
		if err := s.writeFeeds(feeds[i], g); err != nil {
			return res, err
		}
		res.Feeds += len(writers)
	}
	if err := s.writePages(groups, feeds); err != nil {
		return res, err
	}
	if err := s.copyStatic(); err != nil {
		return res, err
	}
	res.Files = len(s.files)
	if err := writeTree(opt.Out, s.files); err != nil {
		return res, err
	}
	return res, nil
}

// releasable drops drafts and episodes dated after now.
func releasable(eps []*episode.Episode, now time.Time) (out []*episode.Episode, held int) {
	for _, e := range eps {
		if e.Draft || e.Date.After(now) {
			held++
			continue
		}
		out = append(out, e)
	}
	return out, held
}

package site

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/internal/readiness"
)

// readiness checks the show as its feeds publish it: the configuration
// and the published entries, rendered (see internal/readiness).
func (s *site) readiness(entries []*entry) []readiness.Finding {
	var top []*entry
	for _, en := range entries {
		if s.inNetworkFeed(en) {
			top = append(top, en)
		}
	}
	return readiness.Check(readiness.Show{Config: s.cfg, Episodes: readinessEpisodes(top)})
}

// readinessEpisodes are the entries as the readiness checks read them.
func readinessEpisodes(entries []*entry) []readiness.Episode {
	eps := make([]readiness.Episode, len(entries))
	for i, en := range entries {
		eps[i] = readiness.Episode{
			Path: en.ep.Path, ID: en.item.ID, Title: en.item.Title, Number: en.item.Episode,
			Enclosure: en.item.Enclosure, MediaReported: mediaReported(en.src.diags, en.diags),
		}
	}
	return eps
}

// mediaReported reports whether a diagnostic already speaks of the
// episode's media key: its media is then not checked again.
func mediaReported(lists ...[]episode.Diagnostic) bool {
	for _, ds := range lists {
		for _, d := range ds {
			switch d.Field {
			case "audio", "video", "enclosure":
				return true
			}
		}
	}
	return false
}

// Check reads the episodes as a build does and runs the readiness checks,
// without writing anything: no output folder, no build cache, no image.
// The result has the problems found reading the episode files (and the
// show's artwork file, slugs and enclosures), the counts of episodes
// published, skipped, held back and twins, and the readiness findings.
// The problems only rendering finds (images that cannot be decoded,
// transcript files) are reported by a build.
func Check(opt Options) (*Result, error) {
	cfg := opt.Config
	if cfg == nil || cfg.Location == nil {
		return nil, errors.New("check: configuration not validated")
	}
	if opt.Now == nil {
		return nil, errors.New("check: no clock")
	}
	// The base URL resolves the episodes' relative links, as in a build.
	base, err := url.Parse(cfg.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("check: base url: %w", err)
	}
	s := &site{buildSettings: buildSettings{opt: opt, cfg: cfg, base: base, content: opt.Content, static: opt.Static}}
	res := &Result{}
	all, diags := episode.Read(opt.Content, opt.Static, s.readOptions())
	// A file is skipped once, however many errors it has; a note is not
	// an error.
	skipped := map[string]bool{}
	for _, d := range diags {
		if !d.Warning && !d.Note() {
			skipped[d.Path] = true
		}
	}
	shows, showDiags := s.readShows()
	s.shows = shows
	diags = append(diags, showDiags...)
	res.Skipped = len(skipped) + len(showDiags)
	eps, diags, _ := s.choose(all, diags, opt.Now(), res)
	// The media URLs are probed as a build does, the cache file read but
	// not written.
	diags, _ = s.probeRemote(context.Background(), eps, nil, diags, time.Time{}, false)
	res.Diagnostics = diags

	// The show's artwork file is read by the build; here it is only
	// looked for.
	if ref, _, ok := s.showArtworkSource(); ok {
		if _, err := s.readSource(ref); err != nil {
			s.warn("", "artwork", fmt.Errorf("%s: %w", cfg.Artwork, err))
		}
	}
	slugs := s.slugs(eps)
	entries := make([]*entry, len(eps))
	for i, e := range eps {
		en := &entry{src: &source{path: e.Path, ep: e}, ep: e, slug: slugs[e]}
		for _, d := range diags {
			if d.Path == e.Path {
				en.src.diags = append(en.src.diags, d)
			}
		}
		entries[i] = en
	}
	s.setUpdated(entries)
	for _, en := range entries {
		en.item = s.newItem(en)
	}
	slices.SortFunc(entries, func(a, b *entry) int { return comparePaths(a.ep.Path, b.ep.Path) })
	res.Diagnostics = append(res.Diagnostics, s.diags...)
	for _, en := range entries {
		res.Diagnostics = append(res.Diagnostics, en.diags...)
		if en.item.Enclosure == nil {
			res.NoMedia++
		}
	}
	res.Published = len(entries)
	res.Readiness = s.readiness(entries)
	res.Readiness = append(res.Readiness, s.showReadiness(res.Readiness, entries)...)
	return res, nil
}

package site

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/readiness"
)

// startReadiness runs the readiness checks (see internal/readiness) of
// the show as its feeds publish it: the configuration and the published
// entries, rendered, in path order; then of each show of the content
// folder. What the checks read of the entries is copied first; the
// checks then run while the build goes on, and wait returns their
// findings.
func (s *site) startReadiness(entries []*entry) (wait func() []readiness.Finding) {
	top := readiness.Show{Config: s.cfg, Episodes: readinessEpisodes(entries, s.inNetworkFeed)}
	shows := make([]readiness.Show, len(s.shows))
	for i, sh := range s.shows {
		shows[i] = readiness.Show{Config: sh.Config, Episodes: readinessEpisodes(entries, func(en *entry) bool { return s.showOf(en.ep.Path) == sh })}
	}
	done := make(chan []readiness.Finding, 1)
	go func() { done <- s.checkReadiness(top, shows) }()
	return sync.OnceValue(func() []readiness.Finding { return <-done })
}

// checkReadiness checks the top level, then each show. Findings about
// keys a show does not set apart (base_url) are the top level's, and so
// are the findings about episodes the top-level feeds hold too.
func (s *site) checkReadiness(top readiness.Show, shows []readiness.Show) []readiness.Finding {
	out := readiness.Check(top)
	n := len(out)
	for i, sh := range s.shows {
		for _, f := range readiness.Check(shows[i]) {
			if len(f.Files) == 0 && !config.IsShowKey(f.Key) {
				continue
			}
			if len(f.Files) > 0 && sh.NetworkFeed && slices.ContainsFunc(out[:n], func(t readiness.Finding) bool { return t.Kind == f.Kind && t.Key == f.Key }) {
				continue
			}
			f.Show = sh.File
			out = append(out, f)
		}
	}
	return out
}

// readinessEpisodes are the entries that in keeps, as the readiness
// checks read them.
func readinessEpisodes(entries []*entry, in func(*entry) bool) []readiness.Episode {
	eps := make([]readiness.Episode, 0, len(entries))
	for _, en := range entries {
		if !in(en) {
			continue
		}
		ep := readiness.Episode{
			Path: en.ep.Path, ID: en.item.ID, Title: en.item.Title, Number: en.item.Episode,
			MediaReported: mediaReported(en.src.diags, en.diags),
		}
		if enc := en.item.Enclosure; enc != nil {
			c := *enc
			ep.Enclosure = &c
		}
		eps = append(eps, ep)
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
	res.Readiness = s.startReadiness(entries)()
	return res, nil
}

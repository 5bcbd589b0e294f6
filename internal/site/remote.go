package site

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/internal/media/remote"
)

// remoteFill is what the probe of an episode's media URL adds to its
// front matter: what the front matter leaves out, never more (its values
// win).
type remoteFill struct {
	length   int64
	typ      string
	duration time.Duration
	// alternates are the lengths read for alternate media URLs that
	// have none, by URL.
	alternates map[string]int64
}

// apply returns a copy of e with the probed values where e has none; e
// itself (the cache's record) is left as parsed.
func (f *remoteFill) apply(e *episode.Episode) *episode.Episode {
	if f == nil || e == nil {
		return e
	}
	c := *e
	if e.Media != nil {
		m := *e.Media
		if m.Length <= 0 {
			m.Length = f.length
		}
		if m.Type == "" {
			m.Type = f.typ
		}
		if c.Duration == 0 {
			c.Duration = f.duration
		}
		c.Media = &m
	}
	if len(f.alternates) > 0 {
		c.AlternateEnclosures = append([]episode.AlternateEnclosure(nil), e.AlternateEnclosures...)
		for i := range c.AlternateEnclosures {
			a := &c.AlternateEnclosures[i]
			if n := f.alternates[a.Media.Path]; lengthUnknown(*a) && n > 0 {
				a.Media.Length = n
			}
		}
	}
	return &c
}

// String is the fill as the render key holds it.
func (f *remoteFill) String() string {
	if f == nil {
		return ""
	}
	s := fmt.Sprintf("%d\x00%s\x00%d", f.length, f.typ, f.duration)
	urls := make([]string, 0, len(f.alternates))
	for u := range f.alternates {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	for _, u := range urls {
		s += fmt.Sprintf("\x00%s\x00%d", u, f.alternates[u])
	}
	return s
}

// replace returns e filled, and puts the filled episode in e's place in
// bySrc.
func (f *remoteFill) replace(e *episode.Episode, bySrc map[*episode.Episode]*source) *episode.Episode {
	filled := f.apply(e)
	if src, ok := bySrc[e]; ok {
		delete(bySrc, e)
		bySrc[filled] = src
		src.ep, src.remote = filled, f
	}
	return filled
}

// needsProbe tells whether an episode's media is a URL whose length, type
// or duration the front matter leaves out (the duration of an audio or
// video file only).
func needsProbe(e *episode.Episode) bool {
	m := e.Media
	if m == nil || m.Root != episode.RootURL {
		return false
	}
	av := m.Type == "" || strings.HasPrefix(m.Type, "audio/") || strings.HasPrefix(m.Type, "video/")
	return m.Length <= 0 || m.Type == "" || (e.Duration == 0 && av)
}

// alternatesToProbe returns the URLs of the episode's alternate media
// whose length the front matter leaves out (their type it must give).
func alternatesToProbe(e *episode.Episode) []string {
	var urls []string
	for _, a := range e.AlternateEnclosures {
		if lengthUnknown(a) {
			urls = append(urls, a.Media.Path)
		}
	}
	return urls
}

// lengthUnknown tells whether a is a URL whose length the front matter
// leaves out.
func lengthUnknown(a episode.AlternateEnclosure) bool {
	return a.Media.Root == episode.RootURL && a.Media.Length <= 0
}

// probeError is the warning of a failed probe of u, nil when it did not
// fail.
func probeError(u string, r remote.Result) error {
	switch {
	case r.Err != nil && r.Stale:
		return fmt.Errorf("%s: probe: %w; the values of the last probe are used", u, r.Err)
	case r.Err != nil:
		return fmt.Errorf("%s: probe: %w", u, r.Err)
	}
	return nil
}

// probeRemote probes the media URLs of the episodes to publish when the
// configuration asks for it (remote_media.probe), and fills in what their
// front matter leaves out: eps and bySrc then hold the filled episodes.
// A failure is a warning naming the file, the line and the key; the
// episode is published without what could not be read. It returns diags
// with the warnings, in path order, and validUntil, or the earlier time a
// probe's result is to be checked again (the next build is then not
// skipped as unchanged). The results are saved in the cache folder when
// save is true (a build, not a check).
func (s *site) probeRemote(ctx context.Context, eps []*episode.Episode, bySrc map[*episode.Episode]*source, diags []episode.Diagnostic, validUntil time.Time, save bool) ([]episode.Diagnostic, time.Time) {
	rm := s.cfg.RemoteMedia
	if !rm.Probe {
		return diags, validUntil
	}
	var todo []int
	var urls []string
	for i, e := range eps {
		main, alts := needsProbe(e), alternatesToProbe(e)
		if main || len(alts) > 0 {
			todo = append(todo, i)
		}
		if main {
			urls = append(urls, e.Media.Path)
		}
		urls = append(urls, alts...)
	}
	if len(todo) == 0 {
		return diags, validUntil
	}
	cachePath := ""
	cache := remote.NewCache()
	if s.cfg.Cache != "" {
		cachePath = filepath.Join(s.cfg.Cache, remote.CacheFile)
		var err error
		if cache, err = remote.LoadCache(cachePath); err != nil {
			diags = append(diags, episode.Diagnostic{Path: cachePath, Field: "cache", Err: err, Warning: true})
		}
	}
	ua := "feedcast"
	if s.opt.Version != "" {
		ua += "/" + s.opt.Version
	}
	p := remote.New(remote.Options{Timeout: rm.Timeout, Total: rm.TotalTimeout, MaxAge: rm.MaxAge, UserAgent: ua, Now: s.opt.Now}, cache)
	results := p.ProbeAll(ctx, urls)
	until := func(r remote.Result) {
		if !r.Until.IsZero() && (validUntil.IsZero() || r.Until.Before(validUntil)) {
			validUntil = r.Until
		}
	}
	for _, i := range todo {
		e := eps[i]
		fill := &remoteFill{}
		for _, a := range e.AlternateEnclosures {
			if !lengthUnknown(a) {
				continue
			}
			u := a.Media.Path
			r := results[u]
			until(r)
			if err := probeError(u, r); err != nil {
				diags = append(diags, episode.Diagnostic{Path: e.Path, Line: a.Line, Field: "alternate_enclosures", Err: err, Warning: true})
			}
			if r.Length > 0 {
				if fill.alternates == nil {
					fill.alternates = map[string]int64{}
				}
				fill.alternates[u] = r.Length
			}
		}
		if !needsProbe(e) {
			if fill.alternates != nil {
				eps[i] = fill.replace(e, bySrc)
			}
			continue
		}
		u := e.Media.Path
		r := results[u]
		until(r)
		warn := func(err error) {
			diags = append(diags, episode.Diagnostic{Path: e.Path, Line: e.MediaLine, Field: e.MediaKey, Err: err, Warning: true})
		}
		if err := probeError(u, r); err != nil {
			warn(err)
		}
		if r.DurationErr != "" && e.Duration == 0 {
			warn(fmt.Errorf("%s: duration unknown: %s", u, r.DurationErr))
		}
		if r.NoRanges {
			// Apple Podcasts rejects media whose server does not honour
			// byte ranges (see SPECS.md, "Server").
			warn(fmt.Errorf("%s: the server does not serve byte ranges, which Apple Podcasts requires", u))
		}
		if r.Info == (remote.Info{}) && fill.alternates == nil {
			continue
		}
		fill.length, fill.typ, fill.duration = r.Length, r.Type, r.Duration
		eps[i] = fill.replace(e, bySrc)
	}
	if cachePath != "" && save {
		if err := cache.Save(cachePath); err != nil {
			diags = append(diags, episode.Diagnostic{Path: cachePath, Field: "cache", Err: err, Warning: true})
		}
	}
	sort.SliceStable(diags, func(i, j int) bool { return diags[i].Path < diags[j].Path })
	return diags, validUntil
}

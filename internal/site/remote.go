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
}

// apply returns a copy of e with the probed values where e has none; e
// itself (the cache's record) is left as parsed.
func (f *remoteFill) apply(e *episode.Episode) *episode.Episode {
	if f == nil || e == nil || e.Media == nil {
		return e
	}
	c := *e
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
	return &c
}

// String is the fill as the render key holds it.
func (f *remoteFill) String() string {
	if f == nil {
		return ""
	}
	return fmt.Sprintf("%d\x00%s\x00%d", f.length, f.typ, f.duration)
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
		if needsProbe(e) {
			todo = append(todo, i)
			urls = append(urls, e.Media.Path)
		}
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
	for _, i := range todo {
		e := eps[i]
		u := e.Media.Path
		r := results[u]
		if !r.Until.IsZero() && (validUntil.IsZero() || r.Until.Before(validUntil)) {
			validUntil = r.Until
		}
		warn := func(err error) {
			diags = append(diags, episode.Diagnostic{Path: e.Path, Line: e.MediaLine, Field: e.MediaKey, Err: err, Warning: true})
		}
		switch {
		case r.Err != nil && r.Stale:
			warn(fmt.Errorf("%s: probe: %w; the values of the last probe are used", u, r.Err))
		case r.Err != nil:
			warn(fmt.Errorf("%s: probe: %w", u, r.Err))
		}
		if r.DurationErr != "" && e.Duration == 0 {
			warn(fmt.Errorf("%s: duration unknown: %s", u, r.DurationErr))
		}
		if r.NoRanges {
			// Apple Podcasts rejects media whose server does not honour
			// byte ranges (see SPECS.md, "Server").
			warn(fmt.Errorf("%s: the server does not serve byte ranges, which Apple Podcasts requires", u))
		}
		if r.Info == (remote.Info{}) {
			continue
		}
		fill := &remoteFill{length: r.Length, typ: r.Type, duration: r.Duration}
		filled := fill.apply(e)
		eps[i] = filled
		if src, ok := bySrc[e]; ok {
			delete(bySrc, e)
			bySrc[filled] = src
			src.ep, src.remote = filled, fill
		}
	}
	if cachePath != "" && save {
		if err := cache.Save(cachePath); err != nil {
			diags = append(diags, episode.Diagnostic{Path: cachePath, Field: "cache", Err: err, Warning: true})
		}
	}
	sort.SliceStable(diags, func(i, j int) bool { return diags[i].Path < diags[j].Path })
	return diags, validUntil
}

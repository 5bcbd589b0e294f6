package site

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/chapters"
	"github.com/feedcast/feedcast/internal/cache"
	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/media"
	"github.com/feedcast/feedcast/internal/pages"
)

// This file turns an episode's Podcasting 2.0 data into its feed item's,
// publishes its chapters file and its other media files, and gives the
// show's feeds the channel's data from the configuration.

// chaptersFile is the name of an episode's published JSON Chapters file,
// in its folder (episodes/<slug>/).
const chaptersFile = "chapters.json"

// chaptersSidecar is the ending of the JSON Chapters file beside an
// episode: "a.md" has "a.chapters.json".
const chaptersSidecar = ".chapters.json"

// podcastItem sets the item's Podcasting 2.0 data from the episode, and
// publishes its local alternate media files.
func (s *site) podcastItem(en *entry, it *feed.Item) {
	e := en.ep
	for _, sb := range e.Soundbites {
		it.Soundbites = append(it.Soundbites, feed.Soundbite{Start: sb.Start, Duration: sb.Duration, Title: sb.Title})
	}
	for _, l := range e.Locations {
		it.Locations = append(it.Locations, feed.Location{Name: l.Name, Rel: l.Rel, Geo: l.Geo, OSM: l.OSM, Country: l.Country})
	}
	if l := e.License; l != nil {
		it.License = &feed.License{Name: l.Name, URL: l.URL}
	}
	for _, t := range e.Txts {
		it.Txts = append(it.Txts, feed.Txt{Purpose: t.Purpose, Text: t.Text})
	}
	for _, so := range e.Social {
		it.Social = append(it.Social, feed.SocialInteract{Protocol: so.Protocol, URI: so.URI, AccountID: so.AccountID, AccountURL: so.AccountURL, Priority: so.Priority})
	}
	for _, a := range e.AlternateEnclosures {
		u := a.Media.Path
		if a.Media.Root != episode.RootURL {
			u = s.url(alternatePath(en, a.Media))
		} else if lengthUnknown(a) {
			// The length is only recommended, but the Podcast Index's
			// parser (podcast-partytime) drops the tag without it.
			en.diags = append(en.diags, episode.Diagnostic{Path: e.Path, Line: a.Line, Field: "alternate_enclosures", Warning: true,
				Err: fmt.Errorf("%s: length unknown: set length, which podcast apps need to offer the file, or remote_media.probe", u)})
		}
		it.AlternateEnclosures = append(it.AlternateEnclosures, feed.AlternateEnclosure{
			Type: a.Media.Type, Length: a.Media.Length, Bitrate: a.Bitrate, Height: a.Height, Lang: a.Lang,
			Title: a.Title, Rel: a.Rel, Codecs: a.Codecs, Default: a.Default,
			Sources: []feed.Source{{URI: s.enclosureURL(u)}},
		})
	}
}

// alternatePath is where a local alternate media file is published:
// beside the enclosure, in the episode's folder.
func alternatePath(en *entry, m episode.Media) string {
	return "episodes/" + en.slug + "/" + path.Base(m.Path)
}

// publishAlternates copies the episode's local alternate media files to
// its folder.
func (s *site) publishAlternates(en *entry) error {
	for _, a := range en.ep.AlternateEnclosures {
		m := a.Media
		if m.Root == episode.RootURL {
			continue
		}
		fsys, t := s.content, s.contentTree
		if m.Root == episode.RootStatic {
			fsys, t = s.static, s.staticTree
		}
		if fsys == nil {
			continue
		}
		if err := s.out.Copy(alternatePath(en, m), copyKey(t, m.Path), fsys, m.Path); err != nil {
			return err
		}
	}
	return nil
}

// enclosureURL returns the URL of a media file as the feeds give it:
// behind the configured download counter's prefix (enclosure_prefix),
// unless the build is made for another address than the show's (a
// preview's downloads are not listeners').
func (s *site) enclosureURL(u string) string {
	if s.cfg.IDBaseURL != "" && s.cfg.IDBaseURL != s.cfg.BaseURL {
		return u
	}
	return config.PrefixURL(s.cfg.EnclosurePrefix, u)
}

// loadChapters returns the episode's chapters from the first source that
// has some: the front matter, the JSON Chapters file beside the episode,
// the media file's embedded chapters, then a timestamp list in the body
// (fromBody). Problems are given to warn.
func (s *site) loadChapters(en *entry, warn func(field string, err error)) (chs []chapters.Chapter, fromBody bool) {
	e := en.ep
	if len(e.Chapters) > 0 {
		return fromEpisodeChapters(e.Chapters), false
	}
	if chs := s.sidecarChapters(en, warn); len(chs) > 0 {
		return chs, false
	}
	if chs := s.mediaChapters(en); len(chs) > 0 {
		return fromEpisodeChapters(chs), false
	}
	return fromEpisodeChapters(e.BodyChapters), len(e.BodyChapters) > 0
}

// pageChapters are the chapters the episode's page lists: those of the
// chapters file but the ones apps do not list (JSON Chapters "toc":
// false). It is nil when the chapters come from the body or there are
// none: the page then reads the timestamp list of its show notes itself,
// by its own rule (pages.Episode.Chapters), which finds the body's list
// too, with its titles as the page shows them rather than as written in
// Markdown.
func pageChapters(chs []chapters.Chapter, fromBody bool) []pages.Chapter {
	if fromBody || len(chs) == 0 {
		return nil
	}
	out := make([]pages.Chapter, 0, len(chs))
	for _, c := range chs {
		if !c.Hidden {
			out = append(out, pages.Chapter{Start: c.Start, Title: c.Title})
		}
	}
	return out
}

// mediaChapters returns the chapters embedded in the episode's local
// media file (ID3 CHAP frames, MP4 chapter tracks): a source between the
// chapters file beside the episode and the body's list. A file that
// cannot be read gives none: reading the episode reported it.
func (s *site) mediaChapters(en *entry) []episode.Chapter {
	info, err := s.probeMedia(en.ep.Media)
	if err != nil {
		return nil
	}
	var out []episode.Chapter
	for _, c := range info.Chapters {
		ch := episode.Chapter{Start: c.Start, Title: c.Title}
		// A chapter's link is an absolute http(s) URL, as in the front
		// matter; another one (a relative path, a tel: link) is left out.
		if u, err := url.Parse(c.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			ch.URL = c.URL
		}
		out = append(out, ch)
	}
	return out
}

// errRemoteMedia is probeMedia's answer for a media file that is not
// local: fetching it is not the build's business.
var errRemoteMedia = errors.New("not a local media file")

// probeMedia reads the embedded data of a local media file: its
// duration, chapters and cover art (see internal/media; reads are
// bounded, never the whole file).
func (s *site) probeMedia(m *episode.Media) (media.Info, error) {
	if m == nil || m.Root == episode.RootURL {
		return media.Info{}, errRemoteMedia
	}
	fsys := s.content
	if m.Root == episode.RootStatic {
		fsys = s.static
	}
	if fsys == nil {
		return media.Info{}, fs.ErrNotExist
	}
	f, err := fsys.Open(m.Path)
	if err != nil {
		return media.Info{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return media.Info{}, err
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		return media.Info{}, fmt.Errorf("%s: cannot seek", m.Path)
	}
	return media.Probe(rs, st.Size(), m.Path)
}

// sidecarChapters reads <name>.chapters.json beside the episode.
func (s *site) sidecarChapters(en *entry, warn func(field string, err error)) []chapters.Chapter {
	p := chaptersSidecarPath(en.ep.Path)
	if !s.contentTree.has(p) {
		return nil
	}
	data, err := fs.ReadFile(s.content, p)
	if err != nil {
		warn("chapters", fmt.Errorf("%s: %w", path.Base(p), err))
		return nil
	}
	f, err := chapters.Parse(data)
	if err != nil {
		warn("chapters", fmt.Errorf("%s: %w", path.Base(p), err))
		return nil
	}
	return f.Chapters
}

func chaptersSidecarPath(episodePath string) string {
	return strings.TrimSuffix(episodePath, path.Ext(episodePath)) + chaptersSidecar
}

func fromEpisodeChapters(in []episode.Chapter) []chapters.Chapter {
	var out []chapters.Chapter
	for _, c := range in {
		out = append(out, chapters.Chapter{Start: c.Start, Title: c.Title, Img: c.Img, URL: c.URL})
	}
	return out
}

// publishChapters writes the episode's chapters file, links it from the
// item, and returns the file written; none when it has no chapters.
func (s *site) publishChapters(en *entry, it *feed.Item, chs []chapters.Chapter) ([]cache.FileRecord, error) {
	if len(chs) == 0 {
		return nil, nil
	}
	var buf bytes.Buffer
	f := &chapters.File{Title: en.ep.Title, PodcastName: s.cfg.Title, Chapters: chs}
	if err := chapters.Write(&buf, f); err != nil {
		en.warn("chapters", err)
		return nil, nil
	}
	p := chaptersPath(en)
	k := cache.Digest("file", buf.Bytes())
	if err := s.out.Put(p, k, buf.Bytes()); err != nil {
		return nil, err
	}
	it.ChaptersURL = s.url(p)
	return []cache.FileRecord{{Path: p, Key: k}}, nil
}

// chaptersPath is the output path of the episode's chapters file.
func chaptersPath(en *entry) string { return "episodes/" + en.slug + "/" + chaptersFile }

// chaptersKey returns the key of the chapters file among the files a
// rendering wrote; zero when it wrote none.
func chaptersKey(en *entry, files []cache.FileRecord) key {
	p := chaptersPath(en)
	for _, f := range files {
		if f.Path == p {
			return f.Key
		}
	}
	return key{}
}

// podcastChannel sets the feed's Podcasting 2.0 data from the
// configuration (the top level's or a show's), and adds the trailers among its items.
func (s *site) podcastChannel(f *feed.Feed, cfg *config.Config) {
	p := &cfg.Podcast
	for _, fu := range p.Funding {
		f.Funding = append(f.Funding, feed.Funding{URL: fu.URL, Text: fu.Text})
	}
	if l := p.License; l != nil {
		f.License = &feed.License{Name: l.Name, URL: l.URL}
	}
	for _, l := range p.Locations {
		f.Locations = append(f.Locations, feed.Location{Name: l.Name, Rel: l.Rel, Geo: l.Geo, OSM: l.OSM, Country: l.Country})
	}
	for _, t := range p.Trailers {
		f.Trailers = append(f.Trailers, feed.Trailer{
			Title: t.Title, URL: s.enclosureURL(t.URL), Type: t.Type, Length: t.Length, Published: t.Published, Season: t.Season,
		})
	}
	// An episode of type "trailer" is also the show's (or its season's)
	// trailer: apps that read podcast:trailer offer it as the preview.
	for _, it := range f.Items {
		if it.EpisodeType == "trailer" && it.Enclosure != nil && !it.Published.IsZero() {
			f.Trailers = append(f.Trailers, feed.Trailer{
				Title: it.Title, URL: it.Enclosure.URL, Type: it.Enclosure.Type, Length: it.Enclosure.Length,
				Published: it.Published, Season: it.Season,
			})
		}
	}
	if u := p.UpdateFrequency; u != nil {
		f.UpdateFrequency = &feed.UpdateFrequency{Text: u.Text, RRule: u.RRule, DTStart: u.DTStart, Complete: u.Complete}
	}
	for _, r := range p.Podroll {
		f.Podroll = append(f.Podroll, feed.RemoteItem{FeedGUID: r.GUID, FeedURL: r.URL, Title: r.Title, Medium: r.Medium})
	}
	for _, t := range p.Txt {
		f.Txts = append(f.Txts, feed.Txt{Purpose: t.Purpose, Text: t.Text})
	}
	ids, blocked := p.BlockedPlatforms()
	for i, id := range ids {
		f.Blocks = append(f.Blocks, feed.Block{ID: id, Block: blocked[i]})
	}
	for _, so := range p.Social {
		f.Social = append(f.Social, feed.SocialInteract{Protocol: so.Protocol, URI: so.URI, AccountID: so.AccountID, AccountURL: so.AccountURL, Priority: so.Priority})
	}
	if v := p.Value; v != nil {
		fv := &feed.Value{Type: v.Type, Method: v.Method, Suggested: v.Suggested}
		for _, r := range v.Recipients {
			fv.Recipients = append(fv.Recipients, feed.ValueRecipient{
				Name: r.Name, Type: r.Type, Address: r.Address, Split: r.Split,
				CustomKey: r.CustomKey, CustomValue: r.CustomValue, Fee: r.Fee,
			})
		}
		f.Value = fv
	}
}

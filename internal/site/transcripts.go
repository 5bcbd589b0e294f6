package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/cache"
	"github.com/feedcast/feedcast/internal/pages"
	"github.com/feedcast/feedcast/internal/transcript"
)

// transcriptSource is a file beside an episode that holds its transcript:
// <name>.vtt, .srt, .json, .html or .txt, tried in that order (timed
// captions first), before the transcript found in the episode's body.
var transcriptSources = []struct {
	ext   string
	parse func([]byte) (*transcript.Transcript, error)
}{
	{".vtt", transcript.ParseVTT},
	{".srt", transcript.ParseSRT},
	{".json", transcript.ParseJSON},
	{".html", func(b []byte) (*transcript.Transcript, error) {
		t, _ := transcript.FromHTML(string(b))
		return t, nil
	}},
	{".txt", transcript.ParseText},
}

// transcriptFormats are the files a transcript is published as, in the
// order they are linked: timed captions first, which apps prefer.
var transcriptFormats = []struct {
	file, mediaType, rel string
	timed                bool
	write                func(*transcript.Transcript, io.Writer, transcript.Page) error
}{
	{"transcript.vtt", "text/vtt", "captions", true, func(t *transcript.Transcript, w io.Writer, _ transcript.Page) error { return t.WriteVTT(w) }},
	{"transcript.srt", "application/x-subrip", "captions", true, func(t *transcript.Transcript, w io.Writer, _ transcript.Page) error { return t.WriteSRT(w) }},
	{"transcript.json", "application/json", "", false, func(t *transcript.Transcript, w io.Writer, _ transcript.Page) error { return t.WriteJSON(w) }},
	{"transcript.html", "text/html", "", false, (*transcript.Transcript).WriteHTML},
	{"transcript.txt", "text/plain", "", false, func(t *transcript.Transcript, w io.Writer, _ transcript.Page) error { return t.WriteText(w) }},
}

// loadTranscript returns an episode's transcript from its sidecar files or
// its body, nil when it has none. Problems are warnings.
func (s *site) loadTranscript(en *entry) *transcript.Transcript {
	e := en.ep
	stem := strings.TrimSuffix(e.Path, path.Ext(e.Path))
	for _, src := range transcriptSources {
		if !s.contentTree.has(stem + src.ext) {
			continue
		}
		data, err := fs.ReadFile(s.content, stem+src.ext)
		if err != nil {
			continue
		}
		t, err := src.parse(data)
		if err != nil {
			en.warn("transcript", fmt.Errorf("%s: %w", path.Base(stem+src.ext), err))
			continue
		}
		if t != nil && len(t.Segments) > 0 {
			return t
		}
	}
	if e.Transcript == nil {
		return nil
	}
	t, problems := transcript.FromHTML(e.Transcript.HTML)
	for _, p := range problems {
		en.diags = append(en.diags, episode.Diagnostic{Path: e.Path, Line: e.Transcript.Line, Field: "transcript", Err: p, Warning: true})
	}
	if t == nil || len(t.Segments) == 0 {
		return nil
	}
	if t.Title == "" {
		t.Title = e.Transcript.Title
	}
	return t
}

// publishTranscript writes the transcript in every format it allows,
// links each file from the item, and returns the files written.
func (s *site) publishTranscript(en *entry, it *feed.Item, t *transcript.Transcript) ([]cache.FileRecord, error) {
	e := en.ep
	if t.Language == "" {
		t.Language = s.cfg.Language
	}
	page := transcript.Page{Title: e.Title, EpisodeURL: it.URL, Lang: t.Language}
	var files []cache.FileRecord
	for _, f := range transcriptFormats {
		if f.timed && !t.Timed {
			continue
		}
		var buf bytes.Buffer
		if err := f.write(t, &buf, page); err != nil {
			en.warn("transcript", fmt.Errorf("%s: %w", f.file, err))
			continue
		}
		p := "episodes/" + en.slug + "/" + f.file
		k := cache.Digest("file", buf.Bytes())
		if err := s.out.Put(p, k, buf.Bytes()); err != nil {
			return nil, err
		}
		files = append(files, cache.FileRecord{Path: p, Key: k})
		it.Transcripts = append(it.Transcripts, feed.Transcript{
			URL: s.url(p), Type: f.mediaType, Language: t.Language, Rel: f.rel, Length: int64(buf.Len()),
		})
	}
	return files, nil
}

// transcriptFragment is a transcript as HTML for an episode page; see
// pages.TranscriptFragment.
func transcriptFragment(t *transcript.Transcript, lang string) template.HTML {
	return pages.TranscriptFragment(t, lang)
}

package site

import (
	"crypto/sha256"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/internal/cache"
)

// source is one episode file as this build sees it.
type source struct {
	path  string
	order int // the file's place in path order (sortPaths)
	// ep is the episode: parsed by this build (with its HTML), or its
	// record from the cache (without); nil when the file is not one.
	ep     *episode.Episode
	diags  []episode.Diagnostic
	parsed bool
	// kept is true when the file could not be read as an episode and ep
	// is its last good version, from the cache (see keep.go).
	kept bool
	// body holds the parsed episode's HTML and its transcript's HTML in
	// the blob store until it is rendered.
	body [2]cache.BlobRef
	// old is the file's record in the cache, if any; rec is this
	// build's.
	old *cache.EpisodeRecord
	rec *cache.EpisodeRecord
	// remote is what the probe of the media URL added to ep, nil when
	// none (see remote.go).
	remote *remoteFill
}

// readEpisodes reads the episode files of the content folder on every
// core. A file whose record in the cache was made from the same bytes,
// the same referenced files and the same settings is not parsed again:
// its bytes are not even read when its signature is the recorded one.
func (s *site) readEpisodes(paths []string) []*source {
	out := make([]*source, len(paths))
	n := (len(paths) + readBatch - 1) / readBatch
	forEach(n, func(b int) {
		batch := out[b*readBatch : min((b+1)*readBatch, len(paths))]
		for i := range batch {
			batch[i] = s.readEpisode(paths[b*readBatch+i])
			batch[i].order = b*readBatch + i
			s.keepGood(batch[i])
		}
		s.stash(batch)
	})
	return out
}

// readBatch is how many files a worker reads before it stashes their
// HTML, in one write.
const readBatch = 32

func (s *site) readEpisode(p string) *source {
	src := &source{path: p}
	if s.cache != nil {
		src.old = s.cache.Previous().Episodes[p]
	}
	old := src.old
	var data []byte
	var hash [32]byte
	sig := s.contentTree.sig(p)
	switch {
	case old != nil && sig != (cache.FileSig{}) && old.Sig == sig:
		hash = old.Hash
	default:
		var err error
		data, err = episode.Source(s.content, p, s.readOptions())
		if err != nil {
			src.diags = []episode.Diagnostic{{Path: p, Field: "file", Err: err}}
			src.rec = &cache.EpisodeRecord{Sig: sig, Diags: s.storeDiags(src.diags)}
			return src
		}
		if old != nil { // without a record to compare with, Parse's hash is the file's
			hash = sha256.Sum256(data)
		}
	}
	if old != nil && old.Hash == hash && old.ParseKey != (key{}) {
		if k, ok := s.parseKey(hash, refsOf(old.Episode)); ok && k == old.ParseKey {
			src.ep, src.diags = old.Episode, cache.LoadDiags(old.Diags)
			if old.Sig == sig {
				src.rec = old // the same record, kept as it is
			} else {
				src.rec = &cache.EpisodeRecord{Sig: sig, Hash: hash, ParseKey: k, Episode: old.Episode, Diags: old.Diags, Render: old.Render,
					Body: old.Body, Bodied: old.Bodied, Built: old.Built}
			}
			return src
		}
	}
	if data == nil {
		var err error
		if data, err = episode.Source(s.content, p, s.readOptions()); err != nil {
			src.diags = []episode.Diagnostic{{Path: p, Field: "file", Err: err}}
			src.rec = &cache.EpisodeRecord{Sig: sig, Diags: s.storeDiags(src.diags)}
			return src
		}
		if sha256.Sum256(data) != hash {
			sig = cache.FileSig{} // changed while read: not recorded
		}
	}
	s.parse(src, data)
	src.rec.Sig = sig
	return src
}

// parse parses the file's bytes into src.
func (s *site) parse(src *source, data []byte) {
	ep, diags := episode.Parse(src.path, data, s.content, s.static, s.readOptions())
	s.parsed.Add(1)
	src.diags, src.parsed = diags, true
	rec := &cache.EpisodeRecord{Diags: s.storeDiags(diags)}
	src.rec = rec
	if ep == nil {
		return
	}
	rec.Hash = ep.Hash
	rec.Built = s.built
	rec.Episode = metadataOf(ep)
	rec.ParseKey, _ = s.parseKey(ep.Hash, ep.Refs)
	src.ep = ep // with its HTML until stashed
}

// stash moves the HTML of the episodes parsed into the blob store, in one
// write: it waits for rendering there, not in memory. When the write
// fails, the HTML stays in memory.
func (s *site) stash(srcs []*source) {
	var parts [][]byte
	var todo []*source
	for _, src := range srcs {
		if src == nil || !src.parsed || src.ep == nil || src.ep == src.rec.Episode {
			continue
		}
		tr := ""
		if src.ep.Transcript != nil {
			tr = src.ep.Transcript.HTML
		}
		parts = append(parts, cache.BytesOf(src.ep.HTML), cache.BytesOf(tr))
		todo = append(todo, src)
	}
	if len(todo) == 0 {
		return
	}
	refs, err := s.blobs.Put(parts...)
	if err != nil {
		return
	}
	for i, src := range todo {
		copy(src.body[:], refs[2*i:])
		src.ep = src.rec.Episode
		src.rec.Body, src.rec.Bodied = src.body, true
	}
}

// episode returns the parsed episode with its HTML.
func (s *site) episode(src *source) (*episode.Episode, error) {
	e := *src.ep
	if src.body[0].Len == 0 && src.body[1].Len == 0 {
		return &e, nil
	}
	var err error
	if e.HTML, err = s.blobs.Text(src.body[0]); err != nil {
		return nil, err
	}
	if e.Transcript != nil {
		t := *e.Transcript
		if t.HTML, err = s.blobs.Text(src.body[1]); err != nil {
			return nil, err
		}
		e.Transcript = &t
	}
	return &e, nil
}

// reparse parses a file whose cached episode lacks what rendering needs
// (its HTML). It returns false when the file can no longer be read as the
// same episode.
func (s *site) reparse(src *source) bool {
	data, err := episode.Source(s.content, src.path, s.readOptions())
	if err != nil || sha256.Sum256(data) != src.rec.Hash {
		return false
	}
	render := src.rec.Render
	sig, built := src.rec.Sig, src.rec.Built
	s.parse(src, data)
	s.stash([]*source{src})
	src.ep = src.remote.apply(src.ep)
	src.rec.Sig, src.rec.Render, src.rec.Built = sig, render, built
	return src.ep != nil
}

// storeDiags returns the diagnostics as the cache keeps them; none
// without a cache.
func (s *site) storeDiags(ds []episode.Diagnostic) []cache.Diag {
	if s.cache == nil {
		return nil
	}
	return cache.StoreDiags(ds)
}

func (s *site) readOptions() episode.Options {
	return episode.Options{Location: s.cfg.Location, Ignore: s.cfg.Ignored}
}

// parseKey is the key of an episode's parse: its bytes, the settings that
// parsing depends on and the state of the files it refers to. It is not
// usable (false) when one of those files changed too recently to tell.
func (s *site) parseKey(hash [32]byte, refs []episode.FileRef) (key, bool) {
	parts := []any{s.keys.parse, hash[:]}
	for _, r := range refs {
		t := s.contentTree
		if r.Root == episode.RootStatic {
			t = s.staticTree
		}
		sig, ok := t.files[r.Path]
		if ok && !t.trusted(r.Path) {
			return key{}, false
		}
		parts = append(parts, int(r.Root), r.Path, sig)
	}
	return cache.Digest(parts...), true
}

func refsOf(e *episode.Episode) []episode.FileRef {
	if e == nil {
		return nil
	}
	return e.Refs
}

// metadataOf returns the episode without what only rendering needs (its
// HTML, the transcript's HTML, the front matter's other keys): what the
// cache keeps, and what the build keeps in memory once an episode is
// rendered.
func metadataOf(e *episode.Episode) *episode.Episode {
	m := *e
	m.HTML = ""
	m.Params = nil
	if e.Transcript != nil {
		t := *e.Transcript
		t.HTML = ""
		m.Transcript = &t
	}
	return &m
}

// workerCount is the number of goroutines that share CPU-bound work.
func workerCount() int { return runtime.GOMAXPROCS(0) }

// forEach calls fn for 0 <= i < n on every core.
func forEach(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workerCount(), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// walkDiagnostics reports the folders of the content folder that could
// not be read and the episode files that are not regular files, as
// episode.Read does.
func walkDiagnostics(t *tree) []episode.Diagnostic {
	var out []episode.Diagnostic
	for _, e := range t.errs {
		out = append(out, episode.Diagnostic{Path: e.path, Field: "file", Err: fmt.Errorf("read folder: %w", e.err)})
	}
	return out
}

package site

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/internal/cache"
)

// An episode file that can no longer be read as an episode (a typo in its
// front matter, a date removed, bytes that are not text) is skipped, but
// its episode does not go: while the file exists, the build publishes its
// last good version, the episode as the build cache recorded it the last
// time the file was read as one, with the same items, page and files.
// Only a deleted file removes an episode: an episode that left the feeds
// and came back would be announced twice by podcast apps, and a publish
// would delete its files from the targets meanwhile. The file's problems
// are then warnings, the first one saying which version is kept, and the
// file still counts as skipped (exit status 3) until it is fixed.

// keptError is the first problem of a file whose last good version was
// published instead.
type keptError struct {
	err   error
	built time.Time // when that version was read; zero when unknown
}

func (e *keptError) Error() string {
	if e.built.IsZero() {
		return e.err.Error() + ": the last good version is kept until the file is fixed"
	}
	return e.err.Error() + ": the version built on " + e.built.Format("2006-01-02 15:04 MST") + " is kept until the file is fixed"
}

func (e *keptError) Unwrap() []error { return []error{e.err, cache.ErrKept} }

// keepGood publishes the last good version of the file of src when the
// build could not read it as an episode and the cache has that version
// (see above).
func (s *site) keepGood(src *source) {
	if src.ep != nil || problems(src.diags) == 0 {
		return
	}
	for _, d := range src.diags {
		if errors.Is(d.Err, fs.ErrNotExist) {
			return // deleted while the build read it
		}
	}
	if s.cache == nil {
		s.markSkipped(src, func(err error) error {
			return fmt.Errorf("%w: no build cache to keep its last good version", err)
		})
		return
	}
	old := src.old
	if old == nil || old.Episode == nil || !old.Bodied {
		return // never read as an episode, or not since the cache was emptied
	}
	var built time.Time
	if old.Built != 0 {
		built = time.Unix(0, old.Built).In(s.cfg.Location)
	}
	// The record stays the cache's as it was: the next build reads the
	// file again, and keeps the same version while it is not fixed.
	src.ep, src.body, src.rec = old.Episode, old.Body, old
	src.kept, src.parsed = true, false
	s.markSkipped(src, func(err error) error { return &keptError{err: err, built: built} })
	// Its errors no longer skip anything: they are warnings.
	for i := range src.diags {
		if d := &src.diags[i]; !d.Note() {
			d.Warning = true
		}
	}
}

// markSkipped rewrites the first error of src with mark.
func (s *site) markSkipped(src *source, mark func(error) error) {
	for i, d := range src.diags {
		if !d.Warning && !d.Note() {
			src.diags[i].Err = mark(d.Err)
			return
		}
	}
}

// keptCount counts the files whose last good version was published.
func keptCount(ds []episode.Diagnostic) int {
	n := 0
	for _, d := range ds {
		if errors.Is(d.Err, cache.ErrKept) {
			n++
		}
	}
	return n
}

// errMediaGone tells that a kept episode's local media file is gone and
// the output folder has no copy of it.
var errMediaGone = errors.New("the media file is gone and the output folder has no copy of it")

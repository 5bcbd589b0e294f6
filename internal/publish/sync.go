package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// DefaultMaxDeletes is the deletion cap of a run when Options.MaxDeletes
// is 0.
const DefaultMaxDeletes = 100

// maxListed is the number of files a refused run lists in the log.
const maxListed = 50

// Options tune a Sync.
type Options struct {
	// DryRun computes and logs the plan and changes nothing.
	DryRun bool
	// MaxDeletes caps the deletions of a run: a run that would delete
	// more refuses to change anything and returns ErrTooManyDeletes, since
	// a mass deletion is more often a wrong content folder than an
	// intent. 0 means DefaultMaxDeletes; a negative value, no cap.
	MaxDeletes int
	// Concurrency is the number of uploads or deletions at once within a
	// step (default 4).
	Concurrency int
	// Logger receives one line per change and retry (default: none).
	Logger *slog.Logger
	// Retry retries transient errors of each operation.
	Retry Backoff
	// Deadline bounds the whole run when positive.
	Deadline time.Duration
}

// Report tells what a Sync did.
type Report struct {
	Plan
	Uploaded, Deleted int
	// Bytes counts the bytes uploaded.
	Bytes int64
	// ChangedFeeds are the keys of the RSS, Atom and JSON feeds that
	// were replaced, the WebSub topics to ping. A failed run lists those
	// it did replace.
	ChangedFeeds []string
}

// Sync makes target t equal to the output folder dir: it uploads new and
// changed files, pages, then feeds, and deletes what the build no longer
// has. A Committer target is committed at the end, even after a failure,
// so that the next run knows what this one did.
func Sync(ctx context.Context, dir string, t Target, opt Options) (rep Report, err error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = 4
	}
	log := opt.Logger.With("target", t.Name())
	if opt.Deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opt.Deadline)
		defer cancel()
	}

	local, err := Scan(dir)
	if err != nil {
		return rep, err
	}
	var remote map[string]Object
	err = opt.Retry.Do(ctx, log, "list", func(ctx context.Context) (err error) {
		remote, err = t.List(ctx)
		return err
	})
	if err != nil {
		return rep, fmt.Errorf("%s: %w", t.Name(), err)
	}
	rep.Plan = Diff(local, remote)
	log.Info("plan", "upload", len(rep.Uploads), "delete", len(rep.Deletes), "unchanged", rep.Unchanged, "dry_run", opt.DryRun)

	limit := opt.MaxDeletes
	if limit == 0 {
		limit = DefaultMaxDeletes
	}
	if limit > 0 && len(rep.Deletes) > limit {
		for i, o := range rep.Deletes {
			if i == maxListed {
				log.Warn("would delete more", "files", len(rep.Deletes)-i)
				break
			}
			log.Warn("would delete", "key", o.Key)
		}
		return rep, fmt.Errorf("%s: %w: the run would delete %d files, the limit is %d (max_deletes); nothing was changed",
			t.Name(), ErrTooManyDeletes, len(rep.Deletes), limit)
	}
	if opt.DryRun {
		for _, o := range rep.Uploads {
			log.Info("would upload", "key", o.Key, "size", o.Size)
		}
		for _, o := range rep.Deletes {
			log.Info("would delete", "key", o.Key)
		}
		return rep, nil
	}

	if c, ok := t.(Committer); ok {
		defer func() {
			// Save what was done even when ctx ended the run.
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			if cerr := opt.Retry.Do(cctx, log, "commit", c.Commit); cerr != nil {
				err = errors.Join(err, fmt.Errorf("%s: commit: %w", t.Name(), cerr))
			}
		}()
	}

	s := &syncer{dir: dir, t: t, opt: opt, log: log, rep: &rep}
	defer func() { slices.Sort(rep.ChangedFeeds) }()
	for _, step := range steps(rep.Uploads) {
		if err := s.each(ctx, step, s.upload); err != nil {
			return rep, err
		}
	}
	// Deletions in the reverse order, feeds, pages, then files, each step
	// complete before the next: a page never outlives the images it
	// shows, nor a feed the pages it links to.
	for _, step := range steps(rep.Deletes) {
		if err := s.each(ctx, step, s.delete); err != nil {
			return rep, err
		}
	}
	log.Info("synced", "uploaded", rep.Uploaded, "deleted", rep.Deleted, "bytes", rep.Bytes)
	return rep, nil
}

// steps splits the sorted uploads into files, pages and feeds (or the
// deletions into feeds, pages and files): each step starts once the
// previous one is complete.
func steps(uploads []Object) [][]Object {
	var out [][]Object
	for i := 0; i < len(uploads); {
		j := i
		for j < len(uploads) && stageOf(uploads[j]) == stageOf(uploads[i]) {
			j++
		}
		out = append(out, uploads[i:j])
		i = j
	}
	return out
}

type syncer struct {
	dir string
	t   Target
	opt Options
	log *slog.Logger
	mu  sync.Mutex
	rep *Report
}

// each runs fn on every object, Concurrency at a time, and returns the
// first error once the running calls have returned; none is started
// after an error.
func (s *syncer) each(ctx context.Context, objs []Object, fn func(context.Context, Object) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	sem := make(chan struct{}, s.opt.Concurrency)
	var wg sync.WaitGroup
	for _, o := range objs {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := fn(ctx, o); err != nil {
				cancel(err)
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return nil
}

func (s *syncer) upload(ctx context.Context, o Object) error {
	err := s.opt.Retry.Do(ctx, s.log, "upload "+o.Key, func(ctx context.Context) error {
		f, err := os.Open(filepath.Join(s.dir, filepath.FromSlash(o.Key)))
		if err != nil {
			return Permanent(fmt.Errorf("upload: %w", err))
		}
		defer f.Close()
		return s.t.Put(ctx, o, f)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", s.t.Name(), err)
	}
	s.log.Info("uploaded", "key", o.Key, "size", o.Size)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rep.Uploaded++
	s.rep.Bytes += o.Size
	if IsFeed(o) {
		s.rep.ChangedFeeds = append(s.rep.ChangedFeeds, o.Key)
	}
	return nil
}

func (s *syncer) delete(ctx context.Context, o Object) error {
	err := s.opt.Retry.Do(ctx, s.log, "delete "+o.Key, func(ctx context.Context) error {
		return s.t.Delete(ctx, o.Key)
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("%s: %w", s.t.Name(), err)
	}
	s.log.Info("deleted", "key", o.Key)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rep.Deleted++
	return nil
}

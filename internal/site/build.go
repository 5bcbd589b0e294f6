// Package site turns a show's episode files into its published output
// folder: the RSS, Atom and JSON feeds of the show, of each series and of
// each tag (with their archive pages), the pages, the transcripts and the
// images.
//
// A build reads and renders the episodes on every core. With a build
// cache, an episode whose file, referenced files and settings did not
// change since a previous build is neither parsed nor rendered again, and
// only the files whose content changed are written: a build with nothing
// changed checks the signatures of the input files and of the output
// folder, and writes nothing.
//
// It is where the neutral model (feed) and the episodes (episode) meet,
// and the only package that imports internal/cache (what earlier builds
// made) and internal/output (the writer of the output folder); neither of
// them imports it.
package site

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/feed/atom"
	"github.com/feedcast/feedcast/feed/jsonfeed"
	"github.com/feedcast/feedcast/feed/rss"
	"github.com/feedcast/feedcast/internal/cache"
	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/output"
	"github.com/feedcast/feedcast/internal/readiness"
)

// Options are the inputs of a build.
type Options struct {
	Config *config.Config // validated
	// Content and Static are the episode and static folders (Static may be
	// nil). Use os.OpenRoot(dir) and Root.FS so that no symlink leads out.
	Content fs.FS
	Static  fs.FS
	// Out is the output folder. The first build writes it whole; later
	// builds update the files that changed.
	Out string
	// Now is the clock that decides which episodes are released.
	Now func() time.Time
	// Strict fails the build on any diagnostic, warnings included.
	Strict bool
	// Version is the program's version, written in the generator tags.
	Version string
	// ImageTimeout bounds the work on one image (artwork.Options.Timeout);
	// 0 is artwork's default. A slow machine, or a test under the race
	// detector, may need more.
	ImageTimeout time.Duration
	// PaceGC paces the garbage collector against the build's memory
	// budget while it runs (gc.go): about a fifth less CPU at 10,000
	// episodes. It changes process-wide settings (debug.SetGCPercent and
	// SetMemoryLimit), so only a program that runs builds alone should
	// set it, and only when the user did not set GOGC or GOMEMLIMIT.
	PaceGC bool
	// Progress, if set, is called as images are processed.
	Progress func(done, total int)
}

// Result tells what a build did.
type Result struct {
	Published int // episodes in the feeds
	// Skipped counts the episode files that could not be published (and
	// the folders that could not be read): each has an error in
	// Diagnostics. Files without front matter are not counted: they are
	// not episodes (notes).
	Skipped int
	// Kept counts the skipped files whose last good version, from the
	// build cache, was published instead (see keep.go); they are counted
	// in Skipped too, since they still need fixing.
	Kept int
	Held int // drafts and episodes dated in the future
	// Twins counts the files published once because another file is the
	// same episode (same title, date and media) or has the same id; each
	// has a warning.
	Twins int
	// Diagnostics are every problem found, errors and warnings, and the
	// notes (Diagnostic.Note), in path order.
	Diagnostics []episode.Diagnostic
	// Readiness are what keeps directories from taking the show (see
	// internal/readiness). They are not warnings, but a strict build
	// fails on them too.
	Readiness []readiness.Finding
	// NoMedia counts the published episodes without a media file (only
	// an embedded player, or nothing): podcast apps do not list them.
	NoMedia int
	Feeds   int // feed documents of the build (all formats, archive pages included)
	Files   int // files of the output folder
	// ImagesEncoded counts the images processed by this build;
	// ImagesCached those whose renditions came from the cache.
	ImagesEncoded, ImagesCached int

	// Rendered counts the published episodes parsed and rendered by this
	// build; Reused those taken from the build cache.
	Rendered, Reused int
	// PagesMade counts the pages and the pages' shared files (style
	// sheets, scripts, OPML) made by this build; the pages whose inputs
	// did not change are kept as they are, without being made again.
	PagesMade int
	// FilesWritten counts the files written (created or replaced),
	// FilesUnchanged the files left as they were, FilesDeleted the files
	// of the previous build deleted.
	FilesWritten, FilesUnchanged, FilesDeleted int
	// Unchanged is true when the build found every input as the previous
	// build left it, and the output folder too: it then did nothing else.
	Unchanged bool
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

// Problems counts the diagnostics but the notes: what fails a strict
// build.
func (r *Result) Problems() int { return problems(r.Diagnostics) }

func problems(diags []episode.Diagnostic) int {
	n := 0
	for _, d := range diags {
		if !d.Note() {
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

// numFormats is the number of writers.
const numFormats = 3

// The cache keeps one encoded item per writer: a compile error when the
// two numbers differ.
const _ = uint(cache.ItemParts-numFormats) + uint(numFormats-cache.ItemParts)

var writers = [numFormats]writer{
	{feed.RSS, rss.Write},
	{feed.Atom, atom.Write},
	{feed.JSON, jsonfeed.Write},
}

// key is a digest of the inputs of a result (cache.Digest): what the
// cache and the output folder's manifest match a result by.
type key = cache.Key

// settingsKeys are the digests of the settings each stage depends on.
type settingsKeys struct {
	parse, render, images, feeds, pages key
}

// Run builds the output folder. It returns the result, with an error when
// the build failed; the output folder is then left as it was.
func Run(ctx context.Context, opt Options) (*Result, error) {
	s, err := newSite(opt)
	if err != nil {
		return nil, err
	}
	now := opt.Now()
	s.built = now.UnixNano()
	// File times are compared with the file system's own clock.
	started, err := fileClock(filepath.Dir(filepath.Clean(opt.Out)))
	if err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	in, err := s.scan(started)
	defer in.restoreGC()
	if err != nil {
		return nil, err
	}
	if res, ok := s.unchanged(in.last, in.inputs, in.inputsOK, now); ok {
		return s.finishUnchanged(res)
	}
	closeStore, err := s.openStore(in.useCache)
	if err != nil {
		return nil, err
	}
	defer closeStore()
	// A save started early is over before the cache is closed.
	defer s.waitSave()
	res, fast, err := s.run(ctx, now, in.inputs, in.inputsOK)
	if err != nil {
		s.out.Abort()
		return res, err
	}
	if err := s.out.Finish(fast.Encode()); err != nil {
		return res, err
	}
	if s.cache != nil {
		if err := s.saveCache(); err != nil {
			return res, err
		}
	}
	res.FilesWritten, res.FilesUnchanged, res.FilesDeleted = s.out.Counts()
	res.PagesMade = int(s.pagesMade.Load())
	return res, nil
}

// newSite checks the options and makes the build's state.
func newSite(opt Options) (*site, error) {
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
	s := &site{buildSettings: buildSettings{
		opt: opt, cfg: cfg, base: base, content: opt.Content, static: opt.Static, version: opt.Version,
		html: newContentHTML(base, cfg.Language), progress: opt.Progress,
		keys: settings(cfg, programKey(opt.Version)),
	}}
	s.frags = &fragCache{s: s}
	return s, nil
}

// scanned is what the build learns before it reads an episode.
type scanned struct {
	// inputs digests every input (inputsKey); not usable when inputsOK
	// is false.
	inputs   key
	inputsOK bool
	// last is the summary the previous build left in the output folder's
	// manifest, nil when there is none.
	last     *cache.Summary
	useCache bool
	// restoreGC undoes the collector's pacing (tuneGC).
	restoreGC func()
}

// scan lists the input folders and the output folder at once, and reads
// the cache meanwhile when the inputs are not the previous build's, so
// that a build with nothing changed reads no cache, and the others do not
// wait for it.
func (s *site) scan(started time.Time) (*scanned, error) {
	in := &scanned{restoreGC: func() {}}
	var out *output.Sink
	var outErr error
	last := make(chan *cache.Summary, 1)
	// The collector is paced against a memory budget from here on, while
	// the folders, the output folder's manifest and the cache index are
	// read too (see gc.go); the budget follows the number of episodes
	// once they are listed.
	if s.opt.PaceGC {
		in.restoreGC = tuneGC(-1)
	}
	var outScan sync.WaitGroup
	outScan.Go(func() {
		out, outErr = output.Open(s.opt.Out, started.Add(-racyWindow).UnixNano(), func(b []byte) { last <- cache.DecodeSummary(b) })
	})
	var static sync.WaitGroup
	static.Go(func() { s.staticTree = scanTree(s.opt.Static, started) })
	s.contentTree = scanTree(s.opt.Content, started)
	if s.opt.PaceGC {
		resizeGC(s.contentTree.count(s.cfg.Ignored, episode.IsEpisodeFile))
	}
	static.Wait()
	in.inputs, in.inputsOK = s.inputsKey()
	in.useCache = s.cfg.Cache != "" && s.contentTree.precise
	in.last = <-last
	if in.useCache && (in.last == nil || !in.inputsOK || in.last.Inputs != in.inputs) {
		s.reading.Go(func() { s.readErr = s.readCache() })
	}
	outScan.Wait()
	if outErr != nil {
		s.dropCache()
		return in, outErr
	}
	s.out = out
	return in, nil
}

// readCache opens the build cache.
func (s *site) readCache() error {
	c, err := cache.Open(s.cfg.Cache, s.keys.program())
	if err != nil {
		return err
	}
	s.cache, s.blobs = c, c.Blobs()
	return nil
}

// dropCache closes the cache that scan may have started to read: the
// build ends before it needs it.
func (s *site) dropCache() {
	s.reading.Wait()
	if s.cache != nil {
		s.cache.Close()
	}
}

// finishUnchanged ends a build that found everything as the previous
// build left it (unchanged): it reports the previous result again.
func (s *site) finishUnchanged(res *Result) (*Result, error) {
	s.dropCache()
	if n := res.Problems() + len(res.Readiness); s.opt.Strict && n > 0 {
		return res, fmt.Errorf("%w: %d problem(s)", ErrStrict, n)
	}
	return res, s.out.Refresh()
}

// openStore makes the blob store ready: the build cache's (read by scan,
// or now when the inputs were the previous build's but the output folder
// was not), or a scratch store without a cache. It returns what closes
// it.
func (s *site) openStore(useCache bool) (closeStore func(), err error) {
	if !useCache {
		if s.blobs, err = cache.Scratch(""); err != nil {
			return nil, fmt.Errorf("build: %w", err)
		}
		blobs := s.blobs
		return func() { blobs.Close() }, nil
	}
	s.reading.Wait()
	if s.cache == nil && s.readErr == nil {
		s.readErr = s.readCache()
	}
	if s.readErr != nil {
		return nil, s.readErr
	}
	c := s.cache
	return func() { c.Close() }, nil
}

// run reads, renders and writes the build; the caller puts the files in
// place.
func (s *site) run(ctx context.Context, now time.Time, inputs key, inputsOK bool) (*Result, *cache.Summary, error) {
	cfg, opt := s.cfg, s.opt
	res := &Result{}
	paths := s.contentTree.episodePaths(cfg.Ignored, episode.IsEpisodeFile)
	srcs := s.readEpisodes(paths)
	s.srcs = srcs
	diags := walkDiagnostics(s.contentTree)
	shows, indexDiags := s.readShows()
	s.shows = shows
	diags = append(diags, indexDiags...)
	res.Skipped = len(diags)
	var eps []*episode.Episode
	bySrc := map[*episode.Episode]*source{}
	for _, src := range srcs {
		if src.ep == nil && problems(src.diags) > 0 {
			res.Skipped++
		}
		if src.kept {
			res.Skipped++
			res.Kept++
		}
		diags = append(diags, src.diags...)
		if src.ep != nil {
			eps = append(eps, src.ep)
			bySrc[src.ep] = src
		}
	}
	eps, diags, validUntil := s.choose(eps, diags, now, res)
	diags, validUntil = s.probeRemote(ctx, eps, bySrc, diags, validUntil, true)
	res.Diagnostics = diags
	if opt.Strict && problems(diags) > 0 {
		return res, nil, fmt.Errorf("%w: %d problem(s)", ErrStrict, problems(diags))
	}

	slugs := s.slugs(eps)
	if err := s.processImages(ctx, eps, slugs); err != nil {
		return res, nil, err
	}
	s.setShowKeys()
	res.ImagesEncoded, res.ImagesCached = s.imagesEncoded, s.imagesCached
	published := make([]*source, len(eps))
	for i, e := range eps {
		published[i] = bySrc[e]
	}
	entries := s.entries(published, slugs)
	s.setUpdated(entries)
	if err := s.renderAll(entries); err != nil {
		return res, nil, err
	}
	res.Published = len(entries)
	res.Rendered, res.Reused = int(s.rendered.Load()), int(s.reused.Load())
	var renderDiags []episode.Diagnostic
	byPath := slices.Clone(entries)
	slices.SortFunc(byPath, func(a, b *entry) int { return a.src.order - b.src.order })
	for _, en := range byPath {
		renderDiags = append(renderDiags, en.diags...)
		if en.item.Enclosure == nil {
			res.NoMedia++
		}
	}
	showDiags := append(s.diags, renderDiags...)
	res.Diagnostics = append(res.Diagnostics, showDiags...)
	// The readiness checks run while the feeds and pages are made, but
	// for a strict build, which fails on them before it makes anything.
	readinessFindings := s.startReadiness(byPath)
	if opt.Strict {
		res.Readiness = readinessFindings()
		if problems(showDiags)+len(res.Readiness) > 0 {
			return res, nil, fmt.Errorf("%w: %d problem(s)", ErrStrict, res.Problems()+len(res.Readiness))
		}
	}
	s.startSaveCache()
	groups := s.groups(entries)
	docs := s.docs(groups)
	res.Feeds = len(docs) * len(writers)
	s.frags.index(entries)
	if !cfg.FeedsOnly {
		if err := s.writePages(groups, docs, entries); err != nil {
			return res, nil, err
		}
	}
	if err := s.writeFeeds(docs); err != nil {
		return res, nil, err
	}
	if err := s.copyStatic(); err != nil {
		return res, nil, err
	}
	res.Readiness = readinessFindings()
	res.Files = s.out.Files()
	var fast *cache.Summary
	if inputsOK {
		fast = summary(res)
		fast.Inputs, fast.ValidFrom = inputs, validFrom(eps)
		if !validUntil.IsZero() {
			fast.ValidUntil = validUntil.UnixNano()
		}
	}
	return res, fast, nil
}

// releasable drops drafts and episodes dated after now. It also returns
// the first release date after now, zero when none.
// choose keeps the episodes to publish, for a build and for a check
// alike: those released by now, one of each set of twins, and one per id.
// It counts what it leaves out in res, and returns the diagnostics, with
// those of what it left out, in path order, and the time the next held
// episode is released.
func (s *site) choose(eps []*episode.Episode, diags []episode.Diagnostic, now time.Time, res *Result) ([]*episode.Episode, []episode.Diagnostic, time.Time) {
	eps, held, validUntil := releasable(eps, now)
	res.Held = held
	eps, twins := dedupe(eps)
	diags = append(dropTwinDiagnostics(diags, twins), twinDiagnostics(twins)...)
	// Then the episodes with one id, twins aside (a twin copied with its
	// guid is reported as a twin).
	eps, dups := sameIDs(eps, s.feedID)
	diags = append(diags, sameIDDiagnostics(dups, s.feedID)...)
	res.Twins = len(twins) + len(dups)
	sort.SliceStable(diags, func(i, j int) bool { return diags[i].Path < diags[j].Path })
	return eps, diags, validUntil
}

func releasable(eps []*episode.Episode, now time.Time) (out []*episode.Episode, held int, next time.Time) {
	for _, e := range eps {
		if e.Draft || e.Date.After(now) {
			held++
			if !e.Draft && (next.IsZero() || e.Date.Before(next)) {
				next = e.Date
			}
			continue
		}
		out = append(out, e)
	}
	return out, held, next
}

// validFrom returns the newest release date of the published episodes:
// an earlier clock would hold some back.
func validFrom(eps []*episode.Episode) int64 {
	var t time.Time
	for _, e := range eps {
		if e.Date.After(t) {
			t = e.Date
		}
	}
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// settings digests the configuration for each stage, with the program.
func settings(cfg *config.Config, program key) settingsKeys {
	// Every key that changes an output; the folders, the publish targets,
	// the Podping gateway, the stall timeout and the schedule do not
	// (cachekeys_test.go changes every field and says what it changes).
	c := *cfg
	c.File, c.Content, c.Static, c.Out, c.Cache = "", "", "", "", ""
	c.Publish, c.Schedule, c.ScheduleTimeZone, c.Location = nil, "", "", nil
	c.RemoteMedia.Timeout, c.RemoteMedia.TotalTimeout, c.RemoteMedia.MaxAge = 0, 0, 0
	c.PodpingEndpoint, c.StallTimeout = "", 0
	all, _ := json.Marshal(c)
	return settingsKeys{
		parse:  cache.Digest("parse", program, cfg.TimeZone, cache.Format),
		render: cache.Digest("render", program, cfg.TimeZone, cfg.BaseURL, cfg.Language, cfg.IDAuthority, cfg.EpisodeURL, cfg.FeedsOnly, cfg.Title, cfg.EnclosurePrefix, cfg.IDBaseURL),
		images: cache.Digest("images", program, cfg.ArtworkSize, cfg.ArtworkFit),
		feeds:  cache.Digest("feeds", program, all),
		pages:  cache.Digest("pages", program, all),
	}
}

// program returns the key of the program, which every settings key
// holds.
func (k settingsKeys) program() key { return cache.Digest("program", k.parse) }

// programKey identifies the running program: its version and its
// executable file, so that a new build of the program (new templates, a
// fixed writer) renders everything again.
func programKey(version string) key {
	parts := []any{version, cache.Format}
	if exe, err := os.Executable(); err == nil {
		if info, err := os.Stat(exe); err == nil {
			parts = append(parts, exe, info.Size(), info.ModTime().UnixNano())
		}
	}
	return cache.Digest(parts...)
}

// fileClock returns the current time of the file system that holds dir,
// which file times are compared with: the time of a file it writes.
func fileClock(dir string) (time.Time, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return time.Time{}, err
	}
	f, err := os.CreateTemp(dir, ".feedcast-clock-")
	if err != nil {
		return time.Time{}, err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return time.Time{}, err
	}
	return info.ModTime(), nil
}

// saveCache writes the records of this build's episodes and images;
// the records of files that are gone are dropped.
func (s *site) saveCache() error {
	if s.saving != nil {
		return s.waitSave()
	}
	return s.cache.Save(s.cacheIndex())
}

// cacheIndex returns the index of the build's records.
func (s *site) cacheIndex() *cache.Index {
	idx := &cache.Index{Program: s.keys.program(), Episodes: make(map[string]*cache.EpisodeRecord, len(s.srcs)), Images: s.images}
	for _, src := range s.srcs {
		if src.rec != nil {
			idx.Episodes[src.path] = src.rec
		}
	}
	return idx
}

// startSaveCache saves the cache while the pages and feeds are written:
// the records and the images are final once the episodes are rendered,
// and the writers leave cores idle. The blob store is not to be
// compacted then (the writers read it); when it is, the cache is saved
// at the end.
func (s *site) startSaveCache() {
	if s.cache == nil {
		return
	}
	idx := s.cacheIndex()
	if s.cache.CompactionDue(idx) {
		return
	}
	s.saving = make(chan error, 1)
	go func() { s.saving <- s.cache.Save(idx) }()
}

// waitSave waits for the save startSaveCache started, if any.
func (s *site) waitSave() error {
	if s.saving == nil {
		return nil
	}
	err := <-s.saving
	s.saving = nil
	return err
}

// inputsKey digests every input of the build: the settings, the program,
// and the signature of every file of the content and static folders. It
// is not usable (false) when a signature cannot be trusted.
func (s *site) inputsKey() (key, bool) {
	parts := []any{s.keys.parse, s.keys.render, s.keys.images, s.keys.feeds, s.keys.pages}
	for _, t := range []*tree{s.contentTree, s.staticTree} {
		if len(t.errs) > 0 || len(t.odd) > 0 {
			return key{}, false
		}
		paths := make([]string, 0, len(t.files))
		for p := range t.files {
			if !t.trusted(p) {
				return key{}, false
			}
			paths = append(paths, p)
		}
		slices.Sort(paths)
		h := sha256.New()
		var buf []byte
		for _, p := range paths {
			sig := t.files[p]
			buf = append(buf[:0], p...)
			buf = append(buf, 0)
			buf = binary.LittleEndian.AppendUint64(buf, uint64(sig.Size))
			buf = binary.LittleEndian.AppendUint64(buf, uint64(sig.Mtime))
			buf = binary.LittleEndian.AppendUint64(buf, uint64(sig.Ctime))
			buf = binary.LittleEndian.AppendUint64(buf, sig.Ino)
			h.Write(buf)
		}
		parts = append(parts, h.Sum(nil))
	}
	return cache.Digest(parts...), true
}

// unchanged returns the previous build's result when every input is as it
// was (inputs, as the previous build's record f has them), the clock
// releases the same episodes, and the output folder is as the previous
// build left it: then there is nothing to do.
func (s *site) unchanged(f *cache.Summary, inputs key, ok bool, now time.Time) (*Result, bool) {
	if !ok || f == nil || s.out.Fresh() || f.Inputs != inputs {
		return nil, false
	}
	if n := now.UnixNano(); n < f.ValidFrom || (f.ValidUntil != 0 && n >= f.ValidUntil) {
		return nil, false
	}
	if !s.out.Intact() {
		return nil, false
	}
	res := loadResult(f)
	res.Reused, res.FilesUnchanged, res.Unchanged = res.Published, s.out.Previous(), true
	return res, true
}

// summary is the record of the build's result the output folder's
// manifest keeps for the next build's quick check (unchanged).
func summary(r *Result) *cache.Summary {
	return &cache.Summary{
		Published: r.Published, Skipped: r.Skipped, Held: r.Held, Twins: r.Twins, NoMedia: r.NoMedia,
		Feeds: r.Feeds, Files: r.Files, Images: r.ImagesEncoded + r.ImagesCached,
		Diagnostics: cache.StoreDiags(r.Diagnostics), Readiness: r.Readiness,
	}
}

func loadResult(r *cache.Summary) *Result {
	res := &Result{
		Published: r.Published, Skipped: r.Skipped, Held: r.Held, Twins: r.Twins, NoMedia: r.NoMedia,
		Feeds: r.Feeds, Files: r.Files, ImagesCached: r.Images,
		Diagnostics: cache.LoadDiags(r.Diagnostics), Readiness: r.Readiness,
	}
	res.Kept = keptCount(res.Diagnostics)
	return res
}

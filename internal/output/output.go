// Package output writes a build's output folder atomically, in stages:
// a first build writes a new folder and renames it into place; later
// builds write only the files whose content changed, each through a
// temporary file, renamed in the order of filetype.StageOf so that no
// document links a file that is not there yet. It owns the folder's
// manifest (.feedcast-build), which records what each file was made from
// and lets a later build keep a file without making it again.
//
// It knows files, their bytes and the keys they were made from, not what
// they hold: it must not import internal/site (the pipeline that calls
// it) nor internal/cache.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"

	"github.com/feedcast/feedcast/internal/filetype"
)

// The output folder is written in one of two ways.
//
// The first build (no output folder yet) writes a whole new folder beside
// it, then renames it into place: a reader sees no folder or a complete
// one.
//
// Later builds update the folder in place and write only the files whose
// content changed: each one to a temporary file beside it, renamed over
// the old one, so that a reader never gets half a file. The renames are
// made once every file is ready, in an order that never lets a document
// link a file that is not there yet: assets (images, media, transcripts,
// static files) first, then pages, then the archive pages of the feeds,
// then the feeds; files that are no longer part of the build are deleted
// last. A file whose content did not change keeps its bytes, its
// modification time and its inode, so HTTP validators (ETag,
// Last-Modified) and the publish targets see no change.
//
// The manifest (.feedcast-build in the folder) records, for every file,
// the key of what it was made from, the hash and size of its bytes, and
// its modification time and inode when written: a file whose key and
// metadata are unchanged is not made again. The files are still compared
// by content when the manifest is lost or a file was touched.

// The files of an in-place update are renamed stage by stage
// (filetype.StageOf, the rule publishing follows too): assets, pages,
// archive pages, feeds.

// ManifestName is the manifest file in the output folder; publish
// targets and the server skip names starting with ".feedcast-".
const ManifestName = ".feedcast-build"

// Key is the digest of what a file was made from (the cache's keys are
// of this form). The zero Key is unknown: it matches no file.
type Key = [16]byte

// tempPrefix starts the names of the files being written.
const tempPrefix = ".feedcast-tmp-"

// outState is what the manifest says of an output file.
type outState struct {
	Key   Key    // what the content was made from; zero when unknown
	Hash  uint64 // xxhash of the bytes
	Size  int64
	Mtime int64 // Unix nanoseconds, as written
	Ino   uint64
}

// Sink writes the files of a build into the output folder. Its methods
// may be called from several goroutines, but Finish, Abort and Refresh,
// which end it.
type Sink struct {
	out   string // the output folder
	dir   string // the folder written: out, or the new one
	fresh bool   // a new folder, renamed into place at the end

	// prev are the files of the previous build's manifest, with what the
	// output folder holds at their paths; extra are the other files
	// found in it (Size, Mtime, Ino).
	prev  map[string]*entryState
	extra map[string]outState
	// prevRecord is the previous build's record, which the manifest keeps
	// for the caller (nil for none).
	prevRecord []byte
	// since is the time from which a folder's time is not trusted.
	since int64
	// stale counts the folders whose time the manifest did not trust but
	// now can.
	stale int
	// diskDirs are the folder times the scan found (0: too recent),
	// touched the folders this build wrote in, dirty those whose files'
	// manifest entries changed, and prevDirs the previous manifest's
	// folders.
	diskDirs map[string]int64
	touched  map[string]bool
	dirty    map[string]bool
	prevDirs map[string]*manifestDir

	mu   sync.Mutex
	next map[string]outState
	// fromPrev counts the paths of next that are in prev, added the
	// others: when every file of prev is in next and none was added, the
	// folders are prev's and nothing is to be deleted.
	fromPrev, added int
	renames         [filetype.NumStages][]rename
	made            sync.Map // folders known to exist

	written, unchanged, deleted atomic.Int64
}

type rename struct{ tmp, path string }

// Open prepares the writing of out. Folder times from since (Unix
// nanoseconds) on are not trusted. manifest, when not nil, is called with
// the record the previous build left (Finish; nil when there is none) as
// soon as it is read, before the output folder is scanned.
func Open(out string, since int64, manifest func(record []byte)) (*Sink, error) {
	if manifest == nil {
		manifest = func([]byte) {}
	}
	told := false
	defer func() {
		if !told {
			manifest(nil)
		}
	}()
	out = filepath.Clean(out)
	s := &Sink{out: out, since: since, prev: map[string]*entryState{}, extra: map[string]outState{}, next: map[string]outState{},
		diskDirs: map[string]int64{}, touched: map[string]bool{}, dirty: map[string]bool{}}
	info, err := os.Stat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		s.fresh = true // the new folder is made at the first write
		return s, nil
	case err != nil:
		return nil, fmt.Errorf("output folder: %w", err)
	case !info.IsDir():
		return nil, fmt.Errorf("output folder: %s is not a folder", out)
	}
	s.dir = out
	m := readManifest(filepath.Join(out, ManifestName))
	s.prev, s.prevRecord = m.files, m.record
	s.prevDirs = make(map[string]*manifestDir, len(m.dirs))
	for _, d := range m.dirs {
		s.prevDirs[d.path] = d
	}
	manifest(m.record)
	told = true
	s.next = make(map[string]outState, len(m.files))
	if s.extra, s.diskDirs, s.stale, err = scanOutput(out, m, since); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	return s, nil
}

// intact reports whether the file at p is as the manifest recorded it.
func (s *Sink) intact(p string) (outState, bool) {
	e := s.prev[p]
	if e == nil {
		return outState{}, false
	}
	return e.outState, e.intact()
}

// onDisk returns what the output folder holds at p.
func (s *Sink) onDisk(p string) (outState, bool) {
	if e := s.prev[p]; e != nil {
		return e.disk, e.onDisk
	}
	st, ok := s.extra[p]
	return st, ok
}

// match returns the previous build's entry at p when its file is there,
// made from k; nil otherwise. The zero key matches nothing.
func (s *Sink) match(p string, k Key) *entryState {
	e := s.prev[p]
	if e == nil || k == (Key{}) || e.Key != k || !e.intact() {
		return nil
	}
	return e
}

// Has reports whether the file at p is there, made from k, so that it
// need not be made again.
func (s *Sink) Has(p string, k Key) bool {
	return s.match(p, k) != nil
}

// Keep keeps the file at p when it is there, made from k, and reports
// whether it did.
func (s *Sink) Keep(p string, k Key) bool {
	e := s.match(p, k)
	if e == nil {
		return false
	}
	s.mu.Lock()
	s.setNext(p, e.outState, e) // as the manifest has it: not dirty
	s.mu.Unlock()
	s.unchanged.Add(1)
	return true
}

// KeepAny keeps the file at p as the previous build left it, whatever it
// was made from, and reports whether it could (the file is there as the
// manifest has it).
func (s *Sink) KeepAny(p string) bool {
	e := s.prev[p]
	if e == nil || !e.intact() {
		return false
	}
	s.mu.Lock()
	s.setNext(p, e.outState, e)
	s.mu.Unlock()
	s.unchanged.Add(1)
	return true
}

func (s *Sink) record(p string, st outState) {
	e := s.prev[p]
	s.mu.Lock()
	s.setNext(p, st, e)
	if e == nil || e.outState != st {
		s.dirty[path.Dir(p)] = true
	}
	s.mu.Unlock()
}

// setNext records st as the file at p, whose entry in the previous
// manifest is prev (nil for none); s.mu is held.
func (s *Sink) setNext(p string, st outState, prev *entryState) {
	n := len(s.next)
	s.next[p] = st
	if len(s.next) > n {
		if prev != nil {
			s.fromPrev++
		} else {
			s.added++
		}
	}
}

// sameFiles reports whether the build has the files of the previous
// build's manifest, no more, no fewer.
func (s *Sink) sameFiles() bool {
	return s.added == 0 && s.fromPrev == len(s.prev)
}

// Planned reports whether the build already has a file at p.
func (s *Sink) Planned(p string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.next[p]
	return ok
}

// Put writes data to the file at p, made from k, unless the file is
// already there with these bytes.
func (s *Sink) Put(p string, k Key, data []byte) error {
	if s.Keep(p, k) {
		return nil
	}
	h := xxhash.Sum64(data)
	if st, ok := s.same(p, h, int64(len(data)), func(f *os.File) bool { return sameBytes(f, data) }); ok {
		st.Key = k
		s.record(p, st)
		s.unchanged.Add(1)
		return nil
	}
	f, err := s.Create(p, k)
	if err != nil {
		return err
	}
	f.Write(data)
	return f.Close()
}

// Copy copies the file src of fsys to p, made from k.
func (s *Sink) Copy(p string, k Key, fsys fs.FS, src string) error {
	if s.Keep(p, k) {
		return nil
	}
	r, err := fsys.Open(src)
	if err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	defer r.Close()
	f, err := s.Create(p, k)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Abort()
		return fmt.Errorf("write %s: %w", p, err)
	}
	return f.Close()
}

// same returns the state of the file at p when it already holds the
// bytes of hash h and this size: by the manifest when the file is as
// recorded, else by comparing its content (eq) when its size matches.
func (s *Sink) same(p string, h uint64, size int64, eq func(*os.File) bool) (outState, bool) {
	if s.fresh {
		return outState{}, false
	}
	if m, ok := s.intact(p); ok {
		return m, m.Hash == h && m.Size == size
	}
	d, ok := s.onDisk(p)
	if !ok || d.Size != size {
		return outState{}, false
	}
	f, err := os.Open(filepath.Join(s.out, filepath.FromSlash(p)))
	if err != nil {
		return outState{}, false
	}
	defer f.Close()
	if !eq(f) {
		return outState{}, false
	}
	d.Hash = h
	return d, true
}

func sameBytes(f *os.File, data []byte) bool {
	got, err := io.ReadAll(io.LimitReader(f, int64(len(data))+1))
	return err == nil && bytes.Equal(got, data)
}

// File is a file being written: the file itself in a new folder, a
// temporary file beside it otherwise.
type File struct {
	s     *Sink
	path  string
	stage filetype.Stage
	key   Key
	f     *os.File
	name  string // the file written
	h     *xxhash.Digest
	size  int64
	err   error
}

// Create starts writing the file at p, made from k. Close it to put it
// in place (or to find that the folder already had these bytes).
func (s *Sink) Create(p string, k Key) (*File, error) {
	if s.fresh {
		if err := s.mkdirFresh(); err != nil {
			return nil, err
		}
	}
	dst := filepath.Join(s.dir, filepath.FromSlash(p))
	dir := filepath.Dir(dst)
	if _, ok := s.made.Load(dir); !ok {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("write %s: %w", p, err)
		}
		s.made.Store(dir, true)
	}
	s.mu.Lock()
	s.touched[path.Dir(p)] = true
	s.mu.Unlock()
	var f *os.File
	var err error
	if s.fresh {
		f, err = os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	} else {
		f, err = os.CreateTemp(dir, tempPrefix)
		if err == nil {
			err = f.Chmod(0o644)
		}
	}
	if err != nil {
		if f != nil {
			f.Close()
			os.Remove(f.Name())
		}
		return nil, fmt.Errorf("write %s: %w", p, err)
	}
	return &File{s: s, path: p, stage: filetype.StageOf(p, filetype.ContentType(p, nil)), key: k, f: f, name: f.Name(), h: xxhash.New()}, nil
}

func (o *File) Write(b []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.f.Write(b)
	o.h.Write(b[:n])
	o.size += int64(n)
	if err != nil {
		o.err = err
	}
	return n, err
}

// Abort drops the file.
func (o *File) Abort() {
	o.f.Close()
	os.Remove(o.name)
}

// Close finishes the file: the temporary file is dropped when the folder
// already has these bytes, or queued for its rename.
func (o *File) Close() error {
	s := o.s
	if o.err != nil {
		o.Abort()
		return fmt.Errorf("write %s: %w", o.path, o.err)
	}
	info, err := o.f.Stat()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(o.name)
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	h := o.h.Sum64()
	if st, ok := s.same(o.path, h, o.size, func(f *os.File) bool { return sameFile(f, o.name) }); ok {
		os.Remove(o.name)
		st.Key = o.key
		s.record(o.path, st)
		s.unchanged.Add(1)
		return nil
	}
	st := stateOf(info)
	s.mu.Lock()
	s.setNext(o.path, outState{Key: o.key, Hash: h, Size: o.size, Mtime: st.Mtime, Ino: st.Ino}, s.prev[o.path])
	s.dirty[path.Dir(o.path)] = true
	if !s.fresh {
		s.renames[o.stage] = append(s.renames[o.stage], rename{tmp: o.name, path: o.path})
	}
	s.mu.Unlock()
	s.written.Add(1)
	return nil
}

// sameFile compares the content of f with the file named name.
func sameFile(f *os.File, name string) bool {
	g, err := os.Open(name)
	if err != nil {
		return false
	}
	defer g.Close()
	a, b := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		n, errA := io.ReadFull(f, a)
		m, errB := io.ReadFull(g, b)
		if n != m || !bytes.Equal(a[:n], b[:m]) {
			return false
		}
		if errA != nil || errB != nil {
			return errA == errB || (n == m && (errA == io.ErrUnexpectedEOF || errA == io.EOF) && (errB == io.ErrUnexpectedEOF || errB == io.EOF))
		}
	}
}

// Finish puts the new files in place, deletes the files of the previous
// build that are not part of this one, and writes the manifest. record,
// when not nil, is kept in the manifest for the next build (Record).
func (s *Sink) Finish(record []byte) error {
	if s.fresh {
		if s.dir == "" { // nothing was written
			if err := s.mkdirFresh(); err != nil {
				return err
			}
		}
		// Every folder is new: none is trusted yet.
		if err := writeManifest(filepath.Join(s.dir, ManifestName), s.next, s.dirTimes(), record, nil, nil, false); err != nil {
			s.Abort()
			return err
		}
		if err := swapDir(s.dir, s.out); err != nil {
			s.Abort()
			return err
		}
		return nil
	}
	for _, phase := range s.renames {
		slices.SortFunc(phase, func(a, b rename) int { return strings.Compare(a.path, b.path) })
		for _, r := range phase {
			if err := os.Rename(r.tmp, filepath.Join(s.out, filepath.FromSlash(r.path))); err != nil {
				s.Abort()
				return fmt.Errorf("write %s: %w", r.path, err)
			}
		}
	}
	s.renames = [filetype.NumStages][]rename{}
	var gone []string
	if s.fromPrev < len(s.prev) {
		for p, e := range s.prev {
			if _, ok := s.next[p]; !ok {
				s.dirty[path.Dir(p)] = true // its manifest entry goes
				if e.onDisk {
					gone = append(gone, p)
				}
			}
		}
	}
	for p := range s.extra {
		if _, ok := s.next[p]; !ok && p != ManifestName {
			gone = append(gone, p)
		}
	}
	slices.Sort(gone)
	emptied := map[string]bool{}
	for _, p := range gone {
		if err := os.Remove(filepath.Join(s.out, filepath.FromSlash(p))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("delete %s: %w", p, err)
		}
		s.touched[path.Dir(p)] = true
		s.dirty[path.Dir(p)] = true
		if !strings.HasPrefix(path.Base(p), tempPrefix) {
			s.deleted.Add(1)
		}
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			emptied[d] = true
		}
	}
	dirs := make([]string, 0, len(emptied))
	for d := range emptied {
		dirs = append(dirs, d)
	}
	// Deepest first; a folder that still holds files stays.
	slices.SortFunc(dirs, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, d := range dirs {
		if os.Remove(filepath.Join(s.out, filepath.FromSlash(d))) == nil {
			s.touched[path.Dir(d)] = true
		}
	}
	return writeManifest(filepath.Join(s.out, ManifestName), s.next, s.dirTimes(), record, s.prevDirs, s.dirty, s.sameFiles())
}

// Refresh rewrites the manifest of an output folder that did not change
// when folders that were too recent to be trusted can be now, so that the
// next builds do not list them again.
func (s *Sink) Refresh() error {
	if s.stale == 0 || s.fresh {
		return nil
	}
	files := make(map[string]outState, len(s.prev))
	for p, e := range s.prev {
		files[p] = e.outState
	}
	s.next = files
	return writeManifest(filepath.Join(s.out, ManifestName), files, s.dirTimes(), s.prevRecord, s.prevDirs, s.dirty, true)
}

// dirTimes returns the times of the folders of the build's files as the
// scan found them; those this build wrote in, and new ones, get 0: they
// changed too recently to be trusted.
func (s *Sink) dirTimes() map[string]int64 {
	out := make(map[string]int64, len(s.prevDirs)+1)
	out["."] = 0
	if s.sameFiles() && len(s.prevDirs) > 0 {
		// The folders of the same files: the previous manifest's.
		for d := range s.prevDirs {
			out[d] = 0
		}
	} else {
		for p := range s.next {
			for d := path.Dir(p); ; d = path.Dir(d) {
				if _, ok := out[d]; ok && d != "." {
					break
				}
				out[d] = 0
				if d == "." {
					break
				}
			}
		}
	}
	for d := range out {
		if !s.touched[d] {
			out[d] = s.diskDirs[d]
		}
	}
	return out
}

// dirTime returns the modification time of a folder.
func dirTime(name string) (int64, bool) {
	info, err := os.Lstat(name)
	if err != nil || !info.IsDir() {
		return 0, false
	}
	return stateOf(info).Mtime, true
}

// mkdirFresh makes the new folder beside out.
func (s *Sink) mkdirFresh() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dir != "" {
		return nil
	}
	parent := filepath.Dir(s.out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(s.out)+".new-")
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("output folder: %w", err)
	}
	s.dir = tmp
	return nil
}

// Abort removes what the build wrote: the new folder, or the temporary
// files not yet renamed.
func (s *Sink) Abort() {
	if s.fresh {
		if s.dir != "" {
			os.RemoveAll(s.dir)
		}
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, phase := range s.renames {
		for _, r := range phase {
			os.Remove(r.tmp)
		}
	}
	s.renames = [filetype.NumStages][]rename{}
}

// swapDir puts the folder tmp in place of out and removes the old one.
func swapDir(tmp, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(tmp, out); err != nil {
			return fmt.Errorf("output folder: %w", err)
		}
		return nil
	}
	if exchange(tmp, out) == nil {
		// tmp now holds the previous build.
		return os.RemoveAll(tmp)
	}
	// No atomic exchange on this system: two renames, with a short moment
	// when out does not exist.
	old := tmp + ".old"
	if err := os.Rename(out, old); err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Rename(old, out)
		return fmt.Errorf("output folder: %w", err)
	}
	return os.RemoveAll(old)
}

// scanOutput reads what the output folder holds at the paths of the
// manifest m, on every core, into its entries, and returns the other files
// found, the folders' times (0 when they changed since since), and the
// number of folders the manifest did not trust that can be trusted now.
// A folder whose time is the one the manifest trusted has the same
// entries: only its files are stat'ed; the others are listed.
func scanOutput(out string, m *manifest, since int64) (map[string]outState, map[string]int64, int, error) {
	extra := map[string]outState{}
	dirTimes := make(map[string]int64, len(m.dirs))
	var mu sync.Mutex
	var firstErr error
	var stale atomic.Int64
	known := make(map[string]*manifestDir, len(m.dirs))
	children := map[string][]string{}
	for _, d := range m.dirs {
		known[d.path] = d
		if d.path != "." {
			children[path.Dir(d.path)] = append(children[path.Dir(d.path)], path.Base(d.path))
		}
	}
	dirs := make(chan string, 1024)
	var pending sync.WaitGroup
	stater := openOutStater(out)
	defer stater.close()
	var scan func(rel string)
	scan = func(rel string) {
		defer pending.Done()
		t, ok := stater.dirTime(rel)
		if !ok {
			return // gone: its files are not on disk
		}
		trusted := t < since
		if !trusted {
			t = 0
		}
		md := known[rel]
		var subdirs []string
		var local map[string]outState
		var err error
		if md != nil && trusted && md.mtime == t {
			// The entries are the manifest's; the subfolders are looked
			// at in turn.
			stater.statEntries(rel, md.files)
			subdirs = children[rel]
		} else {
			if md != nil && trusted && md.mtime == 0 {
				stale.Add(1)
			}
			local, subdirs, err = readDirStates(joinOut(out, rel))
		}
		for _, d := range subdirs {
			p := d
			if rel != "." {
				p = rel + "/" + d
			}
			pending.Add(1)
			select {
			case dirs <- p:
			default:
				scan(p) // the queue is full: scan it here
			}
		}
		// Entries of a listed folder: the manifest's get their state,
		// the others are extra.
		var extras map[string]outState
		for name, st := range local {
			p := name
			if rel != "." {
				p = rel + "/" + name
			}
			if e := m.files[p]; e != nil {
				e.disk, e.onDisk = st, true
			} else {
				if extras == nil {
					extras = map[string]outState{}
				}
				extras[p] = st
			}
		}
		mu.Lock()
		dirTimes[rel] = t
		if err != nil && firstErr == nil && !errors.Is(err, fs.ErrNotExist) {
			firstErr = err
		}
		for p, st := range extras {
			extra[p] = st
		}
		mu.Unlock()
	}
	var workers sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		workers.Go(func() {
			for d := range dirs {
				scan(d)
			}
		})
	}
	pending.Add(1)
	scan(".")
	pending.Wait()
	close(dirs)
	workers.Wait()
	return extra, dirTimes, int(stale.Load()), firstErr
}

// joinOut returns the file name of rel, a slash-separated path relative
// to the output folder out.
func joinOut(out, rel string) string {
	return filepath.Join(out, filepath.FromSlash(rel))
}

// statEntriesGeneric reads the state of the files of dir that are the
// entries; those that are gone are left off the disk.
func statEntriesGeneric(dir string, entries []*entryState) {
	for _, e := range entries {
		info, err := os.Lstat(filepath.Join(dir, path.Base(e.path)))
		if err != nil {
			continue
		}
		if !info.Mode().IsRegular() {
			e.disk, e.onDisk = outState{Size: -1}, true
			continue
		}
		e.disk, e.onDisk = stateOf(info), true
	}
}

// readDirStatesGeneric lists a folder: its files by name with their
// state (a file that is not regular gets the size -1: it is replaced),
// and its subfolders.
func readDirStatesGeneric(dir string) (map[string]outState, []string, error) {
	entries, err := os.ReadDir(dir)
	local := make(map[string]outState, len(entries))
	var subdirs []string
	for _, e := range entries {
		if e.IsDir() {
			subdirs = append(subdirs, e.Name())
			continue
		}
		info, ierr := e.Info()
		if ierr != nil {
			continue
		}
		if !info.Mode().IsRegular() {
			local[e.Name()] = outState{Size: -1}
			continue
		}
		local[e.Name()] = stateOf(info)
	}
	return local, subdirs, err
}

// Fresh reports whether the build writes a new folder: there was none.
func (s *Sink) Fresh() bool { return s.fresh }

// Intact reports whether the output folder holds the files of the
// previous build's manifest as it recorded them, and no other file: a
// build with the same inputs has nothing to write.
func (s *Sink) Intact() bool {
	if s.fresh {
		return false
	}
	for _, e := range s.prev {
		if !e.intact() {
			return false
		}
	}
	for p := range s.extra {
		if p != ManifestName {
			return false
		}
	}
	return true
}

// Previous counts the files of the previous build's manifest.
func (s *Sink) Previous() int { return len(s.prev) }

// Files counts the files of this build so far.
func (s *Sink) Files() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.next)
}

// Counts returns the files written (created or replaced), the files left
// as they were, and the files of the previous build deleted.
func (s *Sink) Counts() (written, unchanged, deleted int) {
	return int(s.written.Load()), int(s.unchanged.Load()), int(s.deleted.Load())
}

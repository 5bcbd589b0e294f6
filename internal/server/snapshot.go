package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// DefaultMemoryLimit is the size above which a file's bytes are not kept
// in memory but read from disk for each request (media, mostly).
const DefaultMemoryLimit = 1 << 20

// maxCompressSize bounds the text files that get precompressed encodings.
const maxCompressSize = 32 << 20

// LoadOptions tune Load.
type LoadOptions struct {
	// BuildTime, when set, is the Last-Modified of every file that changed
	// since Previous (all of them without Previous); otherwise each file's
	// modification time is used.
	BuildTime time.Time
	// MemoryLimit is the size above which a file is served from disk;
	// DefaultMemoryLimit when zero.
	MemoryLimit int64
	// Previous is the snapshot being replaced, if any: a file with the
	// same path and content keeps its Last-Modified, and the encodings of
	// unchanged contents are reused rather than computed again.
	Previous *Snapshot
}

// Snapshot is an output folder loaded for serving: every regular file
// with its hash, headers and precompressed encodings, computed once. It
// is immutable; a server swaps whole snapshots.
//
// Files above the memory limit stay open and are read with ReadAt, so a
// snapshot keeps serving them after a later build has replaced or
// deleted the folder; their descriptors are closed by Close, or by the
// garbage collector once no request uses the snapshot.
type Snapshot struct {
	files     map[string]*file  // by URL path; a folder's index as "/dir/"
	redirects map[string]string // "/dir" -> "/dir/" when dir/index.html exists
	id        string
	buildTime time.Time
	count     int
	bytes     int64
	disk      []*os.File
}

// ID is the build id: a hash of every path and content of the snapshot.
func (s *Snapshot) ID() string { return s.id }

// BuildTime is the build time given to Load, else the newest file time.
func (s *Snapshot) BuildTime() time.Time { return s.buildTime }

// Len is the number of files.
func (s *Snapshot) Len() int { return s.count }

// Bytes is the total size of the files (identity).
func (s *Snapshot) Bytes() int64 { return s.bytes }

// ETag returns the ETag of the identity of the file at the URL path p,
// "" when there is none.
func (s *Snapshot) ETag(p string) string {
	if f := s.files[p]; f != nil {
		return f.reps[encIdentity].etag
	}
	return ""
}

// Close closes the files served from disk. Call it only when no request
// can still use the snapshot.
func (s *Snapshot) Close() error {
	var errs []error
	for _, f := range s.disk {
		errs = append(errs, f.Close())
	}
	return errors.Join(errs...)
}

// Load reads the output folder dir into a snapshot. No path leads out of
// dir, not even a symlink (os.OpenRoot); dot-files and dot-folders are
// left out, and so are symlinks that do not lead to a regular file inside
// dir.
func Load(dir string, opt LoadOptions) (*Snapshot, error) {
	if opt.MemoryLimit <= 0 {
		opt.MemoryLimit = DefaultMemoryLimit
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("load snapshot: %w", err)
	}
	defer root.Close()
	var paths []string
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.Type().IsRegular():
			paths = append(paths, p)
		case d.Type()&fs.ModeSymlink != 0:
			// Followed only to a regular file inside dir.
			if info, err := root.Stat(p); err == nil && info.Mode().IsRegular() {
				paths = append(paths, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load snapshot %s: %w", dir, err)
	}
	l := &loader{root: root, opt: opt, prevBodies: map[[sha256.Size]byte]*file{}}
	if prev := opt.Previous; prev != nil {
		for _, f := range prev.files {
			l.prevBodies[f.hash] = f
		}
	}
	files, err := l.loadAll(paths)
	if err != nil {
		return nil, fmt.Errorf("load snapshot %s: %w", dir, err)
	}
	return newSnapshot(files, opt.BuildTime), nil
}

func newSnapshot(files []*file, buildTime time.Time) *Snapshot {
	s := &Snapshot{files: make(map[string]*file, len(files)), redirects: map[string]string{}, buildTime: buildTime, count: len(files)}
	sort.Slice(files, func(i, j int) bool { return files[i].name < files[j].name })
	h := sha256.New()
	var newest time.Time
	for _, f := range files {
		s.files[f.name] = f
		s.bytes += f.size
		if f.disk != nil {
			s.disk = append(s.disk, f.disk)
		}
		if f.modTime.After(newest) {
			newest = f.modTime
		}
		h.Write([]byte(f.name))
		h.Write([]byte{0})
		h.Write(f.hash[:])
	}
	for _, f := range files {
		if dir, ok := strings.CutSuffix(f.name, "/index.html"); ok {
			s.files[dir+"/"] = f
			if dir != "" && s.files[dir] == nil {
				s.redirects[dir] = dir + "/"
			}
		}
	}
	linkPreviews(s.files, files)
	s.id = hex.EncodeToString(h.Sum(nil)[:8])
	if s.buildTime.IsZero() {
		s.buildTime = newest
	}
	return s
}

// loader loads the files of one snapshot.
type loader struct {
	root       *os.Root
	opt        LoadOptions
	prevBodies map[[sha256.Size]byte]*file
}

// loadAll loads the files at paths, GOMAXPROCS at a time (hashing and
// compression take CPU).
func (l *loader) loadAll(paths []string) ([]*file, error) {
	files := make([]*file, len(paths))
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				files[i], errs[i] = l.load(paths[i])
			}
		})
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	out := files[:0]
	for i, f := range files {
		if errs[i] != nil {
			for _, f := range files {
				if f != nil && f.disk != nil {
					f.disk.Close()
				}
			}
			return nil, errs[i]
		}
		if f != nil {
			out = append(out, f)
		}
	}
	return out, nil
}

// load reads one file; nil, nil when it is to be left out.
func (l *loader) load(p string) (*file, error) {
	fh, err := l.root.Open(p)
	if err != nil {
		return nil, err
	}
	info, err := fh.Stat()
	if err != nil || !info.Mode().IsRegular() {
		fh.Close()
		return nil, err
	}
	f := &file{name: "/" + p, size: info.Size()}
	data, err := l.read(f, fh, info.Size())
	if err != nil {
		fh.Close()
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if f.disk == nil {
		fh.Close()
	}
	f.ctype = contentType(p, data[:min(len(data), 512)])
	f.kind = classify(p, f.ctype)
	f.cors = allowCORS(p, f.kind)
	f.modTime = l.modTime(f, info.ModTime())
	identity := &rep{etag: etagOf(f.hash, encIdentity)}
	if f.disk == nil {
		identity.body = data
	}
	f.reps[encIdentity], f.have[encIdentity] = identity, true
	if compressible(f.ctype) && f.size <= maxCompressSize {
		if err := l.encode(f, data); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	var html []byte
	if strings.HasPrefix(f.ctype, "text/html") {
		html = data
	}
	f.prepareHeaders(cacheControl(p, f.kind, f.ctype), html)
	return f, nil
}

// read hashes the file and returns its bytes. A file above the memory
// limit stays open as f.disk; its bytes are returned only when they are
// to be compressed, else only its first 512 bytes (for the content type).
func (l *loader) read(f *file, fh *os.File, size int64) ([]byte, error) {
	if size <= l.opt.MemoryLimit {
		data, err := io.ReadAll(io.LimitReader(fh, size+1))
		if err != nil {
			return nil, err
		}
		if int64(len(data)) != size {
			return nil, errors.New("the file changed while it was read")
		}
		f.hash = sha256.Sum256(data)
		return data, nil
	}
	h := sha256.New()
	var buf bytes.Buffer
	w := io.MultiWriter(h, &headWriter{b: &buf, n: 512})
	if compressible(contentType(f.name, nil)) && size <= maxCompressSize {
		w = io.MultiWriter(h, &buf)
	}
	n, err := io.Copy(w, fh)
	if err != nil {
		return nil, err
	}
	if n != size {
		return nil, errors.New("the file changed while it was read")
	}
	copy(f.hash[:], h.Sum(nil))
	f.disk = fh
	return buf.Bytes(), nil
}

// headWriter keeps the first n bytes written.
type headWriter struct {
	b *bytes.Buffer
	n int
}

func (w *headWriter) Write(p []byte) (int, error) {
	if k := w.n - w.b.Len(); k > 0 {
		w.b.Write(p[:min(k, len(p))])
	}
	return len(p), nil
}

// modTime is the Last-Modified of f: the previous snapshot's when the
// file did not change, else the build time, else the file's own.
func (l *loader) modTime(f *file, mtime time.Time) time.Time {
	if prev := l.opt.Previous; prev != nil {
		if old := prev.files[f.name]; old != nil && old.hash == f.hash {
			return old.modTime
		}
	}
	t := mtime
	if !l.opt.BuildTime.IsZero() {
		t = l.opt.BuildTime
	}
	return t.UTC().Truncate(time.Second)
}

// encode adds the gzip and brotli encodings of f, reusing those of the
// previous snapshot for the same content.
func (l *loader) encode(f *file, data []byte) error {
	old := l.prevBodies[f.hash]
	if old != nil && !(compressible(old.ctype) && old.size <= maxCompressSize) {
		old = nil // never compressed: it had another type
	}
	for _, enc := range []int{encGzip, encBrotli} {
		var body []byte
		if old != nil {
			if r := old.reps[enc]; r != nil {
				body = r.body
			}
		} else {
			var err error
			if body, err = compress(data, enc); err != nil {
				return err
			}
		}
		if body != nil {
			f.reps[enc] = &rep{body: body, etag: etagOf(f.hash, enc)}
			f.have[enc] = true
		}
	}
	return nil
}

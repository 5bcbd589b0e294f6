// Package tree implements publish.Target over a tree of files, the common
// part of the dir and sftp targets: each file is written to a temporary
// name and renamed into place, and a manifest of the files' hashes and
// headers, ManifestName at the root, is written last, atomically too.
//
// The manifest is a cache, never the truth: List walks the files and
// trusts a manifest entry only while the file keeps the size and
// modification time recorded with it. A file without such an entry (no
// manifest yet, a file changed by hand, a run killed before its commit)
// is listed with an empty hash, so Sync uploads it again.
package tree

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"strings"
	"sync"
	"time"

	"github.com/feedcast/feedcast/internal/publish"
)

// FileInfo is what a Target needs to know of a file.
type FileInfo struct {
	Size    int64
	ModTime time.Time
}

// FS is a file tree on a target: the paths are slash-separated, relative
// to its root. Implementations must be safe for concurrent use.
type FS interface {
	// Walk calls fn for every regular file under the root. A missing
	// root is an empty tree.
	Walk(ctx context.Context, fn func(p string, fi FileInfo) error) error
	// WriteFile replaces the file at p, creating its folders, with the
	// bytes of r in one step (write a temporary file whose name starts
	// with TempPrefix in the same folder, then rename it), and returns
	// the info of the file written.
	WriteFile(ctx context.Context, p string, r io.Reader) (FileInfo, error)
	// ReadFile returns the bytes of the file at p; the error wraps
	// fs.ErrNotExist when there is none.
	ReadFile(ctx context.Context, p string) ([]byte, error)
	// Remove removes the file at p, then the folders that it leaves
	// empty, up to the root; the error wraps fs.ErrNotExist when there
	// is no such file.
	Remove(ctx context.Context, p string) error
}

const (
	// ManifestName is the file, at the root, holding what List needs.
	ManifestName = publish.Reserved + "manifest.json"
	// TempPrefix starts the names of files being written.
	TempPrefix = publish.Reserved + "tmp-"
)

// Target is a publish.Target on an FS.
type Target struct {
	name string
	fs   FS

	mu       sync.Mutex
	loaded   bool             // files holds the manifest read or last listed
	files    map[string]entry // by key
	dirty    bool             // files differs from the manifest written
	leftover []string         // temporary files of interrupted runs
}

var (
	_ publish.Target    = (*Target)(nil)
	_ publish.Committer = (*Target)(nil)
)

// New returns a target named name on fsys.
func New(name string, fsys FS) *Target {
	return &Target{name: name, fs: fsys}
}

// Name implements publish.Target.
func (t *Target) Name() string { return t.name }

// List implements publish.Target: the files the walk finds, with the
// hash and headers of the manifest where its entry still matches.
func (t *Target) List(ctx context.Context) (map[string]publish.Object, error) {
	// The entries of this handle, when it has some, are newer than the
	// manifest on the target.
	if err := t.load(ctx); err != nil {
		return nil, err
	}
	t.mu.Lock()
	m := maps.Clone(t.files)
	t.mu.Unlock()
	out := map[string]publish.Object{}
	files := map[string]entry{}
	var leftover []string
	err := t.fs.Walk(ctx, func(p string, fi FileInfo) error {
		base := p[strings.LastIndexByte(p, '/')+1:]
		if strings.HasPrefix(base, TempPrefix) {
			leftover = append(leftover, p)
		}
		if strings.HasPrefix(base, publish.Reserved) {
			return nil
		}
		e, ok := m[p]
		if ok && e.matches(fi) {
			files[p] = e
			out[p] = e.object(p)
		} else {
			out[p] = publish.Object{Key: p, Size: fi.Size}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	// Keep the entries of files written while the walk ran.
	for k, e := range t.files {
		if _, ok := m[k]; !ok || e != m[k] {
			files[k] = e
		}
	}
	if len(files) != len(m) {
		t.dirty = true
	}
	t.files, t.leftover = files, leftover
	return out, nil
}

// Put implements publish.Target. The bytes are hashed on the way, and
// the manifest records the hash of what was written.
func (t *Target) Put(ctx context.Context, obj publish.Object, body io.Reader) error {
	if err := checkKey(obj.Key); err != nil {
		return err
	}
	if err := t.load(ctx); err != nil {
		return err
	}
	h := newHashReader(body)
	// The limit tells the writer how many bytes to expect (an SFTP
	// client then sends them in parallel); one more lets a longer body
	// be seen.
	fi, err := t.fs.WriteFile(ctx, obj.Key, &io.LimitedReader{R: h, N: obj.Size + 1})
	if err != nil {
		return fmt.Errorf("put %s: %w", obj.Key, err)
	}
	got := obj
	got.Size, got.Hash = h.n, h.sum()
	t.mu.Lock()
	t.files[obj.Key] = newEntry(got, fi)
	t.dirty = true
	t.mu.Unlock()
	if got.Size != obj.Size || got.Hash != obj.Hash {
		return fmt.Errorf("put %s: wrote %d bytes with sha256 %s, expected %d bytes with %s: the file changed during the run",
			obj.Key, got.Size, got.Hash, obj.Size, obj.Hash)
	}
	return nil
}

// Delete implements publish.Target.
func (t *Target) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := t.load(ctx); err != nil {
		return err
	}
	err := t.fs.Remove(ctx, key)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		t.mu.Lock()
		if _, ok := t.files[key]; ok {
			delete(t.files, key)
			t.dirty = true
		}
		t.mu.Unlock()
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete %s: %w", key, publish.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}

// Commit implements publish.Committer: it writes the manifest when it
// changed, then removes the temporary files that interrupted runs left.
// It must not run at the same time as Put or Delete.
func (t *Target) Commit(ctx context.Context) error {
	t.mu.Lock()
	data, dirty, leftover := []byte(nil), t.dirty, t.leftover
	var err error
	if dirty {
		data, err = encodeManifest(t.files)
	}
	t.mu.Unlock()
	if err != nil {
		return err
	}
	if dirty {
		if _, err := t.fs.WriteFile(ctx, ManifestName, bytes.NewReader(data)); err != nil {
			return fmt.Errorf("write manifest: %w", err)
		}
		t.mu.Lock()
		t.dirty = false
		t.mu.Unlock()
	}
	for _, p := range leftover {
		if err := t.fs.Remove(ctx, p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove leftover %s: %w", p, err)
		}
	}
	t.mu.Lock()
	t.leftover = nil
	t.mu.Unlock()
	return nil
}

// load reads the manifest when neither List nor an earlier call did, so
// that a commit keeps the entries of files this run did not touch.
func (t *Target) load(ctx context.Context) error {
	t.mu.Lock()
	loaded := t.loaded
	t.mu.Unlock()
	if loaded {
		return nil
	}
	m, err := t.readManifest(ctx)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.loaded {
		t.files, t.loaded = m, true
	}
	return nil
}

// checkKey refuses keys that are not clean relative paths or that name
// the target's own files.
func checkKey(key string) error {
	if !fs.ValidPath(key) || key == "." || strings.Contains(key, `\`) {
		return publish.Permanent(fmt.Errorf("invalid key %q", key))
	}
	if strings.HasPrefix(key[strings.LastIndexByte(key, '/')+1:], publish.Reserved) {
		return publish.Permanent(fmt.Errorf("key %q: names starting with %q are reserved", key, publish.Reserved))
	}
	return nil
}

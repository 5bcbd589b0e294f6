// Package dir publishes to a local folder: one served by a web server on
// the same machine, a mounted network share, or a folder that another
// tool (rsync, a git push) sends on.
//
// Each file is written to a temporary name, synced to disk and renamed
// into place, so that a web server never sends a half-written feed; the
// manifest of hashes (see package tree) is written last, the same way.
// Every access goes through an os.Root: no key nor symbolic link leads
// out of the folder.
package dir

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sync"

	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/tree"
)

// Target publishes to a local folder.
type Target struct {
	*tree.Target
	fs *rootFS
}

var (
	_ publish.Target    = (*Target)(nil)
	_ publish.Committer = (*Target)(nil)
	_ io.Closer         = (*Target)(nil)
)

// New opens the folder at dir as the target named name. A missing folder
// is an empty target, created by the first upload (a dry run leaves it
// missing). Close releases it.
func New(name, dir string) (*Target, error) {
	f := &rootFS{dir: dir}
	if _, err := f.open(false); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &Target{Target: tree.New(name, f), fs: f}, nil
}

// Close releases the folder.
func (t *Target) Close() error {
	t.fs.mu.Lock()
	defer t.fs.mu.Unlock()
	if t.fs.root == nil {
		return nil
	}
	return t.fs.root.Close()
}

// rootFS is a tree.FS on an os.Root, opened once the folder exists.
type rootFS struct {
	dir  string
	mu   sync.Mutex
	root *os.Root
}

// open returns the root of the folder, nil when it is missing and create
// is false.
func (r *rootFS) open(create bool) (*os.Root, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.root != nil {
		return r.root, nil
	}
	if create {
		if err := os.MkdirAll(r.dir, 0o755); err != nil {
			return nil, err
		}
	}
	root, err := os.OpenRoot(r.dir)
	if errors.Is(err, fs.ErrNotExist) && !create {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r.root = root
	return root, nil
}

func (r *rootFS) Walk(ctx context.Context, fn func(string, tree.FileInfo) error) error {
	root, err := r.open(false)
	if err != nil || root == nil {
		return err
	}
	return fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		return fn(p, tree.FileInfo{Size: fi.Size(), ModTime: fi.ModTime()})
	})
}

func (r *rootFS) WriteFile(ctx context.Context, p string, src io.Reader) (fi tree.FileInfo, err error) {
	root, err := r.open(true)
	if err != nil {
		return fi, err
	}
	dir := path.Dir(p)
	if err := root.MkdirAll(dir, 0o755); err != nil {
		return fi, err
	}
	tmp := path.Join(dir, tree.TempPrefix+randomName())
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fi, err
	}
	defer func() {
		if err != nil {
			f.Close()
			root.Remove(tmp)
		}
	}()
	if _, err := io.Copy(f, readerCtx{ctx, src}); err != nil {
		return fi, err
	}
	if err := f.Sync(); err != nil {
		return fi, err
	}
	st, err := f.Stat()
	if err != nil {
		return fi, err
	}
	if err := f.Close(); err != nil {
		return fi, err
	}
	if err := root.Rename(tmp, p); err != nil {
		return fi, err
	}
	syncDir(root, dir)
	return tree.FileInfo{Size: st.Size(), ModTime: st.ModTime()}, nil
}

// syncDir makes a rename durable; a failure only weakens durability, so
// it is not reported.
func syncDir(root *os.Root, dir string) {
	if d, err := root.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

func (r *rootFS) ReadFile(_ context.Context, p string) ([]byte, error) {
	root, err := r.open(false)
	if err != nil {
		return nil, err
	}
	if root == nil {
		return nil, fs.ErrNotExist
	}
	return root.ReadFile(p)
}

func (r *rootFS) Remove(_ context.Context, p string) error {
	root, err := r.open(false)
	if err != nil {
		return err
	}
	if root == nil {
		return fs.ErrNotExist
	}
	if err := root.Remove(p); err != nil {
		return err
	}
	for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
		// Remove fails on a folder that is not empty: stop there.
		if root.Remove(dir) != nil {
			break
		}
	}
	return nil
}

// readerCtx stops a copy when ctx is done.
type readerCtx struct {
	ctx context.Context
	r   io.Reader
}

func (r readerCtx) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

func randomName() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

package cache

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
)

// BlobRef is a part of the blob store: where it starts, and its length.
type BlobRef struct {
	Off int64
	Len int64
}

// Blobs keeps the large parts of rendered episodes (their encoded
// feed items, the HTML of their pages) in one append-only file, so that
// memory holds only what groups and orders the episodes, whatever their
// number. With a build cache, the file is the cache's and outlives the
// build; without one, it is a scratch file removed at the end.
type Blobs struct {
	f       *os.File
	name    string
	scratch bool
	size    atomic.Int64
}

// openBlobs opens the store at name, whose first size bytes are kept.
func openBlobs(name string, size int64) (*Blobs, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	// Only a store longer than its index says (a build stopped midway)
	// is cut. A truncation to the size the file has already is not a
	// no-op everywhere: on ext4, a file truncated to zero and written
	// again has its blocks allocated and written back when it is closed
	// (the auto_da_alloc heuristic for files replaced in place), which made
	// the close of a new 240 MB store take 150 ms.
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if info.Size() != size {
		if err := f.Truncate(size); err != nil {
			f.Close()
			return nil, err
		}
	}
	b := &Blobs{f: f, name: name}
	b.size.Store(size)
	return b, nil
}

// Scratch opens a store in a new file of dir ("" for the system's
// temporary folder), removed by Close.
func Scratch(dir string) (*Blobs, error) {
	f, err := os.CreateTemp(dir, ".feedcast-blobs-")
	if err != nil {
		return nil, err
	}
	// Unlinked at once: nothing is left behind, even after a crash.
	os.Remove(f.Name())
	return &Blobs{f: f, name: f.Name(), scratch: true}, nil
}

// Put stores the parts in one write and returns where each is.
func (b *Blobs) Put(parts ...[]byte) ([]BlobRef, error) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	refs := make([]BlobRef, len(parts))
	off := b.size.Add(int64(n)) - int64(n)
	at := off
	for i, p := range parts {
		refs[i] = BlobRef{Off: at, Len: int64(len(p))}
		at += int64(len(p))
	}
	if err := writeAt(b.f, parts, off); err != nil {
		return nil, fmt.Errorf("build cache: %w", err)
	}
	return refs, nil
}

// Get reads a part into buf's storage when it is large enough.
func (b *Blobs) Get(r BlobRef, buf []byte) ([]byte, error) {
	if r.Len == 0 {
		return buf[:0], nil
	}
	if int64(cap(buf)) < r.Len {
		buf = make([]byte, r.Len)
	}
	buf = buf[:r.Len]
	if _, err := b.f.ReadAt(buf, r.Off); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("build cache: %w", err)
	}
	return buf, nil
}

// Text reads a part as a string.
func (b *Blobs) Text(r BlobRef) (string, error) {
	buf, err := b.Get(r, nil)
	if err != nil {
		return "", err
	}
	return string(buf), nil
}

// BytesOf returns the bytes of s, for Put.
func BytesOf(s string) []byte { return []byte(s) }

// Close closes the store's file (a scratch store's is gone then).
func (b *Blobs) Close() error {
	return b.f.Close()
}

// writeAt writes the parts one after the other at off, one system call
// each. (One pwritev for them all saved 3 % of a cold build's CPU time,
// within the noise of the measure: docs/benchmarks.md.)
func writeAt(f *os.File, parts [][]byte, off int64) error {
	for _, p := range parts {
		if _, err := f.WriteAt(p, off); err != nil {
			return err
		}
		off += int64(len(p))
	}
	return nil
}

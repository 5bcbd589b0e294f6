package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/feedcast/feedcast/internal/filetype"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Reserved is the prefix of the names a target keeps for itself (the
// manifest, temporary files): Scan skips them and targets never list them.
const Reserved = ".feedcast-"

// headSize is how much of a file ContentType looks at.
const headSize = 512

// Scan reads the output folder dir into objects by key, with their size,
// SHA-256, Content-Type and Cache-Control. Files that are not regular
// (symbolic links, devices) and names starting with Reserved are skipped.
func Scan(dir string) (map[string]Object, error) {
	var keys []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), Reserved) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		keys = append(keys, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", dir, err)
	}

	// Hash on every core: media files make most of the bytes.
	objs := make([]Object, len(keys))
	errs := make([]error, len(keys))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(keys), 1)) {
		wg.Go(func() {
			for i := range next {
				objs[i], errs[i] = scanFile(dir, keys[i])
			}
		})
	}
	for i := range keys {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("scan %s: %w", dir, err)
	}
	out := make(map[string]Object, len(objs))
	for _, o := range objs {
		out[o.Key] = o
	}
	return out, nil
}

// scanFile hashes the file at key and gives it its headers.
func scanFile(dir, key string) (Object, error) {
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(key)))
	if err != nil {
		return Object{}, err
	}
	defer f.Close()
	head := make([]byte, headSize)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Object{}, fmt.Errorf("read %s: %w", key, err)
	}
	head = head[:n]
	h := sha256.New()
	h.Write(head)
	rest, err := io.Copy(h, f)
	if err != nil {
		return Object{}, fmt.Errorf("read %s: %w", key, err)
	}
	ctype := filetype.ContentType(key, head)
	return Object{
		Key:          key,
		Size:         int64(n) + rest,
		Hash:         hex.EncodeToString(h.Sum(nil)),
		ContentType:  ctype,
		CacheControl: filetype.CacheControl(key, filetype.KindOf(key, ctype), ctype),
	}, nil
}

// Hash returns the hex SHA-256 of b, as in Object.Hash.
func Hash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

package tree

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"

	"github.com/feedcast/feedcast/internal/publish"
)

// manifestVersion is the format of the manifest; a manifest of another
// version is ignored, and every file uploaded again.
const manifestVersion = 1

type manifest struct {
	Version int              `json:"version"`
	Files   map[string]entry `json:"files"`
}

// entry is what the manifest records of a file.
type entry struct {
	Size int64 `json:"size"`
	// ModTime is the file's modification time in Unix seconds, the
	// precision SFTP gives.
	ModTime         int64  `json:"mtime"`
	SHA256          string `json:"sha256"`
	ContentType     string `json:"content_type,omitempty"`
	CacheControl    string `json:"cache_control,omitempty"`
	ContentEncoding string `json:"content_encoding,omitempty"`
}

func newEntry(o publish.Object, fi FileInfo) entry {
	return entry{Size: fi.Size, ModTime: fi.ModTime.Unix(), SHA256: o.Hash,
		ContentType: o.ContentType, CacheControl: o.CacheControl, ContentEncoding: o.ContentEncoding}
}

// matches reports whether the file still looks as when the entry was made.
func (e entry) matches(fi FileInfo) bool {
	return e.Size == fi.Size && e.ModTime == fi.ModTime.Unix()
}

func (e entry) object(key string) publish.Object {
	return publish.Object{Key: key, Size: e.Size, Hash: e.SHA256,
		ContentType: e.ContentType, CacheControl: e.CacheControl, ContentEncoding: e.ContentEncoding}
}

// readManifest returns the entries of the manifest on the target; none
// when it is missing, unreadable as JSON or of another version, since
// the files are then uploaded again and the manifest rewritten.
func (t *Target) readManifest(ctx context.Context) (map[string]entry, error) {
	data, err := t.fs.ReadFile(ctx, ManifestName)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]entry{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	var m manifest
	if json.Unmarshal(data, &m) != nil || m.Version != manifestVersion || m.Files == nil {
		return map[string]entry{}, nil
	}
	return m.Files, nil
}

func encodeManifest(files map[string]entry) ([]byte, error) {
	data, err := json.MarshalIndent(manifest{Version: manifestVersion, Files: files}, "", "\t")
	if err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	return append(data, '\n'), nil
}

// hashReader hashes and counts the bytes read through it.
type hashReader struct {
	r io.Reader
	h hash.Hash
	n int64
}

func newHashReader(r io.Reader) *hashReader { return &hashReader{r: r, h: sha256.New()} }

func (h *hashReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	h.n += int64(n)
	return n, err
}

func (h *hashReader) sum() string { return hex.EncodeToString(h.h.Sum(nil)) }

package artwork

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// diskCache stores results under dir: for a key K, the files
// K[:2]/K-square.jpg, K-wide.jpg and K-small.jpg, then the manifest
// K[:2]/K.json, each written atomically (temporary file, fsync, rename).
// The manifest is written last and lists each rendition's SHA-256, so a
// result is served only when all its files are complete.
type diskCache struct{ dir string }

// manifest is the JSON index of a cached result.
type manifest struct {
	Version    string          `json:"version"`
	Format     string          `json:"format"`
	Warnings   []string        `json:"warnings,omitempty"`
	Renditions []manifestEntry `json:"renditions"`
}

type manifestEntry struct {
	Kind     string `json:"kind"`
	File     string `json:"file"`
	Type     string `json:"type"`
	Width    int    `json:"width"`
	Height   int    `json:"height"`
	Upscaled bool   `json:"upscaled,omitempty"`
	SHA256   string `json:"sha256"`
}

func (c *diskCache) path(key, suffix string) string {
	return filepath.Join(c.dir, key[:2], key+suffix)
}

// load returns the cached result for key; ok is false on a miss or on any
// damage, which the next store repairs.
func (c *diskCache) load(key string) (Result, bool) {
	b, err := os.ReadFile(c.path(key, ".json"))
	if err != nil {
		return Result{}, false
	}
	var m manifest
	if json.Unmarshal(b, &m) != nil || m.Version != version {
		return Result{}, false
	}
	res := Result{Format: m.Format, Warnings: m.Warnings}
	for _, e := range m.Renditions {
		if filepath.Base(e.File) != e.File {
			return Result{}, false
		}
		data, err := os.ReadFile(filepath.Join(c.dir, key[:2], e.File))
		if err != nil {
			return Result{}, false
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != e.SHA256 {
			return Result{}, false
		}
		res.Renditions = append(res.Renditions, Rendition{
			Kind: e.Kind, Data: data, Type: e.Type, Width: e.Width, Height: e.Height, Upscaled: e.Upscaled,
		})
	}
	return res, true
}

// store writes a result: the renditions first, the manifest last.
func (c *diskCache) store(key string, res Result) error {
	dir := filepath.Join(c.dir, key[:2])
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create cache dir: %w", err)
	}
	m := manifest{Version: version, Format: res.Format, Warnings: res.Warnings}
	for _, r := range res.Renditions {
		name := key + "-" + r.Kind + ".jpg"
		if err := writeAtomic(filepath.Join(dir, name), r.Data); err != nil {
			return err
		}
		sum := sha256.Sum256(r.Data)
		m.Renditions = append(m.Renditions, manifestEntry{
			Kind: r.Kind, File: name, Type: r.Type, Width: r.Width, Height: r.Height,
			Upscaled: r.Upscaled, SHA256: hex.EncodeToString(sum[:]),
		})
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode cache manifest: %w", err)
	}
	return writeAtomic(c.path(key, ".json"), b)
}

// writeAtomic writes data to a temporary file in the target's folder,
// syncs it and renames it over the target.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("create cache file: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write cache file %s: %w", filepath.Base(path), err)
	}
	return nil
}

package remote

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// cacheFormat is the version of the cache file: a file of another
// version is ignored (every URL is probed again).
const cacheFormat = 1

// CacheFile is the name of the cache file in the build cache folder.
const CacheFile = "remote-media.json"

// Cache keeps what the probes found, by URL, with the validators the
// server gave (ETag, Last-Modified) and the time they were checked. It is
// safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	entries map[string]*cacheEntry
	used    map[string]bool
}

// cacheEntry is a URL's record.
type cacheEntry struct {
	Info
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Checked      time.Time `json:"checked"`
}

type cacheFile struct {
	Format  int                    `json:"format"`
	Entries map[string]*cacheEntry `json:"entries"`
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{entries: map[string]*cacheEntry{}, used: map[string]bool{}}
}

// LoadCache reads the cache file at path. A missing file, or one of
// another version, gives an empty cache; an unreadable or damaged one too,
// with the error (the cache only saves requests: the build goes on).
func LoadCache(path string) (*Cache, error) {
	c := NewCache()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("remote media cache: %w", err)
	}
	var f cacheFile
	if err := json.Unmarshal(data, &f); err != nil {
		return c, fmt.Errorf("remote media cache %s: %w", path, err)
	}
	if f.Format != cacheFormat {
		return c, nil
	}
	for u, e := range f.Entries {
		if e != nil {
			c.entries[u] = e
		}
	}
	return c, nil
}

// Save writes the records of the URLs looked up since the cache was
// loaded (the others are dropped, as the build cache drops the records of
// files that are gone), in one atomic rename. Its bytes depend on the
// records only: the keys are sorted.
func (c *Cache) Save(path string) error {
	c.mu.Lock()
	f := cacheFile{Format: cacheFormat, Entries: map[string]*cacheEntry{}}
	for u := range c.used {
		if e := c.entries[u]; e != nil {
			f.Entries[u] = e
		}
	}
	c.mu.Unlock()
	data, err := json.MarshalIndent(f, "", "\t")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("remote media cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".remote-media-*")
	if err != nil {
		return fmt.Errorf("remote media cache: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("remote media cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("remote media cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("remote media cache: %w", err)
	}
	return nil
}

// get returns a copy of the URL's record, marking it used.
func (c *Cache) get(u string) (cacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.used[u] = true
	e, ok := c.entries[u]
	if !ok {
		return cacheEntry{}, false
	}
	return *e, true
}

func (c *Cache) put(u string, e cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.used[u] = true
	c.entries[u] = &e
}

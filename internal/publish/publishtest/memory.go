package publishtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"sync"

	"github.com/feedcast/feedcast/internal/publish"
)

// Memory is a target held in memory, for the tests of code that syncs.
type Memory struct {
	mu    sync.Mutex
	objs  map[string]publish.Object
	bytes map[string][]byte
}

var _ publish.Target = (*Memory)(nil)

// NewMemory returns an empty target.
func NewMemory() *Memory {
	return &Memory{objs: map[string]publish.Object{}, bytes: map[string][]byte{}}
}

// Name implements publish.Target.
func (m *Memory) Name() string { return "memory" }

// List implements publish.Target.
func (m *Memory) List(ctx context.Context) (map[string]publish.Object, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.objs), ctx.Err()
}

// Put implements publish.Target; it checks the size and hash of body.
func (m *Memory) Put(ctx context.Context, obj publish.Object, body io.Reader) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	if int64(len(b)) != obj.Size || publish.Hash(b) != obj.Hash {
		return publish.Permanent(fmt.Errorf("put %s: the bytes do not match the size and hash", obj.Key))
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.objs[obj.Key], m.bytes[obj.Key] = obj, b
	return nil
}

// Delete implements publish.Target.
func (m *Memory) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.objs[key]; !ok {
		return fmt.Errorf("delete %s: %w", key, publish.ErrNotFound)
	}
	delete(m.objs, key)
	delete(m.bytes, key)
	return nil
}

// Bytes returns the bytes stored at key, nil when there are none.
func (m *Memory) Bytes(key string) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return bytes.Clone(m.bytes[key])
}

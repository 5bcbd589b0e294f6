package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// blockSize is the unit of the range requests: a read fetches the blocks
// it touches that are not fetched yet, in one request.
const blockSize = 64 << 10

// ErrBudget is returned by a read that would fetch more than the byte
// budget of a probe.
var ErrBudget = errors.New("over the byte budget")

// fetchFunc fetches n bytes of the file at off; it returns exactly n
// bytes or an error.
type fetchFunc func(ctx context.Context, off, n int64) ([]byte, error)

// sparseFile is an io.ReadSeeker over a remote file of known size that
// fetches the blocks it is asked for, on demand, and keeps them: the
// media parsers read headers here and there (the first frame, a box at
// the end), never the whole file. The bytes fetched add up to at most
// budget; a read beyond fails with ErrBudget.
type sparseFile struct {
	ctx    context.Context
	fetch  fetchFunc
	size   int64
	pos    int64
	blocks map[int64][]byte // by block index
	budget int64
}

func newSparseFile(ctx context.Context, size, budget int64, fetch fetchFunc) *sparseFile {
	return &sparseFile{ctx: ctx, fetch: fetch, size: size, blocks: map[int64][]byte{}, budget: budget}
}

// put keeps bytes already fetched at block i (the first block comes
// with the request that tells the size). They are counted in the budget.
func (f *sparseFile) put(i int64, b []byte) {
	f.blocks[i] = b
	f.budget -= int64(len(b))
}

func (f *sparseFile) Read(p []byte) (int, error) {
	if f.pos >= f.size {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	end := min(f.pos+int64(len(p)), f.size)
	if err := f.ensure(f.pos/blockSize, (end-1)/blockSize); err != nil {
		return 0, err
	}
	n := 0
	for f.pos < end {
		i := f.pos / blockSize
		b := f.blocks[i]
		k := copy(p[n:], b[f.pos-i*blockSize:])
		if k == 0 {
			return n, io.ErrUnexpectedEOF
		}
		n += k
		f.pos += int64(k)
	}
	return n, nil
}

// ensure fetches the missing blocks of first..last, each run of missing
// blocks in one request.
func (f *sparseFile) ensure(first, last int64) error {
	for i := first; i <= last; {
		if _, ok := f.blocks[i]; ok {
			i++
			continue
		}
		j := i
		for j+1 <= last {
			if _, ok := f.blocks[j+1]; ok {
				break
			}
			j++
		}
		off := i * blockSize
		n := min((j+1)*blockSize, f.size) - off
		if n > f.budget {
			return fmt.Errorf("%w: %d bytes at %d, %d left", ErrBudget, n, off, max(f.budget, 0))
		}
		b, err := f.fetch(f.ctx, off, n)
		if err != nil {
			return err
		}
		if int64(len(b)) != n {
			return fmt.Errorf("range at %d: got %d bytes, want %d", off, len(b), n)
		}
		f.budget -= n
		for k := i; k <= j; k++ {
			lo := (k - i) * blockSize
			f.blocks[k] = b[lo:min(lo+blockSize, n):min(lo+blockSize, n)]
		}
		i = j + 1
	}
	return nil
}

func (f *sparseFile) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += f.pos
	case io.SeekEnd:
		offset += f.size
	default:
		return 0, errors.New("seek: invalid whence")
	}
	if offset < 0 {
		return 0, errors.New("seek: negative position")
	}
	f.pos = offset
	return offset, nil
}

// shifted is the part of r from off on, as a file of its own.
type shifted struct {
	r   io.ReadSeeker
	off int64
}

func (s *shifted) Read(p []byte) (int, error) { return s.r.Read(p) }

func (s *shifted) Seek(offset int64, whence int) (int64, error) {
	if whence == io.SeekStart {
		offset += s.off
	}
	n, err := s.r.Seek(offset, whence)
	return n - s.off, err
}

package cache

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// iovMax is the most parts one pwritev takes (IOV_MAX).
const iovMax = 1024

// writeAtv writes the parts one after the other at off, in one system call
// when it can.
func writeAtv(f *os.File, parts [][]byte, off int64) error {
	conn, err := f.SyscallConn()
	if err != nil {
		return writeAtEach(f, parts, off)
	}
	for {
		for len(parts) > 0 && len(parts[0]) == 0 {
			parts = parts[1:]
		}
		if len(parts) == 0 {
			return nil
		}
		var n int
		var werr error
		// Control, not Write: a write at an offset is independent of the
		// others, as in os.File.WriteAt, and the workers that store at
		// once do not queue for the descriptor's write lock.
		if err := conn.Control(func(fd uintptr) {
			n, werr = unix.Pwritev(int(fd), parts[:min(len(parts), iovMax)], off)
		}); err != nil {
			return err
		}
		if werr == unix.EINTR {
			continue
		}
		if werr != nil {
			return werr
		}
		if n == 0 {
			return io.ErrShortWrite
		}
		off += int64(n)
		for n > 0 && len(parts) > 0 {
			if n >= len(parts[0]) {
				n -= len(parts[0])
				parts = parts[1:]
				continue
			}
			parts[0] = parts[0][n:]
			n = 0
		}
	}
}

//go:build unix

package server

import "syscall"

// readRaw reads into a buffer from the pool when the socket has bytes,
// and gives the buffer back when it has none (then the poller waits for
// some): an idle connection holds no buffer. It runs in
// syscall.RawConn.Read, whose deadline is the connection's.
func (fc *fastConn) readRaw(fd uintptr) bool {
	p := readBufs.Get().(*[]byte)
	var n int
	var err error
	for {
		n, err = syscall.Read(int(fd), *p)
		if err != syscall.EINTR {
			break
		}
	}
	if err == syscall.EAGAIN {
		readBufs.Put(p)
		return false
	}
	if n > 0 {
		fc.bufp, fc.buf = p, (*p)[:n]
		fc.rawN = n
		return true
	}
	readBufs.Put(p)
	fc.rawErr = err
	return true
}

const rawReads = true

// DefaultMaxConns is the cap on connections Serve sets by default: the
// soft limit on open files (RLIMIT_NOFILE) less 64 for the files the
// server and its builds open (a quarter of the limit when it is below
// 256), at most 8192.
func DefaultMaxConns() int {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return maxDefaultConns
	}
	return maxConnsFor(uint64(rl.Cur))
}

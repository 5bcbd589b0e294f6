//go:build !unix

package server

// readRaw is not used where the socket cannot be read directly: fill
// takes a buffer before it waits.
func (fc *fastConn) readRaw(fd uintptr) bool { return true }

const rawReads = false

// DefaultMaxConns is the cap on connections Serve sets by default.
func DefaultMaxConns() int { return maxDefaultConns }

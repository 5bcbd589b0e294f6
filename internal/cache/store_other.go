//go:build !linux

package cache

import "os"

// writeAtv writes the parts one after the other at off.
func writeAtv(f *os.File, parts [][]byte, off int64) error {
	return writeAtEach(f, parts, off)
}

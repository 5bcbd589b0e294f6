//go:build !linux

package cache

import "io/fs"

// SigOf returns the signature of a file's metadata. Without a change time
// and an inode it is not precise: every file is then read and hashed.
func SigOf(info fs.FileInfo) (FileSig, bool) {
	return FileSig{Size: info.Size(), Mtime: info.ModTime().UnixNano()}, false
}

//go:build !linux

package site

import "io/fs"

// sigOf returns the signature of a file's metadata. Without a change time
// and an inode it is not precise: every file is then read and hashed.
func sigOf(info fs.FileInfo) (fileSig, bool) {
	return fileSig{Size: info.Size(), Mtime: info.ModTime().UnixNano()}, false
}

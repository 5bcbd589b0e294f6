package cache

import (
	"io/fs"
	"syscall"
)

// SigOf returns the signature of a file's metadata, and whether it is
// precise (it has a change time and an inode).
func SigOf(info fs.FileInfo) (FileSig, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return FileSig{Size: info.Size(), Mtime: info.ModTime().UnixNano()}, false
	}
	return FileSig{
		Size:  info.Size(),
		Mtime: st.Mtim.Nano(),
		Ctime: st.Ctim.Nano(),
		Ino:   st.Ino,
	}, true
}

package site

import (
	"io/fs"
	"syscall"
)

// sigOf returns the signature of a file's metadata, and whether it is
// precise (it has a change time and an inode).
func sigOf(info fs.FileInfo) (fileSig, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileSig{Size: info.Size(), Mtime: info.ModTime().UnixNano()}, false
	}
	return fileSig{
		Size:  info.Size(),
		Mtime: st.Mtim.Nano(),
		Ctime: st.Ctim.Nano(),
		Ino:   st.Ino,
	}, true
}

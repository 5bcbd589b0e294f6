package output

import (
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// stateOf returns the size, modification time and inode of a file.
func stateOf(info fs.FileInfo) outState {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return outState{Size: info.Size(), Mtime: info.ModTime().UnixNano()}
	}
	return outState{Size: info.Size(), Mtime: st.Mtim.Nano(), Ino: st.Ino}
}

// readDirStates lists a folder as readDirStatesGeneric does, but stats
// each file relative to the folder (fstatat), without resolving its path
// again.
func readDirStates(dir string) (map[string]outState, []string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	entries, err := f.ReadDir(-1)
	local := make(map[string]outState, len(entries))
	var subdirs []string
	conn, cerr := f.SyscallConn()
	if cerr != nil {
		return readDirStatesGeneric(dir)
	}
	cerr = conn.Control(func(fd uintptr) {
		var st unix.Stat_t
		for _, e := range entries {
			if e.IsDir() {
				subdirs = append(subdirs, e.Name())
				continue
			}
			if unix.Fstatat(int(fd), e.Name(), &st, unix.AT_SYMLINK_NOFOLLOW) != nil {
				continue
			}
			if st.Mode&unix.S_IFMT != unix.S_IFREG {
				local[e.Name()] = outState{Size: -1}
				continue
			}
			local[e.Name()] = outState{Size: st.Size, Mtime: st.Mtim.Nano(), Ino: st.Ino}
		}
	})
	if cerr != nil {
		return readDirStatesGeneric(dir)
	}
	return local, subdirs, err
}

// outStater stats the files and folders of the output folder by their
// paths relative to it, from one descriptor of the folder (fstatat): a
// subfolder whose entries are known is not opened.
type outStater struct {
	root string
	fd   int // -1: by full path
}

func openOutStater(root string) *outStater {
	fd, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		fd = -1
	}
	return &outStater{root: root, fd: fd}
}

func (o *outStater) close() {
	if o.fd >= 0 {
		unix.Close(o.fd)
	}
}

// dirTime returns the modification time of the folder at rel.
func (o *outStater) dirTime(rel string) (int64, bool) {
	if o.fd < 0 {
		return dirTime(joinOut(o.root, rel))
	}
	var st unix.Stat_t
	if unix.Fstatat(o.fd, rel, &st, unix.AT_SYMLINK_NOFOLLOW) != nil || st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return 0, false
	}
	return st.Mtim.Nano(), true
}

// statEntries reads the state of the files that are the entries; those
// that are gone are left off the disk.
func (o *outStater) statEntries(rel string, entries []*entryState) {
	if o.fd < 0 {
		statEntriesGeneric(joinOut(o.root, rel), entries)
		return
	}
	var st unix.Stat_t
	for _, e := range entries {
		if unix.Fstatat(o.fd, e.path, &st, unix.AT_SYMLINK_NOFOLLOW) != nil {
			continue
		}
		if st.Mode&unix.S_IFMT != unix.S_IFREG {
			e.disk, e.onDisk = outState{Size: -1}, true
			continue
		}
		e.disk, e.onDisk = outState{Size: st.Size, Mtime: st.Mtim.Nano(), Ino: st.Ino}, true
	}
}

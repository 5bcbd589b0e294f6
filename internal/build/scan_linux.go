package build

import (
	"os"
	"path"

	"golang.org/x/sys/unix"
)

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

// statEntries reads the state of the files of dir that are the entries,
// each relative to the folder; those that are gone are left off the disk.
func statEntries(dir string, entries []*entryState) {
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		statEntriesGeneric(dir, entries)
		return
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	for _, e := range entries {
		if unix.Fstatat(fd, path.Base(e.path), &st, unix.AT_SYMLINK_NOFOLLOW) != nil {
			continue
		}
		if st.Mode&unix.S_IFMT != unix.S_IFREG {
			e.disk, e.onDisk = outState{Size: -1}, true
			continue
		}
		e.disk, e.onDisk = outState{Size: st.Size, Mtime: st.Mtim.Nano(), Ino: st.Ino}, true
	}
}

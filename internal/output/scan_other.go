//go:build !linux

package output

import "io/fs"

// stateOf returns the size and modification time of a file; without an
// inode, a file replaced by one of the same size and time is taken to be
// the same (its content is compared when the manifest does not know it).
func stateOf(info fs.FileInfo) outState {
	return outState{Size: info.Size(), Mtime: info.ModTime().UnixNano()}
}

func readDirStates(dir string) (map[string]outState, []string, error) {
	return readDirStatesGeneric(dir)
}

// outStater stats the files and folders of the output folder by their
// paths relative to it.
type outStater struct{ root string }

func openOutStater(root string) *outStater { return &outStater{root: root} }

func (o *outStater) close() {}

func (o *outStater) dirTime(rel string) (int64, bool) { return dirTime(joinOut(o.root, rel)) }

func (o *outStater) statEntries(rel string, entries []*entryState) {
	statEntriesGeneric(joinOut(o.root, rel), entries)
}

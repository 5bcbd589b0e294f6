//go:build !linux

package build

func readDirStates(dir string) (map[string]outState, []string, error) {
	return readDirStatesGeneric(dir)
}

func statEntries(dir string, entries []*entryState) {
	statEntriesGeneric(dir, entries)
}

package site

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path"

	"github.com/feedcast/feedcast/internal/readiness"
)

// manifestMagic starts the manifest; its last digit is the format's
// version.
const manifestMagic = "feedcast-build 5\n"

// fastRecord lets the next build check quickly that nothing changed: the
// digest of every input (the settings, the program, the signature of
// every file of the content and static folders), the clock range that
// releases the same episodes, and the result to report again.
type fastRecord struct {
	Inputs key
	// ValidFrom and ValidUntil bound the clock that releases the same
	// episodes (Unix nanoseconds; ValidUntil 0: for ever).
	ValidFrom, ValidUntil int64
	Result                storedResult
}

// storedResult is a Result as the manifest keeps it.
type storedResult struct {
	Published, Skipped, Held, Twins, NoMedia, Feeds, Files, Images int
	Diagnostics                                                    []storedDiag
	Readiness                                                      []readiness.Finding
}

// manifest is what a build left in the output folder: its files, folder
// by folder. A folder's modification time (0 when it changed too recently
// to be trusted) tells that its entries are the same: a file added,
// removed or renamed in it changes its time, so such a folder is not
// listed again, only its files' metadata is read.
type manifest struct {
	files map[string]*entryState
	dirs  []*manifestDir
	fast  *fastRecord
}

// manifestDir is a folder and its files ("." for the output folder).
type manifestDir struct {
	path  string
	mtime int64
	files []*entryState
	// raw is the folder as read from the manifest, written again as it
	// is when nothing changed in it.
	raw []byte
}

// entryState is a file of the manifest, and what the output folder holds
// at its path.
type entryState struct {
	path string
	outState
	// disk is the file found at the path, when onDisk.
	disk   outState
	onDisk bool
}

// intact reports whether the file is as the manifest recorded it.
func (e *entryState) intact() bool {
	return e.onDisk && e.disk.Size == e.Size && e.disk.Mtime == e.Mtime && e.disk.Ino == e.Ino
}

// writeManifest writes the manifest of files, whose folders have the
// times dirs, to name through a temporary file. The folders of prev that
// are not dirty and kept their time are copied as they were read. same
// tells that files are prev's files, no more, no fewer: each folder's
// files are then its own in prev.
func writeManifest(name string, files map[string]outState, dirs map[string]int64, fast *fastRecord, prev map[string]*manifestDir, dirty map[string]bool, same bool) error {
	// The folders written again as they were read, and the files of the
	// others.
	kept := make(map[string]*manifestDir, len(dirs))
	for d, t := range dirs {
		if pd := prev[d]; pd != nil && pd.raw != nil && !dirty[d] && pd.mtime == t {
			kept[d] = pd
		}
	}
	byDir := make(map[string][]string, len(dirs)-len(kept))
	if same {
		for d := range dirs {
			if pd := prev[d]; kept[d] == nil && pd != nil {
				for _, e := range pd.files {
					byDir[d] = append(byDir[d], e.path)
				}
			}
		}
	} else {
		for p := range files {
			d := path.Dir(p)
			if kept[d] == nil {
				byDir[d] = append(byDir[d], p)
			}
		}
	}
	e := &encoder{b: make([]byte, 0, 96*len(files)+48*len(dirs)+1<<16)}
	e.raw([]byte(manifestMagic))
	e.uint(uint64(len(dirs)))
	for d, t := range dirs {
		if pd := kept[d]; pd != nil {
			e.raw(pd.raw)
			continue
		}
		e.str(d)
		e.int(t)
		e.uint(uint64(len(byDir[d])))
		for _, p := range byDir[d] {
			st := files[p]
			e.str(p)
			e.key(st.Key)
			e.b = binary.LittleEndian.AppendUint64(e.b, st.Hash)
			e.int(st.Size)
			e.int(st.Mtime)
			e.uint(st.Ino)
		}
	}
	if e.present(fast != nil) {
		e.fastRecord(fast)
	}
	tmp := name + ".tmp"
	err := os.WriteFile(tmp, e.b, 0o644)
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("output manifest: %w", err)
	}
	return nil
}

// readManifest reads the manifest at name; a missing or unreadable one
// gives an empty manifest (every file is then compared by content).
func readManifest(name string) *manifest {
	data, err := os.ReadFile(name)
	if err != nil {
		return emptyManifest()
	}
	m, err := parseManifest(data)
	if err != nil {
		return emptyManifest()
	}
	return m
}

func emptyManifest() *manifest {
	return &manifest{files: map[string]*entryState{}}
}

func parseManifest(data []byte) (*manifest, error) {
	rest, ok := bytes.CutPrefix(data, []byte(manifestMagic))
	if !ok {
		return nil, errCorrupt
	}
	// data is the file's, never written: the strings share it.
	d := &decoder{b: rest, alias: true}
	n := d.count()
	m := &manifest{dirs: make([]*manifestDir, n), files: make(map[string]*entryState, 4*n)}
	for i := range m.dirs {
		start := d.b
		dir := &manifestDir{path: d.str(), mtime: d.int()}
		nf := d.count()
		states := make([]entryState, nf)
		dir.files = make([]*entryState, nf)
		for j := range states {
			st := &states[j]
			st.path = d.str()
			st.Key = d.key()
			st.Hash = binary.LittleEndian.Uint64(d.raw(8))
			st.Size, st.Mtime, st.Ino = d.int(), d.int(), d.uint()
			dir.files[j] = st
			m.files[st.path] = st
		}
		if d.err == nil {
			dir.raw = start[:len(start)-len(d.b)]
		}
		m.dirs[i] = dir
	}
	if d.bool() {
		m.fast = d.fastRecord()
	}
	if d.err != nil {
		return nil, d.err
	}
	return m, nil
}

func (e *encoder) fastRecord(f *fastRecord) {
	e.key(f.Inputs)
	e.int(f.ValidFrom)
	e.int(f.ValidUntil)
	r := &f.Result
	for _, n := range []int{r.Published, r.Skipped, r.Held, r.Twins, r.NoMedia, r.Feeds, r.Files, r.Images} {
		e.int(int64(n))
	}
	e.diags(r.Diagnostics)
	e.findings(r.Readiness)
}

func (d *decoder) fastRecord() *fastRecord {
	f := &fastRecord{Inputs: d.key(), ValidFrom: d.int(), ValidUntil: d.int()}
	r := &f.Result
	for _, n := range []*int{&r.Published, &r.Skipped, &r.Held, &r.Twins, &r.NoMedia, &r.Feeds, &r.Files, &r.Images} {
		*n = d.intn()
	}
	r.Diagnostics = d.diags()
	r.Readiness = d.findings()
	return f
}

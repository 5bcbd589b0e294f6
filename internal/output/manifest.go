package output

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"unsafe"
)

// manifestMagic starts the manifest; its last digit is the format's
// version.
const manifestMagic = "feedcast-build 5\n"

// manifest is what a build left in the output folder: its files, folder
// by folder. A folder's modification time (0 when it changed too recently
// to be trusted) tells that its entries are the same: a file added,
// removed or renamed in it changes its time, so such a folder is not
// listed again, only its files' metadata is read.
type manifest struct {
	files map[string]*entryState
	dirs  []*manifestDir
	// record is what the build that wrote the manifest left for the
	// next one (Sink.Finish), opaque here.
	record []byte
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
func writeManifest(name string, files map[string]outState, dirs map[string]int64, record []byte, prev map[string]*manifestDir, dirty map[string]bool, same bool) error {
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
	// The record comes last: it is the rest of the file.
	if e.present(record != nil) {
		e.raw(record)
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
	d := &decoder{b: rest}
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
		m.record = d.b
	}
	if d.err != nil {
		return nil, d.err
	}
	return m, nil
}

// encoder appends the manifest's values to a byte slice: varints,
// strings prefixed by their length.
type encoder struct{ b []byte }

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) str(s string)  { e.uint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) raw(b []byte)  { e.b = append(e.b, b...) }
func (e *encoder) key(k Key)     { e.raw(k[:]) }

// present writes whether something follows.
func (e *encoder) present(set bool) bool {
	b := byte(0)
	if set {
		b = 1
	}
	e.b = append(e.b, b)
	return set
}

// decoder reads what an encoder wrote; the first error sticks and every
// later read returns a zero value. The strings it returns share the bytes
// read, which must then never change: a large manifest is read without a
// copy per string.
type decoder struct {
	b   []byte
	err error
}

var errCorrupt = errors.New("output manifest: corrupt")

func (d *decoder) fail() { d.err, d.b = errCorrupt, nil }

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) int() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length, bounded by what is left to read.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) raw(n int) []byte {
	if n > len(d.b) {
		d.fail()
		return make([]byte, n)
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string {
	b := d.raw(d.count())
	if len(b) == 0 || d.err != nil {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func (d *decoder) key() (k Key) { copy(k[:], d.raw(len(k))); return k }

func (d *decoder) bool() bool { return d.raw(1)[0] == 1 }

// ManifestPaths returns the files and the folders the manifest of the
// output folder out records, for checks.
func ManifestPaths(out string) (files, dirs []string) {
	m := readManifest(filepath.Join(out, ManifestName))
	for p := range m.files {
		files = append(files, p)
	}
	for _, d := range m.dirs {
		dirs = append(dirs, d.path)
	}
	return files, dirs
}

package output

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"

	"github.com/feedcast/feedcast/internal/binenc"
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
	e := &encoder{binenc.Encoder{B: make([]byte, 0, 96*len(files)+48*len(dirs)+1<<16)}}
	e.Raw([]byte(manifestMagic))
	e.Uint(uint64(len(dirs)))
	for d, t := range dirs {
		if pd := kept[d]; pd != nil {
			e.Raw(pd.raw)
			continue
		}
		e.Str(d)
		e.Int(t)
		e.Uint(uint64(len(byDir[d])))
		for _, p := range byDir[d] {
			st := files[p]
			e.Str(p)
			e.key(st.Key)
			e.B = binary.LittleEndian.AppendUint64(e.B, st.Hash)
			e.Int(st.Size)
			e.Int(st.Mtime)
			e.Uint(st.Ino)
		}
	}
	// The record comes last: it is the rest of the file.
	if e.Present(record != nil) {
		e.Raw(record)
	}
	tmp := name + ".tmp"
	err := os.WriteFile(tmp, e.B, 0o644)
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
	d := &decoder{binenc.Decoder{B: rest}}
	n := d.Count()
	m := &manifest{dirs: make([]*manifestDir, n), files: make(map[string]*entryState, 4*n)}
	for i := range m.dirs {
		start := d.B
		dir := &manifestDir{path: d.Str(), mtime: d.Int()}
		nf := d.Count()
		states := make([]entryState, nf)
		dir.files = make([]*entryState, nf)
		for j := range states {
			st := &states[j]
			st.path = d.Str()
			st.Key = d.key()
			st.Hash = binary.LittleEndian.Uint64(d.Raw(8))
			st.Size, st.Mtime, st.Ino = d.Int(), d.Int(), d.Uint()
			dir.files[j] = st
			m.files[st.path] = st
		}
		if d.Err == nil {
			dir.raw = start[:len(start)-len(d.B)]
		}
		m.dirs[i] = dir
	}
	if d.Bool() {
		m.record = d.B
	}
	if d.Err != nil {
		return nil, d.Err
	}
	return m, nil
}

// encoder appends the manifest's values to a byte slice.
type encoder struct{ binenc.Encoder }

func (e *encoder) key(k Key) { e.Raw(k[:]) }

// decoder reads what an encoder wrote.
type decoder struct{ binenc.Decoder }

var errCorrupt = errors.New("output manifest: corrupt")

func (d *decoder) key() (k Key) { copy(k[:], d.Raw(len(k))); return k }

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

package site

import (
	"errors"
	"io/fs"
	"iter"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/feedcast/feedcast/internal/cache"
)

// racyWindow is how recent a change must be for a signature not to be
// trusted: file times have the kernel clock's granularity (a few
// milliseconds), so a file written twice within one tick, with the same
// size, keeps its signature. (A variable for the tests.)
var racyWindow = 2 * time.Second

// tree is the listing of a folder: every regular file (or symbolic link
// to one) by slash path, names starting with a dot left out.
type tree struct {
	files map[string]cache.FileSig
	// precise is false when the file system gives no change time and
	// inode: then no signature is trusted and every file is hashed.
	precise bool
	// since is the time from which a change makes a signature untrusted.
	since int64
	// errs are the folders that could not be read.
	errs []treeError
	// odd are the entries that are neither regular files nor links to
	// one (devices, pipes, broken links).
	odd []string
}

type treeError struct {
	path string
	err  error
}

// scanTree lists fsys (nil gives an empty tree). started is the build's
// start. The files' metadata is read on every core.
func scanTree(fsys fs.FS, started time.Time) *tree {
	t := &tree{files: map[string]cache.FileSig{}, precise: true, since: started.Add(-racyWindow).UnixNano()}
	if fsys == nil {
		return t
	}
	var files []string
	var links []string // entries that are not plain files: stat'ed, links followed
	var dirs []fs.DirEntry
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			t.errs = append(t.errs, treeError{p, err})
			return nil
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.IsDir():
		case d.Type().IsRegular():
			files = append(files, p)
			dirs = append(dirs, d)
		default:
			links = append(links, p)
		}
		return nil
	})
	if err != nil {
		t.errs = append(t.errs, treeError{".", err})
	}
	sigs := make([]cache.FileSig, len(files))
	ok := make([]bool, len(files))
	precise := make([]bool, len(files))
	forEach((len(files)+255)/256, func(c int) {
		for i := c * 256; i < min((c+1)*256, len(files)); i++ {
			info, err := dirs[i].Info()
			if err != nil || !info.Mode().IsRegular() {
				continue
			}
			sigs[i], precise[i] = cache.SigOf(info)
			ok[i] = true
		}
	})
	for i, p := range files {
		if !ok[i] {
			t.odd = append(t.odd, p)
			continue
		}
		if !precise[i] {
			t.precise = false
		}
		t.files[p] = sigs[i]
	}
	for _, p := range links {
		info, err := fs.Stat(fsys, p) // a link is followed, inside the folder
		if err != nil || !info.Mode().IsRegular() {
			t.odd = append(t.odd, p)
			continue
		}
		sig, precise := cache.SigOf(info)
		if !precise {
			t.precise = false
		}
		t.files[p] = sig
	}
	return t
}

// trusted reports whether the signature of the file at p can stand for
// its content.
func (t *tree) trusted(p string) bool {
	s, ok := t.files[p]
	return ok && t.precise && s.Mtime < t.since && s.Ctime < t.since
}

// sig returns the signature to record for the file at p: its own when it
// is trusted, else the zero signature, which will not match next time.
func (t *tree) sig(p string) cache.FileSig {
	if !t.trusted(p) {
		return cache.FileSig{}
	}
	return t.files[p]
}

// has reports whether the folder has a file at p.
func (t *tree) has(p string) bool {
	_, ok := t.files[p]
	return ok
}

// episodeFiles yields the episode files (isEpisode of their name, not
// ignored; ignore may be nil), with the entries that are not regular
// files among them, in no particular order.
func (t *tree) episodeFiles(ignore func(string) bool, isEpisode func(string) bool) iter.Seq[string] {
	return func(yield func(string) bool) {
		keep := func(p string) bool { return isEpisode(path.Base(p)) && (ignore == nil || !ignore(p)) }
		for p := range t.files {
			if keep(p) && !yield(p) {
				return
			}
		}
		for _, p := range t.odd {
			if keep(p) && !yield(p) {
				return
			}
		}
	}
}

// episodePaths returns the episode files in the order episode.Read visits
// them.
func (t *tree) episodePaths(ignore func(string) bool, isEpisode func(string) bool) []string {
	out := slices.Collect(t.episodeFiles(ignore, isEpisode))
	sortPaths(out)
	return out
}

// count returns the number of episode files, without sorting them.
func (t *tree) count(ignore func(string) bool, isEpisode func(string) bool) int {
	n := 0
	for range t.episodeFiles(ignore, isEpisode) {
		n++
	}
	return n
}

// sortPaths sorts slash paths in the order fs.WalkDir visits them: folder
// by folder, each in lexical order ("a/b" before "a-c").
func sortPaths(paths []string) {
	slices.SortFunc(paths, comparePaths)
}

func comparePaths(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := a[i], b[i]
		if ca == cb {
			continue
		}
		if ca == '/' {
			return -1
		}
		if cb == '/' {
			return 1
		}
		return int(ca) - int(cb)
	}
	return len(a) - len(b)
}

package episode

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
	"time"
	// The default zone, Europe/Paris, must resolve on hosts without a
	// zoneinfo database (minimal containers), so the database is embedded.
	_ "time/tzdata"
	"unicode/utf8"
)

// DefaultMaxFileSize is the size limit of an episode file when
// Options.MaxFileSize is zero. Real episodes are tens of KB; the limit is
// low because some Markdown shapes take goldmark quadratic time (a
// paragraph of repeated "[a](" takes 16 s at 256 KiB).
const DefaultMaxFileSize = 512 << 10

// DefaultLocation is the name of the zone of date-only values when
// Options.Location is nil.
const DefaultLocation = "Europe/Paris"

// Errors reported in Diagnostic.Err, to test with errors.Is.
var (
	// ErrNoFrontMatter: the file does not start with front matter.
	ErrNoFrontMatter = errors.New("no front matter")
	// ErrUnterminated: the front matter has no closing delimiter.
	ErrUnterminated = errors.New("unterminated front matter")
	// ErrTooLarge: the file is over Options.MaxFileSize.
	ErrTooLarge = errors.New("file too large")
	// ErrBinary: the file holds NUL bytes or its front matter is not UTF-8.
	ErrBinary = errors.New("binary file")
	// ErrNotFound: a referenced image or media file does not exist.
	ErrNotFound = errors.New("file not found")
	// ErrRefused: a reference points outside its folder or is not usable.
	ErrRefused = errors.New("refused")
)

// Options tunes Read and Parse. The zero value is ready to use.
type Options struct {
	// Location is the zone of dates without an offset; nil means
	// Europe/Paris.
	Location *time.Location
	// MaxFileSize is the largest episode file read, in bytes; 0 means
	// 8 MiB. Larger files are reported and skipped.
	MaxFileSize int64
	// Ignore, when set, is called by Read with the slash path (relative to
	// the content folder) of each .md file; the files for which it returns
	// true are neither read nor reported (a README.md, say).
	Ignore func(path string) bool
}

// defaultLocation loads Europe/Paris once; the result is never modified.
var defaultLocation = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation(DefaultLocation)
	if err != nil {
		// Unreachable with time/tzdata linked in.
		return time.UTC
	}
	return loc
})

func (o Options) location() *time.Location {
	if o.Location != nil {
		return o.Location
	}
	return defaultLocation()
}

func (o Options) maxFileSize() int64 {
	if o.MaxFileSize > 0 {
		return o.MaxFileSize
	}
	return DefaultMaxFileSize
}

// Read reads every *.md file under content, recursively and in lexical
// path order, and resolves image and media references against content and
// static (static may be nil: then site-absolute references are not
// checked). Folders and files whose name starts with a dot are skipped.
//
// It returns the episodes that could be read and one Diagnostic per
// problem: an error Diagnostic (Warning false) for each file that is not an
// episode, and warnings for problems that do not stop an episode. A file
// without front matter is not a problem but a note (Diagnostic.Note).
func Read(content, static fs.FS, opt Options) ([]*Episode, []Diagnostic) {
	if content == nil {
		return nil, []Diagnostic{{Path: ".", Field: "file", Err: errors.New("no content folder")}}
	}
	var (
		episodes []*Episode
		diags    []Diagnostic
	)
	limit := opt.maxFileSize()
	walk := func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags = append(diags, Diagnostic{Path: p, Field: "file", Err: fmt.Errorf("read folder: %w", err)})
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") && p != "." {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !IsEpisodeFile(d.Name()) || (opt.Ignore != nil && opt.Ignore(p)) {
			return nil
		}
		data, err := readFile(content, p, limit)
		if err != nil {
			diags = append(diags, Diagnostic{Path: p, Field: "file", Err: err})
			return nil
		}
		ep, ds := Parse(p, data, content, static, opt)
		diags = append(diags, ds...)
		if ep != nil {
			episodes = append(episodes, ep)
		}
		return nil
	}
	if err := fs.WalkDir(content, ".", walk); err != nil {
		diags = append(diags, Diagnostic{Path: ".", Field: "file", Err: fmt.Errorf("walk content: %w", err)})
	}
	return episodes, diags
}

func isMarkdown(name string) bool {
	return strings.EqualFold(path.Ext(name), ".md")
}

// IsEpisodeFile reports whether Read takes the file with this base name for
// an episode: a Markdown file (.md) whose name does not start with a dot,
// and is not a show's index file (IndexFile). Read also skips the folders
// whose name starts with a dot and the files that Options.Ignore rejects.
func IsEpisodeFile(name string) bool {
	return isMarkdown(name) && !strings.HasPrefix(name, ".") && name != IndexFile
}

// Source reads the episode file name of fsys as Read does: only a regular
// file, at most Options.MaxFileSize bytes. The error is the one Read
// reports in a Diagnostic of field "file".
func Source(fsys fs.FS, name string, opt Options) ([]byte, error) {
	return readFile(fsys, name, opt.maxFileSize())
}

// readFile reads one file, refusing anything but a regular file and files
// over limit bytes.
func readFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: not a regular file", ErrRefused)
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%w: %d bytes, over the limit of %d", ErrTooLarge, info.Size(), limit)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	defer f.Close()
	// Sized by the file, plus a byte to see it grew since.
	data := make([]byte, 0, min(info.Size(), limit)+1)
	for int64(len(data)) <= limit {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read: %w", err)
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: over the limit of %d bytes", ErrTooLarge, limit)
	}
	return data, nil
}

// Parse reads one episode file's bytes. path is the file's slash path
// relative to the content root: it names the file in diagnostics and
// relative references are resolved from its folder. content and static may
// be nil; then references into them are not checked for existence.
//
// Parse returns a nil Episode when the file is not an episode (at least one
// error Diagnostic is then returned, a note when the file has no front
// matter). An episode it returns is one every feed writer takes.
func Parse(path string, data []byte, content, static fs.FS, opt Options) (*Episode, []Diagnostic) {
	p := &fileParser{
		path:    path,
		content: content,
		static:  static,
		loc:     opt.location(),
	}
	ep := p.parse(data, opt.maxFileSize())
	for i := range p.diags {
		p.diags[i].Path = path
	}
	if p.failed {
		return nil, p.diags
	}
	ep.Refs = p.refs
	return ep, p.diags
}

// fileParser holds the state of the parsing of one file.
type fileParser struct {
	path            string
	content, static fs.FS
	loc             *time.Location
	diags           []Diagnostic
	failed          bool
	refs            []FileRef
	// mediaDuration is the duration read from the local media file.
	mediaDuration time.Duration
}

func (p *fileParser) warn(line int, field string, err error) {
	p.diags = append(p.diags, Diagnostic{Line: line, Field: field, Err: err, Warning: true})
}

func (p *fileParser) fail(line int, field string, err error) {
	p.diags = append(p.diags, Diagnostic{Line: line, Field: field, Err: err})
	p.failed = true
}

var bom = []byte("\xEF\xBB\xBF")

func (p *fileParser) parse(data []byte, limit int64) *Episode {
	if int64(len(data)) > limit {
		p.fail(0, "file", fmt.Errorf("%w: %d bytes, over the limit of %d", ErrTooLarge, len(data), limit))
		return nil
	}
	hash := sha256.Sum256(data)
	text := bytes.TrimPrefix(data, bom)
	if i := bytes.IndexByte(text, 0); i >= 0 {
		p.fail(lineAt(text, i), "file", fmt.Errorf("%w: NUL byte", ErrBinary))
		return nil
	}
	if bytes.Contains(text, []byte("\r\n")) {
		text = bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n"))
	}
	fm, err := split(text)
	if err != nil {
		if errors.Is(err.err, ErrNoFrontMatter) {
			// A Markdown file without front matter (a README.md, a
			// licence, notes) is not an episode, and not a problem
			// either: a note, see Diagnostic.Note.
			p.diags = append(p.diags, Diagnostic{Err: fmt.Errorf("%w: not an episode (an episode starts with ---, +++ or {)", ErrNoFrontMatter)})
			p.failed = true
			return nil
		}
		p.fail(err.line, "front matter", err.err)
		return nil
	}
	if !utf8.Valid(fm.text) {
		p.fail(fm.line+invalidUTF8Line(fm.text)-1, "front matter", fmt.Errorf("%w: invalid UTF-8", ErrBinary))
		return nil
	}
	doc := p.decode(fm)
	if doc == nil {
		return nil
	}
	ep := &Episode{Path: p.path, Hash: hash}
	p.fields(ep, doc)
	if !p.failed {
		p.publishable(ep, doc)
	}
	if p.failed {
		return nil
	}
	p.body(ep, fm.body, fm.bodyLine)
	return ep
}

// lineAt returns the 1-based line of byte offset off in b.
func lineAt(b []byte, off int) int {
	off = min(max(off, 0), len(b))
	return 1 + bytes.Count(b[:off], []byte("\n"))
}

// invalidUTF8Line returns the 1-based line of the first invalid UTF-8
// sequence of b.
func invalidUTF8Line(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return lineAt(b, i)
		}
		i += size
	}
	return 1
}

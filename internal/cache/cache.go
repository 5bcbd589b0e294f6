// Package cache keeps what earlier builds made, keyed by their inputs,
// so that a build makes again only what changed: the records of the
// episode files (their parsed episode, their rendered feed item, the
// files they wrote) and of the images (their renditions), in an index
// under <cache>/build/, and the large parts of the rendered episodes (the
// encoded feed items, the pages' HTML) in an append-only blob store. It
// also encodes the record a build leaves in its output folder for the
// next one's quick check (Summary).
//
// It knows the records and their encoding, not how they are made: it
// must not import internal/site (the pipeline that fills it) nor
// internal/output.
package cache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/cespare/xxhash/v2"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/binenc"
)

// Format is the version of the records below: a cache written with
// another one is dropped.
const Format = 8

// Cache is the build cache under <cache>/build/: what the previous
// builds read and rendered, by episode file, so that an unchanged
// episode is neither parsed nor rendered again. It holds an index (the
// records, small) and a blob store (the encoded items and page HTML). A
// record is used only when every input it was made from is the same:
// the file's bytes, the files it refers to, the settings and the
// program (the pipeline, internal/site, makes the keys).
type Cache struct {
	dir   string
	lock  *os.File
	idx   *Index
	blobs *Blobs
	// baseSize and journalSize are the sizes of the index and of its
	// journal, the records changed since the index was written whole.
	baseSize, journalSize int64
}

// Index is the index file.
type Index struct {
	Format    int
	Program   Key
	Gen       int   // the blob file is blobs-<Gen>
	BlobsSize int64 // bytes of the blob file the records may use
	Episodes  map[string]*EpisodeRecord
	Images    map[Key]*ImageRecord
}

// Key is a digest of the inputs of a result.
type Key [16]byte

// FileSig is what a file's metadata tells of its content: size,
// modification and change times, inode. A file whose signature did not
// change is taken to have the same content, as make and git do, unless it
// changed too close to the build that recorded it to tell. The zero
// FileSig matches no file.
type FileSig struct {
	Size         int64
	Mtime, Ctime int64 // Unix nanoseconds
	Ino          uint64
}

// EpisodeRecord is what a build knew of one episode file.
type EpisodeRecord struct {
	Sig      FileSig // the file's signature, zero when it was not trusted
	Hash     [32]byte
	ParseKey Key
	// Episode is the parsed episode without its HTML; nil when the file
	// is not an episode.
	Episode *episode.Episode
	Diags   []Diag
	Render  *RenderRecord
	// Body holds the parsed episode's HTML and its transcript's HTML in
	// the blob store (as source.body), when Bodied: with Episode, what
	// renders the episode again without its file, when the file can no
	// longer be read as an episode (see keep.go).
	Body   [2]BlobRef
	Bodied bool
	// Built is the time (Unix nanoseconds) of the build that parsed the
	// file into Episode.
	Built int64
	// raw is the record as read from the index, written back as it is
	// when the record did not change; nil for a new record.
	raw []byte
}

// SetRender records the episode's new rendering; the record is written
// anew.
func (r *EpisodeRecord) SetRender(rr *RenderRecord) {
	r.Render, r.raw = rr, nil
}

// RenderRecord is an episode rendered for the feeds and its page.
type RenderRecord struct {
	Key Key
	// Item is the feed item without its ContentHTML, which is in the
	// encoded items.
	Item  *feed.Item
	Diags []Diag
	// Files are the files of the episode's folder this rendering wrote
	// (transcripts), with the keys of their contents.
	Files []FileRecord
	// Parts are the encoded items (one per writer), the page's HTML and
	// the transcript's HTML in the blob store.
	Parts      [NumParts]BlobRef
	Transcript bool // the page shows a transcript
}

// The parts of a rendered episode in the blob store: the encoded item of
// each of the ItemParts writers (RSS, Atom, JSON Feed), then the page's
// HTML and the transcript's.
const ItemParts = 3

const (
	PartPage = ItemParts + iota
	PartTranscript
	NumParts
)

type FileRecord struct {
	Path string
	Key  Key
}

// ImageRecord is the renditions of an image.
type ImageRecord struct {
	Renditions []RenditionRecord
}

type RenditionRecord struct {
	Kind, Name, Type string
	Width, Height    int
	Key              Key
}

// Diag is a Diagnostic as the cache keeps it; its error keeps the
// message and the episode package's sentinel it wrapped.
type Diag struct {
	Path     string
	Line     int
	Field    string
	Msg      string
	Warning  bool
	Sentinel int
}

// New sentinels go at the end: the stored diagnostics hold their index.
// ErrKept marks the diagnostic that says a file's last good version was
// published instead of the file the build could not read; the cache
// keeps it, so that a result read back counts the kept files.
var ErrKept = errors.New("last good version kept")

var sentinels = []error{
	nil,
	episode.ErrNoFrontMatter, episode.ErrUnterminated, episode.ErrTooLarge,
	episode.ErrBinary, episode.ErrNotFound, episode.ErrRefused,
	ErrKept,
}

func StoreDiags(ds []episode.Diagnostic) []Diag {
	out := make([]Diag, len(ds))
	for i, d := range ds {
		out[i] = Diag{Path: d.Path, Line: d.Line, Field: d.Field, Msg: d.Err.Error(), Warning: d.Warning}
		if errors.Is(d.Err, ErrKept) {
			// What a previous build's result counts as kept (loadResult).
			out[i].Sentinel = len(sentinels) - 1
			continue
		}
		for j, s := range sentinels[1:] {
			if errors.Is(d.Err, s) {
				out[i].Sentinel = j + 1
				break
			}
		}
	}
	return out
}

func LoadDiags(ds []Diag) []episode.Diagnostic {
	out := make([]episode.Diagnostic, len(ds))
	for i, d := range ds {
		var sentinel error
		if d.Sentinel > 0 && d.Sentinel < len(sentinels) {
			sentinel = sentinels[d.Sentinel]
		}
		out[i] = episode.Diagnostic{Path: d.Path, Line: d.Line, Field: d.Field, Err: &storedError{d.Msg, sentinel}, Warning: d.Warning}
	}
	return out
}

// storedError is an error read back from the cache.
type storedError struct {
	msg      string
	sentinel error
}

func (e *storedError) Error() string { return e.msg }
func (e *storedError) Unwrap() error { return e.sentinel }

// Open opens (creating it) the build cache under dir and takes its
// lock, waiting for another build that holds it. A cache that cannot be
// read, or was written by another program, starts empty.
func Open(dir string, program Key) (*Cache, error) {
	dir = filepath.Join(dir, "build")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("build cache: %w", err)
	}
	lock, err := lockFile(filepath.Join(dir, "lock"))
	if err != nil {
		return nil, fmt.Errorf("build cache: %w", err)
	}
	c := &Cache{dir: dir, lock: lock}
	c.idx = c.readIndex(program)
	c.blobs, err = openBlobs(c.blobName(c.idx.Gen), c.idx.BlobsSize)
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("build cache: %w", err)
	}
	return c, nil
}

// Previous returns the index read at Open: the records of the earlier
// builds.
func (c *Cache) Previous() *Index { return c.idx }

// Blobs returns the cache's blob store.
func (c *Cache) Blobs() *Blobs { return c.blobs }

func (c *Cache) blobName(gen int) string {
	return filepath.Join(c.dir, "blobs-"+strconv.Itoa(gen))
}

func (c *Cache) readIndex(program Key) *Index {
	empty := &Index{Format: Format, Program: program, Episodes: map[string]*EpisodeRecord{}, Images: map[Key]*ImageRecord{}}
	data, err := os.ReadFile(filepath.Join(c.dir, "index"))
	if err != nil {
		return c.reset(empty)
	}
	idx, err := decodeIndex(data)
	if err != nil || idx.Format != Format {
		return c.reset(empty)
	}
	// The records of another program are read all the same: none of
	// their keys matches this program's (each holds the program), so
	// every episode is parsed and rendered again, but a file that can no
	// longer be read as an episode keeps its last good version (keep.go).
	idx.Program = program
	c.baseSize = int64(len(data))
	if journal, err := os.ReadFile(filepath.Join(c.dir, "journal")); err == nil {
		c.journalSize = applyJournal(idx, journal)
	}
	if info, err := os.Stat(c.blobName(idx.Gen)); err != nil || info.Size() < idx.BlobsSize {
		return c.reset(empty)
	}
	return idx
}

// journalMagic starts the journal: after it, one entry per build that
// changed few records, each framed by its length and checksum so that an
// entry cut short by a crash is ignored.
const journalMagic = "feedcast-journal\n"

// applyJournal applies the entries of the journal to idx and returns the
// size of the valid part.
func applyJournal(idx *Index, data []byte) int64 {
	rest, ok := bytes.CutPrefix(data, []byte(journalMagic))
	if !ok {
		return 0
	}
	valid := int64(len(journalMagic))
	for len(rest) > 0 {
		n, w := binary.Uvarint(rest)
		if w <= 0 || uint64(len(rest)-w) < n+8 {
			break
		}
		payload := rest[w : w+int(n)]
		if binary.LittleEndian.Uint64(rest[w+int(n):]) != xxhash.Sum64(payload) {
			break
		}
		d := &decoder{Decoder: binenc.Decoder{B: payload}, alias: true}
		gen, size := d.intn(), d.Int()
		type change struct {
			path string
			rec  *EpisodeRecord
		}
		var eps []change
		for range d.Count() {
			c := change{path: d.str()}
			if d.Bool() {
				start := d.B
				c.rec = d.EpisodeRecord()
				c.rec.raw = start[:len(start)-len(d.B)]
			}
			eps = append(eps, c)
		}
		type imgChange struct {
			k   Key
			rec *ImageRecord
		}
		var imgs []imgChange
		for range d.Count() {
			c := imgChange{k: d.key()}
			if d.Bool() {
				c.rec = d.ImageRecord()
			}
			imgs = append(imgs, c)
		}
		if d.Err != nil || len(d.B) != 0 {
			break
		}
		idx.Gen, idx.BlobsSize = gen, size
		for _, c := range eps {
			if c.rec == nil {
				delete(idx.Episodes, c.path)
			} else {
				idx.Episodes[c.path] = c.rec
			}
		}
		for _, c := range imgs {
			if c.rec == nil {
				delete(idx.Images, c.k)
			} else {
				idx.Images[c.k] = c.rec
			}
		}
		rest = rest[w+int(n)+8:]
		valid += int64(w) + int64(n) + 8
	}
	return valid
}

// indexMagic starts the index file.
const indexMagic = "feedcast-cache\n"

func encodeIndex(idx *Index) []byte {
	size := 1 << 16
	for p, r := range idx.Episodes {
		size += len(p) + len(r.raw) + 2048
	}
	e := &encoder{binenc.Encoder{B: make([]byte, 0, size)}}
	e.Raw([]byte(indexMagic))
	e.Int(int64(idx.Format))
	e.key(idx.Program)
	e.Int(int64(idx.Gen))
	e.Int(idx.BlobsSize)
	e.Uint(uint64(len(idx.Episodes)))
	for p, r := range idx.Episodes {
		e.Str(p)
		if r.raw != nil {
			e.Raw(r.raw)
		} else {
			e.EpisodeRecord(r)
		}
	}
	keys := make([]Key, 0, len(idx.Images))
	for k := range idx.Images {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b Key) int { return bytes.Compare(a[:], b[:]) })
	e.Uint(uint64(len(keys)))
	for _, k := range keys {
		e.key(k)
		e.ImageRecord(idx.Images[k])
	}
	return e.B
}

func decodeIndex(data []byte) (*Index, error) {
	rest, ok := bytes.CutPrefix(data, []byte(indexMagic))
	if !ok {
		return nil, errCorrupt
	}
	// data is the file's, never written: the strings share it.
	d := &decoder{Decoder: binenc.Decoder{B: rest}, alias: true}
	idx := &Index{Format: d.intn(), Program: d.key(), Gen: d.intn(), BlobsSize: d.Int()}
	if idx.Format != Format {
		return idx, nil
	}
	n := d.Count()
	idx.Episodes = make(map[string]*EpisodeRecord, n)
	for range n {
		p := d.str()
		start := d.B
		r := d.EpisodeRecord()
		if d.Err == nil {
			r.raw = start[:len(start)-len(d.B)]
		}
		idx.Episodes[p] = r
	}
	n = d.Count()
	idx.Images = make(map[Key]*ImageRecord, n)
	for range n {
		k := d.key()
		idx.Images[k] = d.ImageRecord()
	}
	if d.Err == nil && len(d.B) != 0 {
		d.Fail()
	}
	return idx, d.Err
}

// reset removes the blob files and the journal, and returns the empty
// index.
func (c *Cache) reset(empty *Index) *Index {
	old, _ := filepath.Glob(filepath.Join(c.dir, "blobs-*"))
	for _, p := range old {
		os.Remove(p)
	}
	os.Remove(filepath.Join(c.dir, "journal"))
	c.baseSize, c.journalSize = 0, 0
	return empty
}

// Save writes the index of this build's records, first compacting the
// blob file when most of it is no longer used.
func (c *Cache) Save(idx *Index) error {
	idx.Format = Format
	idx.Gen = c.idx.Gen
	idx.BlobsSize = c.blobs.size.Load()
	if c.CompactionDue(idx) {
		if err := c.compact(idx); err != nil {
			return err
		}
	}
	if c.appendJournal(idx) {
		return nil
	}
	tmp := filepath.Join(c.dir, "index.tmp")
	data := encodeIndex(idx)
	err := os.WriteFile(tmp, data, 0o644)
	if err == nil {
		err = os.Rename(tmp, filepath.Join(c.dir, "index"))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("build cache: %w", err)
	}
	os.Remove(filepath.Join(c.dir, "journal"))
	c.baseSize, c.journalSize = int64(len(data)), 0
	return nil
}

// appendJournal appends the records that changed since the index was
// read to the journal, and reports whether it did: when few changed, this
// is much less to write than the whole index.
func (c *Cache) appendJournal(idx *Index) bool {
	old := c.idx
	if old.Gen != idx.Gen || c.baseSize == 0 {
		return false
	}
	e := &encoder{}
	e.Int(int64(idx.Gen))
	e.Int(idx.BlobsSize)
	var paths []string
	for p, r := range idx.Episodes {
		if r.raw == nil || old.Episodes[p] != r {
			paths = append(paths, p)
		}
	}
	for p := range old.Episodes {
		if _, ok := idx.Episodes[p]; !ok {
			paths = append(paths, p)
		}
	}
	var keys []Key
	for k, r := range idx.Images {
		if old.Images[k] != r {
			keys = append(keys, k)
		}
	}
	for k := range old.Images {
		if _, ok := idx.Images[k]; !ok {
			keys = append(keys, k)
		}
	}
	if 8*(len(paths)+len(keys)) > len(idx.Episodes)+len(idx.Images) {
		return false // many changes: the index is written again
	}
	e.Uint(uint64(len(paths)))
	for _, p := range paths {
		e.Str(p)
		if r := idx.Episodes[p]; e.Present(r != nil) {
			e.EpisodeRecord(r)
		}
	}
	e.Uint(uint64(len(keys)))
	for _, k := range keys {
		e.key(k)
		if r := idx.Images[k]; e.Present(r != nil) {
			e.ImageRecord(r)
		}
	}
	size := c.journalSize
	if size == 0 {
		size = int64(len(journalMagic))
	}
	if size+int64(len(e.B)) > c.baseSize/2 {
		return false // the journal would be as long as the index
	}
	var entry []byte
	if c.journalSize == 0 {
		entry = append(entry, journalMagic...)
	}
	entry = binary.AppendUvarint(entry, uint64(len(e.B)))
	entry = append(entry, e.B...)
	entry = binary.LittleEndian.AppendUint64(entry, xxhash.Sum64(e.B))
	f, err := os.OpenFile(filepath.Join(c.dir, "journal"), os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return false
	}
	defer f.Close()
	// Written where the valid part ends: a torn entry of a crash is
	// overwritten.
	at := c.journalSize
	if _, err := f.WriteAt(entry, at); err != nil || f.Truncate(at+int64(len(entry))) != nil {
		return false
	}
	c.journalSize = at + int64(len(entry))
	return true
}

// CompactionDue reports whether Save copies the parts the records use to
// a new blob file first: when the store is over 64 MiB and more than half
// of it is no longer used.
func (c *Cache) CompactionDue(idx *Index) bool {
	size := c.blobs.size.Load()
	return size > 64<<20 && size > 2*liveBytes(idx)
}

func liveBytes(idx *Index) int64 {
	var n int64
	for _, r := range idx.Episodes {
		if r.Render != nil {
			for _, p := range r.Render.Parts {
				n += p.Len
			}
		}
		if r.Bodied {
			n += r.Body[0].Len + r.Body[1].Len
		}
	}
	return n
}

// compact copies the parts the records use to a new blob file.
func (c *Cache) compact(idx *Index) error {
	gen := idx.Gen + 1
	next, err := openBlobs(c.blobName(gen), 0)
	if err != nil {
		return fmt.Errorf("build cache: %w", err)
	}
	w := bufio.NewWriterSize(io.NewOffsetWriter(next.f, 0), 1<<20)
	var off int64
	var buf []byte
	move := func(p *BlobRef) error {
		if buf, err = c.blobs.Get(*p, buf); err != nil {
			return err
		}
		w.Write(buf)
		*p = BlobRef{Off: off, Len: p.Len}
		off += p.Len
		return nil
	}
	for _, r := range idx.Episodes {
		var parts []*BlobRef
		if r.Render != nil {
			for i := range r.Render.Parts {
				parts = append(parts, &r.Render.Parts[i])
			}
		}
		if r.Bodied {
			parts = append(parts, &r.Body[0], &r.Body[1])
		}
		if len(parts) == 0 {
			continue
		}
		// The record's parts move: its bytes as read are no longer it.
		r.raw = nil
		for _, p := range parts {
			if err := move(p); err != nil {
				next.Close()
				return err
			}
		}
	}
	if err := w.Flush(); err != nil {
		next.Close()
		return fmt.Errorf("build cache: %w", err)
	}
	next.size.Store(off)
	c.blobs.Close()
	os.Remove(c.blobName(idx.Gen))
	c.blobs = next
	idx.Gen, idx.BlobsSize = gen, off
	return nil
}

// Close closes the blob store and releases the lock.
func (c *Cache) Close() error {
	err := c.blobs.Close()
	return errors.Join(err, c.lock.Close())
}

// Digest hashes its arguments, each with a separator, into a key. They
// are put together first (on the stack, when they are short, as most
// are) and hashed at once: the same Key as writing each to the hash, for
// half the time.
func Digest(parts ...any) Key {
	var stack [512]byte
	buf := stack[:0]
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			buf = append(buf, p...)
		case []byte:
			buf = append(buf, p...)
		case Key:
			buf = append(buf, p[:]...)
		case int:
			buf = binary.AppendVarint(buf, int64(p))
		case int64:
			buf = binary.AppendVarint(buf, p)
		case bool:
			b := byte(0)
			if p {
				b = 1
			}
			buf = append(buf, b)
		case FileSig:
			buf = binary.AppendVarint(buf, p.Size)
			buf = binary.AppendVarint(buf, p.Mtime)
			buf = binary.AppendVarint(buf, p.Ctime)
			buf = binary.AppendUvarint(buf, p.Ino)
		default:
			buf = fmt.Appendf(buf, "%T:%v", p, p)
		}
		buf = append(buf, 0)
	}
	sum := sha256.Sum256(buf)
	return Key(sum[:len(Key{})])
}

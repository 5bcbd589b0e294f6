package cache

import (
	"encoding/binary"
	"errors"
	"math"
	"time"
	"unsafe"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
)

// The cache index is read and written at every build that is not a
// no-op, so it has its own compact encoding rather than encoding/gob,
// which spends most of a small rebuild on reflection. TestCodecFields
// fails when a field is added to a type stored here without being added
// below.

// encoder appends values to a byte slice.
type encoder struct{ b []byte }

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) str(s string)  { e.uint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) raw(b []byte)  { e.b = append(e.b, b...) }
func (e *encoder) key(k Key)     { e.raw(k[:]) }
func (e *encoder) bool(v bool)   { e.b = append(e.b, boolByte(v)) }
func (e *encoder) ref(r BlobRef) { e.int(r.Off); e.int(r.Len) }
func (e *encoder) sig(s FileSig) { e.int(s.Size); e.int(s.Mtime); e.int(s.Ctime); e.uint(s.Ino) }
func (e *encoder) strs(s []string) {
	e.uint(uint64(len(s)))
	for _, v := range s {
		e.str(v)
	}
}

// present writes whether a pointer is set.
func (e *encoder) present(set bool) bool { e.bool(set); return set }

func (e *encoder) time(t time.Time) {
	if e.present(!t.IsZero()) {
		name, off := t.Zone()
		e.int(t.Unix())
		e.int(int64(t.Nanosecond()))
		e.int(int64(off))
		e.str(name)
	}
}

func (e *encoder) optBool(p *bool) {
	if e.present(p != nil) {
		e.bool(*p)
	}
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// decoder reads what an encoder wrote; the first error sticks and every
// later read returns a zero value. With alias set, the strings it returns
// share the bytes read, which must then never change: a large index is
// read without a copy (and an allocation) per string.
type decoder struct {
	b     []byte
	err   error
	alias bool
	zones map[zoneKey]*time.Location
}

type zoneKey struct {
	name string
	off  int
}

var errCorrupt = errors.New("build cache: corrupt index")

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
	if len(b) == 0 {
		return ""
	}
	if d.alias && d.err == nil {
		return unsafe.String(&b[0], len(b))
	}
	return string(b)
}

func (d *decoder) key() (k Key) { copy(k[:], d.raw(len(k))); return k }

func (d *decoder) bool() bool { return d.raw(1)[0] == 1 }

func (d *decoder) intn() int { return int(d.int()) }

func (d *decoder) ref() BlobRef { return BlobRef{Off: d.int(), Len: d.int()} }

func (d *decoder) sig() FileSig {
	return FileSig{Size: d.int(), Mtime: d.int(), Ctime: d.int(), Ino: d.uint()}
}

func (d *decoder) strs() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	s := make([]string, n)
	for i := range s {
		s[i] = d.str()
	}
	return s
}

func (d *decoder) time() time.Time {
	if !d.bool() {
		return time.Time{}
	}
	sec, nsec, off, name := d.int(), d.int(), d.int(), d.str()
	if off < math.MinInt32 || off > math.MaxInt32 {
		d.fail()
		return time.Time{}
	}
	k := zoneKey{name, int(off)}
	loc := d.zones[k]
	if loc == nil {
		loc = zone(name, int(off))
		if d.zones == nil {
			d.zones = map[zoneKey]*time.Location{}
		}
		d.zones[k] = loc
	}
	return time.Unix(sec, nsec).In(loc)
}

func (d *decoder) optBool() *bool {
	if !d.bool() {
		return nil
	}
	v := d.bool()
	return &v
}

// zone returns the fixed zone of a name and offset; UTC stays UTC.
func zone(name string, off int) *time.Location {
	if off == 0 && (name == "UTC" || name == "") {
		return time.UTC
	}
	return time.FixedZone(name, off)
}

// Records.

func (e *encoder) EpisodeRecord(r *EpisodeRecord) {
	e.sig(r.Sig)
	e.raw(r.Hash[:])
	e.key(r.ParseKey)
	if e.present(r.Episode != nil) {
		e.episode(r.Episode)
	}
	e.diags(r.Diags)
	if e.present(r.Render != nil) {
		e.RenderRecord(r.Render)
	}
	if e.present(r.Bodied) {
		e.ref(r.Body[0])
		e.ref(r.Body[1])
	}
	e.int(r.Built)
}

func (d *decoder) EpisodeRecord() *EpisodeRecord {
	r := &EpisodeRecord{Sig: d.sig()}
	copy(r.Hash[:], d.raw(len(r.Hash)))
	r.ParseKey = d.key()
	if d.bool() {
		r.Episode = d.episode()
	}
	r.Diags = d.diags()
	if d.bool() {
		r.Render = d.RenderRecord()
	}
	if r.Bodied = d.bool(); r.Bodied {
		r.Body = [2]BlobRef{d.ref(), d.ref()}
	}
	r.Built = d.int()
	return r
}

func (e *encoder) diags(ds []Diag) {
	e.uint(uint64(len(ds)))
	for _, x := range ds {
		e.str(x.Path)
		e.int(int64(x.Line))
		e.str(x.Field)
		e.str(x.Msg)
		e.bool(x.Warning)
		e.int(int64(x.Sentinel))
	}
}

func (d *decoder) diags() []Diag {
	n := d.count()
	if n == 0 {
		return nil
	}
	ds := make([]Diag, n)
	for i := range ds {
		ds[i] = Diag{Path: d.str(), Line: d.intn(), Field: d.str(), Msg: d.str(), Warning: d.bool(), Sentinel: d.intn()}
	}
	return ds
}

func (e *encoder) RenderRecord(r *RenderRecord) {
	e.key(r.Key)
	if e.present(r.Item != nil) {
		e.item(r.Item)
	}
	e.diags(r.Diags)
	e.uint(uint64(len(r.Files)))
	for _, f := range r.Files {
		e.str(f.Path)
		e.key(f.Key)
	}
	for _, p := range r.Parts {
		e.ref(p)
	}
	e.bool(r.Transcript)
}

func (d *decoder) RenderRecord() *RenderRecord {
	r := &RenderRecord{Key: d.key()}
	if d.bool() {
		r.Item = d.item()
	}
	r.Diags = d.diags()
	if n := d.count(); n > 0 {
		r.Files = make([]FileRecord, n)
		for i := range r.Files {
			r.Files[i] = FileRecord{Path: d.str(), Key: d.key()}
		}
	}
	for i := range r.Parts {
		r.Parts[i] = d.ref()
	}
	r.Transcript = d.bool()
	return r
}

func (e *encoder) ImageRecord(r *ImageRecord) {
	e.uint(uint64(len(r.Renditions)))
	for _, x := range r.Renditions {
		e.str(x.Kind)
		e.str(x.Name)
		e.str(x.Type)
		e.int(int64(x.Width))
		e.int(int64(x.Height))
		e.key(x.Key)
	}
}

func (d *decoder) ImageRecord() *ImageRecord {
	r := &ImageRecord{Renditions: make([]RenditionRecord, d.count())}
	for i := range r.Renditions {
		r.Renditions[i] = RenditionRecord{Kind: d.str(), Name: d.str(), Type: d.str(), Width: d.intn(), Height: d.intn(), Key: d.key()}
	}
	return r
}

// Episodes, without their HTML and front matter's other keys.

func (e *encoder) episode(x *episode.Episode) {
	e.str(x.Path)
	e.raw(x.Hash[:])
	e.str(x.Title)
	e.str(x.Description)
	e.time(x.Date)
	e.time(x.Updated)
	e.strs(x.Tags)
	e.str(x.Series)
	e.imageRef(x.Image)
	e.imageRef(x.Apercu)
	e.bool(x.Draft)
	e.str(x.GUID)
	e.int(int64(x.GUIDLine))
	e.str(x.Slug)
	e.str(x.Link)
	if e.present(x.Media != nil) {
		e.int(int64(x.Media.Root))
		e.str(x.Media.Path)
		e.str(x.Media.Type)
		e.int(x.Media.Length)
		e.str(x.MediaKey)
		e.int(int64(x.MediaLine))
	}
	e.int(int64(x.Duration))
	e.int(int64(x.Season))
	e.int(int64(x.Number))
	e.str(x.EpisodeType)
	e.optBool(x.Explicit)
	e.uint(uint64(len(x.Persons)))
	for _, p := range x.Persons {
		e.str(p.Name)
		e.str(p.Role)
		e.str(p.Group)
		e.str(p.Href)
		e.str(p.Img)
	}
	if e.present(x.Player != nil) {
		p := x.Player
		e.str(p.URL)
		e.str(p.PageURL)
		e.str(p.Provider)
		e.str(p.Kind)
		e.str(p.ID)
	}
	if e.present(x.Transcript != nil) {
		e.str(x.Transcript.Title)
		e.int(int64(x.Transcript.Line))
	}
	e.uint(uint64(len(x.Refs)))
	for _, r := range x.Refs {
		e.int(int64(r.Root))
		e.str(r.Path)
	}
	e.episodePodcast(x)
}

func (d *decoder) episode() *episode.Episode {
	x := &episode.Episode{Path: d.str()}
	copy(x.Hash[:], d.raw(len(x.Hash)))
	x.Title = d.str()
	x.Description = d.str()
	x.Date = d.time()
	x.Updated = d.time()
	x.Tags = d.strs()
	x.Series = d.str()
	x.Image = d.imageRef()
	x.Apercu = d.imageRef()
	x.Draft = d.bool()
	x.GUID = d.str()
	x.GUIDLine = d.intn()
	x.Slug = d.str()
	x.Link = d.str()
	if d.bool() {
		x.Media = &episode.Media{Root: episode.Root(d.int()), Path: d.str(), Type: d.str(), Length: d.int()}
		x.MediaKey, x.MediaLine = d.str(), d.intn()
	}
	x.Duration = time.Duration(d.int())
	x.Season = d.intn()
	x.Number = d.intn()
	x.EpisodeType = d.str()
	x.Explicit = d.optBool()
	if n := d.count(); n > 0 {
		x.Persons = make([]episode.Person, n)
		for i := range x.Persons {
			x.Persons[i] = episode.Person{Name: d.str(), Role: d.str(), Group: d.str(), Href: d.str(), Img: d.str()}
		}
	}
	if d.bool() {
		x.Player = &episode.Player{URL: d.str(), PageURL: d.str(), Provider: d.str(), Kind: d.str(), ID: d.str()}
	}
	if d.bool() {
		x.Transcript = &episode.Transcript{Title: d.str(), Line: d.intn()}
	}
	if n := d.count(); n > 0 {
		x.Refs = make([]episode.FileRef, n)
		for i := range x.Refs {
			x.Refs[i] = episode.FileRef{Root: episode.Root(d.int()), Path: d.str()}
		}
	}
	d.episodePodcast(x)
	return x
}

func (e *encoder) imageRef(r *episode.ImageRef) {
	if e.present(r != nil) {
		e.int(int64(r.Root))
		e.str(r.Path)
		e.str(r.Alt)
		e.bool(r.Missing)
	}
}

func (d *decoder) imageRef() *episode.ImageRef {
	if !d.bool() {
		return nil
	}
	return &episode.ImageRef{Root: episode.Root(d.int()), Path: d.str(), Alt: d.str(), Missing: d.bool()}
}

// Feed items, without their ContentHTML.

func (e *encoder) item(x *feed.Item) {
	e.str(x.ID)
	e.str(x.Title)
	e.str(x.URL)
	e.str(x.Summary)
	e.time(x.Published)
	e.time(x.Updated)
	e.strs(x.Tags)
	e.persons(x.Authors)
	if e.present(x.Image != nil) {
		e.image(x.Image)
	}
	e.uint(uint64(len(x.Images)))
	for i := range x.Images {
		e.image(&x.Images[i])
	}
	if e.present(x.Enclosure != nil) {
		e.str(x.Enclosure.URL)
		e.str(x.Enclosure.Type)
		e.int(x.Enclosure.Length)
	}
	if e.present(x.Player != nil) {
		p := x.Player
		e.str(p.URL)
		e.str(p.PageURL)
		e.str(p.Provider)
		e.str(p.Kind)
		e.int(int64(p.Width))
		e.int(int64(p.Height))
	}
	e.int(int64(x.Duration))
	e.int(int64(x.Season))
	e.int(int64(x.Episode))
	e.str(x.EpisodeType)
	e.optBool(x.Explicit)
	e.uint(uint64(len(x.Transcripts)))
	for _, t := range x.Transcripts {
		e.str(t.URL)
		e.str(t.Type)
		e.str(t.Language)
		e.str(t.Rel)
		e.int(t.Length)
	}
	e.persons(x.Persons)
	e.itemPodcast(x)
}

func (d *decoder) item() *feed.Item {
	x := &feed.Item{ID: d.str(), Title: d.str(), URL: d.str(), Summary: d.str()}
	x.Published = d.time()
	x.Updated = d.time()
	x.Tags = d.strs()
	x.Authors = d.persons()
	if d.bool() {
		x.Image = d.image()
	}
	if n := d.count(); n > 0 {
		x.Images = make([]feed.Image, n)
		for i := range x.Images {
			x.Images[i] = *d.image()
		}
	}
	if d.bool() {
		x.Enclosure = &feed.Enclosure{URL: d.str(), Type: d.str(), Length: d.int()}
	}
	if d.bool() {
		x.Player = &feed.Player{URL: d.str(), PageURL: d.str(), Provider: d.str(), Kind: d.str(), Width: d.intn(), Height: d.intn()}
	}
	x.Duration = time.Duration(d.int())
	x.Season = d.intn()
	x.Episode = d.intn()
	x.EpisodeType = d.str()
	x.Explicit = d.optBool()
	if n := d.count(); n > 0 {
		x.Transcripts = make([]feed.Transcript, n)
		for i := range x.Transcripts {
			x.Transcripts[i] = feed.Transcript{URL: d.str(), Type: d.str(), Language: d.str(), Rel: d.str(), Length: d.int()}
		}
	}
	x.Persons = d.persons()
	d.itemPodcast(x)
	return x
}

func (e *encoder) image(x *feed.Image) {
	e.str(x.URL)
	e.str(x.Type)
	e.int(int64(x.Width))
	e.int(int64(x.Height))
	e.str(x.Alt)
	e.str(x.Purpose)
}

func (d *decoder) image() *feed.Image {
	return &feed.Image{URL: d.str(), Type: d.str(), Width: d.intn(), Height: d.intn(), Alt: d.str(), Purpose: d.str()}
}

func (e *encoder) persons(ps []feed.Person) {
	e.uint(uint64(len(ps)))
	for _, p := range ps {
		e.str(p.Name)
		e.str(p.Email)
		e.str(p.URL)
		e.str(p.Img)
		e.str(p.Role)
		e.str(p.Group)
	}
}

func (d *decoder) persons() []feed.Person {
	n := d.count()
	if n == 0 {
		return nil
	}
	ps := make([]feed.Person, n)
	for i := range ps {
		ps[i] = feed.Person{Name: d.str(), Email: d.str(), URL: d.str(), Img: d.str(), Role: d.str(), Group: d.str()}
	}
	return ps
}

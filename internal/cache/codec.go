package cache

import (
	"errors"
	"math"
	"time"
	"unsafe"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/binenc"
)

// The cache index is read and written at every build that is not a
// no-op, so it has its own compact encoding rather than encoding/gob,
// which spends most of a small rebuild on reflection. TestCodecFields
// fails when a field is added to a type stored here without being added
// below.

// encoder appends the records to a byte slice.
type encoder struct{ binenc.Encoder }

func (e *encoder) key(k Key)     { e.Raw(k[:]) }
func (e *encoder) ref(r BlobRef) { e.Int(r.Off); e.Int(r.Len) }
func (e *encoder) sig(s FileSig) { e.Int(s.Size); e.Int(s.Mtime); e.Int(s.Ctime); e.Uint(s.Ino) }
func (e *encoder) strs(s []string) {
	e.Uint(uint64(len(s)))
	for _, v := range s {
		e.Str(v)
	}
}

func (e *encoder) time(t time.Time) {
	if e.Present(!t.IsZero()) {
		name, off := t.Zone()
		e.Int(t.Unix())
		e.Int(int64(t.Nanosecond()))
		e.Int(int64(off))
		e.Str(name)
	}
}

func (e *encoder) optBool(p *bool) {
	if e.Present(p != nil) {
		e.Bool(*p)
	}
}

// decoder reads what an encoder wrote. With alias set, the strings it
// returns share the bytes read, which must then never change: a large
// index is read without a copy (and an allocation) per string.
type decoder struct {
	binenc.Decoder
	alias bool
	zones map[zoneKey]*time.Location
}

type zoneKey struct {
	name string
	off  int
}

var errCorrupt = errors.New("build cache: corrupt index")

func (d *decoder) str() string {
	b := d.Bytes()
	if len(b) == 0 || d.Err != nil {
		return ""
	}
	if d.alias {
		// Measured (docs/benchmarks.md, "Fast paths"): at 10,000
		// episodes, a one-change rebuild peaks at 208 MB with the index's
		// strings shared, 229 MB with a copy of each; the CPU time is the
		// same.
		return unsafe.String(&b[0], len(b))
	}
	return string(b)
}

func (d *decoder) key() (k Key) { copy(k[:], d.Raw(len(k))); return k }

func (d *decoder) bool() bool { return d.Raw(1)[0] == 1 }

func (d *decoder) intn() int { return int(d.Int()) }

func (d *decoder) ref() BlobRef { return BlobRef{Off: d.Int(), Len: d.Int()} }

func (d *decoder) sig() FileSig {
	return FileSig{Size: d.Int(), Mtime: d.Int(), Ctime: d.Int(), Ino: d.Uint()}
}

func (d *decoder) strs() []string {
	n := d.Count()
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
	if !d.Bool() {
		return time.Time{}
	}
	sec, nsec, off, name := d.Int(), d.Int(), d.Int(), d.str()
	if off < math.MinInt32 || off > math.MaxInt32 {
		d.Fail()
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
	if !d.Bool() {
		return nil
	}
	v := d.Bool()
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
	e.Raw(r.Hash[:])
	e.key(r.ParseKey)
	if e.Present(r.Episode != nil) {
		e.episode(r.Episode)
	}
	e.diags(r.Diags)
	if e.Present(r.Render != nil) {
		e.RenderRecord(r.Render)
	}
	if e.Present(r.Bodied) {
		e.ref(r.Body[0])
		e.ref(r.Body[1])
	}
	e.Int(r.Built)
}

func (d *decoder) EpisodeRecord() *EpisodeRecord {
	r := &EpisodeRecord{Sig: d.sig()}
	copy(r.Hash[:], d.Raw(len(r.Hash)))
	r.ParseKey = d.key()
	if d.Bool() {
		r.Episode = d.episode()
	}
	r.Diags = d.diags()
	if d.Bool() {
		r.Render = d.RenderRecord()
	}
	if r.Bodied = d.Bool(); r.Bodied {
		r.Body = [2]BlobRef{d.ref(), d.ref()}
	}
	r.Built = d.Int()
	return r
}

func (e *encoder) diags(ds []Diag) {
	e.Uint(uint64(len(ds)))
	for _, x := range ds {
		e.Str(x.Path)
		e.Int(int64(x.Line))
		e.Str(x.Field)
		e.Str(x.Msg)
		e.Bool(x.Warning)
		e.Int(int64(x.Sentinel))
	}
}

func (d *decoder) diags() []Diag {
	n := d.Count()
	if n == 0 {
		return nil
	}
	ds := make([]Diag, n)
	for i := range ds {
		ds[i] = Diag{Path: d.str(), Line: d.intn(), Field: d.str(), Msg: d.str(), Warning: d.Bool(), Sentinel: d.intn()}
	}
	return ds
}

func (e *encoder) RenderRecord(r *RenderRecord) {
	e.key(r.Key)
	if e.Present(r.Item != nil) {
		e.item(r.Item)
	}
	e.diags(r.Diags)
	e.Uint(uint64(len(r.Files)))
	for _, f := range r.Files {
		e.Str(f.Path)
		e.key(f.Key)
	}
	for _, p := range r.Parts {
		e.ref(p)
	}
	e.Bool(r.Transcript)
}

func (d *decoder) RenderRecord() *RenderRecord {
	r := &RenderRecord{Key: d.key()}
	if d.Bool() {
		r.Item = d.item()
	}
	r.Diags = d.diags()
	if n := d.Count(); n > 0 {
		r.Files = make([]FileRecord, n)
		for i := range r.Files {
			r.Files[i] = FileRecord{Path: d.str(), Key: d.key()}
		}
	}
	for i := range r.Parts {
		r.Parts[i] = d.ref()
	}
	r.Transcript = d.Bool()
	return r
}

func (e *encoder) ImageRecord(r *ImageRecord) {
	e.Uint(uint64(len(r.Renditions)))
	for _, x := range r.Renditions {
		e.Str(x.Kind)
		e.Str(x.Name)
		e.Str(x.Type)
		e.Int(int64(x.Width))
		e.Int(int64(x.Height))
		e.key(x.Key)
	}
}

func (d *decoder) ImageRecord() *ImageRecord {
	r := &ImageRecord{Renditions: make([]RenditionRecord, d.Count())}
	for i := range r.Renditions {
		r.Renditions[i] = RenditionRecord{Kind: d.str(), Name: d.str(), Type: d.str(), Width: d.intn(), Height: d.intn(), Key: d.key()}
	}
	return r
}

// Episodes, without their HTML and front matter's other keys.

func (e *encoder) episode(x *episode.Episode) {
	e.Str(x.Path)
	e.Raw(x.Hash[:])
	e.Str(x.Title)
	e.Str(x.Description)
	e.time(x.Date)
	e.time(x.Updated)
	e.strs(x.Tags)
	e.Str(x.Series)
	e.imageRef(x.Image)
	e.imageRef(x.Apercu)
	e.Bool(x.Draft)
	e.Str(x.GUID)
	e.Int(int64(x.GUIDLine))
	e.Str(x.Slug)
	e.Str(x.Link)
	if e.Present(x.Media != nil) {
		e.Int(int64(x.Media.Root))
		e.Str(x.Media.Path)
		e.Str(x.Media.Type)
		e.Int(x.Media.Length)
		e.Str(x.MediaKey)
		e.Int(int64(x.MediaLine))
	}
	e.Int(int64(x.Duration))
	e.Int(int64(x.Season))
	e.Int(int64(x.Number))
	e.Str(x.EpisodeType)
	e.optBool(x.Explicit)
	e.Uint(uint64(len(x.Persons)))
	for _, p := range x.Persons {
		e.Str(p.Name)
		e.Str(p.Role)
		e.Str(p.Group)
		e.Str(p.Href)
		e.Str(p.Img)
	}
	if e.Present(x.Player != nil) {
		p := x.Player
		e.Str(p.URL)
		e.Str(p.PageURL)
		e.Str(p.Provider)
		e.Str(p.Kind)
		e.Str(p.ID)
	}
	if e.Present(x.Transcript != nil) {
		e.Str(x.Transcript.Title)
		e.Int(int64(x.Transcript.Line))
	}
	e.Uint(uint64(len(x.Refs)))
	for _, r := range x.Refs {
		e.Int(int64(r.Root))
		e.Str(r.Path)
	}
	e.episodePodcast(x)
}

func (d *decoder) episode() *episode.Episode {
	x := &episode.Episode{Path: d.str()}
	copy(x.Hash[:], d.Raw(len(x.Hash)))
	x.Title = d.str()
	x.Description = d.str()
	x.Date = d.time()
	x.Updated = d.time()
	x.Tags = d.strs()
	x.Series = d.str()
	x.Image = d.imageRef()
	x.Apercu = d.imageRef()
	x.Draft = d.Bool()
	x.GUID = d.str()
	x.GUIDLine = d.intn()
	x.Slug = d.str()
	x.Link = d.str()
	if d.Bool() {
		x.Media = &episode.Media{Root: episode.Root(d.Int()), Path: d.str(), Type: d.str(), Length: d.Int()}
		x.MediaKey, x.MediaLine = d.str(), d.intn()
	}
	x.Duration = time.Duration(d.Int())
	x.Season = d.intn()
	x.Number = d.intn()
	x.EpisodeType = d.str()
	x.Explicit = d.optBool()
	if n := d.Count(); n > 0 {
		x.Persons = make([]episode.Person, n)
		for i := range x.Persons {
			x.Persons[i] = episode.Person{Name: d.str(), Role: d.str(), Group: d.str(), Href: d.str(), Img: d.str()}
		}
	}
	if d.Bool() {
		x.Player = &episode.Player{URL: d.str(), PageURL: d.str(), Provider: d.str(), Kind: d.str(), ID: d.str()}
	}
	if d.Bool() {
		x.Transcript = &episode.Transcript{Title: d.str(), Line: d.intn()}
	}
	if n := d.Count(); n > 0 {
		x.Refs = make([]episode.FileRef, n)
		for i := range x.Refs {
			x.Refs[i] = episode.FileRef{Root: episode.Root(d.Int()), Path: d.str()}
		}
	}
	d.episodePodcast(x)
	return x
}

func (e *encoder) imageRef(r *episode.ImageRef) {
	if e.Present(r != nil) {
		e.Int(int64(r.Root))
		e.Str(r.Path)
		e.Str(r.Alt)
		e.Bool(r.Missing)
	}
}

func (d *decoder) imageRef() *episode.ImageRef {
	if !d.Bool() {
		return nil
	}
	return &episode.ImageRef{Root: episode.Root(d.Int()), Path: d.str(), Alt: d.str(), Missing: d.Bool()}
}

// Feed items, without their ContentHTML.

func (e *encoder) item(x *feed.Item) {
	e.Str(x.ID)
	e.Str(x.Title)
	e.Str(x.URL)
	e.Str(x.Summary)
	e.time(x.Published)
	e.time(x.Updated)
	e.strs(x.Tags)
	e.persons(x.Authors)
	if e.Present(x.Image != nil) {
		e.image(x.Image)
	}
	e.Uint(uint64(len(x.Images)))
	for i := range x.Images {
		e.image(&x.Images[i])
	}
	if e.Present(x.Enclosure != nil) {
		e.Str(x.Enclosure.URL)
		e.Str(x.Enclosure.Type)
		e.Int(x.Enclosure.Length)
	}
	if e.Present(x.Player != nil) {
		p := x.Player
		e.Str(p.URL)
		e.Str(p.PageURL)
		e.Str(p.Provider)
		e.Str(p.Kind)
		e.Int(int64(p.Width))
		e.Int(int64(p.Height))
	}
	e.Int(int64(x.Duration))
	e.Int(int64(x.Season))
	e.Int(int64(x.Episode))
	e.Str(x.EpisodeType)
	e.optBool(x.Explicit)
	e.Uint(uint64(len(x.Transcripts)))
	for _, t := range x.Transcripts {
		e.Str(t.URL)
		e.Str(t.Type)
		e.Str(t.Language)
		e.Str(t.Rel)
		e.Int(t.Length)
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
	if d.Bool() {
		x.Image = d.image()
	}
	if n := d.Count(); n > 0 {
		x.Images = make([]feed.Image, n)
		for i := range x.Images {
			x.Images[i] = *d.image()
		}
	}
	if d.Bool() {
		x.Enclosure = &feed.Enclosure{URL: d.str(), Type: d.str(), Length: d.Int()}
	}
	if d.Bool() {
		x.Player = &feed.Player{URL: d.str(), PageURL: d.str(), Provider: d.str(), Kind: d.str(), Width: d.intn(), Height: d.intn()}
	}
	x.Duration = time.Duration(d.Int())
	x.Season = d.intn()
	x.Episode = d.intn()
	x.EpisodeType = d.str()
	x.Explicit = d.optBool()
	if n := d.Count(); n > 0 {
		x.Transcripts = make([]feed.Transcript, n)
		for i := range x.Transcripts {
			x.Transcripts[i] = feed.Transcript{URL: d.str(), Type: d.str(), Language: d.str(), Rel: d.str(), Length: d.Int()}
		}
	}
	x.Persons = d.persons()
	d.itemPodcast(x)
	return x
}

func (e *encoder) image(x *feed.Image) {
	e.Str(x.URL)
	e.Str(x.Type)
	e.Int(int64(x.Width))
	e.Int(int64(x.Height))
	e.Str(x.Alt)
	e.Str(x.Purpose)
}

func (d *decoder) image() *feed.Image {
	return &feed.Image{URL: d.str(), Type: d.str(), Width: d.intn(), Height: d.intn(), Alt: d.str(), Purpose: d.str()}
}

func (e *encoder) persons(ps []feed.Person) {
	e.Uint(uint64(len(ps)))
	for _, p := range ps {
		e.Str(p.Name)
		e.Str(p.Email)
		e.Str(p.URL)
		e.Str(p.Img)
		e.Str(p.Role)
		e.Str(p.Group)
	}
}

func (d *decoder) persons() []feed.Person {
	n := d.Count()
	if n == 0 {
		return nil
	}
	ps := make([]feed.Person, n)
	for i := range ps {
		ps[i] = feed.Person{Name: d.str(), Email: d.str(), URL: d.str(), Img: d.str(), Role: d.str(), Group: d.str()}
	}
	return ps
}

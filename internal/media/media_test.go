package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// withinFFprobe is how far a duration may be from ffprobe's.
const withinFFprobe = time.Second

var threeChapters = []Chapter{{0, "Intro", ""}, {2500 * time.Millisecond, "Middle part", ""}, {5250 * time.Millisecond, "Ending é", ""}}
var tagChapters = []Chapter{{0, "Intro", ""}, {2500 * time.Millisecond, "Middle", "https://example.org/middle"}, {5250 * time.Millisecond, "Ending", ""}}

// testdataFiles lists testdata/ with what ffprobe 5.1 reports of each
// (format=duration, -show_chapters; see testdata/README.md).
var testdataFiles = []struct {
	file     string
	typ      string
	ffprobe  time.Duration
	chapters []Chapter
	cover    bool // cover.png embedded
}{
	{"chapters.mp3", "audio/mpeg", 8100 * time.Millisecond, threeChapters, true},
	{"noxing.mp3", "audio/mpeg", 8100 * time.Millisecond, threeChapters, false},
	{"vbr.mp3", "audio/mpeg", 5580 * time.Millisecond, nil, false},
	{"chapters.m4a", "audio/mp4", 8 * time.Second, threeChapters, true},
	{"chapters.ogg", "audio/ogg", 8 * time.Second, tagChapters, false},
	{"short.opus", "audio/ogg", 4206500 * time.Microsecond, nil, false},
	{"short.flac", "audio/flac", 3 * time.Second, tagChapters, true},
	{"short.wav", "audio/wav", 2500 * time.Millisecond, nil, false},
	{"video.m4v", "video/mp4", 3 * time.Second, nil, false},
}

func probeBytes(t *testing.T, b []byte, name string) (Info, error) {
	t.Helper()
	return Probe(bytes.NewReader(b), int64(len(b)), name)
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func closeTo(a, b, within time.Duration) bool {
	d := a - b
	return d <= within && d >= -within
}

func TestProbeTestdata(t *testing.T) {
	cover := readTestdata(t, "cover.png")
	for _, tc := range testdataFiles {
		t.Run(tc.file, func(t *testing.T) {
			info, err := probeBytes(t, readTestdata(t, tc.file), tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if info.Type != tc.typ {
				t.Errorf("type = %q, want %q", info.Type, tc.typ)
			}
			if !closeTo(info.Duration, tc.ffprobe, withinFFprobe) {
				t.Errorf("duration = %v, ffprobe %v", info.Duration, tc.ffprobe)
			}
			if !slices.Equal(info.Chapters, tc.chapters) {
				t.Errorf("chapters = %q\nwant %q", info.Chapters, tc.chapters)
			}
			switch {
			case !tc.cover && info.Cover != nil:
				t.Errorf("cover = %s, want none", info.Cover.MIME)
			case tc.cover && info.Cover == nil:
				t.Errorf("no cover")
			case tc.cover && (info.Cover.MIME != "image/png" || !bytes.Equal(info.Cover.Data, cover)):
				t.Errorf("cover = %s of %d bytes, want cover.png", info.Cover.MIME, len(info.Cover.Data))
			}
		})
	}
}

// patch returns b with the first old after the first at replaced by new.
func patch(t *testing.T, b []byte, at, old, new string) []byte {
	t.Helper()
	out := bytes.Clone(b)
	i := bytes.Index(out, []byte(at))
	if i < 0 {
		t.Fatalf("no %q", at)
	}
	j := bytes.Index(out[i:], []byte(old))
	if j < 0 {
		t.Fatalf("no %q after %q", old, at)
	}
	copy(out[i+j:], new)
	return out
}

// The MP4 chapters are read from the chapter track, or from chpl when
// there is no chapter track: each one alone gives the same chapters.
func TestMP4ChapterSources(t *testing.T) {
	b := readTestdata(t, "chapters.m4a")
	for name, b := range map[string][]byte{
		"chapter track only": patch(t, b, "udta", "chpl", "free"),
		"chpl only":          patch(t, b, "tref", "chap", "free"),
	} {
		info, err := probeBytes(t, b, "chapters.m4a")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(info.Chapters, threeChapters) {
			t.Errorf("%s: chapters = %q", name, info.Chapters)
		}
	}
	neither := patch(t, patch(t, b, "udta", "chpl", "free"), "tref", "chap", "free")
	if info, err := probeBytes(t, neither, "chapters.m4a"); err != nil || info.Chapters != nil {
		t.Errorf("no chapters: got %q, %v", info.Chapters, err)
	}
}

// mvhd's duration of 0 leaves the longest track's.
func TestMP4DurationFromTracks(t *testing.T) {
	b := bytes.Clone(readTestdata(t, "video.m4v"))
	i := bytes.Index(b, []byte("mvhd"))
	if i < 0 || b[i+4] != 0 {
		t.Fatal("no version 0 mvhd")
	}
	whole, err := probeBytes(t, b, "video.m4v")
	if err != nil {
		t.Fatal(err)
	}
	binary.BigEndian.PutUint32(b[i+4+16:], 0) // duration
	info, err := probeBytes(t, b, "video.m4v")
	if err != nil {
		t.Fatal(err)
	}
	if info.Duration == 0 || !closeTo(info.Duration, whole.Duration, 300*time.Millisecond) {
		t.Errorf("duration from tracks = %v, mvhd said %v", info.Duration, whole.Duration)
	}
}

// id3Frame24 builds an ID3v2.4 frame.
func id3Frame24(id string, data []byte) []byte {
	n := len(data)
	h := []byte(id)
	h = append(h, byte(n>>21&0x7F), byte(n>>14&0x7F), byte(n>>7&0x7F), byte(n&0x7F), 0, 0)
	return append(h, data...)
}

func id3Tag24(frames ...[]byte) []byte {
	body := bytes.Join(frames, nil)
	body = append(body, make([]byte, 32)...) // padding
	n := len(body)
	h := []byte{'I', 'D', '3', 4, 0, 0, byte(n >> 21 & 0x7F), byte(n >> 14 & 0x7F), byte(n >> 7 & 0x7F), byte(n & 0x7F)}
	return append(h, body...)
}

func chap(id string, startMS uint32, sub ...[]byte) []byte {
	b := append([]byte(id), 0)
	b = binary.BigEndian.AppendUint32(b, startMS)
	b = binary.BigEndian.AppendUint32(b, startMS+1000)
	b = append(b, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)
	return id3Frame24("CHAP", append(b, bytes.Join(sub, nil)...))
}

// mpegFrames returns n MPEG-1 layer III frames at 128 kbit/s, 44.1 kHz,
// stereo (417 bytes each), with first the given header in the first
// frame's data.
func mpegFrames(n int, first []byte) []byte {
	var b []byte
	for i := range n {
		f := make([]byte, 417)
		copy(f, []byte{0xFF, 0xFB, 0x90, 0x00})
		if i == 0 {
			copy(f[4:], first)
		}
		b = append(b, f...)
	}
	return b
}

// An ID3v2.4 tag with UTF-16 and UTF-8 titles, a WXXX link, a CTOC
// whose order differs from the frames', a chapter the CTOC leaves out,
// and an APIC that is not the front cover before one that is.
func TestID3Chapters(t *testing.T) {
	utf16Title := []byte{1, 0xFF, 0xFE, 'O', 0, 'n', 0, 'e', 0, 0, 0}
	ctoc := append([]byte("toc\x00"), 0x03, 2)
	ctoc = append(ctoc, "c1\x00c2\x00"...)
	png := readTestdata(t, "cover.png")
	apic := func(kind byte, data []byte) []byte {
		b := append([]byte{3}, "image/png\x00"...)
		b = append(b, kind)
		b = append(b, "desc\x00"...)
		return id3Frame24("APIC", append(b, data...))
	}
	tag := id3Tag24(
		apic(0, []byte("not the front cover")),
		chap("c2", 60000, id3Frame24("TIT2", []byte("\x03Two\x00")), id3Frame24("WXXX", []byte("\x03link\x00https://example.org/2"))),
		chap("c1", 0, id3Frame24("TIT2", utf16Title)),
		chap("hidden", 30000, id3Frame24("TIT2", []byte("\x00Hidden"))),
		id3Frame24("CTOC", ctoc),
		apic(3, png),
	)
	file := append(tag, mpegFrames(50, nil)...)
	info, err := probeBytes(t, file, "tagged.mp3")
	if err != nil {
		t.Fatal(err)
	}
	want := []Chapter{{0, "One", ""}, {time.Minute, "Two", "https://example.org/2"}}
	if !slices.Equal(info.Chapters, want) {
		t.Errorf("chapters = %q, want %q", info.Chapters, want)
	}
	if info.Cover == nil || !bytes.Equal(info.Cover.Data, png) || info.Cover.MIME != "image/png" {
		t.Errorf("cover = %+v", info.Cover)
	}
	// 50 frames of 1152 samples at 44.1 kHz, found by the frame scan
	if want := seconds(50*1152, 44100); info.Duration != want {
		t.Errorf("duration = %v, want %v", info.Duration, want)
	}
}

// A VBRI header (Fraunhofer) gives the frame count: 1000 frames, where
// the file holds 20.
func TestVBRI(t *testing.T) {
	h := make([]byte, 32+18)
	copy(h[32:], "VBRI")
	binary.BigEndian.PutUint16(h[36:], 1)
	binary.BigEndian.PutUint32(h[32+14:], 1000)
	info, err := probeBytes(t, mpegFrames(20, h), "vbri.mp3")
	if err != nil {
		t.Fatal(err)
	}
	if want := seconds(1000*1152, 44100); info.Duration != want {
		t.Errorf("duration = %v, want %v", info.Duration, want)
	}
}

// Damaged files: every testdata file cut at many lengths and with bytes
// overwritten gives a result or an error naming the file, never a panic.
func TestDamagedFiles(t *testing.T) {
	for _, tc := range testdataFiles {
		b := readTestdata(t, tc.file)
		for _, n := range []int{0, 1, 3, 4, 11, 12, 27, 100, 200, 1000, len(b) / 2, len(b) - 1} {
			_, err := probeBytes(t, b[:n], tc.file)
			if err != nil && !strings.HasPrefix(err.Error(), tc.file+": ") {
				t.Errorf("%s cut at %d: error %q does not name the file", tc.file, n, err)
			}
			if err != nil && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrUnknown) {
				t.Errorf("%s cut at %d: error %q is neither ErrInvalid nor ErrUnknown", tc.file, n, err)
			}
		}
		for off := 0; off < min(len(b), 4096); off += 7 {
			c := bytes.Clone(b)
			c[off] ^= 0xFF
			c[min(off+1, len(c)-1)] = 0xFF
			if _, err := probeBytes(t, c, tc.file); err != nil && !strings.HasPrefix(err.Error(), tc.file+": ") {
				t.Errorf("%s damaged at %d: error %q does not name the file", tc.file, off, err)
			}
		}
	}
	// The MP4 files here have their moov at the end: cut, they have none.
	b := readTestdata(t, "chapters.m4a")
	if _, err := probeBytes(t, b[:len(b)/2], "cut.m4a"); !errors.Is(err, ErrInvalid) {
		t.Errorf("cut MP4: err = %v, want ErrInvalid", err)
	}
	if _, err := probeBytes(t, []byte("plain text, not media"), "notes.txt"); !errors.Is(err, ErrUnknown) {
		t.Errorf("text: err = %v, want ErrUnknown", err)
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r    io.ReadSeeker
	read int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += int64(n)
	return n, err
}

func (c *countingReader) Seek(off int64, whence int) (int64, error) { return c.r.Seek(off, whence) }

// A file that claims a huge size is read within the limits: the frame
// scan of a large MP3 without Xing header reads frame headers only.
func TestBoundedReads(t *testing.T) {
	frames := 100000 // 41.7 MB of MP3, 43 minutes
	one := mpegFrames(1, nil)
	r := &countingReader{r: &repeatReader{unit: one, size: int64(frames * len(one))}}
	info, err := Probe(r, int64(frames*len(one)), "long.mp3")
	if err != nil {
		t.Fatal(err)
	}
	if want := seconds(uint64(frames)*1152, 44100); info.Duration != want {
		t.Errorf("duration = %v, want %v", info.Duration, want)
	}
	if r.read > int64(frames)*4+1<<20 {
		t.Errorf("read %d bytes of a %d-byte file", r.read, frames*len(one))
	}
}

// repeatReader is a file of size bytes that repeats unit.
type repeatReader struct {
	unit      []byte
	size, off int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.off >= r.size {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && r.off < r.size {
		p[n] = r.unit[r.off%int64(len(r.unit))]
		n++
		r.off++
	}
	return n, nil
}

func (r *repeatReader) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		off += r.off
	case io.SeekEnd:
		off += r.size
	}
	r.off = off
	return off, nil
}

func FuzzProbe(f *testing.F) {
	for _, tc := range testdataFiles {
		b := readTestdata(f, tc.file)
		f.Add(b[:min(len(b), 4096)])
		f.Add(b[max(0, len(b)-4096):])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r := &countingReader{r: bytes.NewReader(b)}
		start := time.Now()
		info, err := Probe(r, int64(len(b)), "fuzz")
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Errorf("probe took %v", elapsed)
		}
		if r.read > maxTotal {
			t.Errorf("read %d bytes", r.read)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "fuzz: ") {
			t.Errorf("error %q does not name the file", err)
		}
		if err == nil && (info.Duration < 0 || info.Duration > maxDuration) {
			t.Errorf("duration %v", info.Duration)
		}
	})
}

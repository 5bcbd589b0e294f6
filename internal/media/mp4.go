package media

import (
	"encoding/binary"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"
)

// ISO base media files (ISO/IEC 14496-12: MP4, M4A, M4V) and QuickTime
// movies. Only the boxes needed are read: mvhd and mehd for the duration,
// each track's tkhd, tref, mdhd and hdlr, udta/chpl (Nero chapters), the
// sample tables of a chapter track (QuickTime chapters) and
// meta/ilst/covr (iTunes cover art). Boxes are walked with Seek: the
// media data is never read.

type box struct {
	typ  string
	off  int64 // payload offset
	size int64 // payload size
}

// boxes calls fn for each box between off and end. A box that claims to
// go past end is cut at end (a truncated mdat is common).
func (s *source) boxes(off, end int64, fn func(box) error) error {
	for n := 0; off+8 <= end; n++ {
		if n > 100000 {
			return fmt.Errorf("%w: too many boxes", ErrInvalid)
		}
		h, err := s.at(off, 8)
		if err != nil {
			return err
		}
		size := int64(binary.BigEndian.Uint32(h))
		hdr := int64(8)
		switch size {
		case 0: // to the end
			size = end - off
		case 1: // 64-bit size follows
			l, err := s.at(off+8, 8)
			if err != nil {
				return err
			}
			size, hdr = int64(binary.BigEndian.Uint64(l)), 16
		}
		if size < hdr {
			return fmt.Errorf("%w: box %q of size %d at %d", ErrInvalid, printable(h[4:8]), size, off)
		}
		if size > end-off {
			size = end - off
		}
		if err := fn(box{typ: string(h[4:8]), off: off + hdr, size: size - hdr}); err != nil {
			return err
		}
		off += size
	}
	return nil
}

func printable(b []byte) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7E {
			return '?'
		}
		return r
	}, string(b))
}

func (s *source) payload(b box, limit int) ([]byte, error) {
	if b.size > int64(limit) {
		return nil, fmt.Errorf("%w: %s box of %d bytes, over the limit of %d", ErrInvalid, printable([]byte(b.typ)), b.size, limit)
	}
	return s.at(b.off, int(b.size))
}

type track struct {
	id        uint32
	handler   string
	timescale uint32
	duration  uint64
	chap      []uint32 // tref/chap: the chapter track IDs
	stbl      map[string]box
}

type movie struct {
	brand     string
	timescale uint32
	duration  uint64
	fragment  uint64 // mvex/mehd
	tracks    []*track
	chpl      []Chapter
	cover     *Picture
}

const maxHeaderBox = 4 << 20 // a header box (mvhd, stts ...) read whole

func (s *source) mp4() (Info, error) {
	var m movie
	foundMoov := false
	err := s.boxes(0, s.size, func(b box) error {
		switch b.typ {
		case "ftyp":
			if p, err := s.payload(b, 4096); err == nil && len(p) >= 4 {
				m.brand = string(p[:4])
			}
		case "moov":
			foundMoov = true
			return s.moov(&m, b)
		}
		return nil
	})
	info := Info{Type: m.mimeType(), Chapters: m.chpl, Cover: m.cover}
	if err != nil {
		return info, err
	}
	if !foundMoov {
		return info, fmt.Errorf("%w: no moov box", ErrInvalid)
	}
	info.Duration = m.durationOf()
	if ch := s.chapterTrack(&m); len(ch) > 0 {
		// The QuickTime chapter track is what Apple's apps read; Nero
		// chpl is the fallback.
		info.Chapters = ch
	}
	sortChapters(info.Chapters)
	return info, nil
}

func (m *movie) mimeType() string {
	video := false
	for _, t := range m.tracks {
		video = video || t.handler == "vide"
	}
	switch {
	case m.brand == "qt  ":
		return "video/quicktime"
	case video:
		return "video/mp4"
	}
	return "audio/mp4"
}

// durationOf is mvhd's duration in the movie timescale; when it is 0 or
// unknown, the fragmented movie's mehd, else the longest track.
func (m *movie) durationOf() time.Duration {
	const unknown32 = 0xFFFFFFFF
	if m.duration != 0 && m.duration != unknown32 && m.duration != ^uint64(0) {
		return seconds(m.duration, uint64(m.timescale))
	}
	if m.fragment != 0 {
		return seconds(m.fragment, uint64(m.timescale))
	}
	var d time.Duration
	for _, t := range m.tracks {
		if t.duration != unknown32 && t.duration != ^uint64(0) {
			d = max(d, seconds(t.duration, uint64(t.timescale)))
		}
	}
	return d
}

func (s *source) moov(m *movie, moov box) error {
	return s.boxes(moov.off, moov.off+moov.size, func(b box) error {
		switch b.typ {
		case "mvhd":
			p, err := s.payload(b, 4096)
			if err != nil {
				return err
			}
			ts, d, ok := timeHeader(p)
			if !ok {
				return fmt.Errorf("%w: mvhd", ErrInvalid)
			}
			m.timescale, m.duration = ts, d
		case "mvex":
			return s.boxes(b.off, b.off+b.size, func(c box) error {
				if c.typ == "mehd" {
					if p, err := s.payload(c, 64); err == nil && len(p) >= 8 {
						if p[0] == 1 && len(p) >= 12 {
							m.fragment = binary.BigEndian.Uint64(p[4:])
						} else {
							m.fragment = uint64(binary.BigEndian.Uint32(p[4:]))
						}
					}
				}
				return nil
			})
		case "trak":
			if len(m.tracks) >= 1000 {
				return fmt.Errorf("%w: too many tracks", ErrInvalid)
			}
			t := &track{stbl: map[string]box{}}
			m.tracks = append(m.tracks, t)
			return s.trak(t, b)
		case "udta":
			return s.boxes(b.off, b.off+b.size, func(c box) error {
				switch c.typ {
				case "chpl":
					p, err := s.payload(c, maxHeaderBox)
					if err != nil {
						return err
					}
					m.chpl = parseChpl(p)
				case "meta":
					return s.meta(m, c)
				}
				return nil
			})
		case "meta":
			return s.meta(m, b)
		}
		return nil
	})
}

// timeHeader reads the timescale and duration of an mvhd or mdhd payload.
func timeHeader(p []byte) (timescale uint32, duration uint64, ok bool) {
	if len(p) >= 32 && p[0] == 1 {
		return binary.BigEndian.Uint32(p[20:]), binary.BigEndian.Uint64(p[24:]), true
	}
	if len(p) >= 20 && p[0] == 0 {
		return binary.BigEndian.Uint32(p[12:]), uint64(binary.BigEndian.Uint32(p[16:])), true
	}
	return 0, 0, false
}

func (s *source) trak(t *track, trak box) error {
	var walk func(b box) error
	walk = func(b box) error {
		switch b.typ {
		case "mdia", "minf", "stbl", "tref":
			return s.boxes(b.off, b.off+b.size, walk)
		case "tkhd":
			p, err := s.payload(b, 4096)
			if err != nil {
				return err
			}
			switch {
			case len(p) >= 24 && p[0] == 1:
				t.id = binary.BigEndian.Uint32(p[20:])
			case len(p) >= 16:
				t.id = binary.BigEndian.Uint32(p[12:])
			}
		case "mdhd":
			p, err := s.payload(b, 4096)
			if err != nil {
				return err
			}
			t.timescale, t.duration, _ = timeHeader(p)
		case "hdlr":
			if p, err := s.payload(b, 4096); err == nil && len(p) >= 12 {
				t.handler = string(p[8:12])
			}
		case "chap":
			p, err := s.payload(b, 4096)
			if err != nil {
				return err
			}
			for i := 0; i+4 <= len(p); i += 4 {
				t.chap = append(t.chap, binary.BigEndian.Uint32(p[i:]))
			}
		case "stts", "stsz", "stz2", "stsc", "stco", "co64":
			t.stbl[b.typ] = b
		}
		return nil
	}
	return s.boxes(trak.off, trak.off+trak.size, walk)
}

// parseChpl reads Nero chapters: version, flags, (4 reserved bytes in
// version 1), a count, then per chapter a start in 100 ns units and a
// length-prefixed UTF-8 title.
func parseChpl(p []byte) []Chapter {
	if len(p) < 5 {
		return nil
	}
	i := 4
	if p[0] == 1 {
		i += 4
	}
	if i >= len(p) {
		return nil
	}
	n := int(p[i])
	i++
	var ch []Chapter
	for range n {
		if i+9 > len(p) {
			break
		}
		start := binary.BigEndian.Uint64(p[i:])
		l := int(p[i+8])
		i += 9
		if i+l > len(p) {
			break
		}
		ch = append(ch, Chapter{Start: seconds(start, 10_000_000), Title: strings.ToValidUTF8(string(p[i:i+l]), "\uFFFD")})
		i += l
	}
	return ch
}

// meta reads iTunes metadata: meta (a full box in MP4, a plain box in
// QuickTime) / ilst / covr / data.
func (s *source) meta(m *movie, meta box) error {
	off := meta.off
	if h, err := s.at(off, min(8, int(meta.size))); err == nil && len(h) == 8 && string(h[4:8]) != "hdlr" {
		off += 4 // version and flags
	}
	return s.boxes(off, meta.off+meta.size, func(b box) error {
		if b.typ != "ilst" {
			return nil
		}
		return s.boxes(b.off, b.off+b.size, func(item box) error {
			if item.typ != "covr" || m.cover != nil {
				return nil
			}
			return s.boxes(item.off, item.off+item.size, func(d box) error {
				if d.typ != "data" || m.cover != nil || d.size <= 8 {
					return nil
				}
				p, err := s.payload(d, maxChunk)
				if err != nil {
					return err
				}
				mime := ""
				switch binary.BigEndian.Uint32(p) & 0xFFFFFF {
				case 13:
					mime = "image/jpeg"
				case 14:
					mime = "image/png"
				case 27:
					mime = "image/bmp"
				}
				m.cover = &Picture{MIME: imageMIME(mime, p[8:]), Data: p[8:]}
				return nil
			})
		})
	})
}

// chapterTrack reads the chapters of the text track that a track's
// tref/chap names (QuickTime File Format, "Chapter lists"): each sample is
// a 16-bit length and the title; its time is its start.
func (s *source) chapterTrack(m *movie) []Chapter {
	var id uint32
	for _, t := range m.tracks {
		if len(t.chap) > 0 {
			id = t.chap[0]
			break
		}
	}
	if id == 0 {
		return nil
	}
	var ct *track
	for _, t := range m.tracks {
		if t.id == id {
			ct = t
		}
	}
	if ct == nil || ct.timescale == 0 {
		return nil
	}
	starts, err := s.sampleTimes(ct)
	if err != nil {
		return nil
	}
	offsets, sizes, err := s.sampleOffsets(ct, len(starts))
	if err != nil {
		return nil
	}
	var ch []Chapter
	for i := range min(len(starts), len(offsets)) {
		title := ""
		if sz := sizes[i]; sz >= 2 {
			p, err := s.at(offsets[i], int(min(sz, 4096)))
			if err != nil {
				return nil
			}
			n := int(binary.BigEndian.Uint16(p))
			if 2+n <= len(p) {
				title = sampleText(p[2 : 2+n])
			}
		}
		ch = append(ch, Chapter{Start: seconds(starts[i], uint64(ct.timescale)), Title: title})
	}
	return ch
}

func sampleText(b []byte) string {
	if len(b) >= 2 && (b[0] == 0xFE && b[1] == 0xFF || b[0] == 0xFF && b[1] == 0xFE) {
		le := b[0] == 0xFF
		b = b[2:]
		u := make([]uint16, len(b)/2)
		for i := range u {
			if le {
				u[i] = binary.LittleEndian.Uint16(b[2*i:])
			} else {
				u[i] = binary.BigEndian.Uint16(b[2*i:])
			}
		}
		return strings.TrimSpace(string(utf16.Decode(u)))
	}
	return strings.TrimSpace(strings.ToValidUTF8(string(b), "\uFFFD"))
}

// sampleTimes reads stts: the start of each sample, up to maxChapters.
func (s *source) sampleTimes(t *track) ([]uint64, error) {
	b, ok := t.stbl["stts"]
	if !ok {
		return nil, fmt.Errorf("%w: no stts", ErrInvalid)
	}
	p, err := s.payload(b, maxHeaderBox)
	if err != nil {
		return nil, err
	}
	if len(p) < 8 {
		return nil, fmt.Errorf("%w: stts", ErrInvalid)
	}
	n := int(binary.BigEndian.Uint32(p[4:]))
	var starts []uint64
	var now uint64
	for i := 0; i < n && 8+8*i+8 <= len(p); i++ {
		count := binary.BigEndian.Uint32(p[8+8*i:])
		delta := uint64(binary.BigEndian.Uint32(p[12+8*i:]))
		for range count {
			if len(starts) == maxChapters {
				return starts, nil
			}
			starts = append(starts, now)
			now += delta
		}
	}
	return starts, nil
}

// sampleOffsets reads stsz, stsc and stco or co64: the file offset and
// size of the first n samples.
func (s *source) sampleOffsets(t *track, n int) (offsets []int64, sizes []int64, err error) {
	read := func(name string) ([]byte, error) {
		b, ok := t.stbl[name]
		if !ok {
			return nil, fmt.Errorf("%w: no %s", ErrInvalid, name)
		}
		p, err := s.payload(b, maxHeaderBox)
		if err == nil && len(p) < 8 {
			err = fmt.Errorf("%w: %s", ErrInvalid, name)
		}
		return p, err
	}
	stsz, err := read("stsz")
	if err != nil || len(stsz) < 12 {
		return nil, nil, fmt.Errorf("%w: stsz", ErrInvalid)
	}
	fixed := int64(binary.BigEndian.Uint32(stsz[4:]))
	size := func(i int) int64 {
		if fixed != 0 {
			return fixed
		}
		if 12+4*i+4 > len(stsz) {
			return 0
		}
		return int64(binary.BigEndian.Uint32(stsz[12+4*i:]))
	}
	stsc, err := read("stsc")
	if err != nil {
		return nil, nil, err
	}
	var chunks []int64
	if p, err := read("stco"); err == nil {
		for i := 8; i+4 <= len(p) && len(chunks) < maxChapters; i += 4 {
			chunks = append(chunks, int64(binary.BigEndian.Uint32(p[i:])))
		}
	} else if p, err := read("co64"); err == nil {
		for i := 8; i+8 <= len(p) && len(chunks) < maxChapters; i += 8 {
			chunks = append(chunks, int64(binary.BigEndian.Uint64(p[i:])&(1<<62-1)))
		}
	} else {
		return nil, nil, err
	}
	entries := int(binary.BigEndian.Uint32(stsc[4:]))
	sample := 0
	// Each entry covers the chunks up to the next entry's first chunk;
	// entries must go forward, so the loops end within len(chunks).
	next := 0
	for e := 0; e < entries && 8+12*e+12 <= len(stsc) && sample < n; e++ {
		firstChunk := max(int(binary.BigEndian.Uint32(stsc[8+12*e:]))-1, next)
		perChunk := int(binary.BigEndian.Uint32(stsc[12+12*e:]))
		lastChunk := len(chunks)
		if 8+12*(e+1)+12 <= len(stsc) && e+1 < entries {
			lastChunk = min(lastChunk, int(binary.BigEndian.Uint32(stsc[8+12*(e+1):]))-1)
		}
		next = max(lastChunk, firstChunk)
		for c := firstChunk; c < lastChunk; c++ {
			off := chunks[c]
			for range min(perChunk, n) {
				if sample >= n {
					return offsets, sizes, nil
				}
				sz := size(sample)
				offsets, sizes = append(offsets, off), append(sizes, sz)
				off += sz
				sample++
			}
		}
	}
	return offsets, sizes, nil
}

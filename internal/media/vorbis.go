package media

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// FLAC (RFC 9639) and Ogg (RFC 3533) carrying Vorbis or Opus (RFC 7845).
// Both use Vorbis comments, where chapters follow the CHAPTERnnn
// convention (CHAPTER001=00:00:00.000, CHAPTER001NAME=..., CHAPTER001URL=...)
// and cover art is a base64 METADATA_BLOCK_PICTURE.

func (s *source) flac(off int64) (Info, error) {
	info := Info{Type: "audio/flac"}
	off += 4 // "fLaC"
	var rate, total uint64
	found := false
	for range 1000 {
		h, err := s.at(off, 4)
		if err != nil {
			return info, err
		}
		last, typ := h[0]&0x80 != 0, h[0]&0x7F
		n := int(h[1])<<16 | int(h[2])<<8 | int(h[3])
		switch typ {
		case 0: // STREAMINFO
			p, err := s.at(off+4, n)
			if err != nil {
				return info, err
			}
			if n < 18 {
				return info, fmt.Errorf("%w: FLAC STREAMINFO of %d bytes", ErrInvalid, n)
			}
			rate = uint64(p[10])<<12 | uint64(p[11])<<4 | uint64(p[12])>>4
			total = uint64(p[13]&0x0F)<<32 | uint64(binary.BigEndian.Uint32(p[14:]))
			found = true
		case 4: // VORBIS_COMMENT
			if n <= maxChunk {
				p, err := s.at(off+4, n)
				if err != nil {
					return info, err
				}
				c := parseComments(p)
				info.Chapters = c.chapters()
				if info.Cover == nil {
					info.Cover = c.cover()
				}
			}
		case 6: // PICTURE
			if n <= maxChunk && (info.Cover == nil) {
				p, err := s.at(off+4, n)
				if err != nil {
					return info, err
				}
				info.Cover, _ = parsePictureBlock(p)
			}
		case 127:
			return info, fmt.Errorf("%w: FLAC metadata block type 127", ErrInvalid)
		}
		off += 4 + int64(n)
		if last {
			break
		}
	}
	if !found || rate == 0 {
		return info, fmt.Errorf("%w: no FLAC STREAMINFO", ErrInvalid)
	}
	// A total of 0 means unknown (STREAMINFO); the duration stays 0.
	info.Duration = seconds(total, rate)
	return info, nil
}

// parsePictureBlock reads a FLAC PICTURE block; front is true for a front
// cover (picture type 3).
func parsePictureBlock(p []byte) (pic *Picture, front bool) {
	next := func(n int) []byte {
		if n < 0 || n > len(p) {
			p = nil
			return nil
		}
		b := p[:n]
		p = p[n:]
		return b
	}
	u32 := func() int {
		b := next(4)
		if b == nil {
			return -1
		}
		return int(binary.BigEndian.Uint32(b))
	}
	kind := u32()
	mime := string(next(u32()))
	next(u32()) // description
	next(16)    // width, height, depth, colours
	data := next(u32())
	if len(data) == 0 {
		return nil, false
	}
	return &Picture{MIME: imageMIME(strings.ToLower(mime), data), Data: data}, kind == 3
}

type comments [][2]string // key (upper case), value

// parseComments reads a Vorbis comment header (without the packet type).
func parseComments(p []byte) comments {
	var c comments
	u32 := func() int {
		if len(p) < 4 {
			p = nil
			return -1
		}
		n := binary.LittleEndian.Uint32(p)
		p = p[4:]
		if int64(n) > int64(len(p)) {
			p = nil
			return -1
		}
		return int(n)
	}
	vendor := u32()
	if vendor < 0 {
		return nil
	}
	p = p[vendor:]
	count := u32()
	for i := 0; i < count && len(p) > 0; i++ {
		n := u32()
		if n < 0 {
			break
		}
		kv := string(p[:n])
		p = p[n:]
		if k, v, ok := strings.Cut(kv, "="); ok {
			c = append(c, [2]string{strings.ToUpper(k), v})
		}
	}
	return c
}

// chapters reads CHAPTERnnn, CHAPTERnnnNAME and CHAPTERnnnURL.
func (c comments) chapters() []Chapter {
	byNum := map[int]*Chapter{}
	for _, kv := range c {
		k, v := kv[0], kv[1]
		rest, ok := strings.CutPrefix(k, "CHAPTER")
		if !ok {
			continue
		}
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		num, err := strconv.Atoi(rest[:i])
		if err != nil || i == 0 {
			continue
		}
		ch := byNum[num]
		if ch == nil {
			if len(byNum) == maxChapters {
				continue
			}
			ch = &Chapter{Start: -1}
			byNum[num] = ch
		}
		switch rest[i:] {
		case "":
			if d, ok := clock(v); ok {
				ch.Start = d
			}
		case "NAME":
			ch.Title = strings.TrimSpace(v)
		case "URL":
			ch.URL = strings.TrimSpace(v)
		}
	}
	nums := make([]int, 0, len(byNum))
	for n := range byNum {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	var out []Chapter
	for _, n := range nums {
		if ch := byNum[n]; ch.Start >= 0 {
			out = append(out, *ch)
		}
	}
	sortChapters(out)
	return out
}

// clock reads HH:MM:SS.sss (hours and fraction optional).
func clock(v string) (time.Duration, bool) {
	parts := strings.Split(strings.TrimSpace(v), ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var d time.Duration
	for i, p := range parts {
		if i < len(parts)-1 {
			n, err := strconv.ParseUint(p, 10, 32)
			if err != nil {
				return 0, false
			}
			d = d*60 + time.Duration(n)*time.Second
			continue
		}
		sec, err := strconv.ParseFloat(p, 64)
		if err != nil || sec < 0 || sec >= 60 {
			return 0, false
		}
		d = d*60 + time.Duration(sec*float64(time.Second)+0.5)
	}
	return d, d <= maxDuration
}

// cover reads METADATA_BLOCK_PICTURE, preferring a front cover.
func (c comments) cover() *Picture {
	var first *Picture
	for _, kv := range c {
		if kv[0] != "METADATA_BLOCK_PICTURE" {
			continue
		}
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(kv[1]))
		if err != nil {
			continue
		}
		p, front := parsePictureBlock(b)
		if p == nil {
			continue
		}
		if front {
			return p
		}
		if first == nil {
			first = p
		}
	}
	return first
}

// oggPage is an Ogg page header.
type oggPage struct {
	off      int64
	flags    byte
	granule  uint64
	serial   uint32
	lacing   []byte
	dataOff  int64
	dataSize int64
}

func (s *source) oggPage(off int64) (oggPage, error) {
	h, err := s.at(off, 27)
	if err != nil {
		return oggPage{}, err
	}
	if string(h[:4]) != "OggS" || h[4] != 0 {
		return oggPage{}, fmt.Errorf("%w: no Ogg page at %d", ErrInvalid, off)
	}
	pg := oggPage{off: off, flags: h[5], granule: binary.LittleEndian.Uint64(h[6:]), serial: binary.LittleEndian.Uint32(h[14:])}
	if pg.lacing, err = s.at(off+27, int(h[26])); err != nil {
		return oggPage{}, err
	}
	pg.dataOff = off + 27 + int64(h[26])
	for _, l := range pg.lacing {
		pg.dataSize += int64(l)
	}
	return pg, nil
}

func (s *source) ogg() (Info, error) {
	info := Info{Type: "audio/ogg"}
	// The first pages begin the streams (BOS flag); take the first Vorbis
	// or Opus one.
	off := int64(0)
	var serial uint32
	var rate, preskip uint64
	codec := ""
	for range 64 {
		pg, err := s.oggPage(off)
		if err != nil {
			return info, err
		}
		if pg.flags&0x02 == 0 {
			break
		}
		p, err := s.at(pg.dataOff, int(min(pg.dataSize, 64)))
		if err != nil {
			return info, err
		}
		switch {
		case len(p) >= 7 && string(p[:7]) == "\x80theora":
			info.Type = "video/ogg"
		case codec == "" && len(p) >= 16 && string(p[:7]) == "\x01vorbis":
			codec, serial, rate = "vorbis", pg.serial, uint64(binary.LittleEndian.Uint32(p[12:]))
		case codec == "" && len(p) >= 12 && string(p[:8]) == "OpusHead":
			// Opus granules count 48 kHz samples whatever the input
			// rate, and start pre-skip samples early (RFC 7845 4).
			codec, serial, rate = "opus", pg.serial, 48000
			preskip = uint64(binary.LittleEndian.Uint16(p[10:]))
		}
		off = pg.dataOff + pg.dataSize
	}
	if codec == "" || rate == 0 {
		return info, fmt.Errorf("%w: an Ogg file with neither Vorbis nor Opus audio", ErrUnknown)
	}
	if p, err := s.oggPacket(serial, 1); err == nil {
		switch {
		case codec == "vorbis" && len(p) > 7 && string(p[:7]) == "\x03vorbis":
			p = p[7:]
		case codec == "opus" && len(p) > 8 && string(p[:8]) == "OpusTags":
			p = p[8:]
		default:
			p = nil
		}
		c := parseComments(p)
		info.Chapters, info.Cover = c.chapters(), c.cover()
	}
	g, err := s.lastGranule(serial)
	if err != nil {
		return info, err
	}
	info.Duration = seconds(g-min(g, preskip), rate)
	return info, nil
}

// oggPacket returns packet number n (from 0) of the stream serial,
// reading pages from the start of the file.
func (s *source) oggPacket(serial uint32, n int) ([]byte, error) {
	var pkt []byte
	num := 0
	off := int64(0)
	for range 4096 {
		pg, err := s.oggPage(off)
		if err != nil {
			return nil, err
		}
		off = pg.dataOff + pg.dataSize
		if pg.serial != serial {
			continue
		}
		pos := pg.dataOff
		for _, l := range pg.lacing {
			if num == n {
				if len(pkt)+int(l) > maxChunk {
					return nil, fmt.Errorf("%w: Ogg header packet over %d bytes", ErrInvalid, maxChunk)
				}
				b, err := s.at(pos, int(l))
				if err != nil {
					return nil, err
				}
				pkt = append(pkt, b...)
			}
			pos += int64(l)
			if l < 255 {
				if num == n {
					return pkt, nil
				}
				num++
			}
		}
	}
	return nil, fmt.Errorf("%w: Ogg packet %d not found", ErrInvalid, n)
}

// lastGranule is the granule position of the stream's last page that has
// one, found by reading back from the end of the file.
func (s *source) lastGranule(serial uint32) (uint64, error) {
	const window = 128 << 10
	end := s.size
	for range 8 {
		start := max(end-window, 0)
		b, err := s.at(start, int(end-start))
		if err != nil {
			return 0, err
		}
		for i := len(b) - 27; i >= 0; i-- {
			if b[i] != 'O' || string(b[i:i+4]) != "OggS" || b[i+4] != 0 {
				continue
			}
			g := binary.LittleEndian.Uint64(b[i+6:])
			if binary.LittleEndian.Uint32(b[i+14:]) == serial && g != ^uint64(0) {
				return g, nil
			}
		}
		if start == 0 {
			break
		}
		end = start + 27 // pages across the window edge are seen again
	}
	return 0, fmt.Errorf("%w: no Ogg page with a granule position", ErrInvalid)
}

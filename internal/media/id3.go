package media

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf16"
)

// ID3v2 tags (id3.org, ID3v2.3.0 and ID3v2.4.0 structure and frames; the
// chapter frames CHAP and CTOC from the ID3v2 Chapter Frame Addendum).

// id3End returns the offset after the ID3v2 tag at off.
func (s *source) id3End(off int64) (int64, error) {
	h, err := s.at(off, 10)
	if err != nil {
		return 0, err
	}
	size, ok := synchsafe(h[6:10])
	if string(h[:3]) != "ID3" || !ok {
		return 0, fmt.Errorf("%w: ID3v2 header at %d", ErrInvalid, off)
	}
	end := off + 10 + int64(size)
	if h[3] == 4 && h[5]&0x10 != 0 { // footer present
		end += 10
	}
	return end, nil
}

func synchsafe(b []byte) (uint32, bool) {
	var n uint32
	for _, c := range b {
		if c&0x80 != 0 {
			return 0, false
		}
		n = n<<7 | uint32(c)
	}
	return n, true
}

// id3Tag is what is kept of an ID3v2 tag.
type id3Tag struct {
	chapters []Chapter
	cover    *Picture
}

// id3 reads the ID3v2 tag at off: its chapters and its cover art.
func (s *source) id3(off int64) (id3Tag, error) {
	var tag id3Tag
	h, err := s.at(off, 10)
	if err != nil {
		return tag, err
	}
	size, ok := synchsafe(h[6:10])
	if !ok {
		return tag, fmt.Errorf("%w: ID3v2 size", ErrInvalid)
	}
	version, flags := h[3], h[5]
	if version < 2 || version > 4 {
		return tag, nil // a later version: unreadable, but not an error in the audio
	}
	if size > maxChunk {
		return tag, nil // too large to read: the audio is still read
	}
	body, err := s.at(off+10, int(min(int64(size), s.size-off-10)))
	if err != nil {
		return tag, err
	}
	if flags&0x80 != 0 && version < 4 {
		// Unsynchronisation of the whole tag (ID3v2.3 section 5).
		body = unsync(body)
	}
	if flags&0x40 != 0 && version >= 3 {
		// Skip the extended header: its size excludes itself in 2.3 and
		// includes itself (synchsafe) in 2.4.
		if len(body) < 4 {
			return tag, fmt.Errorf("%w: ID3v2 extended header", ErrInvalid)
		}
		n := int(binary.BigEndian.Uint32(body))
		if version == 4 {
			m, _ := synchsafe(body[:4])
			n = int(m)
		} else {
			n += 4
		}
		if n > len(body) || n < 4 {
			return tag, fmt.Errorf("%w: ID3v2 extended header", ErrInvalid)
		}
		body = body[n:]
	}
	frames := parseID3Frames(body, version)
	tag.cover = id3Cover(frames)
	tag.chapters = id3Chapters(frames, version)
	return tag, nil
}

type id3Frame struct {
	id   string
	data []byte
}

// parseID3Frames splits a tag body (or a CHAP or CTOC frame's rest) into
// frames; it stops at padding or at a frame that does not fit.
func parseID3Frames(b []byte, version byte) []id3Frame {
	var frames []id3Frame
	idLen, hdrLen := 4, 10
	if version == 2 {
		idLen, hdrLen = 3, 6
	}
	for len(b) >= hdrLen && b[0] != 0 {
		id := string(b[:idLen])
		var size int
		var fflags uint16
		switch version {
		case 2:
			size = int(b[3])<<16 | int(b[4])<<8 | int(b[5])
		case 3:
			size = int(binary.BigEndian.Uint32(b[4:8]))
			fflags = binary.BigEndian.Uint16(b[8:10])
		default:
			n, ok := synchsafe(b[4:8])
			if !ok {
				// Some writers put plain sizes in 2.4 tags.
				n = binary.BigEndian.Uint32(b[4:8])
			}
			size = int(n)
			fflags = binary.BigEndian.Uint16(b[8:10])
		}
		if size < 0 || size > len(b)-hdrLen {
			break
		}
		data := b[hdrLen : hdrLen+size]
		b = b[hdrLen+size:]
		data, ok := frameData(data, version, fflags)
		if ok {
			frames = append(frames, id3Frame{id: id, data: data})
		}
	}
	return frames
}

// frameData undoes per-frame flags; compressed or encrypted frames are
// skipped (ok false).
func frameData(data []byte, version byte, flags uint16) ([]byte, bool) {
	switch version {
	case 3:
		if flags&0x00C0 != 0 { // compression, encryption
			return nil, false
		}
		if flags&0x0020 != 0 { // grouping identity
			if len(data) < 1 {
				return nil, false
			}
			data = data[1:]
		}
	case 4:
		if flags&0x000C != 0 { // compression, encryption
			return nil, false
		}
		if flags&0x0040 != 0 { // grouping identity
			if len(data) < 1 {
				return nil, false
			}
			data = data[1:]
		}
		if flags&0x0001 != 0 { // data length indicator
			if len(data) < 4 {
				return nil, false
			}
			data = data[4:]
		}
		if flags&0x0002 != 0 {
			data = unsync(data)
		}
	}
	return data, true
}

// unsync removes the zero byte inserted after each 0xFF.
func unsync(b []byte) []byte {
	if !bytes.Contains(b, []byte{0xFF, 0x00}) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		out = append(out, b[i])
		if b[i] == 0xFF && i+1 < len(b) && b[i+1] == 0 {
			i++
		}
	}
	return out
}

// id3Cover returns the front cover (picture type 3) of APIC or PIC frames,
// or else the first picture.
func id3Cover(frames []id3Frame) *Picture {
	var first *Picture
	for _, f := range frames {
		var p *Picture
		var kind byte
		switch f.id {
		case "APIC":
			// encoding, MIME type (Latin-1, NUL-terminated), picture
			// type, description (in the encoding), data
			if len(f.data) < 2 {
				continue
			}
			enc := f.data[0]
			i := bytes.IndexByte(f.data[1:], 0)
			if i < 0 || 1+i+2 > len(f.data) {
				continue
			}
			mime := strings.ToLower(strings.TrimSpace(latin1(f.data[1 : 1+i])))
			kind = f.data[1+i+1]
			_, rest := splitText(enc, f.data[1+i+2:])
			if mime == "-->" { // a link, not an image
				continue
			}
			p = &Picture{MIME: mime, Data: rest}
		case "PIC":
			// ID3v2.2: encoding, image format (3 chars), type, description, data
			if len(f.data) < 5 {
				continue
			}
			kind = f.data[4]
			_, rest := splitText(f.data[0], f.data[5:])
			p = &Picture{MIME: strings.ToLower(string(f.data[1:4])), Data: rest}
		default:
			continue
		}
		if len(p.Data) == 0 {
			continue
		}
		p.MIME = imageMIME(p.MIME, p.Data)
		if kind == 3 {
			return p
		}
		if first == nil {
			first = p
		}
	}
	return first
}

// imageMIME normalises a declared image type, sniffing the bytes when it
// is missing or not a MIME type.
func imageMIME(declared string, data []byte) string {
	switch declared {
	case "image/jpg", "jpg", "jpeg":
		return "image/jpeg"
	case "png":
		return "image/png"
	}
	if strings.HasPrefix(declared, "image/") {
		return declared
	}
	return http.DetectContentType(data)
}

// id3Chapters reads CHAP frames, in the order of the top-level CTOC when
// there is one (only the chapters it lists), then sorted by start time.
func id3Chapters(frames []id3Frame, version byte) []Chapter {
	byID := map[string]Chapter{}
	var order, toc []string
	haveTOC := false
	for _, f := range frames {
		switch f.id {
		case "CHAP":
			// element ID (NUL-terminated), start ms, end ms, start
			// offset, end offset, sub-frames
			i := bytes.IndexByte(f.data, 0)
			if i < 0 || len(f.data) < i+1+16 {
				continue
			}
			id := string(f.data[:i])
			start := binary.BigEndian.Uint32(f.data[i+1:])
			c := Chapter{Start: time.Duration(start) * time.Millisecond}
			for _, sub := range parseID3Frames(f.data[i+17:], version) {
				switch sub.id {
				case "TIT2":
					if len(sub.data) > 0 {
						t, _ := splitText(sub.data[0], sub.data[1:])
						c.Title = strings.TrimSpace(t)
					}
				case "WXXX":
					// encoding, description, URL (Latin-1)
					if len(sub.data) > 0 {
						_, rest := splitText(sub.data[0], sub.data[1:])
						c.URL = strings.TrimSpace(strings.TrimRight(latin1(rest), "\x00"))
					}
				}
			}
			if _, dup := byID[id]; !dup {
				order = append(order, id)
			}
			byID[id] = c
		case "CTOC":
			// element ID, flags, entry count, child IDs, sub-frames
			i := bytes.IndexByte(f.data, 0)
			if i < 0 || len(f.data) < i+3 {
				continue
			}
			flags, n := f.data[i+1], int(f.data[i+2])
			if flags&0x02 == 0 || haveTOC { // not top-level, or a second one
				continue
			}
			haveTOC = true
			rest := f.data[i+3:]
			for range n {
				j := bytes.IndexByte(rest, 0)
				if j < 0 {
					break
				}
				toc = append(toc, string(rest[:j]))
				rest = rest[j+1:]
			}
		}
	}
	if haveTOC {
		var listed []string
		for _, id := range toc {
			if _, ok := byID[id]; ok && !slices.Contains(listed, id) {
				listed = append(listed, id)
			}
		}
		if len(listed) > 0 {
			order = listed
		}
	}
	var chapters []Chapter
	for _, id := range order {
		if len(chapters) == maxChapters {
			break
		}
		chapters = append(chapters, byID[id])
	}
	sortChapters(chapters)
	return chapters
}

func sortChapters(c []Chapter) {
	slices.SortStableFunc(c, func(a, b Chapter) int {
		switch {
		case a.Start < b.Start:
			return -1
		case a.Start > b.Start:
			return 1
		}
		return 0
	})
}

// splitText reads one NUL-terminated string in ID3 encoding enc (0
// Latin-1, 1 UTF-16 with BOM, 2 UTF-16BE, 3 UTF-8) and returns it with the
// bytes after its terminator. A string without terminator takes all of b.
func splitText(enc byte, b []byte) (string, []byte) {
	switch enc {
	case 1, 2:
		for i := 0; i+1 < len(b); i += 2 {
			if b[i] == 0 && b[i+1] == 0 {
				return utf16Text(enc, b[:i]), b[i+2:]
			}
		}
		return utf16Text(enc, b), nil
	case 3:
		if i := bytes.IndexByte(b, 0); i >= 0 {
			return strings.ToValidUTF8(string(b[:i]), "\uFFFD"), b[i+1:]
		}
		return strings.ToValidUTF8(string(b), "\uFFFD"), nil
	default:
		if i := bytes.IndexByte(b, 0); i >= 0 {
			return latin1(b[:i]), b[i+1:]
		}
		return latin1(b), nil
	}
}

func utf16Text(enc byte, b []byte) string {
	big := true
	if len(b) >= 2 {
		switch {
		case b[0] == 0xFF && b[1] == 0xFE:
			big, b = false, b[2:]
		case b[0] == 0xFE && b[1] == 0xFF:
			b = b[2:]
		case enc == 1:
			big = false // no BOM: most writers mean little-endian
		}
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if big {
			u[i] = binary.BigEndian.Uint16(b[2*i:])
		} else {
			u[i] = binary.LittleEndian.Uint16(b[2*i:])
		}
	}
	return string(utf16.Decode(u))
}

func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

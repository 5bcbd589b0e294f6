package media

import (
	"encoding/binary"
	"fmt"
)

// WAV: RIFF chunks (and RF64, EBU Tech 3306, for files over 4 GB). The
// duration is the data chunk's size over the fmt chunk's byte rate; an
// "id3 " chunk carries chapters and cover art as in MP3.
func (s *source) wav(rf64 bool) (Info, error) {
	info := Info{Type: "audio/wav"}
	var byteRate, dataSize uint64
	var ds64 uint64
	haveData := false
	off := int64(12)
	for n := 0; off+8 <= s.size && n < 10000; n++ {
		h, err := s.at(off, 8)
		if err != nil {
			return info, err
		}
		id, size := string(h[:4]), int64(binary.LittleEndian.Uint32(h[4:]))
		body := off + 8
		switch id {
		case "ds64":
			p, err := s.at(body, int(min(size, 28)))
			if err != nil {
				return info, err
			}
			if rf64 && len(p) >= 16 {
				ds64 = binary.LittleEndian.Uint64(p[8:])
			}
		case "fmt ":
			p, err := s.at(body, int(min(size, 16)))
			if err != nil {
				return info, err
			}
			if len(p) < 12 {
				return info, fmt.Errorf("%w: WAV fmt chunk of %d bytes", ErrInvalid, size)
			}
			byteRate = uint64(binary.LittleEndian.Uint32(p[8:]))
		case "data":
			haveData = true
			dataSize = uint64(size)
			if rf64 && size == 0xFFFFFFFF {
				dataSize = ds64
			}
			// A streamed or cut file: the data goes to the end.
			if size == 0 || dataSize > uint64(s.size-body) {
				dataSize = uint64(s.size - body)
			}
			size = int64(dataSize)
		case "id3 ", "ID3 ":
			if tag, err := s.id3(body); err == nil {
				info.Chapters, info.Cover = tag.chapters, tag.cover
			}
		}
		off = body + size + size&1 // chunks are padded to even sizes
	}
	if !haveData || byteRate == 0 {
		return info, fmt.Errorf("%w: WAV without fmt or data chunk", ErrInvalid)
	}
	info.Duration = seconds(dataSize, byteRate)
	return info, nil
}

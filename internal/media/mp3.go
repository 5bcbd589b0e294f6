package media

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"
)

// MPEG audio (ISO/IEC 11172-3 and 13818-3 frame headers), with the Xing/
// Info header that LAME and ffmpeg write in the first frame (the LAME tag
// extends it) and the Fraunhofer VBRI header.

// frame is an MPEG audio frame header.
type frame struct {
	mpeg1   bool
	mono    bool
	rate    int // samples per second
	size    int // bytes, header included
	samples int // per frame
}

var (
	bitrates = [2][3][15]int{ // [mpeg1][layer-1][index], kbit/s
		{ // MPEG-2 and 2.5
			{0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
			{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
			{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
		},
		{ // MPEG-1
			{0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
			{0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
			{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
		},
	}
	sampleRates = [4][3]int{ // [version bits][index]; version 1 is reserved
		{11025, 12000, 8000}, {}, {22050, 24000, 16000}, {44100, 48000, 32000},
	}
)

// parseFrame reads a frame header. Free-format bitrates are refused: the
// frame size cannot be known from the header alone.
func parseFrame(b []byte) (frame, bool) {
	if len(b) < 4 || b[0] != 0xFF || b[1]&0xE0 != 0xE0 {
		return frame{}, false
	}
	version := int(b[1]>>3) & 3
	layer := 4 - int(b[1]>>1)&3 // 1, 2 or 3; 4 is reserved
	bi := int(b[2] >> 4)
	si := int(b[2]>>2) & 3
	pad := int(b[2]>>1) & 1
	if version == 1 || layer == 4 || bi == 0 || bi == 15 || si == 3 {
		return frame{}, false
	}
	f := frame{mpeg1: version == 3, mono: b[3]>>6 == 3, rate: sampleRates[version][si]}
	m1 := 0
	if f.mpeg1 {
		m1 = 1
	}
	br := bitrates[m1][layer-1][bi] * 1000
	switch {
	case layer == 1:
		f.size, f.samples = (12*br/f.rate+pad)*4, 384
	case layer == 3 && !f.mpeg1:
		f.size, f.samples = 72*br/f.rate+pad, 576
	default:
		f.size, f.samples = 144*br/f.rate+pad, 1152
	}
	return f, f.size >= 4
}

func (s *source) mp3() (Info, error) {
	info := Info{Type: "audio/mpeg"}
	start := int64(0)
	// One or more ID3v2 tags may come first; the first one carries the
	// chapters and cover art.
	for i := 0; ; i++ {
		h, err := s.upTo(start, 3)
		if err != nil {
			return info, err
		}
		if string(h) != "ID3" {
			break
		}
		if i == 0 {
			tag, err := s.id3(start)
			if err != nil {
				return info, err
			}
			info.Chapters, info.Cover = tag.chapters, tag.cover
		}
		if start, err = s.id3End(start); err != nil {
			return info, err
		}
	}
	first, f, err := s.firstFrame(start)
	if err != nil {
		return info, err
	}
	end := s.audioEnd()
	hdr, err := s.at(first, min(f.size, 200, int(end-first)))
	if err != nil {
		return info, err
	}
	if n, ok := xingFrames(hdr, f); ok {
		info.Duration = seconds(uint64(n)*uint64(f.samples), uint64(f.rate))
		return info, nil
	}
	if len(hdr) >= 36+18 && string(hdr[36:40]) == "VBRI" {
		n := binary.BigEndian.Uint32(hdr[36+14:])
		if n > 0 {
			info.Duration = seconds(uint64(n)*uint64(f.samples), uint64(f.rate))
			return info, nil
		}
	}
	info.Duration, err = s.scanFrames(first, end)
	return info, err
}

// firstFrame finds the first frame at or after off: a valid header
// followed by another valid header (or the end of the file) where its
// size says, so that stray sync bytes in padding are not taken.
func (s *source) firstFrame(off int64) (int64, frame, error) {
	const window = 64 << 10
	b, err := s.upTo(off, window)
	if err != nil {
		return 0, frame{}, err
	}
	for i := 0; i+4 <= len(b); i++ {
		if b[i] != 0xFF {
			continue
		}
		f, ok := parseFrame(b[i:])
		if !ok {
			continue
		}
		next := off + int64(i) + int64(f.size)
		if next == s.size {
			return off + int64(i), f, nil
		}
		var nh []byte
		if j := i + f.size; j+4 <= len(b) {
			nh = b[j:]
		} else if next+4 <= s.size {
			if nh, err = s.at(next, 4); err != nil {
				return 0, frame{}, err
			}
		}
		if g, ok := parseFrame(nh); ok && g.rate == f.rate && g.mpeg1 == f.mpeg1 {
			return off + int64(i), f, nil
		}
	}
	return 0, frame{}, fmt.Errorf("%w: no MPEG audio frame in the first %d bytes after the tags", ErrInvalid, window)
}

// audioEnd is the end of the audio data: the file's end less an ID3v1 tag
// and an APEv2 tag that follow it.
func (s *source) audioEnd() int64 {
	end := s.size
	if b, err := s.upTo(max(end-128, 0), 128); err == nil && len(b) == 128 && string(b[:3]) == "TAG" {
		end -= 128
	}
	if end >= 32 {
		if b, err := s.at(end-32, 32); err == nil && string(b[:8]) == "APETAGEX" {
			n := int64(binary.LittleEndian.Uint32(b[12:16])) // tag size less the header
			if b[23]&0x80 != 0 {                             // header present
				n += 32
			}
			if n <= end {
				end -= n
			}
		}
	}
	return end
}

// xingFrames reads the frame count of a Xing or Info header in the first
// frame hdr: it follows the side information.
func xingFrames(hdr []byte, f frame) (uint32, bool) {
	off := 4 + 17
	switch {
	case f.mpeg1 && !f.mono:
		off = 4 + 32
	case !f.mpeg1 && f.mono:
		off = 4 + 9
	}
	if len(hdr) < off+12 {
		return 0, false
	}
	h := hdr[off:]
	if !bytes.HasPrefix(h, []byte("Xing")) && !bytes.HasPrefix(h, []byte("Info")) {
		return 0, false
	}
	flags := binary.BigEndian.Uint32(h[4:8])
	if flags&1 == 0 {
		return 0, false
	}
	n := binary.BigEndian.Uint32(h[8:12])
	return n, n > 0
}

// scanFrames adds up the frames from first to end, reading each frame's
// 4-byte header only. It stops at the first invalid header (trailing
// junk) and, past maxFrames, extrapolates from the bytes read so far.
func (s *source) scanFrames(first, end int64) (time.Duration, error) {
	var samples uint64
	rate := 0
	off := first
	for n := 0; off+4 <= end; n++ {
		if n == maxFrames {
			// average the remaining bytes at the rate seen so far
			samples = uint64(float64(samples) * float64(end-first) / float64(off-first))
			break
		}
		h, err := s.at(off, 4)
		if err != nil {
			return 0, err
		}
		f, ok := parseFrame(h)
		if !ok || (rate != 0 && f.rate != rate) {
			break
		}
		rate = f.rate
		samples += uint64(f.samples)
		off += int64(f.size)
	}
	return seconds(samples, uint64(rate)), nil
}

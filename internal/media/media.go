// Package media reads the facts a feed needs from a podcast's media file:
// its type, its duration, its embedded chapters and its cover art.
//
// It reads MP3 (ID3v2 tags, Xing/Info, VBRI or a scan of the frame
// headers), MP4/M4A/M4V/MOV (mvhd, Nero chpl, QuickTime chapter tracks,
// iTunes covr), Ogg Vorbis and Opus, FLAC and WAV. Reads are bounded:
// headers are read box by box or frame by frame with Seek, never the
// whole file, and a damaged file gives an error naming it, never a panic.
package media

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"
)

// Info is what Probe reads from a media file.
type Info struct {
	// Type is the file's MIME type, read from its content.
	Type string
	// Duration is the playing time, 0 when unknown.
	Duration time.Duration
	// Chapters are the embedded chapters in time order, nil when none.
	Chapters []Chapter
	// Cover is the embedded cover art, nil when none.
	Cover *Picture
}

// Chapter is one embedded chapter.
type Chapter struct {
	Start time.Duration
	Title string
	URL   string
}

// Picture is an embedded image.
type Picture struct {
	MIME string
	Data []byte
}

// Errors that Probe wraps.
var (
	// ErrUnknown is a file whose format is none of those read here.
	ErrUnknown = errors.New("not a media format read here")
	// ErrInvalid is a damaged or truncated file.
	ErrInvalid = errors.New("invalid media file")
)

// Limits on what one probe reads. A header, tag or box read at once is at
// most maxChunk bytes (cover art included); all reads add up to at most
// maxTotal bytes; the MP3 frame scan looks at maxFrames frames at most
// and extrapolates the rest.
const (
	maxChunk    = 16 << 20
	maxTotal    = 48 << 20
	maxFrames   = 4 << 20
	maxChapters = 1000
	// maxDuration rejects absurd values read from damaged headers.
	maxDuration = 1000 * time.Hour
)

// Probe reads the type, duration, chapters and cover art of the media file
// r of size bytes; name is used in errors only. Errors name the file and
// wrap ErrUnknown or ErrInvalid; the Info returned with an error holds
// what was read before it (the Type at least once the format is known).
func Probe(r io.ReadSeeker, size int64, name string) (Info, error) {
	s := &source{r: r, size: size}
	info, err := s.probe()
	if err != nil {
		return info, fmt.Errorf("%s: %w", name, err)
	}
	if info.Duration < 0 || info.Duration > maxDuration {
		return info, fmt.Errorf("%s: %w: implausible duration %v", name, ErrInvalid, info.Duration)
	}
	return info, nil
}

func (s *source) probe() (info Info, err error) {
	// A parser that meets an impossible value returns an error; this
	// recover is the last guard that keeps a damaged file from crashing
	// a build.
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%w: %v", ErrInvalid, v)
		}
	}()
	head, err := s.at(0, int(min(s.size, 12)))
	if err != nil {
		return info, err
	}
	switch {
	case bytes.HasPrefix(head, []byte("OggS")):
		return s.ogg()
	case bytes.HasPrefix(head, []byte("fLaC")):
		return s.flac(0)
	case len(head) == 12 && (string(head[:4]) == "RIFF" || string(head[:4]) == "RF64") && string(head[8:12]) == "WAVE":
		return s.wav(string(head[:4]) == "RF64")
	case len(head) >= 8 && string(head[4:8]) == "ftyp":
		return s.mp4()
	case bytes.HasPrefix(head, []byte("ID3")):
		// FLAC files sometimes carry an ID3v2 tag first.
		end, err := s.id3End(0)
		if err != nil {
			return info, err
		}
		if magic, err := s.at(end, 4); err == nil && string(magic) == "fLaC" {
			return s.flac(end)
		}
		return s.mp3()
	case len(head) >= 2 && head[0] == 0xFF && head[1]&0xE0 == 0xE0:
		if _, ok := parseFrame(head); ok {
			return s.mp3()
		}
	}
	return info, ErrUnknown
}

// source reads parts of a file at given offsets, counting the bytes read.
type source struct {
	r    io.ReadSeeker
	size int64
	read int64
}

var errBudget = fmt.Errorf("%w: headers over %d bytes", ErrInvalid, maxTotal)

// at reads n bytes at off: all of them, or an error when the file is too
// short or the read is over the limits.
func (s *source) at(off int64, n int) ([]byte, error) {
	if off < 0 || n < 0 || off > s.size || int64(n) > s.size-off {
		return nil, fmt.Errorf("%w: truncated: %d bytes at %d, file of %d", ErrInvalid, n, off, s.size)
	}
	if n > maxChunk {
		return nil, fmt.Errorf("%w: a header of %d bytes, over the limit of %d", ErrInvalid, n, maxChunk)
	}
	if s.read += int64(n); s.read > maxTotal {
		return nil, errBudget
	}
	if _, err := s.r.Seek(off, io.SeekStart); err != nil {
		return nil, err
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(s.r, b); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("%w: truncated at %d", ErrInvalid, off)
		}
		return nil, err
	}
	return b, nil
}

// upTo reads at most n bytes at off (fewer at the end of the file).
func (s *source) upTo(off int64, n int) ([]byte, error) {
	if off >= s.size {
		return nil, nil
	}
	return s.at(off, int(min(int64(n), s.size-off)))
}

// seconds converts n units of a 1/rate second clock to a Duration,
// without overflow for any 64-bit count.
func seconds(n uint64, rate uint64) time.Duration {
	if rate == 0 {
		return 0
	}
	whole := n / rate
	if whole > uint64(maxDuration/time.Second)+1 {
		return maxDuration + time.Second
	}
	frac := n % rate
	return time.Duration(whole)*time.Second + time.Duration(frac*uint64(time.Second)/rate)
}

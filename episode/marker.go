package episode

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// marker stands for a {% transcription %} block in the Markdown given to
// goldmark: an HTML block of its own, passed through as it is, then
// replaced by the rendered block. Its id holds the hash of the file, so
// the body cannot contain it by chance.
type marker struct {
	prefix []byte // `<div id="feedcast-transcript-HASH-`
}

var markerEnd = []byte(`"></div>`)

func newMarker(sum [sha256.Size]byte) marker {
	return marker{prefix: []byte(`<div id="feedcast-transcript-` + hex.EncodeToString(sum[:8]) + "-")}
}

// line returns the Markdown of the marker of block n.
func (m marker) line(n int) []byte {
	b := append([]byte("\n\n"), m.prefix...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, markerEnd...)
	return append(b, "\n\n"...)
}

// replace replaces, in one pass, each marker of html (and its line end) by
// blocks[n].
func (m marker) replace(html []byte, blocks [][]byte) []byte {
	var out bytes.Buffer
	out.Grow(len(html))
	pos := 0
	for {
		i := bytes.Index(html[pos:], m.prefix)
		if i < 0 {
			break
		}
		i += pos
		rest := html[i+len(m.prefix):]
		n, d := 0, 0
		for d < len(rest) && d < 9 && '0' <= rest[d] && rest[d] <= '9' {
			n = n*10 + int(rest[d]-'0')
			d++
		}
		if d == 0 || n >= len(blocks) || !bytes.HasPrefix(rest[d:], markerEnd) {
			out.Write(html[pos : i+len(m.prefix)])
			pos = i + len(m.prefix)
			continue
		}
		end := i + len(m.prefix) + d + len(markerEnd)
		if end < len(html) && html[end] == '\n' {
			end++
		}
		out.Write(html[pos:i])
		out.Write(blocks[n])
		pos = end
	}
	out.Write(html[pos:])
	return out.Bytes()
}

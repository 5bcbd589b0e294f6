package episode

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"strings"
)

// tag is a template tag {% name args %} (or {%- ... -%}) of the body.
type tag struct {
	start, end int // offsets of "{%" and after "%}"
	name       string
	args       []string
	line       int // file line of "{%"
	malformed  bool
}

var (
	tagOpen      = []byte("{%")
	tagClose     = []byte("%}")
	commentOpen  = []byte("<!--")
	commentClose = []byte("-->")
)

// scanTags finds the template tags of src, in order, outside HTML
// comments. A tag ends at the first "%}"; a "{%" followed by another "{%"
// before any "%}" is not a tag. It runs in time linear in len(src).
func scanTags(src []byte, firstLine int) []tag {
	var tags []tag
	opens := finder{src: src, sep: tagOpen, at: -1}
	closes := finder{src: src, sep: tagClose, at: -1}
	comments := finder{src: src, sep: commentOpen, at: -1}
	i, line, counted := 0, firstLine, 0
	for {
		j := opens.next(i)
		if j < 0 {
			return tags
		}
		if c := comments.next(i); c >= 0 && c < j {
			e := bytes.Index(src[c+len(commentOpen):], commentClose)
			if e < 0 {
				return tags // the rest is a comment
			}
			i = c + len(commentOpen) + e + len(commentClose)
			continue
		}
		k := closes.next(j + len(tagOpen))
		if k < 0 {
			return tags
		}
		if o := opens.next(j + len(tagOpen)); o >= 0 && o < k {
			i = o
			continue
		}
		line += bytes.Count(src[counted:j], []byte("\n"))
		counted = j
		t := parseTag(src[j+len(tagOpen) : k])
		t.start, t.end, t.line = j, k+len(tagClose), line
		tags = append(tags, t)
		i = t.end
	}
}

// finder finds the occurrences of sep in src for searches starting at
// offsets that never decrease, scanning each byte once.
type finder struct {
	src, sep []byte
	at       int // last occurrence found, -1 before the first search
	done     bool
}

// next returns the offset of the first occurrence of sep at or after i,
// or -1.
func (f *finder) next(i int) int {
	if f.done {
		return -1
	}
	if f.at >= i {
		return f.at
	}
	k := bytes.Index(f.src[i:], f.sep)
	if k < 0 {
		f.done = true
		return -1
	}
	f.at = i + k
	return f.at
}

// parseTag parses the inside of a tag: whitespace-control dashes, a name
// and arguments, quoted with ' or " or bare, separated by spaces or commas.
func parseTag(b []byte) tag {
	b = bytes.TrimSpace(b)
	b = bytes.TrimPrefix(b, []byte("-"))
	b = bytes.TrimSuffix(b, []byte("-"))
	b = bytes.TrimSpace(b)
	n := 0
	for n < len(b) && (isWordByte(b[n]) || (n > 0 && b[n] >= '0' && b[n] <= '9')) {
		n++
	}
	t := tag{name: string(b[:n])}
	if n == 0 || (n < len(b) && !isSpaceByte(b[n])) {
		t.malformed = true
		return t
	}
	rest := b[n:]
	for {
		for len(rest) > 0 && (isSpaceByte(rest[0]) || rest[0] == ',') {
			rest = rest[1:]
		}
		if len(rest) == 0 {
			return t
		}
		if q := rest[0]; q == '"' || q == '\'' {
			end := bytes.IndexByte(rest[1:], q)
			if end < 0 {
				t.malformed = true
				return t
			}
			t.args = append(t.args, string(rest[1:1+end]))
			rest = rest[end+2:]
			continue
		}
		end := bytes.IndexFunc(rest, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == ',' })
		if end < 0 {
			end = len(rest)
		}
		t.args = append(t.args, string(rest[:end]))
		rest = rest[end:]
	}
}

func isWordByte(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// players are the video shortcodes: the embed URL of an ID, and the shape
// of a valid ID.
var players = map[string]struct {
	embed   string
	title   string
	validID func(string) bool
}{
	"dailymotion": {"https://www.dailymotion.com/embed/video/", "Dailymotion video player", isAlnum},
	"youtube":     {"https://www.youtube-nocookie.com/embed/", "YouTube video player", isVideoID},
	"vimeo":       {"https://player.vimeo.com/video/", "Vimeo video player", isDigits},
}

// playerHTML is the iframe of a player shortcode, as an HTML block of its
// own: blank lines around it, the open tag alone on its line.
func playerHTML(name, id string) []byte {
	pl := players[name]
	return fmt.Appendf(nil, "\n\n<iframe src=\"%s%s\" width=\"640\" height=\"360\" frameborder=\"0\" allow=\"autoplay; fullscreen; picture-in-picture\" allowfullscreen title=\"%s\">\n</iframe>\n\n",
		pl.embed, html.EscapeString(id), pl.title)
}

// rawTranscript is a {% transcription %} block before rendering.
type rawTranscript struct {
	title string
	inner []byte
	line  int
}

// expansion is the body with its shortcodes expanded.
type expansion struct {
	text        []byte
	smap        sourceMap
	transcripts []rawTranscript
	marker      marker
}

// expand replaces the shortcodes of a body: players become their iframe,
// a transcription block becomes a marker line, replaced after rendering by
// the rendered transcript. Unknown tags stay as they are, with a warning.
func (p *fileParser) expand(src []byte, firstLine int, marker marker) expansion {
	tags := scanTags(src, firstLine)
	var x expansion
	var w writer
	pos := 0
	for k := 0; k < len(tags); k++ {
		t := tags[k]
		switch {
		case t.name == "transcription" && !t.malformed:
			closing, stop, end := -1, len(tags), len(src)
			for m := k + 1; m < len(tags); m++ {
				if tags[m].malformed {
					continue
				}
				if tags[m].name == "endtranscription" {
					closing, stop, end = m, m+1, tags[m].start
					break
				}
				if tags[m].name == "transcription" {
					stop, end = m, tags[m].start
					break
				}
			}
			innerTags := tags[k+1 : stop]
			switch {
			case closing >= 0:
				innerTags = tags[k+1 : closing]
			case stop == len(tags):
				p.warn(t.line, "body", errors.New("{% transcription %} is not closed by {% endtranscription %}: the transcript runs to the end of the file"))
			default:
				p.warn(t.line, "body", errors.New("{% transcription %} is not closed by {% endtranscription %}: the transcript runs to the next one"))
			}
			title := ""
			if len(t.args) > 0 {
				title = strings.TrimSpace(t.args[0])
			}
			x.transcripts = append(x.transcripts, rawTranscript{
				title: title,
				inner: p.expandPlayers(src, innerTags, t.end, end),
				line:  t.line,
			})
			w.copy(src, pos, t.start)
			w.insert(marker.line(len(x.transcripts)-1), t.start)
			pos = end
			if closing >= 0 {
				pos = tags[closing].end
			}
			k = stop - 1
		case t.name == "endtranscription" && !t.malformed:
			p.warn(t.line, "body", errors.New("{% endtranscription %} without {% transcription %}: removed"))
			w.copy(src, pos, t.start)
			pos = t.end
		default:
			if b := p.playerTag(t); b != nil {
				w.copy(src, pos, t.start)
				w.insert(b, t.start)
				pos = t.end
			}
		}
	}
	w.copy(src, pos, len(src))
	x.text, x.smap, x.marker = w.buf.Bytes(), w.smap, marker
	return x
}

// expandPlayers returns src[from:to] with the player tags among tags
// expanded.
func (p *fileParser) expandPlayers(src []byte, tags []tag, from, to int) []byte {
	var out []byte
	pos := from
	for _, t := range tags {
		if t.start < from || t.end > to {
			continue
		}
		if b := p.playerTag(t); b != nil {
			out = append(out, src[pos:t.start]...)
			out = append(out, b...)
			pos = t.end
		}
	}
	return append(out, src[pos:to]...)
}

// playerTag returns the HTML of a player tag, or nil (with a warning) for
// a tag that is left as it is.
func (p *fileParser) playerTag(t tag) []byte {
	pl, ok := players[t.name]
	switch {
	case t.malformed:
		p.warn(t.line, "body", fmt.Errorf("malformed tag %q: left as it is", t.name))
	case !ok:
		p.warn(t.line, "body", fmt.Errorf("unknown shortcode %q: left as it is", t.name))
	case len(t.args) != 1 || !pl.validID(t.args[0]):
		p.warn(t.line, "body", fmt.Errorf("{%% %s %%} wants one video ID, got %q: left as it is", t.name, t.args))
	default:
		return playerHTML(t.name, t.args[0])
	}
	return nil
}

func isAlnum(s string) bool {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return s != "" && len(s) <= 64
}

func isVideoID(s string) bool {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return s != "" && len(s) <= 64
}

func isDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != "" && len(s) <= 20
}

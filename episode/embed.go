package episode

import (
	"bytes"
	"net/url"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/feedcast/feedcast/internal/htmltok"
)

// mayHaveComment reports whether the HTML tokenizer could find a comment
// in b: "<!", "<?", or "</" not followed by a letter start one.
func mayHaveComment(b []byte) bool {
	for i := bytes.IndexByte(b, '<'); i >= 0 && i+1 < len(b); {
		switch c := b[i+1]; {
		case c == '!' || c == '?':
			return true
		case c == '/' && (i+2 >= len(b) || !isASCIILetter(b[i+2])):
			return true
		}
		j := bytes.IndexByte(b[i+1:], '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// scanHTML removes the HTML comments of b and returns the first embedded
// player found in it. The rest of b is kept byte for byte.
func scanHTML(b []byte) ([]byte, *Player) {
	// Without a comment, b is kept as it is: the tokens only tell the
	// player, and htmltok.Simple reads them when it can.
	if !mayHaveComment(b) {
		if len(b) > 0 {
			z := htmltok.NewSimple(b)
			if player := findPlayer(z, nil); !z.Failed() {
				return b, player
			}
		}
		return b, findPlayer(html.NewTokenizer(bytes.NewReader(b)), nil)
	}
	out := make([]byte, 0, len(b))
	player := findPlayer(html.NewTokenizer(bytes.NewReader(b)), &out)
	return out, player
}

// findPlayer reads the tokens of z and returns the first player. With
// out, it appends the tokens to *out, but the comments, and reads them
// all.
func findPlayer(z htmltok.Tokenizer, out *[]byte) *Player {
	var player *Player
	var acastPages []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF: a bytes.Reader has no other error
		}
		if tt == html.CommentToken {
			continue
		}
		if out != nil {
			*out = append(*out, z.Raw()...)
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			continue
		}
		switch string(name) {
		case "iframe":
			if player == nil {
				player = PlayerOf(attr(z, "src"))
				// Without comments to remove, the rest only matters for
				// the page of an Acast player.
				if out == nil && player != nil && player.Provider != "acast" {
					return player
				}
			}
		case "a":
			if href := attr(z, "href"); isAcastPage(href) {
				acastPages = append(acastPages, href)
			}
		}
	}
	if player != nil && player.Provider == "acast" {
		player.PageURL = acastPage(acastPages, player.ID)
	}
	return player
}

// attr returns the value of the attribute key of the current tag; it must
// be called once per tag, after TagName.
func attr(z htmltok.Tokenizer, key string) string {
	for {
		k, v, more := z.TagAttr()
		if string(k) == key {
			return string(v)
		}
		if !more {
			return ""
		}
	}
}

// PlayerOf returns the player of an iframe src, nil when src is not the
// embed URL of a known provider (Dailymotion, YouTube, Vimeo, Acast, or any
// PeerTube instance).
func PlayerOf(src string) *Player {
	s := strings.TrimSpace(src)
	switch {
	case strings.HasPrefix(s, "//"):
		s = "https:" + s
	case len(s) > 7 && strings.EqualFold(s[:7], "http://"):
		s = "https://" + s[7:]
	}
	u, err := url.Parse(s)
	if err != nil || !strings.EqualFold(u.Scheme, "https") || u.Host == "" {
		return nil
	}
	host := strings.ToLower(u.Hostname())
	var segs []string
	for seg := range strings.SplitSeq(u.Path, "/") {
		if seg != "" && seg != "$" {
			segs = append(segs, seg)
		}
	}
	seg := func(i int) string {
		if i < len(segs) {
			return segs[i]
		}
		return ""
	}
	switch host {
	case "dailymotion.com", "www.dailymotion.com":
		if seg(0) == "embed" && seg(1) == "video" && isAlnum(seg(2)) {
			return video(s, "dailymotion", seg(2), "https://www.dailymotion.com/video/")
		}
	case "geo.dailymotion.com":
		if id := u.Query().Get("video"); isAlnum(id) {
			return video(s, "dailymotion", id, "https://www.dailymotion.com/video/")
		}
	case "youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com":
		if seg(0) == "embed" && isVideoID(seg(1)) && seg(1) != "videoseries" {
			return video(s, "youtube", seg(1), "https://www.youtube.com/watch?v=")
		}
	case "player.vimeo.com":
		if seg(0) == "video" && isDigits(seg(1)) {
			return video(s, "vimeo", seg(1), "https://vimeo.com/")
		}
	case "embed.acast.com":
		return &Player{URL: s, Provider: "acast", Kind: "audio", ID: seg(1)}
	}
	// PeerTube runs on any host; its embeds are /videos/embed/<id>.
	if seg(0) == "videos" && seg(1) == "embed" && isVideoID(seg(2)) && len(segs) == 3 {
		return video(s, "peertube", seg(2), "https://"+u.Host+"/videos/watch/")
	}
	return nil
}

func video(embed, provider, id, page string) *Player {
	return &Player{URL: embed, PageURL: page + id, Provider: provider, Kind: "video", ID: id}
}

func isAcastPage(href string) bool {
	u, err := url.Parse(strings.TrimSpace(href))
	return err == nil && strings.EqualFold(u.Hostname(), "shows.acast.com") &&
		(strings.EqualFold(u.Scheme, "https") || strings.EqualFold(u.Scheme, "http"))
}

// acastPage picks the Acast page of an episode among the body's links: the
// one naming the episode ID, else the first.
func acastPage(pages []string, id string) string {
	if len(pages) == 0 {
		return ""
	}
	for _, p := range pages {
		if id != "" && strings.Contains(p, id) {
			return strings.TrimSpace(p)
		}
	}
	return strings.TrimSpace(pages[0])
}

// textLonger reports whether the text of the HTML fragment b, spaces
// folded as htmlText folds them, is surely longer than n bytes. It counts
// a lower bound without the tokenizer: the printable ASCII bytes but
// spaces outside markup, leaving out entities and every byte it is not
// sure of. Markup is skipped generously ("<" to ">" outside quotes, a
// comment to "-->"): skipping more than the tokenizer only lowers the
// count. FuzzTextLonger checks it against htmlText.
func textLonger(b []byte, n int) bool {
	count := 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '<':
			end := markupEnd(b, i)
			if end < 0 {
				return false // unfinished markup: nothing more is text
			}
			i = end
		case c == '&':
			// An entity may be a space (&nbsp;) or nothing: neither it nor
			// what follows up to its ";" is counted.
			for i+1 < len(b) && b[i+1] != ';' && b[i+1] != '<' && b[i+1] != '&' && b[i+1] > ' ' {
				i++
			}
			if i+1 < len(b) && b[i+1] == ';' {
				i++
			}
		case c > ' ' && c < 0x7f:
			if count++; count > n {
				return true
			}
		}
	}
	return false
}

// markupEnd returns the index of the last byte of the markup that starts
// at b[i] == '<': a comment to its "-->", anything else to the first ">"
// outside quotes; -1 when it does not end.
func markupEnd(b []byte, i int) int {
	if bytes.HasPrefix(b[i:], []byte("<!--")) {
		end := bytes.Index(b[i+4:], []byte("-->"))
		if end < 0 {
			return -1
		}
		return i + 4 + end + 2
	}
	var quote byte
	for i++; i < len(b); i++ {
		switch c := b[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	return -1
}

// htmlText returns the text of an HTML fragment, tags removed. It stops
// once the text, spaces folded, is longer than max bytes.
func htmlText(b []byte, max int) string {
	z := html.NewTokenizer(bytes.NewReader(b))
	var sb strings.Builder
	check := max
	for {
		switch z.Next() {
		case html.ErrorToken:
			return sb.String()
		case html.TextToken:
			sb.Write(z.Text())
			sb.WriteByte(' ')
			if sb.Len() > check {
				if len(strings.Join(strings.Fields(sb.String()), " ")) > max {
					return sb.String()
				}
				check *= 2
			}
		}
	}
}

// fold lowercases s and removes its accents, for comparisons.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	t := folders.Get().(transform.Transformer)
	defer folders.Put(t)
	t.Reset()
	r, _, err := transform.String(t, s)
	if err != nil {
		r = s
	}
	return strings.ToLower(r)
}

// folders are the transformers of fold, reused: making one allocates.
var folders = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

func hasPrefixFold(s, prefix string) bool {
	return strings.HasPrefix(fold(strings.TrimSpace(s)), prefix)
}

// placeholderMax is the longest text, in bytes once folded, that can be
// a placeholder.
const placeholderMax = 160

// isPlaceholder tells whether a transcript section's text is empty or only
// announces the transcript ("Transcription à venir").
func isPlaceholder(text string) bool {
	t := strings.Join(strings.Fields(text), " ")
	// Folding leaves at least a third of the bytes (an accented letter
	// written with a combining mark is three bytes, then one): a longer
	// text is no placeholder, and is not folded.
	if len(t) > 3*placeholderMax {
		return false
	}
	t = fold(t)
	if t == "" {
		return true
	}
	if len(t) > placeholderMax {
		return false
	}
	for _, w := range []string{"a venir", "coming soon", "to come", "bientot"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

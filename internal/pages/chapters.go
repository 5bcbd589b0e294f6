package pages

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// Chapter is a point of an episode's media a listener can jump to.
type Chapter struct {
	Start time.Duration
	Title string
}

// chapterLine is a line of show notes that starts a chapter:
// "00:00 Introduction", "1:02:03 – Questions", "[12:30] Conclusion".
var chapterLine = regexp.MustCompile(`^[\[(]?((?:\d{1,2}:)?\d{1,2}:\d{2})[\])]?\s*(?:[-–—:|·]\s*)?(\S.*)$`)

// maxChapterTitle bounds a chapter title, in runes: a longer line is a
// sentence that happens to start with a time, not a chapter.
const maxChapterTitle = 120

// chaptersFromHTML returns the chapters listed in an episode's show notes:
// the first run of at least two consecutive lines that each start with a
// timestamp (HH:MM:SS or MM:SS) followed by a title, in increasing order,
// as podcast show notes and video platforms write them. Lines are the
// paragraphs, list items and <br>- or newline-separated lines of the
// text. It returns nil when there is no such run.
func chaptersFromHTML(fragment string) []Chapter {
	var best, run []Chapter
	end := func() {
		if len(run) >= 2 && best == nil {
			best = run
		}
		run = nil
	}
	for _, line := range textLines(fragment) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		c, ok := parseChapterLine(line)
		if !ok || (len(run) > 0 && c.Start <= run[len(run)-1].Start) {
			end()
			if ok {
				run = append(run, c)
			}
			continue
		}
		run = append(run, c)
	}
	end()
	return best
}

// parseChapterLine reads "MM:SS Title" or "HH:MM:SS Title".
func parseChapterLine(line string) (Chapter, bool) {
	m := chapterLine.FindStringSubmatch(line)
	if m == nil {
		return Chapter{}, false
	}
	title := strings.Join(strings.Fields(m[2]), " ")
	if n := len([]rune(title)); n == 0 || n > maxChapterTitle {
		return Chapter{}, false
	}
	parts := strings.Split(m[1], ":")
	var secs int
	for i, p := range parts {
		n, _ := strconv.Atoi(p) // digits only, by the pattern
		if i > 0 && n > 59 {
			return Chapter{}, false // 1:75 is not a time
		}
		secs = secs*60 + n
	}
	return Chapter{Start: time.Duration(secs) * time.Second, Title: title}, true
}

// blockTags end a line of text.
var blockTags = map[string]bool{
	"p": true, "li": true, "div": true, "br": true, "dt": true, "dd": true, "tr": true, "td": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true,
	"pre": true, "ul": true, "ol": true, "section": true, "table": true, "figure": true, "figcaption": true,
}

// textLines splits an HTML fragment's text into lines: at block
// elements, at <br> and at newlines.
func textLines(fragment string) []string {
	var lines []string
	var cur strings.Builder
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
	}
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		switch z.Next() {
		case html.ErrorToken:
			flush()
			return lines
		case html.TextToken:
			text := string(z.Text())
			for {
				i := strings.IndexByte(text, '\n')
				if i < 0 {
					break
				}
				cur.WriteString(text[:i])
				flush()
				text = text[i+1:]
			}
			cur.WriteString(text)
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if blockTags[string(name)] {
				flush()
			}
		}
	}
}

// clock writes a media time as people read it and as #t= takes it:
// "4:05", "1:02:03".
func clock(d time.Duration) string {
	s := int64(d / time.Second)
	if s < 0 {
		s = 0
	}
	h, m, sec := s/3600, s/60%60, s%60
	if h > 0 {
		return strconv.FormatInt(h, 10) + ":" + twoDigits(m) + ":" + twoDigits(sec)
	}
	return strconv.FormatInt(m, 10) + ":" + twoDigits(sec)
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// seconds writes a time in seconds, to the millisecond, for data-start.
func seconds(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Round(time.Millisecond))/float64(time.Second), 'f', -1, 64)
}

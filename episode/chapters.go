package episode

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A timestamp list in the body, as YouTube descriptions and show notes
// write chapters:
//
//	00:00 Introduction
//	02:15 - The guest
//	1:04:30 Questions
//
// Each line is a timestamp (M:SS, MM:SS or H:MM:SS, possibly in a list
// item, in brackets or as a link text) then the chapter's title. The
// list is taken as chapters only when it looks like YouTube's rule for
// them: at least minBodyChapters lines, the first at 0:00, each after the
// previous one. Times of day ("10:00 Accueil" after "09:30 Café") never
// start at 0:00, and dates have no colon, so neither is taken.

// minBodyChapters is the fewest lines a timestamp list has.
const minBodyChapters = 2

// maxChapterTitle is the longest title of a chapter line, in bytes: a
// longer line is prose (or a transcript turn), not a chapter.
const maxChapterTitle = 200

// chapterLineRE matches a chapter line: an optional list marker, the
// timestamp (bare, in brackets or parentheses, or as a Markdown link's
// text), an optional separator, the title.
var chapterLineRE = regexp.MustCompile(`^\s{0,3}(?:[-*+]\s+|\d{1,3}[.)]\s+)?(?:\*\*)?[\[(]?((?:\d{1,2}:)?\d{1,2}:\d{2})[\])]?(?:\([^)\s]*\))?(?:\*\*)?\s*(?:[-–—:|]\s*)?(\S.*)$`)

// parseChapterLine reads "00:00 Title"; ok is false when s is not one.
func parseChapterLine(s string) (c Chapter, ok bool) {
	m := chapterLineRE.FindStringSubmatch(strings.TrimRight(s, " \t\r"))
	if m == nil {
		return Chapter{}, false
	}
	start, ok := clockTime(m[1])
	if !ok {
		return Chapter{}, false
	}
	title := strings.TrimSpace(m[2])
	if title == "" || len(title) > maxChapterTitle {
		return Chapter{}, false
	}
	return Chapter{Start: start, Title: title}, true
}

// clockTime reads M:SS, MM:SS or H:MM:SS; minutes and seconds are below
// 60 and written with two digits after a colon.
func clockTime(s string) (time.Duration, bool) {
	parts := strings.Split(s, ":")
	var total int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || (i > 0 && (len(p) != 2 || n >= 60)) {
			return 0, false
		}
		total = total*60 + n
	}
	return time.Duration(total) * time.Second, true
}

// bodyChapters returns the first timestamp list of the Markdown body src
// that passes the rule above, nil when there is none. Lines in fenced
// code and in transcription shortcodes are not read; blank lines may
// separate the lines of a list, any other line ends it. The line where
// each list starts is given to skip: a list it returns true for is not
// taken (one inside the transcript).
func bodyChapters(src []byte, skip func(line int) bool) []Chapter {
	var run []Chapter
	runLine := 0
	fence := ""
	inTranscript := false
	flush := func() []Chapter {
		defer func() { run = nil }()
		if len(run) < minBodyChapters || run[0].Start != 0 || (skip != nil && skip(runLine)) {
			return nil
		}
		for i := 1; i < len(run); i++ {
			if run[i].Start <= run[i-1].Start {
				return nil
			}
		}
		return run
	}
	for i, raw := range bytes.Split(src, []byte("\n")) {
		line := string(raw)
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			if c := flush(); c != nil {
				return c
			}
			fence = trimmed[:3]
			continue
		}
		if strings.HasPrefix(trimmed, "{%") && strings.Contains(trimmed, "transcription") {
			if c := flush(); c != nil {
				return c
			}
			inTranscript = !strings.Contains(trimmed, "endtranscription")
			continue
		}
		if inTranscript {
			continue
		}
		if trimmed == "" {
			continue
		}
		c, ok := parseChapterLine(line)
		if !ok {
			if got := flush(); got != nil {
				return got
			}
			continue
		}
		if len(run) == 0 {
			runLine = i + 1
		}
		run = append(run, c)
	}
	return flush()
}

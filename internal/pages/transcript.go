package pages

import (
	"github.com/feedcast/feedcast/internal/pages/i18n"
	"html/template"
	"math"
	"strings"
	"time"

	"github.com/feedcast/feedcast/internal/transcript"
)

// TranscriptFragment is a transcript as HTML for an episode page (the
// Episode.TranscriptHTML of a build): each turn under its speaker's name,
// one paragraph per segment. A segment of a timed transcript is a cue:
// its paragraph carries its times in seconds (data-start, data-end) and
// starts with a link to its time on the page ("#t=1:05"), so that the
// page's player script can follow it and seek to it; without the script
// the transcript reads the same, times included.
func TranscriptFragment(t *transcript.Transcript, lang string) template.HTML {
	if t == nil {
		return ""
	}
	colon := i18n.For(lang).SpeakerColon
	var b strings.Builder
	for _, turn := range t.Turns() {
		if turn.Speaker != "" {
			b.WriteString("<p><strong>")
			template.HTMLEscape(&b, []byte(turn.Speaker))
			b.WriteString(colon)
			b.WriteString("</strong>")
			if turn.Role != "" {
				b.WriteString(" <small>")
				template.HTMLEscape(&b, []byte(turn.Role))
				b.WriteString("</small>")
			}
			b.WriteString("</p>\n")
		}
		for _, seg := range turn.Segments {
			if start, end, ok := cueTimes(t, seg); ok {
				b.WriteString(`<p class="cue" data-start="` + seconds(start) + `" data-end="` + seconds(end) + `">`)
				b.WriteString(`<a class="cue-time" href="` + string(timeLink(start)) + `">` + clock(start) + "</a> ")
			} else {
				b.WriteString("<p>")
			}
			template.HTMLEscape(&b, []byte(seg.Body))
			b.WriteString("</p>\n")
		}
	}
	return template.HTML(b.String())
}

// cueTimes returns a timed segment's times, when they are usable.
func cueTimes(t *transcript.Transcript, seg transcript.Segment) (start, end time.Duration, ok bool) {
	if !t.Timed || math.IsNaN(seg.Start) || math.IsNaN(seg.End) || seg.Start < 0 || seg.End < seg.Start || seg.End > 1e9 {
		return 0, 0, false
	}
	return time.Duration(math.Round(seg.Start*1000)) * time.Millisecond, time.Duration(math.Round(seg.End*1000)) * time.Millisecond, true
}

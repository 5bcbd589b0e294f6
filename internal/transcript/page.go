package transcript

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// Page describes the standalone HTML page of a transcript.
type Page struct {
	// Title is the episode's title, shown in the heading; the
	// transcript's Title when empty.
	Title string
	// EpisodeURL is the episode page the transcript links back to: an
	// http(s) URL, absolute or relative. No link is written when empty.
	EpisodeURL string
	// Lang is the page's language, a BCP 47 tag; the transcript's Language
	// when empty, then "und". The page's own words are in French for a
	// tag starting with "fr", in English otherwise.
	Lang string
	// BackLabel is the text of the link back to the episode; by language
	// when empty.
	BackLabel string
}

// pageWords are the page's own words in one language.
type pageWords struct {
	heading, back, colon string
}

func wordsFor(lang string) pageWords {
	if l := strings.ToLower(lang); l == "fr" || strings.HasPrefix(l, "fr-") {
		// French typography: a no-break space before the colon.
		return pageWords{heading: "Transcription", back: "Retour à l’épisode", colon: "\u00a0:"}
	}
	return pageWords{heading: "Transcript", back: "Back to the episode", colon: ":"}
}

// pageStyle is the page's only style: readable width, speaker labels in
// bold, muted roles and times, a dark variant.
const pageStyle = `body{font:1.05rem/1.6 system-ui,sans-serif;max-width:42rem;margin:0 auto;padding:1rem;color:#1a1a1a;background:#fff}
a{color:#0645ad}
.turn{margin:1.5rem 0}
.turn cite{font-style:normal;font-weight:700}
.role,.turn time{display:block;color:#555;font-size:.9em}
.turn p{margin:.4rem 0}
@media (prefers-color-scheme:dark){body{color:#eee;background:#111}a{color:#8ab4f8}.role,.turn time{color:#aaa}}`

// WriteHTML writes t as a standalone, accessible HTML page: the page's
// language and title, a heading, a link back to the episode, then each
// turn as a <div class="turn"> holding, as the Podcasting 2.0 HTML format
// has them, <cite>Speaker:</cite> (with the role below it), <time> when t
// is Timed and one <p> per paragraph. The page loads nothing and runs no
// script.
func (t *Transcript) WriteHTML(w io.Writer, page Page) error {
	lang := page.Lang
	if lang == "" {
		lang = t.Language
	}
	if lang == "" {
		lang = "und"
	}
	if !validLang(lang) {
		return fmt.Errorf("write html: invalid language %q", lang)
	}
	if page.EpisodeURL != "" {
		u, err := url.Parse(page.EpisodeURL)
		if err != nil {
			return fmt.Errorf("write html: episode url: %w", err)
		}
		if s := strings.ToLower(u.Scheme); s != "" && s != "http" && s != "https" {
			return fmt.Errorf("write html: episode url %q: scheme %q is not http(s)", page.EpisodeURL, u.Scheme)
		}
	}
	words := wordsFor(lang)
	heading := words.heading
	title := clean(page.Title)
	if title == "" {
		title = clean(t.Title)
	}
	if title != "" {
		heading += " – " + title
	}
	back := clean(page.BackLabel)
	if back == "" {
		back = words.back
	}

	bw := bufio.NewWriter(w)
	esc := html.EscapeString
	bw.WriteString("<!DOCTYPE html>\n<html lang=\"" + esc(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
		"<title>" + esc(heading) + "</title>\n<style>\n" + pageStyle + "\n</style>\n</head>\n<body>\n<main>\n" +
		"<h1>" + esc(heading) + "</h1>\n")
	if page.EpisodeURL != "" {
		bw.WriteString("<p><a href=\"" + esc(page.EpisodeURL) + "\">" + esc(back) + "</a></p>\n")
	}
	for _, tn := range t.Turns() {
		bw.WriteString("<div class=\"turn\">\n")
		if tn.Speaker != "" {
			bw.WriteString("<cite>" + esc(tn.Speaker+words.colon) + "</cite>\n")
			if tn.Role != "" {
				bw.WriteString("<span class=\"role\">" + esc(tn.Role) + "</span>\n")
			}
		}
		if t.Timed {
			start := tn.Segments[0].Start
			if finite(start) && start >= 0 && start <= maxSeconds {
				bw.WriteString("<time datetime=\"" + isoDuration(start) + "\">" + clockTime(start) + "</time>\n")
			}
		}
		for _, p := range tn.paragraphs(t.Timed) {
			bw.WriteString("<p>" + esc(p) + "</p>\n")
		}
		bw.WriteString("</div>\n")
	}
	bw.WriteString("</main>\n</body>\n</html>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write html: %w", err)
	}
	return nil
}

// validLang reports whether s has the shape of a BCP 47 tag: subtags of
// one to eight ASCII letters or digits joined with hyphens.
func validLang(s string) bool {
	for _, sub := range strings.Split(s, "-") {
		if len(sub) == 0 || len(sub) > 8 {
			return false
		}
		for i := 0; i < len(sub); i++ {
			c := sub[i] | 0x20
			if !(c >= 'a' && c <= 'z') && !(sub[i] >= '0' && sub[i] <= '9') {
				return false
			}
		}
	}
	return true
}

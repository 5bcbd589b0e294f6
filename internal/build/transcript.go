package build

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
)

// transcriptTemplate is the standalone page of a transcript: small,
// readable without any style sheet, in the show's language.
var transcriptTemplate = template.Must(template.New("transcript").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Heading}} – {{.Title}}</title>
<link rel="canonical" href="{{.URL}}">
</head>
<body>
<main>
<h1>{{.Heading}} – {{.Title}}</h1>
<p><a href="{{.URL}}">{{.Back}}</a></p>
<article>
{{.Body}}
</article>
</main>
</body>
</html>
`))

// transcriptPage renders an episode's transcript page. The transcript HTML
// goes through the same sanitiser as the feed content.
func (s *site) transcriptPage(e *episode.Episode, it *feed.Item) ([]byte, error) {
	heading, back := "Transcript", "Back to the episode"
	if strings.HasPrefix(strings.ToLower(s.cfg.Language), "fr") {
		heading, back = "Transcription", "Retour à l’épisode"
	}
	body := s.html.render(e.Transcript.HTML, playerLink{Href: it.URL, Title: e.Title})
	var buf bytes.Buffer
	err := transcriptTemplate.Execute(&buf, map[string]any{
		"Lang":    s.cfg.Language,
		"Heading": heading,
		"Title":   feed.CleanText(e.Title),
		"URL":     it.URL,
		"Back":    back,
		"Body":    template.HTML(body), // sanitised by render
	})
	return buf.Bytes(), err
}

package pages

import (
	"bytes"
	"encoding/xml"
	"strings"
	"text/template"
)

// xslTexts are the words of the stylesheet's page.
type xslTexts struct {
	Skip     string
	Intro    string // what this page is
	CopyHint string // heading of the box with the feed's URL
	Copy     string
	Copied   string
	Episodes string
	Site     string // link to the site
	Listen   string // link to an episode
}

var xslFrench = xslTexts{
	Skip:     "Aller au contenu",
	Intro:    "Ceci est un flux de podcast : les applications de podcasts s’y abonnent pour recevoir chaque nouvel épisode. Cette page n’en est qu’un aperçu.",
	CopyHint: "Copiez cette adresse dans votre application de podcasts",
	Copy:     "Copier",
	Copied:   "Adresse copiée",
	Episodes: "Épisodes",
	Site:     "Voir le site et toutes les façons de s’abonner",
	Listen:   "Voir l’épisode",
}

var xslEnglish = xslTexts{
	Skip:     "Skip to content",
	Intro:    "This is a podcast feed: podcast apps subscribe to it to get every new episode. This page is only a preview.",
	CopyHint: "Copy this URL into your podcast app",
	Copy:     "Copy",
	Copied:   "Address copied",
	Episodes: "Episodes",
	Site:     "See the site and every way to subscribe",
	Listen:   "See the episode",
}

// xslData fills the stylesheet template. Its values are written with
// the "x" function, which escapes them for XML, or in attributes with "a",
// which also doubles the braces of XSLT attribute value templates.
type xslData struct {
	Lang   string
	Base   string
	T      xslTexts
	Months [12]string
	French bool
}

var stylesheetTemplate = template.Must(template.New("feed.xsl").
	Delims("[[", "]]").
	Funcs(template.FuncMap{"x": xmlEscape, "a": attrEscape, "inc": func(i int) int { return i + 1 }}).
	Parse(stylesheetSource))

// stylesheet renders the XSLT 1.0 stylesheet that shows an RSS or Atom
// feed of the site as a page: the URLs of the site's style sheet and
// script are absolute, so that it works for the feeds of every folder.
func stylesheet(s *Site) ([]byte, error) {
	v := newView(s)
	d := xslData{Lang: v.lang, Base: v.base, T: xslEnglish, Months: english.Months}
	if isFrench(v.lang) {
		d.T, d.Months, d.French = xslFrench, french.Months, true
	}
	var buf bytes.Buffer
	if err := stylesheetTemplate.Execute(&buf, d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // writes to a strings.Builder never fail
	return b.String()
}

func attrEscape(s string) string {
	return strings.NewReplacer("{", "{{", "}", "}}").Replace(xmlEscape(s))
}

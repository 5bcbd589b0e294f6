package pages

import (
	"bytes"
	"encoding/xml"
	"strings"
	"text/template"
)

// xslData fills the stylesheet template. Its values are written with
// the "x" function, which escapes them for XML, or in attributes with "a",
// which also doubles the braces of XSLT attribute value templates.
type xslData struct {
	Lang string
	Base string
	T    *texts
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
	d := xslData{Lang: v.lang, Base: v.base, T: v.t}
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

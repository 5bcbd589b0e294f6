package wire

import (
	"strings"

	"github.com/feedcast/feedcast/feed"
)

// Stylesheet returns the processing instruction that links the style
// sheet of media type typ at href, with its newline, or "" when href is
// empty once cleaned (feed.CleanText, spaces trimmed). The value is
// escaped as the pseudo-attributes of the instruction require.
//
// Spec: https://www.w3.org/TR/xml-stylesheet/
func Stylesheet(typ, href string) string {
	if href = strings.TrimSpace(feed.CleanText(href)); href == "" {
		return ""
	}
	return `<?xml-stylesheet type="` + typ + `" href="` + piEscaper.Replace(href) + `"?>` + "\n"
}

var piEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

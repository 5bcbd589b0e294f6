package pages

import (
	"bytes"
	"embed"
	"html/template"
)

//go:embed assets/*.html
var pageFiles embed.FS

var (
	//go:embed assets/style.css
	styleCSS []byte
	//go:embed assets/copy.js
	copyJS []byte
	//go:embed assets/widget.js
	widgetJS []byte
	//go:embed assets/player.js
	playerJS []byte
	//go:embed assets/feed.xsl
	stylesheetSource string
)

// templates are the HTML pages; layout.html defines the parts they share.
var templates = template.Must(template.New("").ParseFS(pageFiles, "assets/*.html"))

// execute renders the template name with data.
func execute(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

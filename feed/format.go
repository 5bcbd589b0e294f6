package feed

// Format describes one output format: its name, its media type as served,
// and the file name of its documents.
type Format struct {
	Name      string
	MediaType string
	File      string
}

// The formats feedcast writes.
var (
	RSS  = Format{Name: "rss", MediaType: "application/rss+xml", File: "feed.xml"}
	Atom = Format{Name: "atom", MediaType: "application/atom+xml", File: "atom.xml"}
	JSON = Format{Name: "json", MediaType: "application/feed+json", File: "feed.json"}
)

// Formats lists the formats in the order they are written.
func Formats() []Format { return []Format{RSS, Atom, JSON} }

// URL returns the URL of the feed's document in format f, or "".
func (f *Feed) URL(format Format) string {
	if f == nil || f.URLs == nil {
		return ""
	}
	return f.URLs[format.Name]
}

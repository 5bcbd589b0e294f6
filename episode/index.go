package episode

import (
	"bytes"
	"errors"
	"fmt"
)

// IndexFile is the name of a show's index file: a folder that holds one
// is a show of its own (Hugo's branch bundle, whose _index.md gives the
// section's metadata). It is never an episode.
const IndexFile = "_index.md"

// Index is a show's index file, split: its front matter, to be decoded by
// the caller, and its body rendered as HTML.
type Index struct {
	// FrontMatter is the YAML or JSON text between the delimiters (for
	// JSON, the object with its braces); Line is the line of its first
	// byte in the file.
	FrontMatter []byte
	Line        int
	// HTML is the body rendered from Markdown, not sanitised; "" when
	// the body is empty.
	HTML string
}

// ParseIndex splits an index file: YAML front matter between "---" lines
// or a JSON object, then a Markdown body. An index file takes no TOML
// front matter: its keys are those of the configuration file, which is
// YAML (JSON is YAML too). The error names the line and the field.
func ParseIndex(path string, data []byte) (*Index, *Diagnostic) {
	fail := func(line int, field string, err error) (*Index, *Diagnostic) {
		return nil, &Diagnostic{Path: path, Line: line, Field: field, Err: err}
	}
	if int64(len(data)) > DefaultMaxFileSize {
		return fail(0, "file", fmt.Errorf("%w: %d bytes, over the limit of %d", ErrTooLarge, len(data), DefaultMaxFileSize))
	}
	text := bytes.TrimPrefix(data, bom)
	if i := bytes.IndexByte(text, 0); i >= 0 {
		return fail(lineAt(text, i), "file", fmt.Errorf("%w: NUL byte", ErrBinary))
	}
	if bytes.Contains(text, []byte("\r\n")) {
		text = bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n"))
	}
	fm, lerr := split(text)
	if lerr != nil {
		err := lerr.err
		if errors.Is(err, ErrNoFrontMatter) {
			err = fmt.Errorf("%w: a show's %s starts with --- and gives at least its title", ErrNoFrontMatter, IndexFile)
		}
		return fail(lerr.line, "front matter", err)
	}
	if fm.format == formatTOML {
		return fail(fm.openLine, "front matter", errors.New("TOML (+++) is not read here: a show's keys are those of the configuration file, in YAML (---)"))
	}
	idx := &Index{FrontMatter: fm.text, Line: fm.line}
	if len(bytes.TrimSpace(fm.body)) > 0 {
		p := &fileParser{path: path}
		out, _ := p.markdownHTML(fm.body, fm.bodyLine)
		idx.HTML = string(out)
	}
	return idx, nil
}

package episode

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	gmtext "github.com/yuin/goldmark/text"
)

// markdown is the Markdown converter, built once and shared: a goldmark
// instance is safe for concurrent use and holds no per-document state.
// GitHub Flavored Markdown (tables, strikethrough, autolinks, task lists);
// raw HTML is kept.
var markdown = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
})

// render converts Markdown to HTML.
func render(src []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/4)
	w := newBufWriter(&buf)
	defer putBufWriter(w)
	if err := markdown().Convert(src, w); err != nil {
		return nil, fmt.Errorf("render markdown: %w", err)
	}
	if err := w.Flush(); err != nil {
		return nil, fmt.Errorf("render markdown: %w", err)
	}
	return buf.Bytes(), nil
}

// renderNode renders a parsed document (or part of one) into buf. The
// renderer writes through a bufio.Writer; one is reused rather than made
// for each call.
func renderNode(buf *bytes.Buffer, src []byte, n ast.Node) error {
	w := newBufWriter(buf)
	defer putBufWriter(w)
	if err := markdown().Renderer().Render(w, src, n); err != nil {
		return err
	}
	return w.Flush()
}

var bufWriters = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 4096) }}

func newBufWriter(w io.Writer) *bufio.Writer {
	b := bufWriters.Get().(*bufio.Writer)
	b.Reset(w)
	return b
}

func putBufWriter(b *bufio.Writer) {
	b.Reset(nil)
	bufWriters.Put(b)
}

// body renders the body into ep.HTML and finds its player and transcript.
func (p *fileParser) body(ep *Episode, src []byte, firstLine int) {
	if !utf8.Valid(src) {
		p.warn(firstLine+invalidUTF8Line(src)-1, "body", errors.New("invalid UTF-8: replaced with U+FFFD"))
		src = bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	src = p.limitNesting(src, firstLine)
	x := p.expand(src, firstLine, newMarker(ep.Hash))
	md := markdown()
	doc := md.Parser().Parse(gmtext.NewReader(x.text))
	// The blocks are rendered one by one, each one's offset kept: a
	// transcript section is a run of them, not rendered again.
	var buf bytes.Buffer
	buf.Grow(len(x.text) + len(x.text)/4)
	w := newBufWriter(&buf)
	var offsets []int
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		offsets = append(offsets, buf.Len())
		if err := md.Renderer().Render(w, x.text, n); err != nil {
			p.warn(firstLine, "body", fmt.Errorf("render markdown: %w", err))
		}
		if err := w.Flush(); err != nil {
			p.warn(firstLine, "body", fmt.Errorf("render markdown: %w", err))
		}
	}
	putBufWriter(w)
	rendered := buf.Bytes()
	offsets = append(offsets, len(rendered))
	out := rendered
	if len(x.transcripts) > 0 {
		out, ep.Transcript = p.shortcodeTranscripts(out, x)
	}
	if ep.Transcript == nil {
		ep.Transcript = p.sectionTranscript(doc, x, src, firstLine, rendered, offsets)
	}
	out, ep.Player = scanHTML(out)
	ep.HTML = string(out)
}

// shortcodeTranscripts renders the {% transcription %} blocks and puts
// them in place of their markers, each as <section class="transcript">.
// The Transcript holds them all, titled by the first title.
func (p *fileParser) shortcodeTranscripts(out []byte, x expansion) ([]byte, *Transcript) {
	var tr *Transcript
	var all bytes.Buffer
	sections := make([][]byte, len(x.transcripts))
	for i, t := range x.transcripts {
		inner, err := render(t.inner)
		if err != nil {
			p.warn(t.line, "body", err)
		}
		inner, _ = scanHTML(inner)
		if len(bytes.TrimSpace(inner)) == 0 {
			p.warn(t.line, "body", errors.New("empty {% transcription %} block: removed"))
			continue
		}
		var section bytes.Buffer
		section.WriteString("<section class=\"transcript\">\n<h2>Transcription</h2>\n")
		section.Write(inner)
		section.WriteString("</section>\n")
		sections[i] = section.Bytes()
		all.Write(inner)
		if tr == nil {
			tr = &Transcript{Line: t.line}
		}
		if tr.Title == "" {
			tr.Title = t.title
		}
	}
	if tr != nil {
		tr.HTML = all.String()
	}
	return x.marker.replace(out, sections), tr
}

// sectionTranscript finds a "## Transcription..." section: a level-2
// heading whose text starts with "transcript" (without case or accents).
// Its HTML runs to the next heading of level 1 or 2. A section that only
// says the transcript is to come is not a transcript.
//
// rendered is the body as rendered, offsets where each top-level block of
// doc starts in it (and its end).
func (p *fileParser) sectionTranscript(doc ast.Node, x expansion, src []byte, firstLine int, rendered []byte, offsets []int) *Transcript {
	i := 0
	for n := doc.FirstChild(); n != nil; n, i = n.NextSibling(), i+1 {
		h, ok := n.(*ast.Heading)
		if !ok || h.Level != 2 {
			continue
		}
		title := plainText(h, x.text)
		if !hasPrefixFold(title, "transcript") {
			continue
		}
		// The section runs to the next heading of level 1 or 2.
		j := i + 1
		for s := n.NextSibling(); s != nil; s, j = s.NextSibling(), j+1 {
			if sh, ok := s.(*ast.Heading); ok && sh.Level <= 2 {
				break
			}
		}
		html := rendered[offsets[i+1]:offsets[j]]
		if mayHaveComment(html) {
			html, _ = scanHTML(html)
		}
		if !textLonger(html, 3*placeholderMax) && isPlaceholder(htmlText(html, 3*placeholderMax+1)) {
			continue
		}
		line := firstLine
		if pos := h.Pos(); pos >= 0 {
			line = lineAt(src, x.smap.orig(pos)) + firstLine - 1
		}
		return &Transcript{Title: title, HTML: string(html), Line: line}
	}
	return nil
}

// plainText returns the text of an inline container such as a heading.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			b.Write(t.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return string(bytes.TrimSpace(b.Bytes()))
}

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
	rendered, blocks := p.markdownHTML(x.text, firstLine)
	out := rendered
	if len(x.transcripts) > 0 {
		out, ep.Transcript = p.shortcodeTranscripts(out, x)
	}
	if ep.Transcript == nil {
		ep.Transcript = p.sectionTranscript(blocks, x, src, firstLine, rendered)
	}
	out, ep.Player = scanHTML(out)
	ep.BodyChapters = bodyChapters(src, func(line int) bool {
		// A list inside the transcript section is the transcript's.
		return ep.Transcript != nil && ep.Transcript.Line > 0 && firstLine+line-1 >= ep.Transcript.Line
	})
	ep.HTML = string(out)
}

// markdownHTML renders Markdown text, and returns its top-level blocks:
// the fast way when it can (fastMarkdown), with goldmark otherwise.
// firstLine is the line of text's first byte, for warnings.
func (p *fileParser) markdownHTML(text []byte, firstLine int) ([]byte, []mdBlock) {
	if out, blocks, ok := fastMarkdown(text); ok {
		return out, blocks
	}
	return p.goldmark(text, firstLine)
}

// goldmark renders the Markdown text with goldmark. The top-level blocks
// are rendered one by one, each one's start kept: a transcript section is
// a run of them, not rendered again.
func (p *fileParser) goldmark(text []byte, firstLine int) ([]byte, []mdBlock) {
	md := markdown()
	doc := md.Parser().Parse(gmtext.NewReader(text))
	var buf bytes.Buffer
	buf.Grow(len(text) + len(text)/4)
	w := newBufWriter(&buf)
	var blocks []mdBlock
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		b := mdBlock{start: buf.Len(), pos: -1}
		if h, ok := n.(*ast.Heading); ok {
			b.level, b.pos = h.Level, h.Pos()
			if h.Level == 2 {
				b.title = plainText(h, text)
			}
		}
		blocks = append(blocks, b)
		if err := md.Renderer().Render(w, text, n); err != nil {
			p.warn(firstLine, "body", fmt.Errorf("render markdown: %w", err))
		}
		if err := w.Flush(); err != nil {
			p.warn(firstLine, "body", fmt.Errorf("render markdown: %w", err))
		}
	}
	putBufWriter(w)
	return buf.Bytes(), blocks
}

// shortcodeTranscripts renders the {% transcription %} blocks and puts
// them in place of their markers, each as <section class="transcript">.
// The Transcript holds them all, titled by the first title.
func (p *fileParser) shortcodeTranscripts(out []byte, x expansion) ([]byte, *Transcript) {
	var tr *Transcript
	var all bytes.Buffer
	sections := make([][]byte, len(x.transcripts))
	for i, t := range x.transcripts {
		inner, _ := p.markdownHTML(t.inner, t.line)
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
// rendered is the body as rendered, blocks its top-level blocks.
func (p *fileParser) sectionTranscript(blocks []mdBlock, x expansion, src []byte, firstLine int, rendered []byte) *Transcript {
	startOf := func(i int) int {
		if i < len(blocks) {
			return blocks[i].start
		}
		return len(rendered)
	}
	for i, h := range blocks {
		if h.level != 2 || !hasPrefixFold(h.title, "transcript") {
			continue
		}
		// The section runs to the next heading of level 1 or 2.
		j := i + 1
		for j < len(blocks) && (blocks[j].level == 0 || blocks[j].level > 2) {
			j++
		}
		html := rendered[startOf(i+1):startOf(j)]
		if mayHaveComment(html) {
			html, _ = scanHTML(html)
		}
		if !textLonger(html, 3*placeholderMax) && isPlaceholder(htmlText(html, 3*placeholderMax+1)) {
			continue
		}
		line := firstLine
		if h.pos >= 0 {
			line = lineAt(src, x.smap.orig(h.pos)) + firstLine - 1
		}
		return &Transcript{Title: h.title, HTML: string(html), Line: line}
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

package transcript

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// run is a piece of a line's text, bold when inside <strong>, <b> or
// <cite> (the elements that mark speakers).
type run struct {
	text string
	bold bool
}

// paragraph is a block of an HTML body: lines broken by <br>, each made of
// runs.
type paragraph struct {
	lines [][]run
}

// blocks are the elements that start and end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Blockquote: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Section: true, atom.Article: true, atom.Aside: true, atom.Header: true,
	atom.Footer: true, atom.Main: true, atom.Nav: true, atom.Table: true, atom.Tr: true,
	atom.Td: true, atom.Th: true, atom.Caption: true, atom.Pre: true, atom.Figure: true,
	atom.Figcaption: true, atom.Hr: true, atom.Details: true, atom.Summary: true,
	atom.Address: true, atom.Form: true, atom.Fieldset: true, atom.Body: true,
}

// skipped are the elements whose content is not transcript text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Noscript: true,
	atom.Iframe: true, atom.Object: true, atom.Svg: true, atom.Math: true,
	atom.Head: true, atom.Title: true, atom.Textarea: true, atom.Select: true,
	atom.Audio: true, atom.Video: true, atom.Canvas: true, atom.Button: true,
}

// marks are the elements whose text may name a speaker.
var marks = map[atom.Atom]bool{atom.Strong: true, atom.B: true, atom.Cite: true}

// flattener turns an HTML tree into paragraphs.
type flattener struct {
	paras []paragraph
	cur   paragraph
	line  []run
	bold  int
}

func (f *flattener) text(s string) {
	if n := len(f.line); n > 0 && f.line[n-1].bold == (f.bold > 0) {
		f.line[n-1].text += s
		return
	}
	f.line = append(f.line, run{text: s, bold: f.bold > 0})
}

func (f *flattener) breakLine() {
	f.cur.lines = append(f.cur.lines, f.line)
	f.line = nil
}

func (f *flattener) breakParagraph() {
	f.breakLine()
	if hasText(f.cur) {
		f.paras = append(f.paras, f.cur)
	}
	f.cur = paragraph{}
}

func hasText(p paragraph) bool {
	for _, l := range p.lines {
		for _, r := range l {
			if strings.TrimSpace(r.text) != "" {
				return true
			}
		}
	}
	return false
}

// flatten parses an HTML fragment into paragraphs. It walks the tree
// without recursion, so that deep nesting cannot exhaust the stack.
func flatten(src string) ([]paragraph, error) {
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(src), ctx)
	if err != nil {
		return nil, err
	}
	var f flattener
	for _, top := range nodes {
		n := top
		for {
			if f.enter(n) {
				if n.FirstChild != nil {
					n = n.FirstChild
					continue
				}
				f.leave(n)
			}
			for n != top && n.NextSibling == nil {
				n = n.Parent
				f.leave(n)
			}
			if n == top {
				break
			}
			n = n.NextSibling
		}
	}
	f.breakParagraph()
	return f.paras, nil
}

// enter handles the start of n and reports whether n is an element whose
// children are read; leave is then called at its end.
func (f *flattener) enter(n *html.Node) bool {
	switch n.Type {
	case html.TextNode:
		f.text(n.Data)
		return false
	case html.ElementNode:
		if skipped[n.DataAtom] || (n.DataAtom == atom.Time && isClock(n)) {
			return false
		}
	default:
		return false
	}
	switch {
	case n.DataAtom == atom.Br:
		f.breakLine()
	case blocks[n.DataAtom]:
		f.breakParagraph()
	case marks[n.DataAtom]:
		f.bold++
	}
	return true
}

// leave handles the end of an element entered.
func (f *flattener) leave(n *html.Node) {
	switch {
	case blocks[n.DataAtom]:
		f.breakParagraph()
	case marks[n.DataAtom]:
		f.bold--
	}
}

// isClock reports whether n holds only a time code such as "0:09" or
// "01:02:03.500": the <time> of a Podcasting 2.0 HTML transcript, which is
// not speech.
func isClock(n *html.Node) bool {
	c := n.FirstChild
	if c == nil || c.Type != html.TextNode || c.NextSibling != nil {
		return false
	}
	s := strings.TrimSpace(c.Data)
	return s != "" && strings.Trim(s, "0123456789:.,") == "" && strings.ContainsRune(s, ':')
}

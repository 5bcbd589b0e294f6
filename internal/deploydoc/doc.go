// Package deploydoc reads the fenced code blocks of a Markdown document,
// so that the deployment guide (docs/deploy.md) can be tested from its own
// text: its tests run each command, unit and manifest it shows, as it is
// written, and the guide and its tests cannot drift apart.
package deploydoc

import (
	"bufio"
	"bytes"
	"strings"
)

// Block is one fenced code block of a Markdown document.
type Block struct {
	// Info is the info string after the opening fence ("yaml", "ini").
	Info string
	// Text is the block's content, each line ending in "\n".
	Text string
	// Line is the line number of the first content line (1-based).
	Line int
	// Before is the paragraph just above the block, on one line: it
	// names what the block is ("/etc/systemd/system/x.service:").
	Before string
}

// Blocks returns the fenced code blocks (``` or ~~~, CommonMark 4.5) of
// a Markdown document, in order. A block left open runs to the end of
// the document, as CommonMark has it.
func Blocks(md []byte) []Block {
	var (
		blocks []Block
		para   []string // the paragraph being read
		last   []string // the last paragraph, ended by a blank line
		cur    *Block
		fence  string
		text   strings.Builder
		n      int
	)
	sc := bufio.NewScanner(bytes.NewReader(md))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		n++
		line := strings.TrimSuffix(sc.Text(), "\r")
		trimmed := strings.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		if cur != nil {
			// The closing fence: at least as long as the opening one, of
			// the same character, with nothing but spaces after it.
			if indent < 4 && strings.HasPrefix(trimmed, fence) &&
				strings.Trim(strings.TrimSpace(trimmed), fence[:1]) == "" {
				cur.Text = text.String()
				blocks = append(blocks, *cur)
				cur, para, last = nil, nil, nil
				continue
			}
			text.WriteString(line)
			text.WriteByte('\n')
			continue
		}
		if f := openingFence(trimmed); f != "" && indent < 4 {
			if len(para) == 0 {
				para = last
			}
			cur = &Block{
				Info:   strings.TrimSpace(strings.TrimLeft(trimmed, f[:1])),
				Line:   n + 1,
				Before: strings.Join(para, " "),
			}
			fence = f
			text.Reset()
			para, last = nil, nil
			continue
		}
		if strings.TrimSpace(line) == "" {
			if len(para) > 0 {
				last, para = para, nil
			}
			continue
		}
		para = append(para, strings.TrimSpace(line))
	}
	if cur != nil {
		cur.Text = text.String()
		blocks = append(blocks, *cur)
	}
	return blocks
}

// openingFence returns the fence that opens a code block on line (three
// or more backticks or tildes), or "".
func openingFence(line string) string {
	if line == "" || (line[0] != '`' && line[0] != '~') {
		return ""
	}
	i := 0
	for i < len(line) && line[i] == line[0] {
		i++
	}
	if i < 3 || (line[0] == '`' && strings.Contains(line[i:], "`")) {
		return ""
	}
	return line[:i]
}

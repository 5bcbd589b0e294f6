package episode

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Limits of the conversion of a YAML tree into values. yaml.v3 guards its
// own decoding into Go values against alias bombs ("billion laughs"), but a
// yaml.Node keeps aliases as references and this package walks the tree
// itself, so it counts every node it visits, aliases expanded.
const (
	maxYAMLNodes = 20000
	maxYAMLDepth = 100
)

var (
	errYAMLTooLarge = fmt.Errorf("yaml: more than %d values once aliases are expanded", maxYAMLNodes)
	errYAMLTooDeep  = fmt.Errorf("yaml: nested more than %d levels deep", maxYAMLDepth)
)

var yamlErrorLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlParserProblems are the messages of yaml.v3's parser (as opposed to
// its scanner): yaml.v3 reports their line 0-based, one less than the line
// of the problem.
var yamlParserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

func (p *fileParser) decodeYAML(fm frontMatter) *document {
	if pairs, ok := simpleYAML(fm.text); ok {
		return simpleDocument(fm, pairs)
	}
	return p.decodeYAMLTree(fm)
}

// decodeYAMLTree decodes any front matter with yaml.v3.
func (p *fileParser) decodeYAMLTree(fm frontMatter) *document {
	var root yaml.Node
	if err := yaml.Unmarshal(fm.text, &root); err != nil {
		line, msg := fm.line, err.Error()
		if m := yamlErrorLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			msg = msg[len(m[0]):]
			if yamlParserProblems[msg] {
				n++
			}
			line = fm.line + n - 1
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		at, hint := yamlHint(strings.Split(string(fm.text), "\n"), line-fm.line, msg)
		if hint != "" {
			line = fm.line + at
		}
		p.fail(clampLine(fm, line), "front matter", &syntaxError{lang: "yaml", msg: msg, hint: hint, err: err})
		return nil
	}
	doc := newDocument(fm.openLine)
	top := &root
	if top.Kind == yaml.DocumentNode && len(top.Content) > 0 {
		top = top.Content[0]
	}
	if top.Kind == yaml.AliasNode && top.Alias != nil {
		top = top.Alias
	}
	switch {
	case top.Kind == 0, top.Kind == yaml.DocumentNode:
		return doc // empty front matter
	case top.Kind == yaml.ScalarNode && top.Tag == "!!null":
		return doc
	case top.Kind != yaml.MappingNode:
		p.fail(fm.textLine(top.Line), "front matter", errNotMapping)
		return nil
	}
	c := &yamlConverter{}
	pairs, err := c.pairs(top, 1)
	if err != nil {
		p.fail(fm.textLine(c.line), "front matter", err)
		return nil
	}
	lines := strings.Split(string(fm.text), "\n")
	for _, kv := range pairs {
		line := fm.textLine(kv.line)
		v, err := c.value(kv.value, 1)
		if err != nil {
			p.fail(line, kv.key, err)
			return nil
		}
		if doc.set(kv.key, v, line) {
			p.warn(line, kv.key, errors.New("duplicate key: the last value is used"))
		}
		p.brokenLists(fm, kv.key, line, kv.value, lines)
		p.droppedByComment(fm, kv.key, kv.value, lines, false)
		if kv.value.Kind == yaml.SequenceNode {
			for _, e := range kv.value.Content {
				p.droppedByComment(fm, kv.key, e, lines, true)
			}
		}
	}
	return doc
}

// textLine returns the file line of line n (1-based) of the front matter
// text, kept inside the text: yaml.v3 counts a lone CR as a line break,
// this package LF only (CRLF is already LF).
func (fm frontMatter) textLine(n int) int {
	last := bytes.Count(fm.text, []byte("\n")) + 1
	return fm.line + min(max(n, 1), last) - 1
}

// yamlConverter turns yaml.Nodes into values within a budget of nodes.
type yamlConverter struct {
	visited int
	// line is the line of the last node visited, for errors.
	line int
}

type yamlPair struct {
	key   string
	line  int
	value *yaml.Node
}

func (c *yamlConverter) visit(n *yaml.Node, depth int) error {
	c.visited++
	if n.Line > 0 {
		c.line = n.Line
	}
	if c.visited > maxYAMLNodes {
		return errYAMLTooLarge
	}
	if depth > maxYAMLDepth {
		return errYAMLTooDeep
	}
	return nil
}

// pairs lists the key/value pairs of a mapping node, merge keys (<<)
// resolved: explicit keys win over merged ones. Keys that are not scalars
// are skipped.
func (c *yamlConverter) pairs(n *yaml.Node, depth int) ([]yamlPair, error) {
	var explicit, merged []yamlPair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if err := c.visit(k, depth); err != nil {
			return nil, err
		}
		for k.Kind == yaml.AliasNode && k.Alias != nil {
			if err := c.visit(k.Alias, depth); err != nil {
				return nil, err
			}
			k = k.Alias
		}
		if k.Kind != yaml.ScalarNode {
			continue
		}
		if k.Tag == "!!merge" {
			m, err := c.merge(v, depth+1)
			if err != nil {
				return nil, err
			}
			merged = append(merged, m...)
			continue
		}
		explicit = append(explicit, yamlPair{key: k.Value, line: n.Content[i].Line, value: v})
	}
	if len(merged) == 0 {
		return explicit, nil
	}
	seen := make(map[string]bool, len(explicit))
	for _, kv := range explicit {
		seen[kv.key] = true
	}
	for _, kv := range merged {
		if !seen[kv.key] {
			seen[kv.key] = true
			explicit = append(explicit, kv)
		}
	}
	return explicit, nil
}

// merge returns the pairs a merge key brings: a mapping, or a sequence of
// mappings (the first one wins).
func (c *yamlConverter) merge(n *yaml.Node, depth int) ([]yamlPair, error) {
	if err := c.visit(n, depth); err != nil {
		return nil, err
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		return c.merge(n.Alias, depth+1)
	case yaml.MappingNode:
		return c.pairs(n, depth+1)
	case yaml.SequenceNode:
		var out []yamlPair
		for _, e := range n.Content {
			m, err := c.merge(e, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, m...)
		}
		return out, nil
	}
	return nil, nil
}

func (c *yamlConverter) value(n *yaml.Node, depth int) (any, error) {
	if err := c.visit(n, depth); err != nil {
		return nil, err
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		return c.value(n.Alias, depth+1)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.value(n.Content[0], depth+1)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, e := range n.Content {
			v, err := c.value(e, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		pairs, err := c.pairs(n, depth+1)
		if err != nil {
			return nil, err
		}
		out := make(map[string]any, len(pairs))
		for _, kv := range pairs {
			v, err := c.value(kv.value, depth+1)
			if err != nil {
				return nil, err
			}
			out[kv.key] = v
		}
		return out, nil
	case yaml.ScalarNode:
		return scalar(n), nil
	}
	return nil, nil
}

// scalar decodes a scalar node: numbers, booleans and null are decoded,
// everything else (strings, timestamps, custom tags) is kept as text.
func scalar(n *yaml.Node) any {
	switch n.Tag {
	case "!!int", "!!float", "!!bool", "!!null":
		var v any
		if err := n.Decode(&v); err == nil {
			return v
		}
	}
	return n.Value
}

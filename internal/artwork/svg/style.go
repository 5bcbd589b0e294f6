package svg

import (
	"fmt"
	"strings"
)

// style holds the inherited properties the renderer uses.
type style struct {
	fill          paint
	fillOpacity   float64
	evenOdd       bool // fill-rule
	clipEvenOdd   bool // clip-rule
	color         rgba // for currentColor
	linearFilters bool // color-interpolation-filters is linearRGB
	linearMask    bool // color-interpolation is linearRGB
	visible       bool
}

var defaultStyle = style{
	fill:          paint{kind: paintColor, color: rgba{a: 1}},
	fillOpacity:   1,
	color:         rgba{a: 1},
	linearFilters: true,
	visible:       true,
}

// cascade returns the style of n given its parent's.
func (d *Document) cascade(inh style, n *node) style {
	s := inh
	if v, ok := n.attrs["fill"]; ok && v != "inherit" {
		if p, ok := parsePaint(v); ok {
			s.fill = p
		} else {
			d.warn.once(fmt.Sprintf("invalid fill %q", short(v)))
		}
	}
	if v, ok := n.attrs["fill-opacity"]; ok && v != "inherit" {
		s.fillOpacity = opacityAttr(v, s.fillOpacity)
	}
	if v, ok := n.attrs["fill-rule"]; ok && v != "inherit" {
		s.evenOdd = strings.TrimSpace(v) == "evenodd"
	}
	if v, ok := n.attrs["clip-rule"]; ok && v != "inherit" {
		s.clipEvenOdd = strings.TrimSpace(v) == "evenodd"
	}
	if v, ok := n.attrs["color"]; ok && v != "inherit" {
		if c, ok := parseColor(v); ok {
			s.color = c
		}
	}
	if v, ok := n.attrs["color-interpolation-filters"]; ok && v != "inherit" {
		s.linearFilters = strings.TrimSpace(v) != "sRGB"
	}
	if v, ok := n.attrs["color-interpolation"]; ok && v != "inherit" {
		s.linearMask = strings.TrimSpace(v) == "linearRGB"
	}
	if v, ok := n.attrs["visibility"]; ok && v != "inherit" {
		v = strings.TrimSpace(v)
		s.visible = v != "hidden" && v != "collapse"
	}
	return s
}

// styleOf computes the style of n from its ancestors in the document,
// for content drawn by reference (masks, clip paths, filters).
func (d *Document) styleOf(n *node) style {
	if n == nil {
		return defaultStyle
	}
	return d.cascade(d.styleOf(n.parent), n)
}

// short shortens a value quoted in a warning.
func short(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

package svg

import (
	"strconv"
	"strings"
)

// rgba is a straight (not premultiplied) colour with channels in [0, 1].
type rgba struct{ r, g, b, a float64 }

// premul returns the colour premultiplied and scaled by opacity, as 8-bit
// channels.
func (c rgba) premul(opacity float64) [4]uint32 {
	a := c.a * opacity
	q := func(v float64) uint32 { return uint32(min(max(v*255+0.5, 0), 255)) }
	return [4]uint32{q(c.r * a), q(c.g * a), q(c.b * a), q(a)}
}

// paintKind says what a fill is.
type paintKind uint8

const (
	paintNone paintKind = iota
	paintColor
	paintCurrent // currentColor
	paintRef     // url(#id), possibly with a fallback colour
)

// paint is a parsed fill value.
type paint struct {
	kind     paintKind
	color    rgba
	ref      string
	fallback *paint
}

// parsePaint reads a fill value; ok is false for an invalid one, which the
// caller ignores (the inherited value stays).
func parsePaint(s string) (paint, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "none":
		return paint{kind: paintNone}, true
	case "currentColor", "currentcolor":
		return paint{kind: paintCurrent}, true
	}
	if strings.HasPrefix(s, "url(") {
		id, ok := refID(s)
		if !ok {
			return paint{}, false
		}
		p := paint{kind: paintRef, ref: id}
		if end := strings.IndexByte(s, ')'); end >= 0 {
			if rest := strings.TrimSpace(s[end+1:]); rest != "" {
				if fb, ok := parsePaint(rest); ok && fb.kind != paintRef {
					p.fallback = &fb
				}
			}
		}
		return p, true
	}
	c, ok := parseColor(s)
	if !ok {
		return paint{}, false
	}
	return paint{kind: paintColor, color: c}, true
}

// parseColor reads #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(), rgba() and the
// basic colour keywords.
func parseColor(s string) (rgba, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "#") {
		h := s[1:]
		if len(h) == 3 || len(h) == 4 {
			var b strings.Builder
			for i := range len(h) {
				b.WriteByte(h[i])
				b.WriteByte(h[i])
			}
			h = b.String()
		}
		if len(h) != 6 && len(h) != 8 {
			return rgba{}, false
		}
		v, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			return rgba{}, false
		}
		if len(h) == 6 {
			v = v<<8 | 0xff
		}
		return rgba{float64(v>>24) / 255, float64(v>>16&0xff) / 255, float64(v>>8&0xff) / 255, float64(v&0xff) / 255}, true
	}
	if strings.HasPrefix(s, "rgb") && strings.HasSuffix(s, ")") {
		open := strings.IndexByte(s, '(')
		if open < 0 {
			return rgba{}, false
		}
		parts := strings.FieldsFunc(s[open+1:len(s)-1], func(r rune) bool { return r == ',' || r == ' ' || r == '/' })
		if len(parts) != 3 && len(parts) != 4 {
			return rgba{}, false
		}
		var v [4]float64
		v[3] = 1
		for i, p := range parts {
			l, ok := parseLength(p)
			if !ok {
				return rgba{}, false
			}
			switch {
			case i == 3:
				v[i] = l.v
			case l.percent:
				v[i] = l.v
			default:
				v[i] = l.v / 255
			}
			v[i] = min(max(v[i], 0), 1)
		}
		return rgba{v[0], v[1], v[2], v[3]}, true
	}
	if c, ok := namedColors[s]; ok {
		return rgba{float64(c >> 16 & 0xff), float64(c >> 8 & 0xff), float64(c & 0xff), 255}.scale(1.0 / 255), true
	}
	if s == "transparent" {
		return rgba{}, true
	}
	return rgba{}, false
}

func (c rgba) scale(k float64) rgba { return rgba{c.r * k, c.g * k, c.b * k, c.a * k} }

// namedColors holds the CSS basic colour keywords and a few common others.
var namedColors = map[string]uint32{
	"black": 0x000000, "silver": 0xc0c0c0, "gray": 0x808080, "grey": 0x808080,
	"white": 0xffffff, "maroon": 0x800000, "red": 0xff0000, "purple": 0x800080,
	"fuchsia": 0xff00ff, "magenta": 0xff00ff, "green": 0x008000, "lime": 0x00ff00,
	"olive": 0x808000, "yellow": 0xffff00, "navy": 0x000080, "blue": 0x0000ff,
	"teal": 0x008080, "aqua": 0x00ffff, "cyan": 0x00ffff, "orange": 0xffa500,
	"darkgray": 0xa9a9a9, "darkgrey": 0xa9a9a9, "lightgray": 0xd3d3d3,
	"lightgrey": 0xd3d3d3, "pink": 0xffc0cb, "brown": 0xa52a2a, "gold": 0xffd700,
}

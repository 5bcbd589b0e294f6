package svg

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

const (
	nsSVG   = "http://www.w3.org/2000/svg"
	nsXLink = "http://www.w3.org/1999/xlink"
)

// node is one element of the document tree, with its attributes by local
// name. Declarations of the style attribute override presentation
// attributes; an xlink:href fills href when href is absent.
type node struct {
	tag      string
	attrs    map[string]string
	children []*node
	parent   *node

	geom     []seg // shape geometry in user space, computed once
	geomDone bool
}

func (n *node) attr(name string) string { return n.attrs[name] }

// Parse reads an SVG document, checking it against lim.
func Parse(data []byte, lim Limits) (*Document, error) {
	lim = lim.withDefaults()
	if int64(len(data)) > lim.MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes (max %d)", ErrLimit, len(data), lim.MaxBytes)
	}
	d := &Document{ids: map[string]*node{}, lim: lim}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return r, nil
		}
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	var (
		stack    []*node
		skip     int // depth inside a skipped (foreign) subtree
		elements int
		root     *node
		text     strings.Builder // text of an open <style>
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("parse xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			elements++
			if elements > lim.MaxElements {
				return nil, fmt.Errorf("%w: more than %d elements", ErrLimit, lim.MaxElements)
			}
			if len(stack)+skip >= lim.MaxDepth {
				return nil, fmt.Errorf("%w: elements nested deeper than %d", ErrLimit, lim.MaxDepth)
			}
			if skip > 0 || (t.Name.Space != nsSVG && t.Name.Space != "") {
				// Foreign elements (editor metadata and the like) are
				// ignored with their content, as browsers do.
				skip++
				continue
			}
			n := &node{tag: t.Name.Local, attrs: make(map[string]string, len(t.Attr))}
			d.readAttrs(n, t.Attr)
			if len(stack) == 0 {
				if root != nil {
					return nil, fmt.Errorf("parse xml: %w", errors.New("several root elements"))
				}
				if n.tag != "svg" {
					return nil, fmt.Errorf("%w: root element <%s>", ErrNotSVG, n.tag)
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				n.parent = p
				p.children = append(p.children, n)
			}
			if id := n.attrs["id"]; id != "" {
				if _, dup := d.ids[id]; !dup {
					d.ids[id] = n
				}
			}
			stack = append(stack, n)
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if len(stack) > 0 {
				if n := stack[len(stack)-1]; n.tag == "style" && strings.TrimSpace(text.String()) != "" {
					d.warn.add("css style sheet ignored")
				}
				text.Reset()
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1].tag == "style" && text.Len() < 1<<10 {
				text.Write(t)
			}
		}
	}
	if root == nil {
		return nil, ErrNotSVG
	}
	d.root = root
	if err := d.setSize(); err != nil {
		return nil, err
	}
	return d, nil
}

// readAttrs copies the attributes of an element by local name, folds the
// style attribute in and notes unknown attributes.
func (d *Document) readAttrs(n *node, attrs []xml.Attr) {
	var href string
	for _, a := range attrs {
		switch a.Name.Space {
		case "":
			n.attrs[a.Name.Local] = a.Value
			if !knownAttr(a.Name.Local) {
				d.warn.add(fmt.Sprintf("unsupported attribute %s", a.Name.Local))
			}
		case nsXLink:
			if a.Name.Local == "href" {
				href = a.Value
			}
		}
	}
	if _, ok := n.attrs["href"]; !ok && href != "" {
		n.attrs["href"] = href
	}
	if s, ok := n.attrs["style"]; ok {
		for _, decl := range strings.Split(s, ";") {
			k, v, ok := strings.Cut(decl, ":")
			if !ok {
				continue
			}
			k = strings.ToLower(strings.TrimSpace(k))
			v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "!important"))
			if k == "" {
				continue
			}
			if !knownAttr(k) {
				d.warn.add(fmt.Sprintf("unsupported style property %s", k))
				continue
			}
			n.attrs[k] = v
		}
	}
	if !knownElement(n.tag) {
		d.warn.add(fmt.Sprintf("unsupported element <%s>", n.tag))
	}
	if s := n.attrs["stroke"]; s != "" && s != "none" {
		d.warn.add("stroke not drawn")
	}
}

// setSize reads the root's intrinsic size and viewBox.
func (d *Document) setSize() error {
	vb, hasVB := parseViewBox(d.root.attr("viewBox"))
	w, wok := parseLength(d.root.attr("width"))
	h, hok := parseLength(d.root.attr("height"))
	if w.percent {
		wok = false
	}
	if h.percent {
		hok = false
	}
	switch {
	case wok && hok:
		d.Width, d.Height = w.v, h.v
	case hasVB && wok:
		d.Width, d.Height = w.v, w.v*vb.h/vb.w
	case hasVB && hok:
		d.Width, d.Height = h.v*vb.w/vb.h, h.v
	case hasVB:
		d.Width, d.Height = vb.w, vb.h
	default:
		d.Width, d.Height = 300, 150
	}
	if !(d.Width > 0 && d.Height > 0) || d.Width > 1e6 || d.Height > 1e6 {
		return fmt.Errorf("%w: intrinsic size %gx%g", ErrLimit, d.Width, d.Height)
	}
	if d.Width*d.Height > float64(d.lim.MaxPixels) {
		return fmt.Errorf("%w: intrinsic size %gx%g is over %d pixels", ErrLimit, d.Width, d.Height, d.lim.MaxPixels)
	}
	if hasVB {
		d.vbW, d.vbH = vb.w, vb.h
	} else {
		d.vbW, d.vbH = d.Width, d.Height
	}
	return nil
}

func knownElement(tag string) bool {
	switch tag {
	case "svg", "g", "defs", "path", "rect", "circle", "ellipse", "polygon",
		"polyline", "line", "image", "use", "symbol", "a", "switch",
		"clipPath", "mask", "filter", "feColorMatrix",
		"linearGradient", "radialGradient", "stop",
		"title", "desc", "metadata", "style":
		return true
	}
	return false
}

func knownAttr(name string) bool {
	switch name {
	case "id", "class", "version", "baseProfile", "zoomAndPan", "lang",
		"xmlns", "viewBox", "preserveAspectRatio", "transform", "style",
		"x", "y", "width", "height", "rx", "ry", "cx", "cy", "r",
		"x1", "y1", "x2", "y2", "points", "d", "href",
		"fill", "fill-opacity", "fill-rule", "opacity", "display", "visibility",
		"color", "clip-path", "clip-rule", "mask", "filter", "mask-type",
		"clipPathUnits", "maskUnits", "maskContentUnits", "filterUnits",
		"primitiveUnits", "color-interpolation", "color-interpolation-filters",
		"type", "values", "in", "result", "offset", "stop-color", "stop-opacity",
		"gradientUnits", "gradientTransform", "fx", "fy", "spreadMethod",
		"stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
		"stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
		"stroke-dashoffset", "overflow", "image-rendering", "shape-rendering",
		"enable-background", "space", "target", "role", "focusable", "media":
		return true
	}
	return strings.HasPrefix(name, "data-") || strings.HasPrefix(name, "aria-") ||
		strings.HasPrefix(name, "xmlns")
}

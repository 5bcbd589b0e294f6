package svg

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif"  // embedded GIF images
	_ "image/jpeg" // embedded JPEG images
	_ "image/png"  // embedded PNG images
	"math"
	"net/url"
	"strings"

	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // embedded WebP images
)

// imageCache holds the embedded images of a document, decoded once and
// shared by its renders.
type imageCache struct {
	byHref map[string]*embedded
	pixels int64 // decoded so far, against MaxPixels
}

// embedded is one decoded image, with derived copies cached by size.
type embedded struct {
	img     *image.RGBA // premultiplied, origin at 0,0
	err     error
	derived map[[3]int]*image.RGBA // {width, height, pad} → resized, padded copy
}

var errExternal = errors.New("external image not loaded")

// loadImage decodes the image an href points to: only data: URLs are read.
// Limit errors stop the render; other errors skip the image.
func (r *renderer) loadImage(href string) (*embedded, error) {
	c := &r.d.cache
	if e, ok := c.byHref[href]; ok {
		return e, nil
	}
	if c.byHref == nil {
		c.byHref = map[string]*embedded{}
	}
	e := &embedded{}
	img, err := r.decodeHref(href)
	if errors.Is(err, ErrLimit) {
		return nil, err
	}
	e.img, e.err = img, err
	c.byHref[href] = e
	return e, nil
}

func (r *renderer) decodeHref(href string) (*image.RGBA, error) {
	href = strings.TrimSpace(href)
	if !strings.HasPrefix(href, "data:") {
		return nil, errExternal
	}
	meta, payload, ok := strings.Cut(href[len("data:"):], ",")
	if !ok {
		return nil, errors.New("invalid data url")
	}
	var data []byte
	if strings.HasSuffix(meta, ";base64") {
		clean := strings.Map(func(r rune) rune {
			if isSpace(byte(r)) && r < 0x80 {
				return -1
			}
			return r
		}, payload)
		var err error
		data, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(clean, "="))
		if err != nil {
			return nil, fmt.Errorf("decode base64: %w", err)
		}
	} else {
		s, err := url.PathUnescape(payload)
		if err != nil {
			return nil, fmt.Errorf("decode data url: %w", err)
		}
		data = []byte(s)
	}
	if strings.HasPrefix(meta, "image/svg") {
		return nil, errors.New("nested svg images are not drawn")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decode image header: %w", err)
	}
	px := int64(cfg.Width) * int64(cfg.Height)
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("image size %dx%d", cfg.Width, cfg.Height)
	}
	if px > r.d.lim.MaxPixels || r.d.cache.pixels+px > r.d.lim.MaxPixels {
		return nil, fmt.Errorf("%w: embedded image %dx%d (images over %d pixels in all)", ErrLimit, cfg.Width, cfg.Height, r.d.lim.MaxPixels)
	}
	r.d.cache.pixels += px
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decode image: %w", err)
	}
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Rect, img, b.Min, draw.Src)
	return out, nil
}

// imageViewport returns the x, y, width and height of an <image>, without
// the image's own size (auto width and height count as 0).
func imageViewport(n *node, d *Document) rectF {
	return rectF{
		lengthAttr(n, "x", d.vbW, 0), lengthAttr(n, "y", d.vbH, 0),
		lengthAttr(n, "width", d.vbW, 0), lengthAttr(n, "height", d.vbH, 0),
	}
}

// drawImage draws an <image> element with antialiased edges: the image is
// resampled (Catmull-Rom) into a layer, then composited through the
// coverage of its outline.
func (r *renderer) drawImage(dst *image.RGBA, n *node, m matrix, opacity float64) error {
	e, err := r.loadImage(n.attr("href"))
	if err != nil {
		return err
	}
	if e.err != nil {
		r.d.warn.once(fmt.Sprintf("image not drawn: %v", e.err))
		return nil
	}
	iw, ih := float64(e.img.Rect.Dx()), float64(e.img.Rect.Dy())
	vp := imageViewport(n, r.d)
	if _, ok := n.attrs["width"]; !ok {
		vp.w = iw
	}
	if _, ok := n.attrs["height"]; !ok {
		vp.h = ih
	}
	if vp.empty() {
		return nil
	}
	asp := parseAspect(n.attr("preserveAspectRatio"))
	im := m.mul(asp.fit(viewBox{0, 0, iw, ih}, vp.x, vp.y, vp.w, vp.h))
	cov := r.ras.coverage(rectSegs(rectF{0, 0, iw, ih}), im, false, dst.Rect)
	if cov == nil {
		return nil
	}
	if asp.slice {
		vc := r.ras.coverage(rectSegs(vp), m, false, cov.Rect)
		if vc == nil {
			return nil
		}
		cov = intersectMasks(cov, vc)
	}
	tmp, err := r.newLayer(cov.Rect)
	if err != nil {
		return err
	}
	defer r.release(tmp)
	if im.b == 0 && im.c == 0 {
		resampleAxis(tmp, e.img, im.a, im.e, im.d, im.f)
	} else {
		src, sm := e.prepared(im)
		xdraw.CatmullRom.Transform(tmp, im.mul(sm).aff3(), src, src.Rect, xdraw.Src, nil)
	}
	compositeOver(dst, tmp, cov, alpha8(opacity))

	// Note the scale of the image that covers the most.
	var area float64
	for _, v := range cov.Pix {
		area += float64(v)
	}
	if area > r.bestArea {
		r.bestArea = area
		r.info.ImageScale = math.Sqrt(math.Abs(im.det()))
	}
	return nil
}

// prepared returns the image to resample for drawing under m and the
// transform from that copy to the image's own pixels. Images drawn below
// half size are first shrunk with a separable filter, as browsers use
// mipmaps. The copy is padded by repeating its edges, so that the
// resampler covers every pixel the outline touches; the outline's coverage
// then cuts the edge.
func (e *embedded) prepared(m matrix) (*image.RGBA, matrix) {
	iw, ih := e.img.Rect.Dx(), e.img.Rect.Dy()
	sx, sy := m.scales()
	w, h := iw, ih
	if sx < 0.5 {
		w = max(1, int(math.Round(float64(iw)*sx)))
	}
	if sy < 0.5 {
		h = max(1, int(math.Round(float64(ih)*sy)))
	}
	fx, fy := float64(iw)/float64(w), float64(ih)/float64(h)
	minScale := max(min(sx*fx, sy*fy), 1e-3)
	pad := 2 + int(math.Min(math.Ceil(1/minScale), 64))
	key := [3]int{w, h, pad}
	if c, ok := e.derived[key]; ok {
		return c, scale(fx, fy).mul(translate(-float64(pad), -float64(pad)))
	}
	src := e.img
	if w != iw || h != ih {
		small := image.NewRGBA(image.Rect(0, 0, w, h))
		xdraw.CatmullRom.Scale(small, small.Rect, src, src.Rect, xdraw.Src, nil)
		src = small
	}
	out := padEdges(src, pad)
	if e.derived == nil {
		e.derived = map[[3]int]*image.RGBA{}
	}
	e.derived[key] = out
	return out, scale(fx, fy).mul(translate(-float64(pad), -float64(pad)))
}

// padEdges returns src surrounded by pad pixels repeating its edges.
func padEdges(src *image.RGBA, pad int) *image.RGBA {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	out := image.NewRGBA(image.Rect(0, 0, w+2*pad, h+2*pad))
	for y := range out.Rect.Dy() {
		sy := min(max(y-pad, 0), h-1)
		srow := src.Pix[src.PixOffset(0, sy):][:4*w]
		drow := out.Pix[out.PixOffset(0, y):][:4*(w+2*pad)]
		copy(drow[4*pad:], srow)
		for x := range pad {
			copy(drow[4*x:4*x+4], srow[:4])
			copy(drow[4*(pad+w+x):4*(pad+w+x)+4], srow[4*(w-1):])
		}
	}
	return out
}

package svg

import (
	"math"
)

// seg is one segment of a path in absolute coordinates: moveTo and lineTo
// use p[0], quadTo p[0..1], cubeTo p[0..2].
type seg struct {
	op byte // 'M', 'L', 'Q', 'C' or 'Z'
	p  [3]pt
}

// parsePath reads SVG path data. On an error it returns the segments read
// so far and ok false: the path is drawn up to the error, as the
// specification asks.
func parsePath(d string) (segs []seg, ok bool) {
	sc := scanner{s: d}
	var (
		cur, start pt
		lastCtrl   pt   // reflected control point for S and T
		lastCmd    byte // previous command, upper case
		cmd        byte
	)
	for {
		sc.skipSpace()
		if sc.done() {
			return segs, true
		}
		c := sc.s[sc.i]
		if isCommand(c) {
			cmd = c
			sc.i++
		} else if cmd == 0 || (cmd|0x20) == 'z' {
			return segs, false
		}
		rel := cmd >= 'a'
		up := cmd &^ 0x20
		var base pt
		if rel {
			base = cur
		}
		// nums reads n coordinates, separated as path data allows.
		nums := func(n int) ([]float64, bool) {
			out := make([]float64, n)
			for i := range out {
				sc.skipSep()
				v, ok := sc.number()
				if !ok {
					return nil, false
				}
				out[i] = v
			}
			return out, true
		}
		switch up {
		case 'Z':
			segs = append(segs, seg{op: 'Z'})
			cur = start
			lastCmd = 'Z'
			continue
		case 'M', 'L', 'T':
			v, good := nums(2)
			if !good {
				return segs, false
			}
			p := pt{base.x + v[0], base.y + v[1]}
			switch up {
			case 'M':
				segs = append(segs, seg{op: 'M', p: [3]pt{p}})
				start = p
				// Coordinates after a moveto are implicit linetos.
				if rel {
					cmd = 'l'
				} else {
					cmd = 'L'
				}
			case 'L':
				segs = append(segs, seg{op: 'L', p: [3]pt{p}})
			case 'T':
				ctrl := cur
				if lastCmd == 'Q' || lastCmd == 'T' {
					ctrl = pt{2*cur.x - lastCtrl.x, 2*cur.y - lastCtrl.y}
				}
				segs = append(segs, seg{op: 'Q', p: [3]pt{ctrl, p}})
				lastCtrl = ctrl
			}
			cur = p
		case 'H', 'V':
			v, good := nums(1)
			if !good {
				return segs, false
			}
			p := cur
			if up == 'H' {
				p.x = base.x + v[0]
			} else {
				p.y = base.y + v[0]
			}
			segs = append(segs, seg{op: 'L', p: [3]pt{p}})
			cur = p
		case 'Q', 'S':
			v, good := nums(4)
			if !good {
				return segs, false
			}
			c2 := pt{base.x + v[0], base.y + v[1]}
			p := pt{base.x + v[2], base.y + v[3]}
			if up == 'Q' {
				segs = append(segs, seg{op: 'Q', p: [3]pt{c2, p}})
			} else {
				c1 := cur
				if lastCmd == 'C' || lastCmd == 'S' {
					c1 = pt{2*cur.x - lastCtrl.x, 2*cur.y - lastCtrl.y}
				}
				segs = append(segs, seg{op: 'C', p: [3]pt{c1, c2, p}})
			}
			lastCtrl = c2
			cur = p
		case 'C':
			v, good := nums(6)
			if !good {
				return segs, false
			}
			c1 := pt{base.x + v[0], base.y + v[1]}
			c2 := pt{base.x + v[2], base.y + v[3]}
			p := pt{base.x + v[4], base.y + v[5]}
			segs = append(segs, seg{op: 'C', p: [3]pt{c1, c2, p}})
			lastCtrl = c2
			cur = p
		case 'A':
			r, good := nums(3)
			if !good {
				return segs, false
			}
			sc.skipSep()
			large, good1 := sc.flag()
			sc.skipSep()
			sweep, good2 := sc.flag()
			end, good3 := nums(2)
			if !good1 || !good2 || !good3 {
				return segs, false
			}
			p := pt{base.x + end[0], base.y + end[1]}
			segs = appendArc(segs, cur, p, r[0], r[1], r[2], large, sweep)
			cur = p
		}
		lastCmd = up
		if len(segs) > 0 && segs[0].op != 'M' {
			return nil, false // path data must start with a moveto
		}
	}
}

func isCommand(c byte) bool {
	switch c | 0x20 {
	case 'm', 'l', 'h', 'v', 'c', 's', 'q', 't', 'a', 'z':
		return true
	}
	return false
}

// appendArc appends the elliptical arc from p0 to p1 as cubic Béziers,
// following the endpoint-to-centre conversion of SVG 1.1 appendix F.6.
func appendArc(segs []seg, p0, p1 pt, rx, ry, phiDeg float64, large, sweep bool) []seg {
	if p0 == p1 {
		return segs
	}
	rx, ry = math.Abs(rx), math.Abs(ry)
	if rx == 0 || ry == 0 {
		return append(segs, seg{op: 'L', p: [3]pt{p1}})
	}
	sinPhi, cosPhi := math.Sincos(phiDeg * math.Pi / 180)
	dx, dy := (p0.x-p1.x)/2, (p0.y-p1.y)/2
	x1 := cosPhi*dx + sinPhi*dy
	y1 := -sinPhi*dx + cosPhi*dy
	if l := x1*x1/(rx*rx) + y1*y1/(ry*ry); l > 1 {
		s := math.Sqrt(l)
		rx, ry = rx*s, ry*s
	}
	num := rx*rx*ry*ry - rx*rx*y1*y1 - ry*ry*x1*x1
	den := rx*rx*y1*y1 + ry*ry*x1*x1
	k := 0.0
	if den > 0 && num > 0 {
		k = math.Sqrt(num / den)
	}
	if large == sweep {
		k = -k
	}
	cx1, cy1 := k*rx*y1/ry, -k*ry*x1/rx
	cx := cosPhi*cx1 - sinPhi*cy1 + (p0.x+p1.x)/2
	cy := sinPhi*cx1 + cosPhi*cy1 + (p0.y+p1.y)/2
	angle := func(ux, uy, vx, vy float64) float64 {
		return math.Atan2(ux*vy-uy*vx, ux*vx+uy*vy)
	}
	ux, uy := (x1-cx1)/rx, (y1-cy1)/ry
	vx, vy := (-x1-cx1)/rx, (-y1-cy1)/ry
	theta := angle(1, 0, ux, uy)
	delta := angle(ux, uy, vx, vy)
	if !sweep && delta > 0 {
		delta -= 2 * math.Pi
	} else if sweep && delta < 0 {
		delta += 2 * math.Pi
	}
	if !finite(theta) || !finite(delta) || !finite(cx) || !finite(cy) {
		return append(segs, seg{op: 'L', p: [3]pt{p1}})
	}
	n := int(math.Ceil(math.Abs(delta) / (math.Pi / 2)))
	d := delta / float64(n)
	t := 4.0 / 3 * math.Tan(d/4)
	onEllipse := func(a float64) (pt, pt) { // point and derivative direction
		s, c := math.Sincos(a)
		px, py := rx*c, ry*s
		tx, ty := -rx*s, ry*c
		return pt{cosPhi*px - sinPhi*py + cx, sinPhi*px + cosPhi*py + cy},
			pt{cosPhi*tx - sinPhi*ty, sinPhi*tx + cosPhi*ty}
	}
	a := theta
	from, dfrom := onEllipse(a)
	for i := 0; i < n; i++ {
		to, dto := onEllipse(a + d)
		if i == n-1 {
			to = p1
		}
		segs = append(segs, seg{op: 'C', p: [3]pt{
			{from.x + t*dfrom.x, from.y + t*dfrom.y},
			{to.x - t*dto.x, to.y - t*dto.y},
			to,
		}})
		a += d
		from, dfrom = to, dto
	}
	return segs
}

package episode

import (
	"bytes"
	"sort"
)

// sourceMap maps offsets of the expanded body back to the original.
type sourceMap []mapEntry

type mapEntry struct {
	dst, src int
	fixed    bool // inserted text: every offset maps to src
}

func (m sourceMap) orig(dst int) int {
	i := sort.Search(len(m), func(i int) bool { return m[i].dst > dst }) - 1
	if i < 0 {
		return dst
	}
	if m[i].fixed {
		return m[i].src
	}
	return m[i].src + dst - m[i].dst
}

// writer builds an expanded text and its source map.
type writer struct {
	buf  bytes.Buffer
	smap sourceMap
}

func (w *writer) copy(src []byte, from, to int) {
	if from < to {
		w.smap = append(w.smap, mapEntry{dst: w.buf.Len(), src: from})
		w.buf.Write(src[from:to])
	}
}

func (w *writer) insert(b []byte, at int) {
	w.smap = append(w.smap, mapEntry{dst: w.buf.Len(), src: at, fixed: true})
	w.buf.Write(b)
}

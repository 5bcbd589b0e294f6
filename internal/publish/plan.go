package publish

import (
	"cmp"
	"mime"
	"slices"
	"strings"

	"github.com/feedcast/feedcast/internal/filetype"
)

// Plan is what a run changes on a target, in the order it does it.
type Plan struct {
	// Uploads are the new and changed objects: files, then pages, then
	// feeds; by key within each step.
	Uploads []Object
	// Deletes are the objects the build no longer has: feeds, then
	// pages, then files, done after every upload.
	Deletes []Object
	// Unchanged counts the objects left as they are.
	Unchanged int
}

// Diff compares the output folder (local, from Scan) with what a target
// lists (remote) and returns the plan that makes the target equal to the
// folder. An object is uploaded when it is missing, when its hash is
// unknown or differs, or when its headers changed.
func Diff(local, remote map[string]Object) Plan {
	var p Plan
	for k, l := range local {
		if r, ok := remote[k]; ok && same(l, r) {
			p.Unchanged++
			continue
		}
		p.Uploads = append(p.Uploads, l)
	}
	for k, r := range remote {
		if _, ok := local[k]; !ok {
			p.Deletes = append(p.Deletes, r)
		}
	}
	slices.SortFunc(p.Uploads, func(a, b Object) int {
		return cmp.Or(cmp.Compare(stageOf(a), stageOf(b)), strings.Compare(a.Key, b.Key))
	})
	slices.SortFunc(p.Deletes, func(a, b Object) int {
		return cmp.Or(cmp.Compare(stageOf(b), stageOf(a)), strings.Compare(a.Key, b.Key))
	})
	return p
}

// stageOf is the upload step of o, the build's own order
// (filetype.StageOf): files, pages, archive pages, then feeds. The
// Content-Type a target reports may be missing, so the key decides too.
func stageOf(o Object) filetype.Stage {
	ctype := o.ContentType
	if ctype == "" {
		ctype = filetype.ContentType(o.Key, nil)
	}
	return filetype.StageOf(o.Key, ctype)
}

// same reports whether the remote object r holds the bytes and headers of
// the local object l.
func same(l, r Object) bool {
	return r.Hash != "" && l.Hash == r.Hash && l.Size == r.Size &&
		sameType(l.ContentType, r.ContentType) &&
		l.CacheControl == r.CacheControl && l.ContentEncoding == r.ContentEncoding
}

// sameType compares two Content-Types as media types, so that a store
// that rewrites "text/html; charset=utf-8" as "text/html;charset=UTF-8"
// does not cause an upload on every run.
func sameType(a, b string) bool {
	if a == b {
		return true
	}
	ma, pa, errA := mime.ParseMediaType(a)
	mb, pb, errB := mime.ParseMediaType(b)
	if errA != nil || errB != nil || ma != mb || len(pa) != len(pb) {
		return false
	}
	for k, v := range pa {
		if !strings.EqualFold(pb[k], v) {
			return false
		}
	}
	return true
}

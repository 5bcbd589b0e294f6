package cache

import (
	"github.com/feedcast/feedcast/internal/binenc"
	"github.com/feedcast/feedcast/internal/readiness"
)

// Summary is what a build leaves in its output folder's manifest for the
// next build to check quickly that nothing changed: the digest of every
// input (the settings, the program, the signature of every file of the
// content and static folders), the clock range that releases the same
// episodes, and the result to report again.
type Summary struct {
	Inputs Key
	// ValidFrom and ValidUntil bound the clock that releases the same
	// episodes (Unix nanoseconds; ValidUntil 0: for ever).
	ValidFrom, ValidUntil int64
	// The counts and problems of the build's result.
	Published, Skipped, Held, Twins, NoMedia, Feeds, Files, Images int
	Diagnostics                                                    []Diag
	Readiness                                                      []readiness.Finding
}

// Encode returns the summary's bytes; nil for no summary.
func (f *Summary) Encode() []byte {
	if f == nil {
		return nil
	}
	e := &encoder{}
	e.key(f.Inputs)
	e.Int(f.ValidFrom)
	e.Int(f.ValidUntil)
	for _, n := range []int{f.Published, f.Skipped, f.Held, f.Twins, f.NoMedia, f.Feeds, f.Files, f.Images} {
		e.Int(int64(n))
	}
	e.diags(f.Diagnostics)
	e.findings(f.Readiness)
	return e.B
}

// DecodeSummary reads what Encode wrote; nil when b holds no summary or
// a corrupt one. The strings share b, which must never change.
func DecodeSummary(b []byte) *Summary {
	if b == nil {
		return nil
	}
	d := &decoder{Decoder: binenc.Decoder{B: b}, alias: true}
	f := &Summary{Inputs: d.key(), ValidFrom: d.Int(), ValidUntil: d.Int()}
	for _, n := range []*int{&f.Published, &f.Skipped, &f.Held, &f.Twins, &f.NoMedia, &f.Feeds, &f.Files, &f.Images} {
		*n = d.intn()
	}
	f.Diagnostics = d.diags()
	f.Readiness = d.findings()
	if d.Err != nil {
		return nil
	}
	return f
}

// findings and the decoder's findings keep the readiness findings in the
// manifest, which an unchanged build reports again.
func (e *encoder) findings(fs []readiness.Finding) {
	e.Uint(uint64(len(fs)))
	for _, f := range fs {
		e.Str(f.Kind)
		e.Str(f.Key)
		e.Str(f.Msg)
		e.strs(f.Files)
		e.Int(int64(f.Count))
		e.Str(f.Show)
	}
}

func (d *decoder) findings() []readiness.Finding {
	n := d.Count()
	if n == 0 {
		return nil
	}
	fs := make([]readiness.Finding, n)
	for i := range fs {
		fs[i] = readiness.Finding{Kind: d.str(), Key: d.str(), Msg: d.str(), Files: d.strs(), Count: d.intn(), Show: d.str()}
	}
	return fs
}

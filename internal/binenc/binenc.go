// Package binenc appends and reads the compact binary encoding that the
// build cache's index and the output folder's manifest are written in:
// integers as encoding/binary's varints, strings and byte runs prefixed
// by their length, booleans as one byte. It holds no state of its own:
// the formats built on it say what is written in which order.
package binenc

import (
	"encoding/binary"
	"errors"
)

// Encoder appends values to B.
type Encoder struct{ B []byte }

func (e *Encoder) Uint(v uint64) { e.B = binary.AppendUvarint(e.B, v) }
func (e *Encoder) Int(v int64)   { e.B = binary.AppendVarint(e.B, v) }

// Str writes s prefixed by its length.
func (e *Encoder) Str(s string) { e.Uint(uint64(len(s))); e.B = append(e.B, s...) }

// Raw writes b as it is: its length is the format's.
func (e *Encoder) Raw(b []byte) { e.B = append(e.B, b...) }

func (e *Encoder) Bool(v bool) {
	b := byte(0)
	if v {
		b = 1
	}
	e.B = append(e.B, b)
}

// Present writes whether something follows, and returns set.
func (e *Encoder) Present(set bool) bool { e.Bool(set); return set }

// ErrCorrupt is the error of a Decoder that read past its bytes or a
// malformed varint.
var ErrCorrupt = errors.New("corrupt encoding")

// Decoder reads what an Encoder wrote. The first error sticks (Err is
// ErrCorrupt then) and every later read returns a zero value, so that a
// format is read without a check after each value.
type Decoder struct {
	B   []byte
	Err error
}

// Fail marks the bytes as corrupt.
func (d *Decoder) Fail() { d.Err, d.B = ErrCorrupt, nil }

func (d *Decoder) Uint() uint64 {
	v, n := binary.Uvarint(d.B)
	if n <= 0 {
		d.Fail()
		return 0
	}
	d.B = d.B[n:]
	return v
}

func (d *Decoder) Int() int64 {
	v, n := binary.Varint(d.B)
	if n <= 0 {
		d.Fail()
		return 0
	}
	d.B = d.B[n:]
	return v
}

// Count reads a length, bounded by what is left to read: a corrupt
// length cannot make the reader allocate more than the bytes hold.
func (d *Decoder) Count() int {
	n := d.Uint()
	if n > uint64(len(d.B)) {
		d.Fail()
		return 0
	}
	return int(n)
}

// Raw reads n bytes; they share the Decoder's bytes.
func (d *Decoder) Raw(n int) []byte {
	if n > len(d.B) {
		d.Fail()
		return make([]byte, n)
	}
	v := d.B[:n]
	d.B = d.B[n:]
	return v
}

// Bytes reads what Str wrote, sharing the Decoder's bytes.
func (d *Decoder) Bytes() []byte { return d.Raw(d.Count()) }

// Str reads what Str wrote, as a new string.
func (d *Decoder) Str() string {
	b := d.Bytes()
	if len(b) == 0 || d.Err != nil {
		return ""
	}
	return string(b)
}

func (d *Decoder) Bool() bool { return d.Raw(1)[0] == 1 }

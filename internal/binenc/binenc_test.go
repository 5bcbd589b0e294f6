package binenc

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	var e Encoder
	e.Uint(0)
	e.Uint(math.MaxUint64)
	e.Int(math.MinInt64)
	e.Int(-1)
	e.Str("")
	e.Str("épisode")
	e.Raw([]byte{7, 8})
	e.Bool(true)
	if !e.Present(true) || e.Present(false) {
		t.Fatal("Present does not return its argument")
	}
	d := Decoder{B: e.B}
	if v := d.Uint(); v != 0 {
		t.Errorf("Uint = %d", v)
	}
	if v := d.Uint(); v != math.MaxUint64 {
		t.Errorf("Uint = %d", v)
	}
	if v := d.Int(); v != math.MinInt64 {
		t.Errorf("Int = %d", v)
	}
	if v := d.Int(); v != -1 {
		t.Errorf("Int = %d", v)
	}
	if s := d.Str(); s != "" {
		t.Errorf("Str = %q", s)
	}
	if s := d.Str(); s != "épisode" {
		t.Errorf("Str = %q", s)
	}
	if b := d.Raw(2); b[0] != 7 || b[1] != 8 {
		t.Errorf("Raw = %v", b)
	}
	if !d.Bool() || !d.Bool() || d.Bool() {
		t.Error("Bool: wrong values")
	}
	if d.Err != nil || len(d.B) != 0 {
		t.Errorf("Err = %v, %d bytes left", d.Err, len(d.B))
	}
}

// TestVarintsAreEncodingBinarys pins the encoding: files written before
// the package existed are read the same.
func TestVarintsAreEncodingBinarys(t *testing.T) {
	var e Encoder
	e.Int(-300)
	e.Uint(300)
	want := binary.AppendUvarint(binary.AppendVarint(nil, -300), 300)
	if string(e.B) != string(want) {
		t.Errorf("% x, want % x", e.B, want)
	}
}

func TestCorrupt(t *testing.T) {
	for name, read := range map[string]func(*Decoder){
		"truncated varint": func(d *Decoder) { d.Uint() },
		"length too long":  func(d *Decoder) { d.Str() },
		"raw past the end": func(d *Decoder) { d.Raw(5) },
	} {
		d := Decoder{B: []byte{0x80}}
		if name == "length too long" {
			d.B = []byte{9, 'a'}
		}
		read(&d)
		if !errors.Is(d.Err, ErrCorrupt) {
			t.Errorf("%s: Err = %v", name, d.Err)
		}
		// The error sticks and later reads are zero.
		if d.Int() != 0 || d.Str() != "" || d.Count() != 0 || !errors.Is(d.Err, ErrCorrupt) {
			t.Errorf("%s: reads after the error", name)
		}
	}
}

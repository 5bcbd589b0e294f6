package transcript

import (
	"bytes"
	"errors"
	"testing"
)

func TestParseText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []seg
	}{
		{
			name: "paragraphs without speakers",
			in:   "First paragraph\nwrapped here.\n\n\nSecond.\n",
			want: []seg{{"", "", "First paragraph wrapped here."}, {"", "", "Second."}},
		},
		{
			name: "turns and continuation paragraphs",
			in:   "Voix OFF : Bienvenue.\n\nMélanie RAPHAËL\u00a0: Bonjour.\n\nSuite de Mélanie.\n\nJane: Hi.\nJohn: Hello.\nstill John\n",
			want: []seg{
				{"Voix OFF", "", "Bienvenue."},
				{"Mélanie RAPHAËL", "", "Bonjour."},
				{"Mélanie RAPHAËL", "", "Suite de Mélanie."},
				{"Jane", "", "Hi."},
				{"John", "", "Hello. still John"},
			},
		},
		{
			name: "label alone, CRLF, BOM, times are not labels",
			in:   "\uFEFFBrigitte SEROUSSI :\r\n\r\nL’écoconception, à 10:30.\r\n",
			want: []seg{{"Brigitte SEROUSSI", "", "L’écoconception, à 10:30."}},
		},
		{
			name: "empty",
			in:   " \n\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := ParseText([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			want := &Transcript{}
			for _, s := range tt.want {
				want.Segments = append(want.Segments, Segment{Speaker: s.speaker, Body: s.body})
			}
			sameSegments(t, tr, want, true)
		})
	}
	if _, err := ParseText([]byte("bin\x00ary")); !errors.Is(err, ErrMalformed) {
		t.Errorf("NUL byte: error %v, want ErrMalformed", err)
	}
}

func TestWriteText(t *testing.T) {
	tests := []struct {
		name string
		tr   *Transcript
		file string
	}{
		{"untimed", untimedSample(), "untimed.golden.txt"},
		{"timed", timedSample(), "timed.golden.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.tr.WriteText(&buf); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, buf.Bytes())
		})
	}

	// An untimed transcript reads back as it was, roles aside.
	var buf bytes.Buffer
	if err := untimedSample().WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ParseText(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	sameSegments(t, back, untimedSample(), false)
}

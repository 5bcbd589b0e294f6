package transcript

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseVTT(t *testing.T) {
	tests := []struct {
		name string
		in   string
		lang string
		want []Segment
	}{
		{
			name: "namespace example",
			in:   "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n<v John>Podcasting 2.0 is really changing the game.\n\n00:00:05.000 --> 00:00:10.000\n<v Tom>Yeah, absolutely.\n",
			want: []Segment{
				{Speaker: "John", Start: 0, End: 5, Body: "Podcasting 2.0 is really changing the game."},
				{Speaker: "Tom", Start: 5, End: 10, Body: "Yeah, absolutely."},
			},
		},
		{
			name: "BOM, CRLF, header text, identifiers, settings, short timestamps",
			in:   "\uFEFFWEBVTT - Épisode 3\r\nLanguage: fr\r\n\r\nintro\r\n00:02.760 --> 00:06.090 align:start line:0\r\n<v.loud Mélanie RAPHAËL>Bonjour</v>\r\nà tous\r\n\r\n2\r\n01:02:03.004\t-->\t01:02:04.000\r\n<c.yellow>Sans</c> <i>voix</i> &amp; &lt;b&gt; &nbsp;!\r\n",
			lang: "fr",
			want: []Segment{
				{Speaker: "Mélanie RAPHAËL", Start: 2.76, End: 6.09, Body: "Bonjour à tous"},
				{Start: 3723.004, End: 3724, Body: "Sans voix & <b> \u00a0!"},
			},
		},
		{
			name: "NOTE, STYLE and REGION blocks, empty cue, cue without blank line",
			in:   "WEBVTT\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r\n\nNOTE a comment\nover lines\n\n00:00:01.000 --> 00:00:02.000\n\n00:00:02.000 --> 00:00:03.000\n<v Ann>one\n00:00:03.000 --> 00:00:04.000\n<v Bob>two</v> <v Ann>three\n",
			want: []Segment{
				{Speaker: "Ann", Start: 2, End: 3, Body: "one"},
				{Speaker: "Bob", Start: 3, End: 4, Body: "two three"},
			},
		},
		{
			name: "voice without name, karaoke timestamps",
			in:   "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v>Never <00:00:01.500>drink liquid nitrogen.\n",
			want: []Segment{{Start: 1, End: 2, Body: "Never drink liquid nitrogen."}},
		},
		{
			name: "header only",
			in:   "WEBVTT\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseVTT([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got.Language != tt.lang {
				t.Errorf("Language = %q, want %q", got.Language, tt.lang)
			}
			sameSegments(t, got, &Transcript{Timed: true, Segments: tt.want}, false)
		})
	}
}

func TestParseVTTErrors(t *testing.T) {
	tests := map[string]string{
		"no header":       "00:00:01.000 --> 00:00:02.000\nHi\n",
		"header typo":     "WEBVTTX\n\n",
		"SRT file":        "1\n00:00:01,000 --> 00:00:02,000\nHi\n",
		"comma timestamp": "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nHi\n",
		"minutes over 59": "WEBVTT\n\n00:61:01.000 --> 00:62:02.000\nHi\n",
		"missing end":     "WEBVTT\n\n00:00:01.000 -->\nHi\n",
		"two digits ms":   "WEBVTT\n\n00:00:01.00 --> 00:00:02.000\nHi\n",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseVTT([]byte(in)); !errors.Is(err, ErrMalformed) {
				t.Errorf("ParseVTT() error = %v, want ErrMalformed", err)
			}
		})
	}
}

func writeVTT(t *testing.T, tr *Transcript) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := tr.WriteVTT(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteVTT(t *testing.T) {
	out := writeVTT(t, timedSample())
	golden(t, "sample.golden.vtt", out)

	if !bytes.HasPrefix(out, []byte("WEBVTT\n\n")) {
		t.Errorf("no WEBVTT header and blank line:\n%s", out)
	}
	for i, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "-->") {
			if len(line) != len("00:00:00.000 --> 00:00:00.000") {
				t.Errorf("line %d: timing %q is not hh:mm:ss.ttt --> hh:mm:ss.ttt", i+1, line)
			}
			continue
		}
		text := line
		if strings.HasPrefix(text, "<v ") {
			text = text[strings.IndexByte(text, '>')+1:]
		}
		if n := utf8.RuneCountInString(text); n > vttWidth && strings.Contains(text, " ") {
			t.Errorf("line %d has %d characters: %q", i+1, n, line)
		}
	}
	if !bytes.Contains(out, []byte("&lt;v&gt; &amp; les flèches --&gt; restent")) {
		t.Errorf("payload not escaped:\n%s", out)
	}

	back, err := ParseVTT(out)
	if err != nil {
		t.Fatal(err)
	}
	sameSegments(t, back, timedSample(), false)
}

func TestWriteVTTErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := untimedSample().WriteVTT(&buf); !errors.Is(err, ErrNotTimed) {
		t.Errorf("untimed: error %v, want ErrNotTimed", err)
	}
	bad := timedSample()
	bad.Segments[2].End = bad.Segments[2].Start
	if err := bad.WriteVTT(&buf); !errors.Is(err, ErrBadTiming) {
		t.Errorf("empty cue: error %v, want ErrBadTiming", err)
	}
}

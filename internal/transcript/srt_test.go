package transcript

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseSRT(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Segment
	}{
		{
			name: "namespace example",
			in: "1\n00:00:00,000 --> 00:00:02,760\nSarah: In today's episode,\nyou'll learn whether or not you\n\n" +
				"2\n00:00:02,760 --> 00:00:06,090\nshould have a podcast trailer.\n\n" +
				"6\n00:00:19,080 --> 00:00:21,450\nGillian: Hi Buzzsprout, Gillian\nhere from breaking through\n",
			want: []Segment{
				{Speaker: "Sarah", Start: 0, End: 2.76, Body: "In today's episode, you'll learn whether or not you"},
				{Speaker: "Sarah", Start: 2.76, End: 6.09, Body: "should have a podcast trailer."},
				{Speaker: "Gillian", Start: 19.08, End: 21.45, Body: "Hi Buzzsprout, Gillian here from breaking through"},
			},
		},
		{
			name: "French colon, tags, BOM, CRLF, no index, dot separator",
			in: "\uFEFF1\r\n00:00:01,000 --> 00:00:02,500 X1:10 X2:20\r\n<i>Voix OFF</i>\u00a0: {\\an8}Bienvenue\r\n\r\n" +
				"00:00:02.500 --> 00:00:04,000\r\n<font color=\"#fff\">Suite</font> <3\r\n",
			want: []Segment{
				{Speaker: "Voix OFF", Start: 1, End: 2.5, Body: "Bienvenue"},
				{Speaker: "Voix OFF", Start: 2.5, End: 4, Body: "Suite <3"},
			},
		},
		{
			name: "blank line inside a cue, empty cue, label alone",
			in: "1\n00:00:01,000 --> 00:00:02,000\nPremière partie\n\nseconde partie\n\n" +
				"2\n00:00:02,000 --> 00:00:03,000\n\n" +
				"3\n00:00:03,000 --> 00:00:04,000\nBob:\n\n" +
				"4\n00:00:04,000 --> 00:00:05,000\nIci 10:30 heure\n",
			want: []Segment{
				{Start: 1, End: 2, Body: "Première partie seconde partie"},
				{Speaker: "Bob", Start: 4, End: 5, Body: "Ici 10:30 heure"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSRT([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			sameSegments(t, got, &Transcript{Timed: true, Segments: tt.want}, false)
		})
	}
}

func TestParseSRTErrors(t *testing.T) {
	tests := map[string]string{
		"text first":   "Hello\n\n1\n00:00:01,000 --> 00:00:02,000\nHi\n",
		"bad timing":   "1\n00:00:01 --> 00:00:02\nHi\n",
		"minutes only": "1\n01:00,000 --> 02:00,000\nHi\n",
		"garbage end":  "1\n00:00:01,000 --> 00:00:02,000x\nHi\n",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseSRT([]byte(in)); !errors.Is(err, ErrMalformed) {
				t.Errorf("ParseSRT() error = %v, want ErrMalformed", err)
			}
		})
	}
}

func TestWriteSRT(t *testing.T) {
	var buf bytes.Buffer
	if err := timedSample().WriteSRT(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	golden(t, "sample.golden.srt", out)

	blocks := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n\n")
	if len(blocks) != len(timedSample().Segments) {
		t.Fatalf("%d blocks, want %d", len(blocks), len(timedSample().Segments))
	}
	for i, b := range blocks {
		ls := strings.Split(b, "\n")
		if want := string(rune('1' + i)); ls[0] != want {
			t.Errorf("block %d numbered %q", i+1, ls[0])
		}
		if len(ls[1]) != len("00:00:02,760 --> 00:00:06,090") || ls[1][8] != ',' || ls[1][25] != ',' {
			t.Errorf("block %d timing %q", i+1, ls[1])
		}
		for _, l := range ls[2:] {
			if n := utf8.RuneCountInString(l); n > srtWidth && strings.Contains(l, " ") {
				t.Errorf("block %d line %q has %d characters", i+1, l, n)
			}
		}
	}
	for _, want := range []string{"\nVoix OFF: Bienvenue", "\nMélanie RAPHAËL: Bonjour", "\nLes balises <v> &", "\nHenri VERDIER: Note : ceci"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	back, err := ParseSRT(out)
	if err != nil {
		t.Fatal(err)
	}
	sameSegments(t, back, timedSample(), false)
}

func TestWriteSRTErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := untimedSample().WriteSRT(&buf); !errors.Is(err, ErrNotTimed) {
		t.Errorf("untimed: error %v, want ErrNotTimed", err)
	}
	bad := timedSample()
	bad.Segments[3].Start = 1
	if err := bad.WriteSRT(&buf); !errors.Is(err, ErrBadTiming) {
		t.Errorf("decreasing start: error %v, want ErrBadTiming", err)
	}
}

func TestStripFormatting(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain <3 text", "plain <3 text"},
		{"<i>italic</i> and <B>bold</B>", "italic and bold"},
		{"<font color=\"#fff\">white</font>", "white"},
		{"{\\an8}top {not an override}", "top {not an override}"},
		{"<<i>i>nested", "nested"},
		{"<fo{\\x}nt a>b", "b"},
		{"{\\<i>a}b", "b"},
		{"<font x<y>z", "<font x<y>z"},
		{"<v Name>kept</v>", "<v Name>kept</v>"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := stripFormatting(tt.in)
			if got != tt.want {
				t.Errorf("stripFormatting(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := stripFormatting(got); again != got {
				t.Errorf("stripFormatting(%q) = %q, not stable", got, again)
			}
		})
	}
}

package transcript

import (
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain text", "plain text"},
		{"  two\n\tlines \r\n", "two lines"},
		{"a\x00b\x1bc\x7fd", "abcd"},
		{"C1\u0085\u009f controls", "C1 controls"},
		{"non\uFFFEchar\uFDD0s", "nonchars"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"\u00a0Merci\u00a0: oui\u202f! \u00a0", "Merci\u00a0: oui\u202f!"},
		{"a \u00a0 b", "a \u00a0 b"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := clean(tt.in)
			if got != tt.want {
				t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if !isClean(got) || clean(got) != got {
				t.Errorf("clean(%q) = %q is not stable", tt.in, got)
			}
			if isClean(tt.in) != (tt.in == tt.want) {
				t.Errorf("isClean(%q) = %v", tt.in, isClean(tt.in))
			}
		})
	}
}

func TestIsName(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Mélanie RAPHAËL", true},
		{"Jean-Yves Mahé", true},
		{"Laura De Oliveira", true},
		{"Gilles Vermot-Desroches", true},
		{"Jean de la Fontaine", true},
		{"Introduction", false},
		{"Voix off", false},
		{"Merci beaucoup Jérémy.", false},
		{"Le numérique peut être un outil", false},
		{"Mélanie RAPHAËL :", false},
		{"Speaker 2", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := isName(tt.in); got != tt.want {
				t.Errorf("isName(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplitLabel(t *testing.T) {
	tests := []struct {
		in, name, rest string
		ok             bool
	}{
		{"Jane: Hi there", "Jane", "Hi there", true},
		{"Voix OFF : Bienvenue", "Voix OFF", "Bienvenue", true},
		{"Voix off\u00a0: Bienvenue", "Voix off", "Bienvenue", true},
		{"Mélanie RAPHAËL\u202f: Bonjour", "Mélanie RAPHAËL", "Bonjour", true},
		{"Speaker 2: yes", "Speaker 2", "yes", true},
		{"Dr. Who: Run", "Dr. Who", "Run", true},
		{"Jane:", "Jane", "", true},
		{"Jane：全角", "", "", false},
		{"10:30 le matin", "", "", false},
		{"Voir https://example.org", "", "", false},
		{"Il a dit ceci: rien", "", "", false},
		{"Bonjour, Jane: hi", "", "", false},
		{"Fin. Ensuite: rien", "", "", false},
		{"jane: hi", "", "", false},
		{"Pas de deux-points", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			name, rest, ok := splitLabel(tt.in)
			if name != tt.name || rest != tt.rest || ok != tt.ok {
				t.Errorf("splitLabel(%q) = %q, %q, %v; want %q, %q, %v", tt.in, name, rest, ok, tt.name, tt.rest, tt.ok)
			}
		})
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"short", 10, []string{"short"}},
		{"exactly ten", 11, []string{"exactly ten"}},
		{"one two three four", 9, []string{"one two", "three", "four"}},
		{"averyveryverylongword and more", 8, []string{"averyveryverylongword", "and more"}},
		{"éèà éèà éèà", 7, []string{"éèà éèà", "éèà"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := wrap(tt.in, tt.width)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
		})
	}
}

func TestTimestamps(t *testing.T) {
	tests := []struct {
		in  string
		vtt bool
		ms  int64
		ok  bool
	}{
		{"00:00:02.760", true, 2760, true},
		{"01:02:05.500", true, 3725500, true},
		{"02:05.500", true, 125500, true},
		{"100:00:00.000", true, 360000000, true},
		{"00:00:02,760", true, 0, false},
		{"00:00:02.76", true, 0, false},
		{"00:60:00.000", true, 0, false},
		{"00:00:02,760", false, 2760, true},
		{"00:00:02.760", false, 2760, true},
		{"0:00:02,5", false, 2500, true},
		{"02:05,500", false, 0, false},
		{"00:00:02,7600", false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			ms, n := parseTimestamp(tt.in, tt.vtt)
			if (n == len(tt.in)) != tt.ok || (tt.ok && ms != tt.ms) {
				t.Errorf("parseTimestamp(%q, %v) = %d, %d; want %d, ok %v", tt.in, tt.vtt, ms, n, tt.ms, tt.ok)
			}
		})
	}
	for _, ms := range []int64{0, 2760, 3725500, 360000001} {
		for _, sep := range []byte{'.', ','} {
			s := string(appendTimestamp(nil, ms, sep))
			if got, n := parseTimestamp(s, sep == '.'); n != len(s) || got != ms {
				t.Errorf("appendTimestamp(%d) = %q reads back as %d", ms, s, got)
			}
		}
	}
	if got := string(appendTimestamp(nil, 3725500, ',')); got != "01:02:05,500" {
		t.Errorf("appendTimestamp = %q", got)
	}
	for sec, want := range map[float64]string{0: "0:00", 9.4: "0:09", 62.76: "1:02", 3725.5: "1:02:05"} {
		if got := clockTime(sec); got != want {
			t.Errorf("clockTime(%v) = %q, want %q", sec, got, want)
		}
	}
	for sec, want := range map[float64]string{0: "PT0S", 62.76: "PT62.76S", 3725.5: "PT3725.5S", 1.001: "PT1.001S"} {
		if got := isoDuration(sec); got != want {
			t.Errorf("isoDuration(%v) = %q, want %q", sec, got, want)
		}
	}
}

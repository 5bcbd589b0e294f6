package transcript

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// timedSample is a timed transcript with the cases the writers must get
// right: no speaker at the start, French spaces, markup characters and
// "-->" in the text, a body to wrap, a time past one hour, a text that
// starts like a "Name:" label.
func timedSample() *Transcript {
	return &Transcript{
		Language: "fr",
		Title:    "MiNumEchos, saison 2",
		Timed:    true,
		Segments: []Segment{
			{Start: 0, End: 2.76, Body: "[Musique]"},
			{Speaker: "Voix OFF", Start: 2.76, End: 6.09, Body: "Bienvenue dans « MiNumEchos », le podcast de la mission interministérielle pour un numérique éco-responsable."},
			{Speaker: "Mélanie RAPHAËL", Start: 6.09, End: 9.5, Body: "Bonjour à toutes et à tous\u202f!"},
			{Speaker: "Mélanie RAPHAËL", Start: 9.5, End: 12.25, Body: "Les balises <v> & les flèches --> restent du texte."},
			{Speaker: "Henri VERDIER", Start: 3725.5, End: 3731.004, Body: "Merci\u00a0: c’est un plaisir."},
			{Speaker: "Henri VERDIER", Start: 3731.004, End: 3733, Body: "Note : ceci n’est pas un locuteur."},
		},
	}
}

// untimedSample is an untimed transcript as FromHTML gives it.
func untimedSample() *Transcript {
	return &Transcript{
		Language: "fr",
		Title:    "Paroles d’experts",
		Segments: []Segment{
			{Body: "Générique."},
			{Speaker: "Mélanie RAPHAËL", Role: "Responsable de la MiNumEco, Experte Numérique Écoresponsable – DINUM", Body: "Bonjour à toutes et tous."},
			{Speaker: "Mélanie RAPHAËL", Body: "Nous allons écouter Brigitte Seroussi."},
			{Speaker: "Brigitte SEROUSSI", Role: "Directrice des projets éthiques", Body: "L’écoconception des services numériques est un levier & un <outil>."},
			{Speaker: "Brigitte SEROUSSI", Body: "Panneau : 2025, une année de travail."},
		},
	}
}

// sameSegments fails t when got and want differ in timing, speakers or
// bodies; times are compared to the millisecond, roles only when
// withRole. Timed is not compared without segments: a JSON transcript
// cannot tell it.
func sameSegments(t *testing.T, got, want *Transcript, withRole bool) {
	t.Helper()
	if got.Timed != want.Timed && len(want.Segments) > 0 {
		t.Errorf("Timed = %v, want %v", got.Timed, want.Timed)
	}
	if len(got.Segments) != len(want.Segments) {
		t.Fatalf("%d segments, want %d:\n got %+v\nwant %+v", len(got.Segments), len(want.Segments), got.Segments, want.Segments)
	}
	for i, g := range got.Segments {
		w := want.Segments[i]
		if g.Speaker != w.Speaker || g.Body != w.Body || (withRole && g.Role != w.Role) {
			t.Errorf("segment %d:\n got %q %q %q\nwant %q %q %q", i+1, g.Speaker, g.Role, g.Body, w.Speaker, w.Role, w.Body)
		}
		if want.Timed && (millis(g.Start) != millis(w.Start) || millis(g.End) != millis(w.End)) {
			t.Errorf("segment %d: times %v --> %v, want %v --> %v", i+1, g.Start, g.End, w.Start, w.End)
		}
	}
}

// golden compares got with testdata/name, rewritten with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestTurns(t *testing.T) {
	tr := &Transcript{Segments: []Segment{
		{Body: "a"}, {Speaker: "A", Body: "b"}, {Speaker: "A", Role: "r", Body: "c"},
		{Speaker: "B", Body: " "}, {Speaker: "A", Body: "d"}, {Speaker: "C", Body: "e"},
	}}
	got := tr.Turns()
	want := []struct {
		speaker, role string
		n             int
	}{{"", "", 1}, {"A", "r", 3}, {"C", "", 1}}
	if len(got) != len(want) {
		t.Fatalf("%d turns, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Speaker != w.speaker || got[i].Role != w.role || len(got[i].Segments) != w.n {
			t.Errorf("turn %d = %q %q %d segments, want %q %q %d", i, got[i].Speaker, got[i].Role, len(got[i].Segments), w.speaker, w.role, w.n)
		}
	}
}

func TestCheckTiming(t *testing.T) {
	tests := []struct {
		name string
		segs []Segment
		ok   bool
	}{
		{"ok", []Segment{{Start: 0, End: 1}, {Start: 1, End: 2}}, true},
		{"overlap", []Segment{{Start: 0, End: 3}, {Start: 1, End: 2}}, true},
		{"empty end", []Segment{{Start: 1, End: 1}}, false},
		{"end before start", []Segment{{Start: 2, End: 1}}, false},
		{"decreasing", []Segment{{Start: 2, End: 3}, {Start: 1, End: 2}}, false},
		{"negative", []Segment{{Start: -1, End: 1}}, false},
		{"huge", []Segment{{Start: 0, End: 1e300}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := (&Transcript{Timed: true, Segments: tt.segs}).checkTiming()
			if (err == nil) != tt.ok {
				t.Errorf("checkTiming() = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

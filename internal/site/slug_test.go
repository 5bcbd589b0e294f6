package site

import "testing"

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Vidéo":                                 "video",
		"Événement":                             "evenement",
		"IA et Data":                            "ia-et-data",
		"Paroles d'experts saison 2":            "paroles-d-experts-saison-2",
		"Index de conception responsable - ICR": "index-de-conception-responsable-icr",
		"Référents":                             "referents",
		"  --Cœur & âme!! ":                     "coeur-ame",
		"Experts-S2E7-Brigitte Seroussi":        "experts-s2e7-brigitte-seroussi",
		"ÀÉÎÕÜ ç ß":                             "aeiou-c-ss",
		"日本":                                    "",
		"":                                      "",
		"l’écoconception":                       "l-ecoconception",
	}
	for in, want := range tests {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSluggerIsStableAndUnique(t *testing.T) {
	paths := []string{
		"podcasts/referents/episode-4-wargaming/episode-4.md",
		"videos/microtrottoir/episode1.md",
		"videos/other/episode1.md",
		"videos/other2/episode1.md",
		"x/other/episode1.md",
	}
	want := []string{"episode-4", "episode1", "other-episode1", "other2-episode1", "other-episode1-2"}
	for round := 0; round < 2; round++ {
		s := newSlugger()
		for i, p := range paths {
			if got := s.forPath(p); got != want[i] {
				t.Errorf("round %d: forPath(%q) = %q, want %q", round, p, got, want[i])
			}
		}
	}
	s := newSlugger()
	s.reserve("episode1")
	if got := s.forPath("videos/microtrottoir/episode1.md"); got != "microtrottoir-episode1" {
		t.Errorf("after reserve: %q", got)
	}
}

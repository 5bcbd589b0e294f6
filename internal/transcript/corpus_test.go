package transcript

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/feedcast/feedcast/episode"
)

// corpusTranscripts reads the transcripts of the real corpus, by episode
// path; the test is skipped when the corpus is absent.
func corpusTranscripts(tb testing.TB) map[string]*episode.Transcript {
	tb.Helper()
	root, err := os.OpenRoot(filepath.Join("..", "..", "..", "shared", "corpus", "minumeco"))
	if err != nil {
		tb.Skipf("corpus absent: %v", err)
	}
	tb.Cleanup(func() { root.Close() })
	eps, _ := episode.Read(root.FS(), nil, episode.Options{})
	out := map[string]*episode.Transcript{}
	for _, ep := range eps {
		if ep.Transcript != nil {
			out[ep.Path] = ep.Transcript
		}
	}
	return out
}

// speakers returns the distinct speakers of t in order of appearance.
func speakers(t *Transcript) []string {
	var out []string
	for _, s := range t.Segments {
		if s.Speaker != "" && !slices.Contains(out, s.Speaker) {
			out = append(out, s.Speaker)
		}
	}
	return out
}

func TestCorpus(t *testing.T) {
	trs := corpusTranscripts(t)
	const (
		wantTranscripts  = 31 // episodes with a transcript
		wantWithSpeakers = 31 // transcripts where at least one speaker is found
	)
	if len(trs) != wantTranscripts {
		t.Errorf("%d transcripts in the corpus, want %d", len(trs), wantTranscripts)
	}

	// Verified by reading each file; names are kept as written.
	pinned := map[string][]string{
		"videos/paroles-d-experts/Experts-S2E7-Brigitte Seroussi/brigitteseroussi.md":                                 {"Mélanie RAPHAËL", "Brigitte SEROUSSI"},
		"videos/paroles-d-experts/Experts-S2E5-Jullien/donnees-personnelles-eve-jullien.md":                           {"Mélanie RAPHAËL", "Eve JULLIEN"},
		"podcasts/referents/saison2-episode5-DiploIA/S2E5.md":                                                         {"Voix OFF", "Mélanie RAPHAËL", "Virginie ROZIÈRE", "Jean-Yves MAHÉ"},
		"podcasts/referents/saison2-episode4-HenriVerdier/S2E4.md":                                                    {"Voix OFF", "Mélanie RAPHAËL", "Henri VERDIER"},
		"podcasts/referents/saison2-episode3-Gvermotdesroches/S2E3.md":                                                {"Voix off", "Mélanie RAPHAËL", "Gilles VERMOT-DEROSCHES"},
		"publications/videos-serie-referents/episode-4-role-DINUM.md":                                                 {"Mélanie RAPHAËL", "Stéphanie Nazarian"},
		"videos/serie-referents/episode-4-role-DINUM/episode-4-role-DINUM.md":                                         {"Mélanie RAPHAËL", "Stéphanie Nazarian"},
		"videos/autres/ethicsbydesign/ethicsbydesign2024.md":                                                          {"Jérémie Vallet", "Virginie Rozière"},
		"videos/paroles-d-experts/parolesdexperts-episode7-DSFR/parolesdexperts-episode7-DSFR.md":                     {"Maxime Beaugrand", "Jean Delpech"},
		"videos/paroles-d-experts/parolesdexperts-episode9-achatsdurables/parolesdexperts-episode9-achatsdurables.md": {"Laura De Oliveira", "Mathilde Chevalier"},
		"videos/paroles-d-experts/Experts-S2E1-Verdier/Experts-S2E1-Verdier.md":                                       {"Henri Verdier"},
		"videos/autres/econumia/econumia.md":                                                                          {"Mélanie RAPHAËL"},
	}
	roles := map[string]map[string]string{
		"videos/paroles-d-experts/Experts-S2E7-Brigitte Seroussi/brigitteseroussi.md": {
			"Mélanie RAPHAËL":   "Responsable de la MiNumEco, Experte Numérique Écoresponsable – DINUM",
			"Brigitte SEROUSSI": "Directrice des projets éthiques, Agence du Numérique en Santé",
		},
		"publications/videos-serie-referents/episode-4-role-DINUM.md": {
			"Mélanie RAPHAËL":    "Experte numérique écoresponsable de la DINUM",
			"Stéphanie Nazarian": "Responsable de la Brigade d'Intervention du Numérique (BIN)",
		},
		"podcasts/referents/saison2-episode5-DiploIA/S2E5.md": {"Voix OFF": "", "Jean-Yves MAHÉ": ""},
	}
	// The only warnings: two headers of the same file follow each other
	// with nothing said between them.
	wantWarnings := map[string]int{
		"videos/paroles-d-experts/parolesdexperts-episode9-achatsdurables/parolesdexperts-episode9-achatsdurables.md": 2,
	}

	paths := make([]string, 0, len(trs))
	for p := range trs {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	var table strings.Builder
	withSpeakers, segments := 0, 0
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			tr, warns := FromHTML(trs[path].HTML)
			tr.Title, tr.Language = trs[path].Title, "fr"
			sp := speakers(tr)
			segments += len(tr.Segments)
			if len(sp) > 0 {
				withSpeakers++
			}
			table.WriteString("\n" + path + " → " + strings.Join(sp, " | "))

			if len(tr.Segments) < 2 {
				t.Errorf("%d segments, want at least 2", len(tr.Segments))
			}
			if len(warns) != wantWarnings[path] {
				t.Errorf("warnings %q, want %d", warns, wantWarnings[path])
			}
			if want, ok := pinned[path]; ok && !slices.Equal(sp, want) {
				t.Errorf("speakers %q, want %q", sp, want)
			}
			for name, role := range roles[path] {
				i := slices.IndexFunc(tr.Segments, func(s Segment) bool { return s.Speaker == name })
				if i < 0 || tr.Segments[i].Role != role {
					t.Errorf("role of %q: segment %d, want %q", name, i, role)
				}
			}
			for _, s := range tr.Segments {
				if s.Body == "" || clean(s.Body) != s.Body || strings.Contains(s.Body, "<p") || strings.Contains(s.Body, "<br") {
					t.Errorf("segment body not clean text: %q", s.Body)
				}
			}
			checkWriters(t, tr)
		})
	}
	t.Logf("%d transcripts, %d segments, %d with speakers; speakers by episode:%s", len(paths), segments, withSpeakers, table.String())
	if withSpeakers != wantWithSpeakers {
		t.Errorf("%d transcripts with speakers, want %d", withSpeakers, wantWithSpeakers)
	}
}

// checkWriters writes an untimed transcript in every format and reads
// back the formats that keep its segments.
func checkWriters(t *testing.T, tr *Transcript) {
	t.Helper()
	var page, text, js bytes.Buffer
	if err := tr.WriteHTML(&page, Page{Title: tr.Title, EpisodeURL: "https://example.org/e/"}); err != nil {
		t.Fatal(err)
	}
	if p := inspectPage(t, page.Bytes()); p.turns != len(tr.Turns()) || p.lang != "fr" || p.scripts != 0 {
		t.Errorf("page: %d turn elements for %d turns, lang %q, %d scripts", p.turns, len(tr.Turns()), p.lang, p.scripts)
	}
	if err := tr.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if err := checkJSONTranscript(js.Bytes(), false); err != nil {
		t.Fatalf("invalid JSON transcript: %v", err)
	}
	back, err := ParseJSON(js.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	sameSegments(t, back, tr, false)
	if err := tr.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if back, err = ParseText(text.Bytes()); err != nil {
		t.Fatal(err)
	}
	sameSegments(t, back, tr, false)
}

package episode

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// corpusDir is the real corpus (see shared/corpus/README.md), beside the
// repository.
var corpusDir = filepath.Join("..", "..", "shared", "corpus", "minumeco")

func openCorpus(tb testing.TB) *os.Root {
	tb.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		tb.Skipf("corpus not found: %v", err)
	}
	root, err := os.OpenRoot(corpusDir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { root.Close() })
	return root
}

// TestCorpus reads the real corpus. The numbers were counted by reading
// its 52 files.
func TestCorpus(t *testing.T) {
	root := openCorpus(t)
	static, err := os.OpenRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer static.Close()

	eps, diags := Read(root.FS(), static.FS(), Options{})

	if len(eps) != 51 {
		t.Errorf("read %d episodes, want 51 (52 files, one licence)", len(eps))
	}
	var errs, warnings, notes []string
	for _, d := range diags {
		if d.Note() {
			notes = append(notes, d.Error())
		}
		if d.Warning {
			warnings = append(warnings, d.Error())
		} else {
			errs = append(errs, d.Error())
		}
	}
	if len(errs) != 1 || errs[0] != "LICENSE.Etalab-2.0.md: no front matter: not an episode (an episode starts with ---, +++ or {)" {
		t.Errorf("errors = %q, want one: the licence has no front matter", errs)
	}
	if len(notes) != 1 {
		t.Errorf("notes = %q, want the licence's", notes)
	}
	wantWarnings := []string{
		"publications/videos-serie-referents/episode-4-role-DINUM.md:6: image: file not found: /img/videos/miniserie/vignette-miniserie-episode4.webp",
		"publications/videos-serie-referents/episode-4-role-DINUM.md:7: apercu: file not found: /img/videos/miniserie/vignette-miniserie-episode4.webp",
		"videos/autres/replay-webinaire-datacenter/replaywebinaire-datacenter-2025.md:6: image: file not found: videos/autres/replay-webinaire-datacenter/site_video_webinaire_datacenter.svg",
		"videos/autres/tnt-decembre-2024/tnt-decembre-2024.md:6: image: file not found: videos/autres/tnt-decembre-2024/site_video_webinaire_collectivites.svg",
	}
	if !slices.Equal(warnings, wantWarnings) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(wantWarnings, "\n"))
	}

	// Video episodes without a known player: a PeerTube embed, and a
	// replay only linked to.
	// One video links to an .m4v file and embeds nothing; one embeds PeerTube.
	noPlayer := []string{
		"videos/autres/replay-webinaire-IAfrugale/replay-webinaire-IAfrugale.md",
	}
	const peertube = "videos/autres/ethicsbydesign/ethicsbydesign2024.md"
	players := map[string]int{}
	shortcodeTranscripts, sectionTranscripts := 0, 0
	series := map[string]bool{}
	for _, ep := range eps {
		if ep.Title == "" || ep.Date.IsZero() || ep.Image == nil || len(ep.Tags) == 0 {
			t.Errorf("%s: incomplete: title %q, date %v, image %v, tags %q", ep.Path, ep.Title, ep.Date, ep.Image, ep.Tags)
		}
		if ep.Date.Hour() != 0 || ep.Date.Location().String() != "Europe/Paris" {
			t.Errorf("%s: Date = %v, want midnight in Europe/Paris", ep.Path, ep.Date)
		}
		if ep.Params["layout"] == nil {
			t.Errorf("%s: layout not kept in Params", ep.Path)
		}
		if ep.Series != "" {
			series[ep.Series] = true
		}
		if strings.Contains(ep.HTML, "<!--") || strings.Contains(ep.HTML, "{%") {
			t.Errorf("%s: comment or shortcode left in the HTML", ep.Path)
		}
		switch {
		case strings.HasPrefix(ep.Path, "podcasts/"):
			if ep.Player == nil || ep.Player.Provider != "acast" || ep.Player.Kind != "audio" || ep.Player.ID == "" {
				t.Errorf("%s: Player = %+v, want an Acast player", ep.Path, ep.Player)
			}
		case ep.Path == peertube:
			if p := ep.Player; p == nil || p.Provider != "peertube" ||
				p.PageURL != "https://peertube.designersethiques.org/videos/watch/fbd7cf05-ef3a-43fb-8a26-e4db37082b2a" {
				t.Errorf("%s: Player = %+v, want the PeerTube player", ep.Path, p)
			}
		case slices.Contains(noPlayer, ep.Path):
			if ep.Player != nil {
				t.Errorf("%s: Player = %+v, want none", ep.Path, ep.Player)
			}
		default:
			p := ep.Player
			if p == nil || p.Provider != "dailymotion" || p.ID == "" ||
				p.URL != "https://www.dailymotion.com/embed/video/"+p.ID || p.PageURL != "https://www.dailymotion.com/video/"+p.ID {
				t.Errorf("%s: Player = %+v, want a Dailymotion player", ep.Path, p)
			}
		}
		if ep.Player != nil {
			players[ep.Player.Provider]++
		}
		if tr := ep.Transcript; tr != nil {
			if strings.TrimSpace(tr.HTML) == "" || tr.Line == 0 {
				t.Errorf("%s: Transcript = %+v", ep.Path, tr)
			}
			if strings.Contains(ep.HTML, `<section class="transcript">`) {
				shortcodeTranscripts++
			} else {
				sectionTranscripts++
			}
		}
	}
	if players["dailymotion"] != 36 || players["acast"] != 13 || players["peertube"] != 1 || len(players) != 3 {
		t.Errorf("players = %v, want 36 dailymotion, 13 acast, 1 peertube", players)
	}
	// 29 files hold {% transcription %} blocks; 4 have a "## Transcription"
	// section, 2 of which only say "Transcription à venir".
	if shortcodeTranscripts != 29 || sectionTranscripts != 2 {
		t.Errorf("transcripts: %d from shortcodes, %d from sections; want 29 and 2", shortcodeTranscripts, sectionTranscripts)
	}
	if len(series) != 7 {
		t.Errorf("%d series, want 7: %v", len(series), series)
	}
}

// TestCorpusDetails checks a few episodes of the corpus field by field.
func TestCorpusDetails(t *testing.T) {
	root := openCorpus(t)
	eps, _ := Read(root.FS(), nil, Options{})
	byPath := map[string]*Episode{}
	for _, ep := range eps {
		byPath[ep.Path] = ep
	}
	t.Run("section transcript", func(t *testing.T) {
		ep := byPath["podcasts/referents/saison2-episode5-DiploIA/S2E5.md"]
		if ep == nil || ep.Transcript == nil {
			t.Fatal("no transcript")
		}
		if tr := ep.Transcript; tr.Title != "Transcription du podcast" || tr.Line != 40 || !strings.HasPrefix(tr.HTML, "<p><strong>Voix OFF :</strong> Bienvenue") {
			t.Errorf("Transcript = %q line %d, HTML starting %.60q", tr.Title, tr.Line, tr.HTML)
		}
		if ep.Player.PageURL != "https://shows.acast.com/minumeco-initiatives-pour-un-numerique-ecoresponsable/episodes/68c5c56786eb67a6f6884042" {
			t.Errorf("PageURL = %q", ep.Player.PageURL)
		}
	})
	t.Run("several transcription blocks", func(t *testing.T) {
		ep := byPath["videos/paroles-d-experts/parolesdexperts-episode9-achatsdurables/parolesdexperts-episode9-achatsdurables.md"]
		if ep == nil || ep.Transcript == nil {
			t.Fatal("no transcript")
		}
		if n := strings.Count(ep.HTML, `<section class="transcript">`); n != 4 {
			t.Errorf("%d transcript sections, want 4", n)
		}
		if tr := ep.Transcript; tr.Title != "Laura De Oliveira 1/2" || tr.Line != 25 || strings.Count(tr.HTML, "Mathilde Chevalier<br>") != 2 {
			t.Errorf("Transcript = %q line %d", tr.Title, tr.Line)
		}
	})
	t.Run("folder with a space", func(t *testing.T) {
		ep := byPath["videos/paroles-d-experts/Experts-S2E6-Mathilde Saliou/mathildesaliou.md"]
		if ep == nil || ep.Image == nil || ep.Image.Missing || ep.Image.Path != "videos/paroles-d-experts/Experts-S2E6-Mathilde Saliou/site_video_mathildesaliou.svg" {
			t.Errorf("Image = %+v", ep.Image)
		}
	})
	t.Run("site-absolute image, static not checked", func(t *testing.T) {
		ep := byPath["publications/videos-serie-referents/episode-4-role-DINUM.md"]
		want := ImageRef{Root: RootStatic, Path: "img/videos/miniserie/vignette-miniserie-episode4.webp"}
		if ep == nil || ep.Image == nil || *ep.Image != want || ep.Params["type"] != "miniserie" {
			t.Errorf("Image = %+v, Params = %v", ep.Image, ep.Params)
		}
	})
}

// TestCorpusNoHints checks that the real corpus, written by hand on
// purpose, draws none of the warnings about likely mistakes: no key taken
// for a misspelling, and, with every front matter decoded by yaml.v3 (the
// fast reader would skip the checks made on its tree), no list item folded
// into a value and no value cut by a comment.
func TestCorpusNoHints(t *testing.T) {
	root := openCorpus(t)
	_, diags := Read(root.FS(), nil, Options{})
	for _, d := range diags {
		if strings.Contains(d.Error(), "did you mean") {
			t.Errorf("hint on the corpus: %v", d)
		}
	}
	files := 0
	err := fs.WalkDir(root.FS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !IsEpisodeFile(d.Name()) {
			return err
		}
		data, err := root.ReadFile(name)
		if err != nil {
			return err
		}
		fm, lerr := split(data)
		if lerr != nil {
			return nil // the licence
		}
		files++
		p := &fileParser{path: name}
		if doc := p.decodeYAMLTree(fm); doc == nil || len(p.diags) != 0 {
			t.Errorf("%s: yaml.v3 tree: %v", name, p.diags)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files != 51 {
		t.Errorf("decoded %d front matters, want 51", files)
	}
}

// BenchmarkParse parses a representative episode: YAML front matter, a
// Dailymotion shortcode, HTML comments and a transcript block.
func BenchmarkParse(b *testing.B) {
	root := openCorpus(b)
	const name = "videos/paroles-d-experts/Experts-S2E5-Jullien/donnees-personnelles-eve-jullien.md"
	data, err := root.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	fsys := root.FS()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if ep, diags := Parse(name, data, fsys, nil, Options{}); ep == nil {
			b.Fatal(diags)
		}
	}
}

// BenchmarkParseSynthetic parses a file of the benchmark corpus
// (../shared/bench/cmd/gen-corpus): YAML front matter, a French body of
// about 4 KB with a player, a list, links and a transcript section.
func BenchmarkParseSynthetic(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "bench", "synthetic.md"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if ep, diags := Parse("synthetic.md", data, nil, nil, Options{}); ep == nil {
			b.Fatal(diags)
		}
	}
}

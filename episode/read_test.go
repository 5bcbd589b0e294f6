package episode

import (
	"crypto/sha256"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

func TestRead(t *testing.T) {
	episode := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(withKeys("image: ./cover.webp") + "Texte de " + title + "\n")}
	}
	content := fstest.MapFS{
		"videos/paroles d'experts/Épisode 2/ep.md":      episode("2"),
		"videos/paroles d'experts/Épisode 2/cover.webp": {Data: []byte("RIFF")},
		"videos/a b/ep.MD":      episode("a b"),
		"videos/a b/notes.txt":  {Data: []byte("not an episode")},
		"podcasts/z.md":         episode("z"),
		"podcasts/.draft/ep.md": episode("hidden"),
		"podcasts/.#lock.md":    episode("lock"),
		"LICENSE.md":            {Data: []byte("# Licence\n")},
		"big/huge.md":           {Data: []byte(withKeys() + strings.Repeat("x", 2000))},
		"folder.md/inside.md":   episode("inside"),
	}
	eps, diags := Read(content, nil, Options{MaxFileSize: 1000})
	var paths []string
	for _, ep := range eps {
		paths = append(paths, ep.Path)
	}
	wantPaths := []string{
		"folder.md/inside.md",
		"podcasts/z.md",
		"videos/a b/ep.MD",
		"videos/paroles d'experts/Épisode 2/ep.md",
	}
	if !reflect.DeepEqual(paths, wantPaths) {
		t.Errorf("paths = %q\nwant %q", paths, wantPaths)
	}
	for _, ep := range eps {
		if want := sha256.Sum256(content[ep.Path].Data); ep.Hash != want {
			t.Errorf("%s: Hash = %x, want %x", ep.Path, ep.Hash, want)
		}
	}
	var got []string
	for _, d := range diags {
		got = append(got, d.Error())
	}
	want := []string{
		"LICENSE.md: no front matter: not an episode (an episode starts with ---, +++ or {)",
		"big/huge.md: file: file too large: 2035 bytes, over the limit of 1000",
		"folder.md/inside.md:4: image: file not found: folder.md/cover.webp",
		"podcasts/z.md:4: image: file not found: podcasts/cover.webp",
		"videos/a b/ep.MD:4: image: file not found: videos/a b/cover.webp",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics = %q\nwant %q", got, want)
	}
	if !errors.Is(diags[1], ErrTooLarge) {
		t.Errorf("%v is not ErrTooLarge", diags[1])
	}
}

func TestReadNilContent(t *testing.T) {
	eps, diags := Read(nil, nil, Options{})
	if eps != nil || len(diags) != 1 || diags[0].Warning {
		t.Errorf("Read(nil) = %v, %v; want one error", eps, diags)
	}
}

func TestReadIgnore(t *testing.T) {
	content := fstest.MapFS{
		"README.md":     {Data: []byte("# Show\n")},
		"drafts/old.md": {Data: []byte("no front matter\n")},
		"ep.md":         {Data: []byte(withKeys())},
	}
	ignore := func(p string) bool { return p == "README.md" || strings.HasPrefix(p, "drafts/") }
	eps, diags := Read(content, nil, Options{Ignore: ignore})
	if len(eps) != 1 || eps[0].Path != "ep.md" || len(diags) != 0 {
		t.Errorf("Read = %d episodes, %v; want ep.md alone and no diagnostics", len(eps), diags)
	}
}

// TestParseConcurrent checks, under the race detector, that Parse shares
// nothing mutable between calls.
func TestParseConcurrent(t *testing.T) {
	srcs := []string{
		withBody("{% dailymotion \"x9qb2l4\" %}\n\n{% transcription \"T\" %}\nTexte\n{% endtranscription %}\n"),
		withBody("<iframe src=\"https://embed.acast.com/a/b\"></iframe>\n\n## Transcription\nTexte\n"),
		"+++\ntitle = 'A'\ndate = 2025-01-17\n+++\n# Titre\n",
	}
	want := make([]string, len(srcs))
	for i, src := range srcs {
		ep, _ := mustParse(t, src)
		want[i] = ep.HTML
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				n := (g + i) % len(srcs)
				if ep, _ := Parse(testPath, []byte(srcs[n]), nil, nil, Options{}); ep == nil || ep.HTML != want[n] {
					t.Errorf("concurrent Parse of source %d differs", n)
				}
			}
		})
	}
	wg.Wait()
}

package site

import (
	"context"
	"image"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/feedcast/feedcast/internal/pages/i18n"
)

// catalogueStrings returns the words of a language's catalogue that a
// page or feed may show: each string field cut before its first format
// verb, each month and role, at least five bytes long.
func catalogueStrings(t *i18n.Texts) []string {
	var out []string
	add := func(s string) {
		if i := strings.IndexByte(s, '%'); i >= 0 {
			s = s[:i]
		}
		if s = strings.TrimSpace(s); len(s) >= 5 {
			out = append(out, s)
		}
	}
	v := reflect.ValueOf(t).Elem()
	for i := 0; i < v.NumField(); i++ {
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			add(f.String())
		case reflect.Array:
			for j := 0; j < f.Len(); j++ {
				add(f.Index(j).String())
			}
		case reflect.Map:
			for _, k := range f.MapKeys() {
				add(f.MapIndex(k).String())
			}
		}
	}
	return out
}

// TestOutputLanguage builds the same show in French and in English and
// checks that no page or feed of one holds a word of the other's
// catalogue (the words the show itself says aside).
func TestOutputLanguage(t *testing.T) {
	content := showFS()
	var source strings.Builder
	fs.WalkDir(content, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			b, _ := fs.ReadFile(content, p)
			source.Write(b)
		}
		return nil
	})
	for _, tc := range []struct{ lang, other string }{{"fr", "en"}, {"en", "fr"}} {
		t.Run(tc.lang, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.Language = tc.lang
			out := filepath.Join(t.TempDir(), "site")
			if _, err := Run(context.Background(), Options{Config: cfg, Content: content, Static: staticFS(), Out: out, Now: func() time.Time { return fixedNow }, Version: "test"}); err != nil {
				t.Fatal(err)
			}
			own := map[string]bool{}
			for _, s := range catalogueStrings(i18n.For(tc.lang)) {
				own[s] = true
			}
			var foreign []string
			for _, s := range catalogueStrings(i18n.For(tc.other)) {
				// The show's own words, as the fixture writes them (a
				// shortcode's name may become a heading), are not labels.
				if !own[s] && !strings.Contains(strings.ToLower(source.String()), strings.ToLower(s)) {
					foreign = append(foreign, s)
				}
			}
			n := 0
			filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				switch filepath.Ext(p) {
				case ".html", ".xml", ".json", ".xsl", ".opml", ".txt":
				default:
					return nil
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				n++
				for _, s := range foreign {
					if i := wordIndex(string(b), s); i >= 0 {
						rel, _ := filepath.Rel(out, p)
						t.Errorf("%s: %s word %q in a %s show: …%s…", rel, tc.other, s, tc.lang, string(b)[max(0, i-80):min(len(b), i+80)])
					}
				}
				return nil
			})
			if n < 20 {
				t.Errorf("only %d pages and feeds checked", n)
			}
		})
	}
}

// wordIndex is the index of the first s in text that no letter follows
// ("Transcript" is not in "Transcription"), or -1.
func wordIndex(text, s string) int {
	for i := 0; ; {
		j := strings.Index(text[i:], s)
		if j < 0 {
			return -1
		}
		end := i + j + len(s)
		if r, _ := utf8.DecodeRuneInString(text[end:]); end == len(text) || !unicode.IsLetter(r) {
			return i + j
		}
		i = end
	}
}

// TestIcons checks that a build makes the site's icons from the show's
// artwork and that the pages link them.
func TestIcons(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, err := runBuild(t, showFS(), staticFS(), out, false); err != nil {
		t.Fatal(err)
	}
	for path, side := range map[string]int{"icon-32.png": 32, "apple-touch-icon.png": 180} {
		f, err := os.Open(filepath.Join(out, path))
		if err != nil {
			t.Fatal(err)
		}
		cfg, format, err := image.DecodeConfig(f)
		f.Close()
		if err != nil || format != "png" || cfg.Width != side || cfg.Height != side {
			t.Errorf("%s: %s %dx%d (%v), want a %d px PNG", path, format, cfg.Width, cfg.Height, err, side)
		}
	}
	for _, page := range []string{"index.html", "404.html", "episodes/ep1/index.html", "series/saison-1/index.html"} {
		b, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`<link rel="icon" type="image/png" sizes="32x32" href="https://example.org/show/icon-32.png">`, `<link rel="apple-touch-icon" sizes="180x180" href="https://example.org/show/apple-touch-icon.png">`} {
			if !strings.Contains(string(b), want) {
				t.Errorf("%s has no %s", page, want)
			}
		}
	}
}

package readiness_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/readiness"
)

func readyConfig(t *testing.T) *config.Config {
	t.Helper()
	c := config.Default()
	c.Title = "Le Labo"
	c.Description = "Un podcast de test."
	c.Language = "fr"
	c.BaseURL = "https://podcast.example.org/"
	c.Owner = config.Owner{Name: "Labo", Email: "labo@example.org"}
	c.Categories = []string{"Technology"}
	c.Artwork = "/artwork.png"
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestGroupingIsDeterministic: findings about many episodes are one line
// per kind and key, naming the first files in path order, whatever the
// order the episodes come in.
func TestGroupingIsDeterministic(t *testing.T) {
	var eps []readiness.Episode
	for i := range 200 {
		e := readiness.Episode{Path: fmt.Sprintf("ep/%03d.md", i), ID: fmt.Sprintf("urn:ep:%d", i), Title: fmt.Sprintf("Épisode %d", i)}
		switch i % 4 {
		case 1:
			e.Enclosure = &feed.Enclosure{URL: fmt.Sprintf("https://m.example.org/%d.ogg", i), Type: "audio/ogg", Length: 1}
		case 2:
			e.Enclosure = &feed.Enclosure{URL: fmt.Sprintf("https://m.example.org/%d.webm", i), Type: "video/webm", Length: 1}
		case 3:
			e.Enclosure = &feed.Enclosure{URL: fmt.Sprintf("https://m.example.org/%d.mp3", i), Type: "audio/mpeg", Length: 1}
		}
		eps = append(eps, e)
	}
	cfg := readyConfig(t)
	want := readiness.Check(readiness.Show{Config: cfg, Episodes: eps})
	var lines []string
	for _, f := range want {
		lines = append(lines, f.Line("feedcast.yaml", func(p string) string { return "content/" + p }))
	}
	wantLines := []string{
		"content/ep/000.md, content/ep/004.md, content/ep/008.md and 47 more: audio: no media file (audio, video or enclosure): Apple Podcasts requires one for every episode, and podcast apps do not list an episode without one",
		"content/ep/001.md, content/ep/005.md, content/ep/009.md and 47 more: audio: Apple Podcasts lists M4A, MP3, MOV, MP4, M4V and PDF files only, by the URL's extension and the type (audio/x-m4a, audio/mpeg, video/quicktime, video/mp4, video/x-m4v, application/pdf)",
		"content/ep/002.md, content/ep/006.md, content/ep/010.md and 47 more: video: Apple Podcasts lists M4A, MP3, MOV, MP4, M4V and PDF files only, by the URL's extension and the type (audio/x-m4a, audio/mpeg, video/quicktime, video/mp4, video/x-m4v, application/pdf)",
	}
	if !reflect.DeepEqual(lines, wantLines) {
		t.Fatalf("lines:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(wantLines, "\n"))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		r.Shuffle(len(eps), func(i, j int) { eps[i], eps[j] = eps[j], eps[i] })
		if got := readiness.Check(readiness.Show{Config: cfg, Episodes: eps}); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffled episodes give\n%v\nwant\n%v", got, want)
		}
	}
}

func TestLine(t *testing.T) {
	f := readiness.Finding{Key: "owner.email", Msg: "is empty"}
	if got := f.Line("shows/a.yaml", nil); got != "shows/a.yaml: owner.email: is empty" {
		t.Errorf("config finding: %q", got)
	}
	f = readiness.Finding{Key: "title", Msg: "the same title", Files: []string{"a.md", "b.md"}, Count: 2}
	if got := f.Line("feedcast.yaml", nil); got != "a.md, b.md: title: the same title" {
		t.Errorf("two files: %q", got)
	}
}

// TestLocalBaseURL: the addresses directories cannot reach, and some
// they can.
func TestLocalBaseURL(t *testing.T) {
	for u, local := range map[string]bool{
		"http://127.0.0.1:8080/":         true,
		"http://localhost:1313/":         true,
		"http://[::1]/":                  true,
		"http://192.168.1.20/podcast/":   true,
		"http://10.0.0.5/":               true,
		"http://nas.local/":              true,
		"https://podcast.example.org/":   false,
		"https://8.8.8.8/":               false,
		"https://ecoresponsable.gouv.fr": false,
	} {
		cfg := readyConfig(t)
		cfg.BaseURL = u
		got := false
		for _, f := range readiness.Check(readiness.Show{Config: cfg}) {
			got = got || f.Kind == "base-url-local"
		}
		if got != local {
			t.Errorf("%s: local %v, want %v", u, got, local)
		}
	}
}

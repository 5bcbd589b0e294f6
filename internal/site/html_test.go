package site

import (
	"net/url"
	"strings"
	"testing"

	"github.com/feedcast/feedcast/feed"
)

func TestContentHTML(t *testing.T) {
	base, _ := url.Parse("https://example.org/show/")
	c := newContentHTML(base, "fr")
	link := playerLink{Kind: "video", Href: "https://www.dailymotion.com/video/x1",
		Thumbnail: &feed.Image{URL: "https://example.org/show/t.webp", Width: 640, Height: 360}, Title: "Épisode #1 : l’« IA »"}
	src := `<!-- a comment -->
<p>Intro <a href="/actualites/x/">lien</a> <img src="img/a.png" alt="a"></p>
<div style="position:relative"><iframe src="https://www.dailymotion.com/embed/video/x1" allowfullscreen></iframe></div>
<iframe src="https://evil.example/embed"></iframe>
<p onclick="alert(1)" style="color:red">texte <a href="javascript:alert(1)">x</a></p>
<script>alert(1)</script><style>p{}</style>
<form><input name=q></form>
<p>fin</br></p>
<iframe src="https://embed.acast.com/$/a/b"></iframe>`
	got := c.render(src, link)
	for _, bad := range []string{"<!--", "iframe", "evil.example", "onclick", "style", "javascript:", "<script", "alert", "<form", "<input"} {
		if strings.Contains(got, bad) {
			t.Errorf("output keeps %q:\n%s", bad, got)
		}
	}
	// Both players, the nested one and the top-level one, are replaced.
	if n := strings.Count(got, ">Regarder la vidéo</a>"); n != 2 {
		t.Errorf("%d player links, want 2:\n%s", n, got)
	}
	for _, want := range []string{
		`<a href="https://example.org/actualites/x/">lien</a>`,
		`src="https://example.org/show/img/a.png"`,
		`<a href="https://www.dailymotion.com/video/x1"><img src="https://example.org/show/t.webp" alt="Épisode #1 : l’« IA »" width="640" height="360"/></a>`,
		`>Regarder la vidéo</a>`,
		`fin`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

func TestPlayerLabel(t *testing.T) {
	if got := playerLabel("en-US", "audio"); got != "Listen to the episode" {
		t.Error(got)
	}
	if got := playerLabel("fr", "audio"); got != "Écouter l’épisode" {
		t.Error(got)
	}
}

func TestPlainText(t *testing.T) {
	got := plainText("<p>Un <b>texte</b></p><script>x()</script><p>assez   long pour être coupé</p>", 20)
	if got != "Un texte assez long…" {
		t.Errorf("plainText = %q", got)
	}
	if got := plainText("<p>court</p>", 20); got != "court" {
		t.Errorf("plainText = %q", got)
	}
	if got := plainText("ééééééééééé", 5); !strings.HasSuffix(got, "…") || len(got) > 5+len("…") {
		t.Errorf("plainText cut inside a rune: %q", got)
	}
}

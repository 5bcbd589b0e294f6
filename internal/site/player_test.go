package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEpisodePagePlayer checks what a build gives an episode page's
// player: the page of an episode with a media file and a timed transcript
// loads player.js, and its transcript is made of cues that carry their
// times; player.js is written beside the pages.
func TestEpisodePagePlayer(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if _, err := runBuild(t, showFS(), staticFS(), out, false); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "episodes/ep1/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<script src="https://example.org/show/player.js" defer></script>`,
		`data-media>`,
		`<p class="cue" data-start="0" data-end="2.5"><a class="cue-time" href="#t=0:00">0:00</a> Bonjour et bienvenue.</p>`,
		`<p class="cue" data-start="2.5" data-end="5"><a class="cue-time" href="#t=0:02">0:02</a> Merci Jane.</p>`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("episodes/ep1/index.html has no %s", want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "player.js")); err != nil {
		t.Error(err)
	}
}

package main

import (
	"bytes"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// TestInit writes a new show and builds it in place: the feed has the
// example episode with its audio file, artwork and tags. A second init
// refuses and changes nothing.
func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "show")
	code, stdout, stderr := run(t, "init", dir)
	if code != exitOK {
		t.Fatalf("init: exit %d\n%s", code, stderr)
	}
	for _, f := range []string{"feedcast.yaml", "content/welcome.md", "content/welcome.mp3", "public/artwork.png"} {
		if !strings.Contains(stdout, filepath.Join(dir, filepath.FromSlash(f))) {
			t.Errorf("init does not list %s:\n%s", f, stdout)
		}
	}

	t.Chdir(dir) // "feedcast build" in DIR, with its defaults
	code, _, stderr = run(t, "build")
	if code != exitOK {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	if strings.Contains(stderr, "warning:") || strings.Contains(stderr, "error:") || !strings.Contains(stderr, "1 episodes published, 0 skipped, 0 held back, 0 warnings") {
		t.Errorf("build of the new show:\n%s", stderr)
	}
	data, err := os.ReadFile(filepath.Join("_site", "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "My Podcast" || f.Image == nil || f.ITunesExt == nil || f.ITunesExt.Image == "" || len(f.Items) != 1 {
		t.Fatalf("feed: %q, image %v, %d items", f.Title, f.Image, len(f.Items))
	}
	it := f.Items[0]
	if it.Title != "Welcome to My Podcast" || it.PublishedParsed == nil || !it.PublishedParsed.Equal(testNow) ||
		it.Description == "" || strings.Join(it.Categories, ",") != "Introduction" {
		t.Errorf("item: %q %v %q %v", it.Title, it.PublishedParsed, it.Description, it.Categories)
	}
	if len(it.Enclosures) != 1 || it.Enclosures[0].Type != "audio/mpeg" || it.Enclosures[0].Length != "36000" {
		t.Fatalf("enclosures: %+v", it.Enclosures)
	}
	if it.ITunesExt == nil || it.ITunesExt.Duration != "9" {
		t.Errorf("itunes:duration: %+v", it.ITunesExt)
	}
	mp3, err := os.ReadFile(filepath.Join("_site", "episodes", "welcome", "welcome.mp3"))
	if err != nil || len(mp3) != 36000 {
		t.Errorf("the published audio: %d bytes, %v", len(mp3), err)
	}

	// A second init refuses, names the file, and changes nothing.
	before := snapshot(t, dir)
	code, _, stderr = run(t, "init", dir)
	if code != exitFail || !strings.Contains(stderr, filepath.Join(dir, "feedcast.yaml")+": already exists") {
		t.Errorf("second init: exit %d\n%s", code, stderr)
	}
	if after := snapshot(t, dir); after != before {
		t.Errorf("second init changed the folder:\n%s\n---\n%s", before, after)
	}
}

// TestInitWritesNothingOverAFile puts one of the files init writes in
// place: init names it and writes none of the others.
func TestInitWritesNothingOverAFile(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "content", "welcome.mp3")
	if err := os.MkdirAll(filepath.Dir(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("my recording"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	code, stdout, stderr := run(t, "init", dir)
	if code != exitFail || !strings.Contains(stderr, mine+": already exists") || stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	if after := snapshot(t, dir); after != before {
		t.Errorf("init changed the folder:\n%s", after)
	}

	t.Chdir(dir) // DIR defaults to the current folder
	if code, _, stderr := run(t, "init"); code != exitFail || !strings.Contains(stderr, filepath.Join("content", "welcome.mp3")) {
		t.Errorf("init in the current folder: exit %d\n%s", code, stderr)
	}
	if code, _, _ := run(t, "init", "a", "b"); code != exitUsage {
		t.Errorf("two folders: exit %d", code)
	}
}

// snapshot lists every file under dir with its content.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		b.WriteString(p + " " + string(data) + "\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestSilentMP3 checks the frames against the MPEG audio header layout
// (ISO/IEC 11172-3, 2.4.1.3): one frame every 144 bytes, each a header
// of MPEG-1 Layer III, 32 kbit/s, 32 kHz, mono, for the duration asked.
func TestSilentMP3(t *testing.T) {
	data := silentMP3(9)
	bitrates := [16]int{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0} // MPEG-1 Layer III, kbit/s
	rates := [4]int{44100, 48000, 32000, 0}
	frames, samples := 0, 0
	for off := 0; off < len(data); {
		h := data[off:]
		if len(h) < 4 || h[0] != 0xFF || h[1]&0xE0 != 0xE0 {
			t.Fatalf("no frame sync at %d", off)
		}
		version, layer, noCRC := h[1]>>3&3, h[1]>>1&3, h[1]&1
		bitrate, rate, padding := bitrates[h[2]>>4]*1000, rates[h[2]>>2&3], int(h[2]>>1&1)
		mode := h[3] >> 6
		if version != 3 || layer != 1 || noCRC != 1 || bitrate != 32000 || rate != 32000 || mode != 3 {
			t.Fatalf("frame %d: version %d layer %d bitrate %d rate %d mode %d", frames, version, layer, bitrate, rate, mode)
		}
		size := 144*bitrate/rate + padding
		if off+size > len(data) {
			t.Fatalf("frame %d truncated", frames)
		}
		off += size
		frames++
		samples += 1152
	}
	if secs := float64(samples) / 32000; secs < 9 || secs > 9.04 {
		t.Errorf("%d frames, %.3f s, want 9 s", frames, secs)
	}
}

func TestStarterArtwork(t *testing.T) {
	data, err := starterArtwork()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1400 || b.Dy() != 1400 {
		t.Errorf("artwork %v, want 1400 px square", b)
	}
	again, _ := starterArtwork()
	if !bytes.Equal(data, again) {
		t.Error("the artwork is not the same twice")
	}
}

package site

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// A local MP3 without a duration in the front matter gets the duration
// read from the file in the feed's itunes:duration; one with a duration
// keeps the front matter's.
func TestDurationFromMedia(t *testing.T) {
	// 2000 MPEG-1 layer III frames at 128 kbit/s, 44.1 kHz: 52.2 s.
	frame := make([]byte, 417)
	copy(frame, "\xFF\xFB\x90\x00")
	mp3 := bytes.Repeat(frame, 2000)
	wantFrames := "52"
	wantFFmpeg := ""
	if _, err := exec.LookPath("ffmpeg"); err == nil {
		dir := t.TempDir()
		cmd := exec.Command("ffmpeg", "-loglevel", "error", "-nostdin", "-f", "lavfi", "-i", "sine=frequency=440:duration=95.4",
			"-ac", "1", "-b:a", "32k", filepath.Join(dir, "a.mp3"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ffmpeg: %v\n%s", err, out)
		}
		if mp3, err = os.ReadFile(filepath.Join(dir, "a.mp3")); err != nil {
			t.Fatal(err)
		}
		wantFrames, wantFFmpeg = "", "95"
	}
	content := fstest.MapFS{
		"ep1.md":  {Data: []byte("---\ntitle: Read from the file\ndate: 2025-01-10\naudio: ep1.mp3\n---\nBody.\n")},
		"ep1.mp3": {Data: mp3},
		"ep2.md":  {Data: []byte("---\ntitle: Front matter wins\ndate: 2025-01-11\naudio: ep2.mp3\nduration: '00:10:00'\n---\nBody.\n")},
		"ep2.mp3": {Data: mp3},
	}
	out := filepath.Join(t.TempDir(), "site")
	res, err := runBuild(t, content, staticFS(), out, true)
	if err != nil {
		t.Fatalf("build: %v (%+v)", err, res)
	}
	f := parseFeed(t, filepath.Join(out, "feed.xml"))
	if len(f.Items) != 2 {
		t.Fatalf("%d items, want 2", len(f.Items))
	}
	want := map[string]string{"Read from the file": wantFrames + wantFFmpeg, "Front matter wins": "600"}
	for _, it := range f.Items {
		if it.ITunesExt == nil || it.ITunesExt.Duration != want[it.Title] {
			t.Errorf("%s: itunes = %+v, want duration %s", it.Title, it.ITunesExt, want[it.Title])
		}
	}
}

package media

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// ffprobeResult is what ffprobe -show_format -show_chapters -of json says.
type ffprobeResult struct {
	Format struct {
		Duration string `json:"duration"`
	} `json:"format"`
	Chapters []struct {
		StartTime string            `json:"start_time"`
		Tags      map[string]string `json:"tags"`
	} `json:"chapters"`
	Streams []struct {
		NbReadPackets string `json:"nb_read_packets"`
		SampleRate    string `json:"sample_rate"`
	} `json:"streams"`
}

func ffprobe(t *testing.T, file string, args ...string) ffprobeResult {
	t.Helper()
	args = append([]string{"-v", "error", "-show_entries", "format=duration", "-show_chapters", "-of", "json"}, args...)
	out, err := exec.Command("ffprobe", append(args, file)...).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", file, err)
	}
	var r ffprobeResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func parseSeconds(t *testing.T, s string) time.Duration {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("ffprobe time %q: %v", s, err)
	}
	return time.Duration(math.Round(f * float64(time.Second)))
}

func needFFmpeg(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"ffmpeg", "ffprobe"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
}

func ffmpeg(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("ffmpeg", append([]string{"-loglevel", "error", "-y", "-nostdin"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %q: %v\n%s", args, err, out)
	}
}

func probeFile(t *testing.T, path string) Info {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	info, err := Probe(f, st.Size(), path)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// Files made by ffmpeg at several bitrates, rates and lengths in each
// container: the duration is within a second of ffprobe's, and so are the
// chapters, read from the same files.
func TestProbeAgainstFFprobe(t *testing.T) {
	needFFmpeg(t)
	dir := t.TempDir()
	meta := ";FFMETADATA1\n" +
		"[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=20000\ntitle=Opening\n" +
		"[CHAPTER]\nTIMEBASE=1/1000\nSTART=20000\nEND=31000\ntitle=Second – part\n" +
		"[CHAPTER]\nTIMEBASE=1/1000\nSTART=31000\nEND=41300\ntitle=Closing\n"
	if err := os.WriteFile(filepath.Join(dir, "meta.txt"), []byte(meta), 0o644); err != nil {
		t.Fatal(err)
	}
	ffmpeg(t, dir, "-f", "lavfi", "-i", "color=c=red:size=24x24", "-frames:v", "1", "cover.png")
	sine := func(d string) []string { return []string{"-f", "lavfi", "-i", "sine=frequency=440:duration=" + d} }
	chapters := []string{"-i", "meta.txt", "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1"}
	cat := func(parts ...[]string) (out []string) {
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	cases := []struct {
		file     string
		args     []string
		typ      string
		chapters bool
		// exact compares with the packets ffprobe counts, not with its
		// format duration (an estimate from the first frame's bitrate
		// for VBR MP3 without a Xing header).
		exact bool
	}{
		{"cbr128.mp3", cat(sine("7.3"), []string{"-b:a", "128k"}), "audio/mpeg", false, false},
		{"cbr320.mp3", cat(sine("41.3"), []string{"-b:a", "320k"}), "audio/mpeg", false, false},
		{"cbr8mono.mp3", cat(sine("61.7"), []string{"-ac", "1", "-ar", "8000", "-b:a", "8k"}), "audio/mpeg", false, false},
		{"vbr.mp3", cat(sine("95.4"), []string{"-q:a", "2"}), "audio/mpeg", false, false},
		{"chap3.mp3", cat(sine("95.4"), chapters, []string{"-b:a", "64k", "-id3v2_version", "3"}), "audio/mpeg", true, false},
		{"chap4.mp3", cat(sine("41.3"), chapters, []string{"-b:a", "64k", "-id3v2_version", "4"}), "audio/mpeg", true, false},
		{"noxing.mp3", cat(sine("41.3"), []string{"-b:a", "96k", "-write_xing", "0"}), "audio/mpeg", false, false},
		{"vbrnoxing.mp3", cat(sine("95.4"), []string{"-q:a", "0", "-write_xing", "0"}), "audio/mpeg", false, true},
		{"layer2.mp2", cat(sine("7.3"), []string{"-c:a", "mp2", "-b:a", "192k"}), "audio/mpeg", false, false},
		{"aac32.m4a", cat(sine("7.3"), []string{"-c:a", "aac", "-b:a", "32k"}), "audio/mp4", false, false},
		{"aac128.m4a", cat(sine("41.3"), chapters, []string{"-c:a", "aac", "-b:a", "128k"}), "audio/mp4", true, false},
		{"faststart.m4a", cat(sine("61.7"), chapters, []string{"-c:a", "aac", "-movflags", "+faststart"}), "audio/mp4", true, false},
		{"video.mp4", cat([]string{"-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=61.7"}, sine("61.7"), []string{"-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest"}), "video/mp4", false, false},
		{"video.m4v", cat([]string{"-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=7.3"}, []string{"-c:v", "libx264", "-preset", "ultrafast"}), "video/mp4", false, false},
		{"audio.mov", cat(sine("7.3"), []string{"-c:a", "aac"}), "video/quicktime", false, false},
		{"vorbis-q0.ogg", cat(sine("7.3"), []string{"-c:a", "libvorbis", "-q:a", "0"}), "audio/ogg", false, false},
		{"vorbis-q8.ogg", cat(sine("41.3"), []string{"-c:a", "libvorbis", "-q:a", "8"}), "audio/ogg", false, false},
		{"opus24.opus", cat(sine("7.3"), []string{"-c:a", "libopus", "-b:a", "24k"}), "audio/ogg", false, false},
		{"opus96.ogg", cat(sine("41.3"), []string{"-ar", "24000", "-c:a", "libopus", "-b:a", "96k"}), "audio/ogg", false, false},
		{"a.flac", cat(sine("61.7"), []string{"-c:a", "flac"}), "audio/flac", false, false},
		{"hi.flac", cat([]string{"-f", "lavfi", "-i", "sine=frequency=440:duration=7.3:sample_rate=96000"}, []string{"-c:a", "flac", "-sample_fmt", "s32"}), "audio/flac", false, false},
		{"s16.wav", cat(sine("61.7"), nil), "audio/wav", false, false},
		{"u8mono.wav", cat(sine("7.3"), []string{"-ac", "1", "-ar", "8000", "-c:a", "pcm_u8"}), "audio/wav", false, false},
		{"f32.wav", cat(sine("7.3"), []string{"-c:a", "pcm_f32le"}), "audio/wav", false, false},
		{"rf64.wav", cat(sine("7.3"), []string{"-rf64", "always"}), "audio/wav", false, false},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			ffmpeg(t, dir, append(tc.args, tc.file)...)
			path := filepath.Join(dir, tc.file)
			info := probeFile(t, path)
			if info.Type != tc.typ {
				t.Errorf("type = %q, want %q", info.Type, tc.typ)
			}
			want := ffprobe(t, path)
			wantDur := parseSeconds(t, want.Format.Duration)
			if tc.exact {
				r := ffprobe(t, path, "-count_packets", "-show_entries", "stream=nb_read_packets,sample_rate")
				packets, err1 := strconv.ParseUint(r.Streams[0].NbReadPackets, 10, 64)
				rate, err2 := strconv.ParseUint(r.Streams[0].SampleRate, 10, 64)
				if err1 != nil || err2 != nil {
					t.Fatalf("ffprobe packets %q rate %q", r.Streams[0].NbReadPackets, r.Streams[0].SampleRate)
				}
				wantDur = seconds(packets*1152, rate)
			}
			if !closeTo(info.Duration, wantDur, withinFFprobe) {
				t.Errorf("duration = %v, ffprobe %v", info.Duration, wantDur)
			}
			if tc.chapters && len(want.Chapters) == 0 {
				t.Fatal("ffprobe finds no chapters")
			}
			if len(info.Chapters) != len(want.Chapters) {
				t.Fatalf("chapters = %q, ffprobe has %d", info.Chapters, len(want.Chapters))
			}
			for i, c := range want.Chapters {
				got := info.Chapters[i]
				if start := parseSeconds(t, c.StartTime); !closeTo(got.Start, start, 10*time.Millisecond) || got.Title != c.Tags["title"] {
					t.Errorf("chapter %d = %v %q, ffprobe %v %q", i, got.Start, got.Title, start, c.Tags["title"])
				}
			}
		})
	}
}

// Cover art attached by ffmpeg comes back byte for byte.
func TestCoverAgainstFFmpeg(t *testing.T) {
	needFFmpeg(t)
	dir := t.TempDir()
	ffmpeg(t, dir, "-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1", "cover.png")
	ffmpeg(t, dir, "-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1", "cover.jpg")
	for _, tc := range []struct{ file, cover, mime string }{
		{"png.mp3", "cover.png", "image/png"},
		{"jpeg.mp3", "cover.jpg", "image/jpeg"},
		{"png.m4a", "cover.png", "image/png"},
		{"jpeg.m4a", "cover.jpg", "image/jpeg"},
		{"png.flac", "cover.png", "image/png"},
	} {
		ffmpeg(t, dir, "-f", "lavfi", "-i", "sine=duration=2", "-i", tc.cover, "-map", "0:a", "-map", "1:v",
			"-c:v", "copy", "-disposition:v", "attached_pic", tc.file)
		info := probeFile(t, filepath.Join(dir, tc.file))
		want, err := os.ReadFile(filepath.Join(dir, tc.cover))
		if err != nil {
			t.Fatal(err)
		}
		if info.Cover == nil || info.Cover.MIME != tc.mime || !bytes.Equal(info.Cover.Data, want) {
			t.Errorf("%s: cover = %+v, want %s of %d bytes", tc.file, info.Cover != nil, tc.mime, len(want))
		}
	}
}

package episode

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func testFolders() (content, static fstest.MapFS) {
	content = fstest.MapFS{
		"show/ep.md":        {Data: []byte("---\ntitle: A\n---\n")},
		"show/a.webp":       {Data: []byte("RIFF")},
		"show/sub/b.png":    {Data: []byte("PNG")},
		"other/c.svg":       {Data: []byte("<svg/>")},
		"show/ep.mp3":       {Data: make([]byte, 1234)},
		"show/sound.bin":    {Data: append([]byte("ID3\x03\x00\x00\x00\x00\x00\x00"), mp3Frames(1)...)},
		"show/long.mp3":     {Data: mp3Frames(1000)},
		"show/bad.mp3":      {Data: append([]byte("ID3\x03\x00\x00\x00"), make([]byte, 600)...)},
		"show/folder/x.txt": {Data: []byte("x")},
	}
	static = fstest.MapFS{
		"img/x.webp": {Data: []byte("RIFF")},
	}
	return content, static
}

// mp3Frames is n silent MPEG-1 layer III frames at 128 kbit/s and
// 44.1 kHz: 417 bytes and 1152 samples each.
func mp3Frames(n int) []byte {
	frame := make([]byte, 417)
	copy(frame, "\xFF\xFB\x90\x00")
	return bytes.Repeat(frame, n)
}

// The duration of a local media file is read from it when the front
// matter has none; the front matter's wins.
func TestMediaDuration(t *testing.T) {
	frames1000 := time.Duration(1000 * 1152 * int64(time.Second) / 44100)
	tests := []struct {
		name    string
		lines   []string
		want    time.Duration
		warning string
	}{
		{"read from the file", []string{"audio: ./long.mp3"}, frames1000, ""},
		{"front matter wins", []string{"audio: ./long.mp3", "duration: '10:00'"}, 10 * time.Minute, ""},
		{"a format not read", []string{"audio: ./ep.mp3"}, 0, ""},
		{"damaged file", []string{"audio: ./bad.mp3"}, 0,
			"show/ep.md:4: audio: duration unknown: show/bad.mp3: invalid media file: no MPEG audio frame in the first 65536 bytes after the tags"},
		{"remote file", []string{"audio: https://cdn.example.org/ep1.mp3"}, 0, ""},
	}
	content, static := testFolders()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, diags := Parse(testPath, []byte(withKeys(tt.lines...)), content, static, Options{})
			if ep == nil {
				t.Fatalf("Parse failed: %v", diags)
			}
			if ep.Duration != tt.want {
				t.Errorf("Duration = %v, want %v", ep.Duration, tt.want)
			}
			var want []string
			if tt.warning != "" {
				want = []string{tt.warning}
			}
			if got := warningsOf(diags); !reflect.DeepEqual(got, want) {
				t.Errorf("warnings = %q\nwant %q", got, want)
			}
		})
	}
}

func TestImageReferences(t *testing.T) {
	tests := []struct {
		name    string
		value   string // YAML value of image
		noFS    bool   // parse with nil content and static
		want    *ImageRef
		warning string // exact warning text, "" for none
	}{
		{"relative", "./a.webp", false, &ImageRef{Root: RootContent, Path: "show/a.webp"}, ""},
		{"relative without dot", "sub/b.png", false, &ImageRef{Root: RootContent, Path: "show/sub/b.png"}, ""},
		{"relative to a sibling folder", "../other/c.svg", false, &ImageRef{Root: RootContent, Path: "other/c.svg"}, ""},
		{"mapping", "{path: ./a.webp, alt: Une vignette}", false, &ImageRef{Root: RootContent, Path: "show/a.webp", Alt: "Une vignette"}, ""},
		{"mapping with src", "{src: ./a.webp}", false, &ImageRef{Root: RootContent, Path: "show/a.webp"}, ""},
		{"mapping with url", "{url: 'https://example.org/a.png', alt: x}", false, &ImageRef{Root: RootURL, Path: "https://example.org/a.png", Alt: "x"}, ""},
		{"site-absolute", "/img/x.webp", false, &ImageRef{Root: RootStatic, Path: "img/x.webp"}, ""},
		{"site-absolute cleaned", "/img/../img/./x.webp", false, &ImageRef{Root: RootStatic, Path: "img/x.webp"}, ""},
		{"URL", "https://example.org/a.png?w=2", false, &ImageRef{Root: RootURL, Path: "https://example.org/a.png?w=2"}, ""},
		{"protocol-relative URL", "//cdn.example.org/a.png", false, &ImageRef{Root: RootURL, Path: "https://cdn.example.org/a.png"}, ""},
		{"backslashes", `sub\b.png`, false, &ImageRef{Root: RootContent, Path: "show/sub/b.png"}, ""},
		{"missing in content", "./missing.webp", false, &ImageRef{Root: RootContent, Path: "show/missing.webp", Missing: true},
			"show/ep.md:4: image: file not found: show/missing.webp"},
		{"missing in static", "/img/missing.webp", false, &ImageRef{Root: RootStatic, Path: "img/missing.webp", Missing: true},
			"show/ep.md:4: image: file not found: /img/missing.webp"},
		{"a folder", "./folder", false, &ImageRef{Root: RootContent, Path: "show/folder", Missing: true},
			"show/ep.md:4: image: refused: not a regular file: show/folder"},
		{"not checked without folders", "./missing.webp", true, &ImageRef{Root: RootContent, Path: "show/missing.webp"}, ""},
		{"escaping content", "../../etc/passwd", false, nil, `show/ep.md:4: image: refused: outside the content folder: "../../etc/passwd"`},
		{"escaping content with backslashes", `..\..\etc\passwd`, false, nil, `show/ep.md:4: image: refused: outside the content folder: "..\\..\\etc\\passwd"`},
		{"escaping static", "/../etc/passwd", false, nil, `show/ep.md:4: image: refused: outside the static folder: "/../etc/passwd"`},
		{"escaping without folders", "../../x.png", true, nil, `show/ep.md:4: image: refused: outside the content folder: "../../x.png"`},
		{"the folder itself", "..", false, nil, `show/ep.md:4: image: refused: outside the content folder: ".."`},
		{"UNC path", `\\server\share\a.png`, false, nil, `show/ep.md:4: image: refused: outside the content folder: "\\\\server\\share\\a.png"`},
		{"Windows drive", `C:\a.png`, false, nil, `show/ep.md:4: image: refused: outside the content folder: "C:\\a.png"`},
		{"other scheme", "javascript:alert(1)", false, nil, `show/ep.md:4: image: refused: unsupported URL scheme "javascript"`},
		{"NUL", `"a\0.png"`, false, nil, `show/ep.md:4: image: refused: NUL byte in "a\x00.png"`},
		{"empty", "''", false, nil, ""},
		{"a list", "[a.png]", false, nil, "show/ep.md:4: image: want a path or a mapping {path, alt}, got a list"},
		{"mapping without path", "{alt: x}", false, nil, "show/ep.md:4: image: a mapping without path: ignored"},
	}
	content, static := testFolders()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c, s fs.FS = content, static
			if tt.noFS {
				c, s = nil, nil
			}
			ep, diags := Parse(testPath, []byte(withKeys("image: "+tt.value)), c, s, Options{})
			if ep == nil {
				t.Fatalf("Parse failed: %v", diags)
			}
			if !reflect.DeepEqual(ep.Image, tt.want) {
				t.Errorf("Image = %+v, want %+v", ep.Image, tt.want)
			}
			var want []string
			if tt.warning != "" {
				want = []string{tt.warning}
			}
			if got := warningsOf(diags); !reflect.DeepEqual(got, want) {
				t.Errorf("warnings = %q\nwant %q", got, want)
			}
		})
	}
}

func TestApercu(t *testing.T) {
	content, static := testFolders()
	ep, diags := Parse(testPath, []byte(withKeys("image: /img/x.webp", "apercu: {path: ./a.webp, alt: ''}")), content, static, Options{})
	if ep == nil || len(diags) != 0 {
		t.Fatalf("Parse = %v, %v", ep, diags)
	}
	if want := (&ImageRef{Root: RootContent, Path: "show/a.webp"}); !reflect.DeepEqual(ep.Apercu, want) {
		t.Errorf("Apercu = %+v, want %+v", ep.Apercu, want)
	}
}

func TestMedia(t *testing.T) {
	tests := []struct {
		name    string
		lines   []string
		want    *Media
		warning string
	}{
		{"URL", []string{"audio: https://cdn.example.org/ep1.mp3"}, &Media{Root: RootURL, Path: "https://cdn.example.org/ep1.mp3", Type: "audio/mpeg"}, ""},
		{"URL mapping", []string{"video: {url: 'https://cdn.example.org/ep1', type: video/mp4, length: '5000'}"}, &Media{Root: RootURL, Path: "https://cdn.example.org/ep1", Type: "video/mp4", Length: 5000}, ""},
		{"URL of each known extension", []string{"enclosure: https://cdn.example.org/a.M4A?x=1"}, &Media{Root: RootURL, Path: "https://cdn.example.org/a.M4A?x=1", Type: "audio/x-m4a"}, ""},
		{"URL of unknown type", []string{"audio: https://cdn.example.org/ep1"}, &Media{Root: RootURL, Path: "https://cdn.example.org/ep1"},
			"show/ep.md:4: audio: unknown media type of https://cdn.example.org/ep1: set type"},
		{"local file", []string{"audio: ./ep.mp3"}, &Media{Root: RootContent, Path: "show/ep.mp3", Type: "audio/mpeg", Length: 1234}, ""},
		{"local file sniffed", []string{"audio: {path: sound.bin}"}, &Media{Root: RootContent, Path: "show/sound.bin", Type: "audio/mpeg", Length: 427}, ""},
		{"local file missing", []string{"audio: ./nope.mp3"}, nil, "show/ep.md:4: audio: file not found: show/nope.mp3"},
		{"local file escaping", []string{"audio: ../../nope.mp3"}, nil, `show/ep.md:4: audio: refused: outside the content folder: "../../nope.mp3"`},
		{"negative length", []string{"audio: {url: 'https://x.org/a.mp3', length: -3}"}, &Media{Root: RootURL, Path: "https://x.org/a.mp3", Type: "audio/mpeg"},
			"show/ep.md:4: audio: length: negative length: -3"},
		{"two media keys", []string{"audio: https://x.org/a.mp3", "video: https://x.org/a.mp4"}, &Media{Root: RootURL, Path: "https://x.org/a.mp3", Type: "audio/mpeg"},
			"show/ep.md:5: video: an episode has one media file: ignored"},
		{"wrong type", []string{"audio: 3"}, nil, "show/ep.md:4: audio: want a URL, a path or a mapping {url, type, length}, got a number"},
	}
	content, static := testFolders()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, diags := Parse(testPath, []byte(withKeys(tt.lines...)), content, static, Options{})
			if ep == nil {
				t.Fatalf("Parse failed: %v", diags)
			}
			if !reflect.DeepEqual(ep.Media, tt.want) {
				t.Errorf("Media = %+v, want %+v", ep.Media, tt.want)
			}
			var want []string
			if tt.warning != "" {
				want = []string{tt.warning}
			}
			if got := warningsOf(diags); !reflect.DeepEqual(got, want) {
				t.Errorf("warnings = %q\nwant %q", got, want)
			}
		})
	}
}

// TestSymlinkOutOfRoot checks that references and episode files through a
// symbolic link leaving the content folder are refused by an os.Root FS.
func TestSymlinkOutOfRoot(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside")
	content := filepath.Join(dir, "content")
	for _, d := range []string{outside, filepath.Join(content, "ép 1")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(outside, "secret.png"), "PNG")
	write(filepath.Join(outside, "secret.md"), "---\ntitle: Secret\n---\n")
	write(filepath.Join(content, "ép 1", "inside.png"), "PNG")
	write(filepath.Join(content, "ép 1", "ep.md"), withKeys("image: ./link.png", "apercu: ./inside-link.png"))
	links := map[string]string{
		filepath.Join(content, "ép 1", "link.png"):        filepath.Join(outside, "secret.png"),
		filepath.Join(content, "ép 1", "inside-link.png"): "inside.png",
		filepath.Join(content, "ép 1", "z-secret.md"):     filepath.Join(outside, "secret.md"),
	}
	for name, target := range links {
		if err := os.Symlink(target, name); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	root, err := os.OpenRoot(content)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()

	eps, diags := Read(root.FS(), nil, Options{})
	if len(eps) != 1 {
		t.Fatalf("read %d episodes, want 1; diagnostics: %v", len(eps), diags)
	}
	ep := eps[0]
	if ep.Path != "ép 1/ep.md" {
		t.Errorf("Path = %q", ep.Path)
	}
	if ep.Image == nil || !ep.Image.Missing || ep.Image.Path != "ép 1/link.png" {
		t.Errorf("Image = %+v, want a missing ép 1/link.png", ep.Image)
	}
	if ep.Apercu == nil || ep.Apercu.Missing {
		t.Errorf("Apercu = %+v, want a link inside the folder to be usable", ep.Apercu)
	}
	var imageWarned, mdFailed bool
	for _, d := range diags {
		switch {
		case d.Path == "ép 1/ep.md" && d.Field == "image" && d.Warning:
			imageWarned = !errors.Is(d, fs.ErrNotExist) && strings.Contains(d.Error(), "ép 1/link.png")
		case d.Path == "ép 1/z-secret.md" && !d.Warning:
			mdFailed = true
		default:
			t.Errorf("unexpected diagnostic: %v", d)
		}
	}
	if !imageWarned {
		t.Errorf("no warning for the image linked out of the folder: %v", diags)
	}
	if !mdFailed {
		t.Errorf("no error for the episode file linked out of the folder: %v", diags)
	}
}

package build

import (
	"errors"
	"fmt"
	"image"
	_ "image/gif" // register decoders for DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"io/fs"
	"path"
	"strings"

	_ "golang.org/x/image/webp"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
)

// file is one file of the output folder: bytes made by the build, or a
// source file copied as it is.
type file struct {
	data []byte
	fsys fs.FS
	src  string
}

// image publishes an episode's image reference and returns it as a feed
// image, nil when there is none. An image beside the episode is copied to
// the episode's folder; one of the static folder is published with it.
func (s *site) image(e *episode.Episode, ref *episode.ImageRef, slug string) *feed.Image {
	if ref == nil || ref.Missing {
		return nil
	}
	img := &feed.Image{Alt: ref.Alt, Type: imageType(ref.Path)}
	switch ref.Root {
	case episode.RootURL:
		img.URL = ref.Path
		return img
	case episode.RootContent:
		p := "episodes/" + slug + "/" + path.Base(ref.Path)
		s.files[p] = file{fsys: s.content, src: ref.Path}
		img.URL = s.url(p)
		img.Width, img.Height = imageSize(s.content, ref.Path)
	case episode.RootStatic:
		if s.static == nil {
			return nil
		}
		img.URL = s.url(ref.Path)
		img.Width, img.Height = imageSize(s.static, ref.Path)
	}
	return img
}

// artwork is the show's artwork from the configuration, nil when unset.
func (s *site) artwork() *feed.Image {
	a := s.cfg.Artwork
	if a == "" {
		return nil
	}
	img := &feed.Image{Alt: s.cfg.ArtworkAlt, Type: imageType(a), Purpose: "artwork"}
	if img.Alt == "" {
		img.Alt = s.cfg.Title
	}
	if !strings.HasPrefix(a, "/") {
		img.URL = a
		return img
	}
	p := strings.TrimPrefix(path.Clean(a), "/")
	img.URL = s.url(p)
	if s.static != nil {
		img.Width, img.Height = imageSize(s.static, p)
	}
	return img
}

// enclosure publishes an episode's media file. A local file is copied to
// the episode's folder with its real length; a remote file of unknown
// length is reported and left out, since a length of 0 misleads apps.
func (s *site) enclosure(e *episode.Episode, slug string) *feed.Enclosure {
	m := e.Media
	enc := &feed.Enclosure{Type: m.Type, Length: m.Length}
	if m.Root == episode.RootURL {
		enc.URL = m.Path
	} else {
		fsys := s.content
		if m.Root == episode.RootStatic {
			fsys = s.static
		}
		p := "episodes/" + slug + "/" + path.Base(m.Path)
		s.files[p] = file{fsys: fsys, src: m.Path}
		enc.URL = s.url(p)
	}
	if enc.Length <= 0 {
		s.warn(e.Path, "enclosure", fmt.Errorf("%s: length unknown: set length in the front matter; the enclosure is left out", m.Path))
		return nil
	}
	if enc.Type == "" {
		s.warn(e.Path, "enclosure", fmt.Errorf("%s: media type unknown: set type in the front matter; the enclosure is left out", m.Path))
		return nil
	}
	return enc
}

func imageType(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	case ".svg":
		return "image/svg+xml"
	case ".avif":
		return "image/avif"
	}
	return ""
}

// imageSize reads the width and height from an image's header; zero when
// the format is not one of the raster formats decoded here.
func imageSize(fsys fs.FS, p string) (int, int) {
	f, err := fsys.Open(p)
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	c, _, err := image.DecodeConfig(f)
	if err != nil {
		return 0, 0
	}
	return c.Width, c.Height
}

// copyStatic publishes every file of the static folder at the same path,
// dot-files left out.
func (s *site) copyStatic() error {
	if s.static == nil {
		return nil
	}
	err := fs.WalkDir(s.static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if _, ok := s.files[p]; ok {
			return fmt.Errorf("%s: the static file has the same path as a built file", p)
		}
		s.files[p] = file{fsys: s.static, src: p}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("static folder: %w", err)
	}
	return nil
}

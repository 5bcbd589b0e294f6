package build

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

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
		if _, ok := s.files[p]; ok && !s.pages[p] {
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

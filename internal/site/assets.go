package site

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/cache"
)

// enclosure returns the episode's media file as an enclosure. A local
// file is published in the episode's folder with its real length (see
// publishMedia); a file of unknown length or type is reported and left
// out, since a length of 0 misleads apps.
func (s *site) enclosure(en *entry) *feed.Enclosure {
	m := en.ep.Media
	enc := &feed.Enclosure{Type: m.Type, Length: m.Length}
	if m.Root == episode.RootURL {
		enc.URL = m.Path
	} else {
		enc.URL = s.url(mediaPath(en))
	}
	if enc.Length <= 0 {
		en.warnMedia(fmt.Errorf("%s: length unknown: set length in the front matter; the enclosure is left out", m.Path))
		return nil
	}
	if enc.Type == "" {
		en.warnMedia(fmt.Errorf("%s: media type unknown: set type in the front matter; the enclosure is left out", m.Path))
		return nil
	}
	return enc
}

// mediaPath is where a local media file is published.
func mediaPath(en *entry) string {
	return "episodes/" + en.slug + "/" + path.Base(en.ep.Media.Path)
}

// publishMedia copies the episode's local media file to its folder.
func (s *site) publishMedia(en *entry) error {
	m := en.ep.Media
	if m == nil || m.Root == episode.RootURL {
		return nil
	}
	fsys, t := s.content, s.contentTree
	if m.Root == episode.RootStatic {
		fsys, t = s.static, s.staticTree
	}
	if fsys == nil {
		return nil
	}
	if en.src.kept && !t.has(m.Path) {
		// A kept episode (keep.go) whose media file is gone keeps the
		// copy published, when the output folder has it.
		if s.out.KeepAny(mediaPath(en)) {
			return nil
		}
		return errMediaGone
	}
	return s.out.Copy(mediaPath(en), copyKey(t, m.Path), fsys, m.Path)
}

// copyKey is the key of a copy of the file at p of t: its signature, or
// the zero key (compare the bytes) when it cannot be trusted.
func copyKey(t *tree, p string) key {
	if !t.trusted(p) {
		return key{}
	}
	return cache.Digest("copy", p, t.files[p])
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
// dot-files left out. A static file replaces a page of the same path (the
// page is not written); any other clash with a built file is an error.
func (s *site) copyStatic() error {
	if s.static == nil {
		return nil
	}
	for _, e := range s.staticTree.errs {
		return fmt.Errorf("static folder: %s: %w", e.path, e.err)
	}
	paths := make([]string, 0, len(s.staticTree.files))
	for p := range s.staticTree.files {
		if s.out.Planned(p) {
			return fmt.Errorf("%s: the static file has the same path as a built file", p)
		}
		paths = append(paths, p)
	}
	errs := make([]error, len(paths))
	forEach(len(paths), func(i int) {
		errs[i] = s.out.Copy(paths[i], copyKey(s.staticTree, paths[i]), s.static, paths[i])
	})
	return errors.Join(errs...)
}

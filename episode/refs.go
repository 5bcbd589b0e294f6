package episode

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/feedcast/feedcast/internal/media"
)

// ref is a resolved reference to an image or a media file.
type ref struct {
	root Root
	// path is the URL (RootURL) or a clean path inside the root.
	path string
}

// String is how the reference is named in diagnostics: a site-absolute
// path for the static folder, the content-relative path otherwise.
func (r ref) String() string {
	if r.root == RootStatic {
		return "/" + r.path
	}
	return r.path
}

// resolve resolves a reference from the front matter: a full http(s) URL
// stays a URL, a path starting with / is inside the static folder, any
// other path is relative to the episode's folder inside the content
// folder. Backslashes are separators. A path leaving its folder is refused.
func (p *fileParser) resolve(s string) (ref, error) {
	s = strings.TrimSpace(s)
	if strings.ContainsRune(s, 0) {
		return ref{}, fmt.Errorf("%w: NUL byte in %q", ErrRefused, s)
	}
	if strings.HasPrefix(s, "//") {
		s = "https:" + s
	}
	if scheme, _, ok := strings.Cut(s, ":"); ok && isScheme(scheme) {
		switch strings.ToLower(scheme) {
		case "http", "https":
			u, err := url.Parse(s)
			if err != nil || u.Host == "" {
				return ref{}, fmt.Errorf("%w: not a URL: %q", ErrRefused, s)
			}
			return ref{root: RootURL, path: s}, nil
		}
		if len(scheme) > 1 {
			return ref{}, fmt.Errorf("%w: unsupported URL scheme %q", ErrRefused, scheme)
		}
		// A one-letter scheme is a Windows drive: an absolute path.
		return ref{}, fmt.Errorf("%w: outside the content folder: %q", ErrRefused, s)
	}
	slashed := strings.ReplaceAll(s, `\`, "/")
	if strings.HasPrefix(slashed, "//") {
		return ref{}, fmt.Errorf("%w: outside the content folder: %q", ErrRefused, s)
	}
	if rel, ok := strings.CutPrefix(slashed, "/"); ok {
		clean := path.Clean(rel)
		if !inside(clean) {
			return ref{}, fmt.Errorf("%w: outside the static folder: %q", ErrRefused, s)
		}
		return ref{root: RootStatic, path: clean}, nil
	}
	clean := path.Join(path.Dir(p.path), slashed)
	if !inside(clean) {
		return ref{}, fmt.Errorf("%w: outside the content folder: %q", ErrRefused, s)
	}
	return ref{root: RootContent, path: clean}, nil
}

// inside tells whether a clean relative path names a file inside its root.
func inside(clean string) bool {
	return clean != "." && clean != ".." && !strings.HasPrefix(clean, "../") &&
		!strings.HasPrefix(clean, "/") && fs.ValidPath(clean)
}

// isScheme tells whether s is a URL scheme (RFC 3986).
func isScheme(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// fsys returns the folder of a reference, nil when it is not checked.
func (p *fileParser) fsys(r ref) fs.FS {
	switch r.root {
	case RootContent:
		return p.content
	case RootStatic:
		return p.static
	}
	return nil
}

// check reports a warning and returns false when a local reference cannot
// be used. info is nil when the folder is not known (nothing is checked).
func (p *fileParser) check(field string, line int, r ref) (info fs.FileInfo, ok bool) {
	fsys := p.fsys(r)
	if fsys == nil {
		return nil, true
	}
	p.refs = append(p.refs, FileRef{Root: r.root, Path: r.path})
	info, err := fs.Stat(fsys, r.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		p.warn(line, field, fmt.Errorf("%w: %s", ErrNotFound, r))
		return nil, false
	case err != nil:
		p.warn(line, field, fmt.Errorf("cannot read: %w", err))
		return nil, false
	case !info.Mode().IsRegular():
		p.warn(line, field, fmt.Errorf("%w: not a regular file: %s", ErrRefused, r))
		return nil, false
	}
	return info, true
}

// image reads an image reference: a path or URL, or a mapping {path, alt}
// (src and url are synonyms of path).
func (p *fileParser) image(key string, v any, line int) *ImageRef {
	var src, alt string
	switch v := v.(type) {
	case nil:
		return nil
	case string:
		src = v
	case map[string]any:
		p.misspeltInMapping(key, line, v, []string{"path", "src", "url"}, "alt")
		src = lookupText(v, "path", "src", "url")
		alt = lookupText(v, "alt")
		if src == "" {
			p.warn(line, key, errors.New("a mapping without path: ignored"))
			return nil
		}
	default:
		p.warn(line, key, typeError("a path or a mapping {path, alt}", v))
		return nil
	}
	if strings.TrimSpace(src) == "" {
		return nil
	}
	r, err := p.resolve(src)
	if err != nil {
		p.warn(line, key, err)
		return nil
	}
	img := &ImageRef{Root: r.root, Path: r.path, Alt: alt}
	if r.root != RootURL {
		_, ok := p.check(key, line, r)
		img.Missing = !ok
	}
	return img
}

// mediaTypes maps media file extensions to MIME types.
var mediaTypes = map[string]string{
	".mp3":  "audio/mpeg",
	".m4a":  "audio/x-m4a",
	".mp4":  "video/mp4",
	".m4v":  "video/x-m4v",
	".mov":  "video/quicktime",
	".ogg":  "audio/ogg",
	".oga":  "audio/ogg",
	".opus": "audio/opus",
	".webm": "video/webm",
	".wav":  "audio/wav",
	".aac":  "audio/aac",
	".pdf":  "application/pdf",
}

// media reads the enclosure from audio, video or enclosure (the first one
// present; the others are reported).
func (p *fileParser) media(ep *Episode, f fields) {
	for _, name := range []string{"audio", "video", "enclosure"} {
		key, v, line, ok := f.get(name)
		if !ok || v == nil {
			continue
		}
		if ep.Media != nil {
			p.warn(line, key, errors.New("an episode has one media file: ignored"))
			continue
		}
		ep.Media = p.mediaValue(key, v, line)
		if ep.Media != nil {
			ep.MediaKey, ep.MediaLine = key, line
		}
	}
}

// probeMedia reads the type (when m has none) and the duration of a local
// media file from its content; the duration is kept for fields, where the
// front matter's wins. A file of a format not read there is left as it
// is; a damaged one is reported.
func (p *fileParser) probeMedia(key string, line int, r ref, size int64, m *Media) {
	f, err := p.fsys(r).Open(r.path)
	if err != nil {
		return
	}
	defer f.Close()
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		return
	}
	info, err := media.Probe(rs, size, r.String())
	if m.Type == "" {
		m.Type = info.Type
	}
	if err != nil {
		if !errors.Is(err, media.ErrUnknown) {
			p.warn(line, key, fmt.Errorf("duration unknown: %w", err))
		}
		return
	}
	p.mediaDuration = info.Duration
}

// mediaValue reads a URL or path, or a mapping {url|path, type, length}.
func (p *fileParser) mediaValue(key string, v any, line int) *Media {
	var src, typ string
	var length int64
	switch v := v.(type) {
	case string:
		src = v
	case map[string]any:
		p.misspeltInMapping(key, line, v, []string{"url", "path", "src"}, "type", "length")
		src = lookupText(v, "url", "path", "src")
		typ = lookupText(v, "type")
		if l, ok := lookup(v, "length"); ok && l != nil {
			n, err := integer(l)
			if err == nil && n < 0 {
				err = fmt.Errorf("negative length: %d", n)
			}
			if err != nil {
				p.warn(line, key, fmt.Errorf("length: %w", err))
			}
			length = int64(max(n, 0))
		}
	default:
		p.warn(line, key, typeError("a URL, a path or a mapping {url, type, length}", v))
		return nil
	}
	if strings.TrimSpace(src) == "" {
		p.warn(line, key, errors.New("no URL or path: ignored"))
		return nil
	}
	r, err := p.resolve(src)
	if err != nil {
		p.warn(line, key, err)
		return nil
	}
	m := &Media{Root: r.root, Path: r.path, Type: typ, Length: length}
	if r.root == RootURL {
		if m.Type == "" {
			if u, err := url.Parse(r.path); err == nil {
				m.Type = mediaTypes[strings.ToLower(path.Ext(u.Path))]
			}
		}
	} else {
		info, ok := p.check(key, line, r)
		if !ok {
			return nil
		}
		if info != nil {
			m.Length = info.Size()
		}
		if m.Type == "" {
			m.Type = mediaTypes[strings.ToLower(path.Ext(r.path))]
		}
		if info != nil {
			p.probeMedia(key, line, r, info.Size(), m)
		}
		if m.Type == "" && info != nil {
			m.Type = p.sniff(r)
		}
	}
	if m.Type == "" {
		p.warn(line, key, fmt.Errorf("unknown media type of %s: set type", r))
	}
	return m
}

// sniff guesses a file's type from its first 512 bytes.
func (p *fileParser) sniff(r ref) string {
	f, err := p.fsys(r).Open(r.path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return ""
	}
	return http.DetectContentType(head[:n])
}

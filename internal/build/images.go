package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/artwork"
)

// pictures are an image's published renditions.
type pictures struct {
	square, wide, small *feed.Image
}

// feedImages returns the item image (16:9) and the other renditions.
func (p *pictures) feedImages() (*feed.Image, []feed.Image) {
	if p == nil {
		return nil, nil
	}
	var more []feed.Image
	for _, img := range []*feed.Image{p.square, p.small} {
		if img != nil {
			more = append(more, *img)
		}
	}
	if p.wide == nil {
		return p.square, more
	}
	return p.wide, more
}

// imageJob is one source image to process, and where its renditions go.
type imageJob struct {
	job artwork.Job
	dir string // output folder of the renditions, with a trailing slash
	alt string
}

// processImages makes the renditions of the show's artwork and of every
// episode's image, on all cores, and publishes them. An image that cannot
// be read or processed is a warning; its episode gets the show's artwork.
func (s *site) processImages(ctx context.Context, eps []*episode.Episode, slugs map[*episode.Episode]string) error {
	proc, err := artwork.New(s.artworkOptions())
	if err != nil {
		return fmt.Errorf("images: %w", err)
	}
	var jobs []imageJob
	var owners []*episode.Episode // nil for the show
	if data, name, ok := s.showArtworkSource(); ok {
		jobs = append(jobs, imageJob{job: artwork.Job{Name: name, Data: data}, dir: "artwork/", alt: firstNonEmpty(s.cfg.ArtworkAlt, s.cfg.Title)})
		owners = append(owners, nil)
	}
	s.pictures = map[*episode.Episode]*pictures{}
	for _, e := range eps {
		ref := e.Image
		if ref == nil || ref.Missing {
			ref = e.Apercu
		}
		if ref == nil || ref.Missing {
			continue
		}
		alt := firstNonEmpty(ref.Alt, e.Title)
		if ref.Root == episode.RootURL {
			// A remote image is linked as it is: fetching it is not the
			// build's business.
			s.pictures[e] = &pictures{wide: &feed.Image{URL: ref.Path, Type: imageType(ref.Path), Alt: alt}}
			continue
		}
		data, err := s.readSource(ref)
		if err != nil {
			s.warn(e.Path, "image", fmt.Errorf("%s: %w: the show's artwork is used", ref.Path, err))
			continue
		}
		jobs = append(jobs, imageJob{job: artwork.Job{Name: ref.Path, Data: data}, dir: "episodes/" + slugs[e] + "/", alt: alt})
		owners = append(owners, e)
	}
	all := make([]artwork.Job, len(jobs))
	for i, j := range jobs {
		all[i] = j.job
	}
	results := proc.ProcessAll(ctx, all, s.progress)
	for i, res := range results {
		e := owners[i]
		if res.Err != nil {
			where, field := "", "artwork"
			if e != nil {
				where, field = e.Path, "image"
			}
			s.warn(where, field, fmt.Errorf("%w: the show's artwork is used", res.Err))
			continue
		}
		pics := s.publishRenditions(jobs[i], res)
		if e == nil {
			s.showPictures = pics
		} else {
			s.pictures[e] = pics
		}
	}
	st := proc.Stats()
	s.imagesEncoded, s.imagesCached = st.Encoded, st.CacheHits
	return nil
}

// publishRenditions adds the renditions to the output, named after their
// content so that a changed image gets a new URL (Apple Podcasts caches
// artwork by URL) and every image can be cached for ever.
func (s *site) publishRenditions(j imageJob, res artwork.Result) *pictures {
	p := &pictures{}
	for _, r := range res.Renditions {
		sum := sha256.Sum256(r.Data)
		name := j.dir + r.Kind + "-" + hex.EncodeToString(sum[:5]) + ".jpg"
		s.files[name] = file{data: r.Data}
		img := &feed.Image{URL: s.url(name), Type: r.Type, Width: r.Width, Height: r.Height, Alt: j.alt}
		switch r.Kind {
		case artwork.KindSquare:
			img.Purpose = "artwork"
			p.square = img
		case artwork.KindWide:
			p.wide = img
		case artwork.KindSmall:
			p.small = img
		}
	}
	return p
}

// episodePictures returns an episode's renditions, else the show's.
func (s *site) episodePictures(e *episode.Episode) *pictures {
	if p := s.pictures[e]; p != nil {
		return p
	}
	return s.showPictures
}

// showArtworkSource reads the configured show artwork from the static
// folder; a URL is linked as it is.
func (s *site) showArtworkSource() ([]byte, string, bool) {
	a := s.cfg.Artwork
	if a == "" {
		return nil, "", false
	}
	if !strings.HasPrefix(a, "/") {
		s.showPictures = &pictures{square: &feed.Image{URL: a, Type: imageType(a), Alt: firstNonEmpty(s.cfg.ArtworkAlt, s.cfg.Title), Purpose: "artwork"}}
		return nil, "", false
	}
	p := strings.TrimPrefix(path.Clean(a), "/")
	data, err := s.readSource(&episode.ImageRef{Root: episode.RootStatic, Path: p})
	if err != nil {
		s.warn("", "artwork", fmt.Errorf("%s: %w", a, err))
		return nil, "", false
	}
	return data, a, true
}

// readSource reads an image file, refusing one over the size limit
// before reading it all.
func (s *site) readSource(ref *episode.ImageRef) ([]byte, error) {
	fsys := s.content
	if ref.Root == episode.RootStatic {
		fsys = s.static
	}
	if fsys == nil {
		return nil, fs.ErrNotExist
	}
	f, err := fsys.Open(ref.Path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxImageBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxImageBytes {
		return nil, fmt.Errorf("larger than %d MiB", maxImageBytes>>20)
	}
	return data, nil
}

// maxImageBytes is the largest source image read.
const maxImageBytes = 20 << 20

func (s *site) artworkOptions() artwork.Options {
	opt := artwork.Options{Square: s.cfg.ArtworkSize, MaxBytes: maxImageBytes}
	if s.cfg.ArtworkFit == "crop" {
		opt.Fit = artwork.Crop
	}
	if s.cfg.Cache != "" {
		opt.CacheDir = filepath.Join(s.cfg.Cache, "images")
	}
	return opt
}

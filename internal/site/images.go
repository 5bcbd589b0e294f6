package site

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/feedcast/feedcast/episode"
	"github.com/feedcast/feedcast/feed"
	"github.com/feedcast/feedcast/internal/artwork"
	"github.com/feedcast/feedcast/internal/cache"
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
	job   artwork.Job
	dir   string // output folder of the renditions, with a trailing slash
	alt   string
	owner *episode.Episode // nil for the show's artwork
	show  *show            // the show of the content folder whose artwork it is
	where string           // the file whose image it is, for warnings
	ref   *episode.ImageRef
	// cover tells that ref is the episode's media file, whose embedded
	// cover art is the source.
	cover bool
	key   key // the key of its record, zero when it cannot be cached
}

// processImages makes the renditions of the show's artwork and of every
// episode's image, on all cores, and publishes them. An image whose
// record (renditions made from the same file with the same settings) is
// in the cache, and whose renditions are in the output folder, is not
// read. An image that cannot be read or processed is a warning; its
// episode gets the show's artwork.
func (s *site) processImages(ctx context.Context, eps []*episode.Episode, slugs map[*episode.Episode]string) error {
	var jobs []*imageJob
	if ref, name, ok := s.showArtworkSource(); ok {
		jobs = append(jobs, &imageJob{job: artwork.Job{Name: name}, ref: ref, dir: "artwork/", alt: firstNonEmpty(s.cfg.ArtworkAlt, s.cfg.Title), where: ""})
	}
	for _, sh := range s.shows {
		if ref, ok := s.showOwnArtwork(sh); ok {
			jobs = append(jobs, &imageJob{job: artwork.Job{Name: sh.Artwork}, ref: ref, dir: sh.dir() + "artwork/", alt: firstNonEmpty(sh.ArtworkAlt, sh.Title), show: sh, where: sh.File})
		}
	}
	s.pictures = map[string]*pictures{}
	for _, e := range eps {
		ref := e.Image
		if ref == nil || ref.Missing {
			ref = e.Apercu
		}
		if ref == nil || ref.Missing {
			// An episode with no image of its own gets the cover art
			// embedded in its local media file, if it has one.
			if m := e.Media; m != nil && m.Root != episode.RootURL {
				ref := &episode.ImageRef{Root: m.Root, Path: m.Path}
				jobs = append(jobs, &imageJob{job: artwork.Job{Name: m.Path}, ref: ref, cover: true, dir: "episodes/" + slugs[e] + "/", alt: e.Title, owner: e, where: e.Path})
			}
			continue
		}
		alt := firstNonEmpty(ref.Alt, e.Title)
		if ref.Root == episode.RootURL {
			// A remote image is linked as it is: fetching it is not the
			// build's business.
			s.pictures[e.Path] = &pictures{wide: &feed.Image{URL: ref.Path, Type: imageType(ref.Path), Alt: alt}}
			continue
		}
		jobs = append(jobs, &imageJob{job: artwork.Job{Name: ref.Path}, ref: ref, dir: "episodes/" + slugs[e] + "/", alt: alt, owner: e, where: e.Path})
	}
	s.images = map[key]*cache.ImageRecord{}
	var todo []*imageJob
	for _, j := range jobs {
		j.key = s.imageKey(j.ref)
		if j.cover && j.key != (key{}) {
			// The cover art's renditions, not the media file's.
			j.key = cache.Digest(j.key, "cover")
		}
		rec := s.imageRecord(j.key)
		if j.cover && rec != nil && len(rec.Renditions) == 0 {
			s.images[j.key] = rec // a media file without cover art
			continue
		}
		if rec != nil && s.renditionsIntact(j, rec) {
			s.publishRecord(j, rec)
			s.imagesCached++
			continue
		}
		todo = append(todo, j)
	}
	if len(todo) == 0 {
		return nil
	}
	// Read the sources on every core, then process them.
	errs := make([]error, len(todo))
	forEach(len(todo), func(i int) {
		if todo[i].cover {
			todo[i].job.Data, errs[i] = s.readCover(todo[i].ref)
		} else {
			todo[i].job.Data, errs[i] = s.readSource(todo[i].ref)
		}
	})
	var run []*imageJob
	for i, j := range todo {
		if errors.Is(errs[i], errNoCover) {
			if j.key != (key{}) {
				// Remembered, so that the file is not read again
				// while it is the same.
				s.images[j.key] = &cache.ImageRecord{}
			}
			continue
		}
		if errs[i] != nil {
			if j.show != nil {
				s.warnAt(j.where, j.show.Line("artwork"), "artwork", fmt.Errorf("%s: %w: the top-level artwork is used", j.show.Artwork, errs[i]))
			} else if j.owner == nil {
				s.warn("", "artwork", fmt.Errorf("%s: %w", s.cfg.Artwork, errs[i]))
			} else {
				s.warn(j.where, "image", fmt.Errorf("%s: %w: the show's artwork is used", j.ref.Path, errs[i]))
			}
			continue
		}
		run = append(run, j)
	}
	proc, err := artwork.New(s.artworkOptions())
	if err != nil {
		return fmt.Errorf("images: %w", err)
	}
	all := make([]artwork.Job, len(run))
	for i, j := range run {
		all[i] = j.job
	}
	results := proc.ProcessAll(ctx, all, s.progress)
	for i, res := range results {
		j := run[i]
		j.job.Data = nil
		if res.Err != nil {
			field := "artwork"
			if j.owner != nil {
				field = "image"
			}
			err := res.Err
			if j.cover {
				err = fmt.Errorf("cover art of %s: %w", j.ref.Path, err)
			}
			s.warn(j.where, field, fmt.Errorf("%w: the show's artwork is used", err))
			continue
		}
		rec, err := s.publishRenditions(j, res)
		if err != nil {
			return err
		}
		if j.key != (key{}) {
			s.images[j.key] = rec
		}
	}
	st := proc.Stats()
	s.imagesEncoded, s.imagesCached = st.Encoded, s.imagesCached+st.CacheHits
	return nil
}

// imageKey is the key of an image's renditions: the source file's
// signature and the settings; zero when the signature cannot be trusted.
func (s *site) imageKey(ref *episode.ImageRef) key {
	t := s.contentTree
	if ref.Root == episode.RootStatic {
		t = s.staticTree
	}
	if !t.trusted(ref.Path) {
		return key{}
	}
	return cache.Digest(s.keys.images, int(ref.Root), ref.Path, t.files[ref.Path])
}

func (s *site) imageRecord(k key) *cache.ImageRecord {
	if k == (key{}) || s.cache == nil {
		return nil
	}
	if rec := s.images[k]; rec != nil {
		return rec
	}
	return s.cache.Previous().Images[k]
}

func (s *site) renditionsIntact(j *imageJob, rec *cache.ImageRecord) bool {
	for _, r := range rec.Renditions {
		if !s.out.Has(j.dir+r.Name, r.Key) {
			return false
		}
	}
	return len(rec.Renditions) > 0
}

// publishRecord publishes renditions already in the output folder.
func (s *site) publishRecord(j *imageJob, rec *cache.ImageRecord) {
	s.images[j.key] = rec
	p := &pictures{}
	for _, r := range rec.Renditions {
		s.out.Keep(j.dir+r.Name, r.Key)
		p.set(r.Kind, &feed.Image{URL: s.url(j.dir + r.Name), Type: r.Type, Width: r.Width, Height: r.Height, Alt: j.alt})
	}
	s.setPictures(j, p)
}

// publishRenditions adds the renditions to the output, named after their
// content so that a changed image gets a new URL (Apple Podcasts caches
// artwork by URL) and every image can be cached for ever.
func (s *site) publishRenditions(j *imageJob, res artwork.Result) (*cache.ImageRecord, error) {
	p := &pictures{}
	rec := &cache.ImageRecord{}
	for _, r := range res.Renditions {
		sum := sha256.Sum256(r.Data)
		name := r.Kind + "-" + hex.EncodeToString(sum[:5]) + ".jpg"
		k := cache.Digest("file", sum[:])
		if err := s.out.Put(j.dir+name, k, r.Data); err != nil {
			return nil, err
		}
		rec.Renditions = append(rec.Renditions, cache.RenditionRecord{Kind: r.Kind, Name: name, Type: r.Type, Width: r.Width, Height: r.Height, Key: k})
		p.set(r.Kind, &feed.Image{URL: s.url(j.dir + name), Type: r.Type, Width: r.Width, Height: r.Height, Alt: j.alt})
	}
	s.setPictures(j, p)
	return rec, nil
}

func (p *pictures) set(kind string, img *feed.Image) {
	switch kind {
	case artwork.KindSquare:
		img.Purpose = "artwork"
		p.square = img
	case artwork.KindWide:
		p.wide = img
	case artwork.KindSmall:
		p.small = img
	}
}

func (s *site) setPictures(j *imageJob, p *pictures) {
	if j.show != nil {
		j.show.pictures = p
	} else if j.owner == nil {
		s.showPictures = p
	} else {
		s.pictures[j.owner.Path] = p
	}
}

// episodePictures returns an episode's renditions, else the show's.
func (s *site) episodePictures(e *episode.Episode) *pictures {
	if p := s.pictures[e.Path]; p != nil {
		return p
	}
	if sh := s.showOf(e.Path); sh != nil && sh.pictures != nil {
		return sh.pictures
	}
	return s.showPictures
}

// showArtworkSource returns the configured show artwork of the static
// folder; a URL is linked as it is.
func (s *site) showArtworkSource() (*episode.ImageRef, string, bool) {
	a := s.cfg.Artwork
	if a == "" {
		return nil, "", false
	}
	if !strings.HasPrefix(a, "/") {
		s.showPictures = &pictures{square: &feed.Image{URL: a, Type: imageType(a), Alt: firstNonEmpty(s.cfg.ArtworkAlt, s.cfg.Title), Purpose: "artwork"}}
		return nil, "", false
	}
	p := strings.TrimPrefix(path.Clean(a), "/")
	return &episode.ImageRef{Root: episode.RootStatic, Path: p}, a, true
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

// errNoCover is readCover's answer for a media file without cover art,
// or one whose cover cannot be read: the episode gets the show's artwork,
// without a warning (reading the episode reported a damaged file).
var errNoCover = errors.New("no embedded cover art")

// readCover reads the cover art embedded in a local media file (at most
// internal/media's limit on one tag, under maxImageBytes).
func (s *site) readCover(ref *episode.ImageRef) ([]byte, error) {
	info, err := s.probeMedia(&episode.Media{Root: ref.Root, Path: ref.Path})
	if err != nil || info.Cover == nil || len(info.Cover.Data) == 0 {
		return nil, errNoCover
	}
	if len(info.Cover.Data) > maxImageBytes {
		return nil, fmt.Errorf("cover art larger than %d MiB", maxImageBytes>>20)
	}
	return info.Cover.Data, nil
}

// maxImageBytes is the largest source image read.
const maxImageBytes = 20 << 20

func (s *site) artworkOptions() artwork.Options {
	opt := artwork.Options{Square: s.cfg.ArtworkSize, MaxBytes: maxImageBytes, Timeout: s.opt.ImageTimeout}
	if s.cfg.ArtworkFit == "crop" {
		opt.Fit = artwork.Crop
	}
	if s.cfg.Cache != "" {
		opt.CacheDir = filepath.Join(s.cfg.Cache, "images")
	}
	return opt
}

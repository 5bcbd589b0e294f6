// Package chapters reads and writes JSON Chapters files, the chapters of
// an episode that a feed links with <podcast:chapters> (served as
// application/json+chapters).
//
// Spec: https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/examples/chapters/jsonChapters.md
package chapters

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// Version is the version of the format written.
const Version = "1.2.0"

// File is the chapters of one episode.
type File struct {
	// Title, Author and PodcastName describe the episode; optional.
	Title       string
	Author      string
	PodcastName string
	Chapters    []Chapter
}

// Chapter is one chapter. Only Start is required.
type Chapter struct {
	Start time.Duration
	// End is zero when not given.
	End   time.Duration
	Title string
	// Img is the URL of the chapter's picture, URL that of a page about
	// its topic.
	Img string
	URL string
	// Hidden marks a chapter that apps do not list ("toc": false): it
	// only changes the picture or the link.
	Hidden bool
	// Location is the place the chapter is about, nil when none.
	Location *Location
}

// Location is a place a chapter is about; Name and Geo (a geo: URI) are
// required.
type Location struct {
	Name string
	Geo  string
	OSM  string
}

// wire types, in the key order of the specification.
type wireFile struct {
	Version     string        `json:"version"`
	Author      string        `json:"author,omitempty"`
	Title       string        `json:"title,omitempty"`
	PodcastName string        `json:"podcastName,omitempty"`
	Chapters    []wireChapter `json:"chapters"`
}

type wireChapter struct {
	StartTime *float64      `json:"startTime"`
	Title     string        `json:"title,omitempty"`
	Img       string        `json:"img,omitempty"`
	URL       string        `json:"url,omitempty"`
	TOC       *bool         `json:"toc,omitempty"`
	EndTime   *float64      `json:"endTime,omitempty"`
	Location  *wireLocation `json:"location,omitempty"`
}

type wireLocation struct {
	Name string `json:"name"`
	Geo  string `json:"geo"`
	OSM  string `json:"osm,omitempty"`
}

// Write writes f as a JSON Chapters file, its chapters in ascending start
// time as the format assumes (a stable sort: equal starts keep their
// order), indented, ending with a newline.
func Write(w io.Writer, f *File) error {
	out := wireFile{Version: Version, Author: f.Author, Title: f.Title, PodcastName: f.PodcastName, Chapters: []wireChapter{}}
	chs := slices.Clone(f.Chapters)
	slices.SortStableFunc(chs, func(a, b Chapter) int { return cmp.Compare(a.Start, b.Start) })
	for _, c := range chs {
		start := seconds(c.Start)
		wc := wireChapter{StartTime: &start, Title: c.Title, Img: c.Img, URL: c.URL}
		if c.Hidden {
			wc.TOC = new(bool)
		}
		if c.End > c.Start {
			end := seconds(c.End)
			wc.EndTime = &end
		}
		if l := c.Location; l != nil && l.Name != "" && l.Geo != "" {
			wc.Location = &wireLocation{Name: l.Name, Geo: l.Geo, OSM: l.OSM}
		}
		out.Chapters = append(out.Chapters, wc)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write chapters: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write chapters: %w", err)
	}
	return nil
}

// Parse reads a JSON Chapters file. The version and the chapters array
// are required, and so is each chapter's startTime (a number of seconds,
// not negative); other keys are optional and unknown ones are ignored.
// Chapters are returned in ascending start time.
func Parse(data []byte) (*File, error) {
	var in struct {
		Version     *string           `json:"version"`
		Author      string            `json:"author"`
		Title       string            `json:"title"`
		PodcastName string            `json:"podcastName"`
		Chapters    []json.RawMessage `json:"chapters"`
	}
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, fmt.Errorf("not a JSON Chapters file: %w", err)
	}
	if in.Version == nil {
		return nil, errors.New("no version: a JSON Chapters file starts with {\"version\": \"1.2.0\", \"chapters\": [...]}")
	}
	if in.Chapters == nil {
		return nil, errors.New("no chapters array")
	}
	f := &File{Title: strings.TrimSpace(in.Title), Author: strings.TrimSpace(in.Author), PodcastName: strings.TrimSpace(in.PodcastName)}
	for i, raw := range in.Chapters {
		var wc wireChapter
		if err := json.Unmarshal(raw, &wc); err != nil {
			return nil, fmt.Errorf("chapters[%d]: %w", i, err)
		}
		if wc.StartTime == nil {
			return nil, fmt.Errorf("chapters[%d]: no startTime", i)
		}
		start, err := duration(*wc.StartTime)
		if err != nil {
			return nil, fmt.Errorf("chapters[%d]: startTime: %w", i, err)
		}
		c := Chapter{Start: start, Title: strings.TrimSpace(wc.Title), Img: strings.TrimSpace(wc.Img), URL: strings.TrimSpace(wc.URL)}
		if wc.TOC != nil && !*wc.TOC {
			c.Hidden = true
		}
		if wc.EndTime != nil {
			if c.End, err = duration(*wc.EndTime); err != nil {
				return nil, fmt.Errorf("chapters[%d]: endTime: %w", i, err)
			}
		}
		if l := wc.Location; l != nil && l.Name != "" && l.Geo != "" {
			c.Location = &Location{Name: l.Name, Geo: l.Geo, OSM: l.OSM}
		}
		f.Chapters = append(f.Chapters, c)
	}
	slices.SortStableFunc(f.Chapters, func(a, b Chapter) int { return cmp.Compare(a.Start, b.Start) })
	return f, nil
}

// seconds returns d in seconds, to the millisecond.
func seconds(d time.Duration) float64 {
	return math.Round(d.Seconds()*1000) / 1000
}

func duration(s float64) (time.Duration, error) {
	if math.IsNaN(s) || s < 0 || s > 1e6*3600 {
		return 0, fmt.Errorf("%v is not a number of seconds", s)
	}
	return time.Duration(math.Round(s*1000)) * time.Millisecond, nil
}

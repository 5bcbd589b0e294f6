package site

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"sort"
	"strings"

	"github.com/feedcast/feedcast/episode"
)

// twin is an episode file dropped because another file is the same episode.
type twin struct {
	kept, dropped *episode.Episode
}

// dedupe publishes once the files that are the same episode: same title
// (case and spacing aside), same release day and same media (player or
// enclosure). Of a group, the most complete file is kept (series, image
// found, transcript, tags), then the first in path order.
func dedupe(eps []*episode.Episode) ([]*episode.Episode, []twin) {
	// Grouped by a hash of their key first: building every key is what
	// costs, and twins are rare.
	var seed = maphash.MakeSeed()
	byHash := make(map[uint64][]*episode.Episode, len(eps))
	var hashes []uint64
	// The hashes on every core, in chunks; then grouped in order.
	hs, oks := make([]uint64, len(eps)), make([]bool, len(eps))
	forEach((len(eps)+hashChunk-1)/hashChunk, func(c int) {
		for i := c * hashChunk; i < min((c+1)*hashChunk, len(eps)); i++ {
			hs[i], oks[i] = twinHash(seed, eps[i])
		}
	})
	for i, e := range eps {
		h, ok := hs[i], oks[i]
		if !ok {
			continue
		}
		if _, seen := byHash[h]; !seen {
			hashes = append(hashes, h)
		}
		byHash[h] = append(byHash[h], e)
	}
	groups := map[string][]*episode.Episode{}
	var keys []string
	for _, h := range hashes {
		if len(byHash[h]) < 2 {
			continue
		}
		for _, e := range byHash[h] {
			k := twinKey(e)
			if _, ok := groups[k]; !ok {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], e)
		}
	}
	drop := map[*episode.Episode]bool{}
	var twins []twin
	for _, k := range keys {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		sort.SliceStable(g, func(i, j int) bool {
			if si, sj := completeness(g[i]), completeness(g[j]); si != sj {
				return si > sj
			}
			return g[i].Path < g[j].Path
		})
		for _, d := range g[1:] {
			drop[d] = true
			twins = append(twins, twin{kept: g[0], dropped: d})
		}
	}
	if len(drop) == 0 {
		return eps, nil
	}
	out := make([]*episode.Episode, 0, len(eps)-len(drop))
	for _, e := range eps {
		if !drop[e] {
			out = append(out, e)
		}
	}
	return out, twins
}

// hashChunk is how many episodes a worker hashes at a time.
const hashChunk = 512

// twinHash is a hash of twinKey, false for an episode without media.
func twinHash(seed maphash.Seed, e *episode.Episode) (uint64, bool) {
	var h maphash.Hash
	h.SetSeed(seed)
	switch {
	case e.Player != nil:
		h.WriteString(e.Player.Provider)
		h.WriteByte(':')
		h.WriteString(e.Player.ID)
		h.WriteByte(':')
		h.WriteString(e.Player.URL)
	case e.Media != nil:
		h.WriteString(e.Media.Path)
	default:
		return 0, false
	}
	h.WriteByte(0)
	y, m, d := e.Date.Date()
	var day [8]byte
	binary.LittleEndian.PutUint32(day[:4], uint32(y))
	day[4], day[5] = byte(m), byte(d)
	h.Write(day[:])
	// The title without case and with its spaces folded, as twinKey
	// writes it, put together on the stack and hashed at once.
	var buf [256]byte
	t := buf[:0]
	for w := range strings.FieldsSeq(e.Title) {
		if len(t) > 0 {
			t = append(t, ' ')
		}
		if isASCII(w) {
			for j := 0; j < len(w); j++ {
				c := w[j]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				t = append(t, c)
			}
		} else {
			t = append(t, strings.ToLower(w)...)
		}
	}
	h.Write(t)
	return h.Sum64(), true
}

// twinKey is what two files of the same episode share; "" for an episode
// without media, which cannot be told apart from a namesake.
func twinKey(e *episode.Episode) string {
	media := ""
	switch {
	case e.Player != nil:
		media = e.Player.Provider + ":" + e.Player.ID + ":" + e.Player.URL
	case e.Media != nil:
		media = e.Media.Path
	default:
		return ""
	}
	var b strings.Builder
	b.Grow(len(e.Title) + len(media) + 12)
	// The title without case, its runs of spaces folded.
	space := false
	for _, w := range strings.Fields(e.Title) {
		if space {
			b.WriteByte(' ')
		}
		space = true
		if isASCII(w) {
			for i := 0; i < len(w); i++ {
				c := w[i]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				b.WriteByte(c)
			}
		} else {
			b.WriteString(strings.ToLower(w))
		}
	}
	b.WriteByte(0)
	var day [10]byte
	b.Write(e.Date.AppendFormat(day[:0], "2006-01-02"))
	b.WriteByte(0)
	b.WriteString(media)
	return b.String()
}

func completeness(e *episode.Episode) int {
	n := 0
	if e.Series != "" {
		n++
	}
	if e.Image != nil && !e.Image.Missing {
		n++
	}
	if e.Transcript != nil {
		n++
	}
	if len(e.Tags) > 0 {
		n++
	}
	return n
}

// twinDiagnostics reports each dropped twin, naming both files.
func twinDiagnostics(twins []twin) []episode.Diagnostic {
	out := make([]episode.Diagnostic, 0, len(twins))
	for _, t := range twins {
		out = append(out, episode.Diagnostic{
			Path:    t.dropped.Path,
			Field:   "file",
			Err:     fmt.Errorf("same episode as %s (same title, date and media): published once, from that file", t.kept.Path),
			Warning: true,
		})
	}
	return out
}

// dropTwinDiagnostics removes the warnings about files that are not
// published because they are twins: only the twin warning speaks of them.
func dropTwinDiagnostics(diags []episode.Diagnostic, twins []twin) []episode.Diagnostic {
	if len(twins) == 0 {
		return diags
	}
	dropped := map[string]bool{}
	for _, t := range twins {
		dropped[t.dropped.Path] = true
	}
	out := diags[:0:0]
	for _, d := range diags {
		if !dropped[d.Path] {
			out = append(out, d)
		}
	}
	return out
}

// sameIDs publishes once the episodes that have the same id in the feeds
// (two files with the same explicit guid, say): an id names one episode
// for life, and podcast apps show one of the items and drop the other,
// or mix them up. Of a group, the episode with the earliest date is
// published, then the first in path order: the episode published first
// keeps the id when a later file copies its guid, so apps never see the
// id move to another episode. id returns an episode's id as the writers
// write it.
func sameIDs(eps []*episode.Episode, id func(*episode.Episode) string) ([]*episode.Episode, []twin) {
	// The ids on every core, in chunks.
	ids := make([]string, len(eps))
	forEach((len(eps)+hashChunk-1)/hashChunk, func(c int) {
		for i := c * hashChunk; i < min((c+1)*hashChunk, len(eps)); i++ {
			ids[i] = id(eps[i])
		}
	})
	first := make(map[string]int, len(eps)) // by id, the episode kept
	var dups []int                          // the episodes dropped
	for i, e := range eps {
		k := ids[i]
		kept, ok := first[k]
		if !ok {
			first[k] = i
			continue
		}
		// eps are in path order: a later one wins only by an earlier date.
		if e.Date.Before(eps[kept].Date) {
			first[k] = i
			i = kept
		}
		dups = append(dups, i)
	}
	if len(dups) == 0 {
		return eps, nil
	}
	// The episode dropped first may have been kept over a later one of
	// its group: each dropped file names the one published.
	twins := make([]twin, len(dups))
	for j, i := range dups {
		twins[j] = twin{kept: eps[first[ids[i]]], dropped: eps[i]}
	}
	out := make([]*episode.Episode, 0, len(eps)-len(dups))
	for i, e := range eps {
		if first[ids[i]] == i {
			out = append(out, e)
		}
	}
	return out, twins
}

// sameIDDiagnostics reports each episode not published because another
// has its id, naming both files and the lines of their guid.
func sameIDDiagnostics(dups []twin, id func(*episode.Episode) string) []episode.Diagnostic {
	out := make([]episode.Diagnostic, 0, len(dups))
	for _, t := range dups {
		field, what := "guid", "guid"
		if t.dropped.GUID == "" || t.kept.GUID == "" {
			// An explicit guid that is another file's id from its path,
			// or two paths that differ only by the case of ".md".
			field, what = "file", "id"
		}
		kept := t.kept.Path
		if t.kept.GUIDLine > 0 {
			kept = fmt.Sprintf("%s:%d", kept, t.kept.GUIDLine)
		}
		out = append(out, episode.Diagnostic{
			Path:  t.dropped.Path,
			Line:  t.dropped.GUIDLine,
			Field: field,
			Err: fmt.Errorf("%q is also the %s of %s: published once, from %s (the earliest date wins, then path order)",
				id(t.dropped), what, kept, t.kept.Path),
			Warning: true,
		})
	}
	return out
}

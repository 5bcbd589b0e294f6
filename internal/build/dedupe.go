package build

import (
	"fmt"
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
	groups := map[string][]*episode.Episode{}
	var keys []string
	for _, e := range eps {
		k := twinKey(e)
		if k == "" {
			continue
		}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], e)
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
	title := strings.ToLower(strings.Join(strings.Fields(e.Title), " "))
	return title + "\x00" + e.Date.Format("2006-01-02") + "\x00" + media
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

package site

import (
	"cmp"
	"slices"
	"time"
)

// setUpdated gives every published episode of the show its updated time,
// the one every feed writes for it (Atom's updated, JSON Feed's
// date_modified, and the newest of them dates the feed).
//
// Atom's updated is "the most recent instant in time when an entry was
// modified in a way the publisher considers significant" (RFC 4287
// §4.2.15), and two entries of a feed with the same one make the W3C
// validator warn (DuplicateUpdated). The build knows only the release
// time and the front matter's updated, if any; several episodes released
// the same day (a date without a time is midnight) would share it. So:
//
//   - an episode's instant is its front matter's updated, else its
//     release time (Episode.Date), in whole seconds, as the writers
//     write it (RFC 3339 with seconds);
//   - of the episodes that share an instant, the one with the smallest
//     id keeps it; then each of the others, in the order of their ids,
//     takes the first second after its instant that no episode holds
//     (three episodes of one day: midnight, 00:00:01 and 00:00:02). Only
//     updated moves: the release time (published, pubDate,
//     date_published) stays as written.
//
// The times are given over all the published episodes, not per feed, so
// that an episode has one updated in every feed. An episode added later
// with a greater id than the others, on an instant one of them has as
// its own, moves none of them; one with a smaller id, or one released on
// a second another episode moved to, does (they keep their own time
// first).
func (s *site) setUpdated(entries []*entry) {
	type slot struct {
		en  *entry
		id  string
		sec int64 // the instant in whole seconds
	}
	slots := make([]slot, len(entries))
	for i, en := range entries {
		slots[i] = slot{en: en, id: s.feedID(en.ep), sec: baseUpdated(en).Unix()}
	}
	slices.SortFunc(slots, func(a, b slot) int {
		return cmp.Or(cmp.Compare(a.sec, b.sec), cmp.Compare(a.id, b.id))
	})
	// next[sec] is, for a second held by an episode, a later second
	// that may be free: find follows it to the first free second, and
	// shortens the path for the next call.
	next := make(map[int64]int64, len(slots))
	find := func(sec int64) int64 {
		free := sec
		for {
			n, held := next[free]
			if !held {
				break
			}
			free = n
		}
		for sec != free {
			n := next[sec]
			next[sec] = free
			sec = n
		}
		return free
	}
	// First, each instant to the first episode that has it.
	var moved []slot
	for i, sl := range slots {
		if i > 0 && slots[i-1].sec == sl.sec {
			moved = append(moved, sl)
			continue
		}
		sl.en.updated = baseUpdated(sl.en)
		next[sl.sec] = sl.sec + 1
	}
	// Then the others, by id, each to the first free second after its
	// instant: an episode added with a greater id comes last, and moves
	// none of them.
	slices.SortFunc(moved, func(a, b slot) int { return cmp.Compare(a.id, b.id) })
	for _, sl := range moved {
		sec := find(sl.sec + 1)
		t := time.Unix(sec, 0).In(baseUpdated(sl.en).Location())
		if t.Year() > 9999 {
			// RFC 3339 has four-digit years: past the last second of
			// 9999 the episode keeps its own time, shared.
			sl.en.updated = baseUpdated(sl.en)
			continue
		}
		next[sec] = sec + 1
		sl.en.updated = t
	}
}

// baseUpdated is the episode's own updated time: the front matter's, else
// its release time.
func baseUpdated(en *entry) time.Time {
	if !en.ep.Updated.IsZero() {
		return en.ep.Updated
	}
	return en.ep.Date
}

// updatedOf is the entry's updated time: the one setUpdated gave it, else
// its own.
func updatedOf(en *entry) time.Time {
	if !en.updated.IsZero() {
		return en.updated
	}
	return baseUpdated(en)
}

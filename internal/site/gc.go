package site

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// A build allocates much (some 200 KB per episode: Markdown trees,
// tokenizer buffers, encoded items) but keeps little alive: the live heap
// of a 10,000-episode build stays within tens of MB. With the default
// GOGC=100 the collector runs each time the heap doubles, which early in
// a build means every few MB: well over a hundred collections, and a
// large share of the CPU spent marking.
//
// While a build runs, the collector is paced against a memory budget
// instead. After each collection, GOGC is set so that the next one starts
// when the heap reaches the budget:
//
//	GOGC = 100 × (budget − live) / (live + stacks + globals)
//
// (the runtime's heap goal is live + (live + stacks + globals) × GOGC/100,
// and at least 4 MB × GOGC/100, which bounds GOGC too), but never below
// the floor below nor above maxGCPercent. While the live heap is small,
// collections are rare; once it passes about a third of the budget, the
// heap may grow past the live heap by twice the live heap, but by
// gcGrowthMax at most, and by the live heap at least (GOGC=100).
//
// GOGC is set by a cleanup that runs after the collection, on a goroutine
// of its own, which the build's workers can keep waiting: until it runs,
// the heap's goal is the new live heap times the GOGC of the previous
// one, well over the budget when the live heap grew (in a 10,000-episode
// build, 177 MB instead of 127 for one collection, and a peak RSS of 200
// to 285 MB instead of 165). A memory limit is the backstop, which the
// runtime keeps without waiting for anyone: gcLimitFor, at least one and
// a half times the budget and four times the heap (live, or in use when
// the tuning starts: a server may hold much more than its last collection
// saw), so that it never makes the collector run back to back, as a limit
// close to the live heap would.
//
// A build paces the collector only when its Options.PaceGC says so: the
// command decides (feedcast build and publish do, unless the environment
// sets GOGC or GOMEMLIMIT; a server and the scheduled loop do not). It is
// left off too when the program changed the settings already
// (debug.SetGCPercent, debug.SetMemoryLimit): the user's setting stands. The setting found is
// restored when the last running build ends.

// The budget grows with the build: gcBudgetPerEpisode for each episode
// file, up to gcBudgetMax (reached at 8,192 episodes). A small site keeps a
// small heap; it spends little on collections anyway.
const (
	gcBudgetPerEpisode = 16 << 10
	gcBudgetMax        = 128 << 20
)

// gcBudgetFor returns the budget of a build of n episode files.
func gcBudgetFor(n int) uint64 {
	return uint64(min(max(n, 0), gcBudgetMax/gcBudgetPerEpisode)) * gcBudgetPerEpisode
}

// gcLimitFor returns the memory limit that backs the budget, for a live
// heap of live bytes: never under gcLimitMin, where a small heap would
// have the collector run all the time.
func gcLimitFor(budget, live uint64) int64 {
	return int64(max(budget+budget/2, 4*live, gcLimitMin))
}

// gcLimitMin is the lowest memory limit the tuning sets.
const gcLimitMin = 64 << 20

// maxGCPercent bounds GOGC while the live heap is tiny, when the formula
// would give huge values.
const maxGCPercent = 10000

// gcGrowthMax bounds the growth of the heap past the live heap that the
// floor of GOGC allows. A large build keeps some 2.5 KB per episode alive
// (the episodes' metadata, their items without content) and allocates
// some 65 KB per episode; at GOGC=100 a 50,000-episode build of the feeds
// spent 16 % of its CPU collecting, and 8 % at GOGC=200, with 560-600 MB
// of peak RSS instead of 410-440. The bound keeps a larger live heap (the
// whole site of 50,000 episodes: pages, transcripts) at GOGC=100, under
// 1 GB.
const gcGrowthMax = 256 << 20

// heapMinimum is the runtime's smallest heap goal at GOGC=100 (its
// defaultHeapMinimum).
const heapMinimum = 4 << 20

var gcTuning struct {
	mu     sync.Mutex
	builds int      // builds running
	tuner  *gcTuner // nil when the tuning is off
}

// tuneGC starts pacing the collector against the budget of a build of
// episodes files, if the user did not set it, and returns the function
// that ends it. Builds may overlap: the first starts the tuning with its
// budget, the last ends it.
//
// A build starts the tuning before it knows its number of episodes
// (episodes < 0: the largest budget), as it lists and reads its folders,
// then gives the number (resizeGC). Left to the runtime, those first
// tens of milliseconds would have their small heap collected four times
// (at 4, 5, 10 and 23 MB, at 10,000 episodes), and a one-change rebuild
// of 10,000 episodes spent some 45 ms more CPU (of 570 ms).
func tuneGC(episodes int) (restore func()) {
	gcTuning.mu.Lock()
	defer gcTuning.mu.Unlock()
	gcTuning.builds++
	if gcTuning.builds == 1 && !gcUserSet() {
		budget := uint64(gcBudgetMax)
		if episodes >= 0 {
			budget = gcBudgetFor(episodes)
		}
		gcTuning.tuner = startGCTuner(budget)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			gcTuning.mu.Lock()
			defer gcTuning.mu.Unlock()
			gcTuning.builds--
			if gcTuning.builds == 0 && gcTuning.tuner != nil {
				gcTuning.tuner.stop()
				gcTuning.tuner = nil
			}
		})
	}
}

// resizeGC sets the budget of the tuning to that of a build of episodes
// files, when one build runs (the first of overlapping builds keeps its
// own).
func resizeGC(episodes int) {
	gcTuning.mu.Lock()
	defer gcTuning.mu.Unlock()
	if gcTuning.builds == 1 && gcTuning.tuner != nil {
		gcTuning.tuner.setBudget(gcBudgetFor(episodes))
	}
}

// gcUserSet reports whether GOGC or the memory limit were set, by the
// environment or by the program.
func gcUserSet() bool {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return true // unknown: leave the collector alone
	}
	return s[0].Value.Uint64() != 100 || s[1].Value.Uint64() != math.MaxInt64
}

// gcTuner sets GOGC after each collection.
type gcTuner struct {
	budget    uint64
	mu        sync.Mutex
	stopped   bool
	percent   int   // the GOGC set last
	limit     int64 // the memory limit set last
	prev      int   // the GOGC found
	prevLimit int64 // the memory limit found
	samples   []metrics.Sample
	// startInUse is the heap in use when the tuning started.
	startInUse uint64
	started    bool
}

// gcSentinel is an object that lives until the next collection: its
// cleanup tells the tuner that one happened. It holds a pointer so that it
// is not put in a tiny-allocator block, whose objects die together.
type gcSentinel struct{ _ *byte }

func startGCTuner(budget uint64) *gcTuner {
	t := &gcTuner{budget: budget, percent: 100, samples: []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/gc/scan/stack:bytes"},
		{Name: "/gc/scan/globals:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
	}}
	t.prev = debug.SetGCPercent(100)
	t.prevLimit = debug.SetMemoryLimit(-1)
	t.collected()
	return t
}

// collected sets GOGC from the heap the last collection left, and waits
// for the next collection.
func (t *gcTuner) collected() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	t.apply()
	runtime.AddCleanup(new(gcSentinel), func(t *gcTuner) { t.collected() }, t)
}

// setBudget changes the budget, and GOGC and the memory limit with it.
func (t *gcTuner) setBudget(budget uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped || t.budget == budget {
		return
	}
	t.budget = budget
	t.apply()
}

// apply sets GOGC and the memory limit from the budget and the heap the
// last collection left; t.mu is held.
func (t *gcTuner) apply() {
	metrics.Read(t.samples)
	var v [4]uint64
	for i, s := range t.samples {
		if s.Value.Kind() == metrics.KindUint64 {
			v[i] = s.Value.Uint64()
		}
	}
	if p := gcPercent(t.budget, v[0], v[1]+v[2]); p != t.percent {
		debug.SetGCPercent(p)
		t.percent = p
	}
	if l := t.limitOf(v[0], v[3]); l != t.limit {
		debug.SetMemoryLimit(l)
		t.limit = l
	}
}

// limitOf returns the memory limit for a collection that left live
// bytes, with inUse bytes of heap objects when its cleanup ran. The heap
// in use counts only when the tuning starts (a server may hold much more
// than its last collection saw): a cleanup that runs late sees the
// objects allocated since, up to the heap's goal, and four times them
// would lift the limit past the point where it backs anything (at 10,000
// episodes, 408 MB instead of 192, and a peak RSS of 250 to 270 MB).
func (t *gcTuner) limitOf(live, inUse uint64) int64 {
	if !t.started {
		t.startInUse, t.started = inUse, true
	}
	return gcLimitFor(t.budget, max(live, t.startInUse))
}

// stop ends the tuning and restores the GOGC found.
func (t *gcTuner) stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stopped = true
	debug.SetGCPercent(t.prev)
	debug.SetMemoryLimit(t.prevLimit)
}

// gcPercent returns the GOGC whose heap goal is the budget, for a live
// heap of live bytes and roots (stacks and globals) of roots bytes: at
// least the floor (see gcGrowthMax), at most maxGCPercent.
func gcPercent(budget, live, roots uint64) int {
	// An empty heap (before the first collection) counts as 1 MB.
	live = max(live, 1<<20)
	base := live + roots
	floor := 100 * float64(max(base, min(2*base, gcGrowthMax))) / float64(base)
	if budget <= live {
		return int(floor)
	}
	p := 100 * float64(budget-live) / float64(base)
	// The runtime's minimum heap goal grows with GOGC too.
	p = min(p, 100*float64(budget)/heapMinimum)
	return int(min(max(p, floor), maxGCPercent))
}

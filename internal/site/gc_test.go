package site

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

func TestGCPercent(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		budget, live, roots uint64
		want                int
	}{
		{128 * mb, 0, 0, 3200},             // empty heap: bounded by the minimum goal, 4 MB × GOGC/100
		{128 * mb, 8 * mb, 0, 1500},        // the next collection at 8 + 8 × 15 = 128 MB
		{128 * mb, 8 * mb, 8 * mb, 750},    // the roots count in the goal too
		{128 * mb, 40 * mb, 0, 220},        // 40 + 40 × 2.2 = 128 MB
		{128 * mb, 43 * mb, 0, 200},        // a third of the budget: the floor
		{128 * mb, 200 * mb, 0, 128},       // over the budget: the heap grows by 256 MB at most
		{128 * mb, 500 * mb, 0, 100},       // but by the live heap at least
		{1 << 40, 1 * mb, 0, maxGCPercent}, // bounded above
		{0, 0, 0, 200},                     // no budget
	}
	for _, tt := range tests {
		if got := gcPercent(tt.budget, tt.live, tt.roots); got != tt.want {
			t.Errorf("gcPercent(%d MB, %d MB, %d MB) = %d, want %d", tt.budget/mb, tt.live/mb, tt.roots/mb, got, tt.want)
		}
	}
}

func TestGCLimitFor(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		budget, live uint64
		want         int64
	}{
		{128 * mb, 10 * mb, 192 * mb},  // one and a half budgets
		{128 * mb, 100 * mb, 400 * mb}, // four times a large live heap: no back-to-back collections
		{1 * mb, 0, gcLimitMin},        // a small build's heap is not squeezed
		{16 * mb, 20 * mb, 80 * mb},    // four times the heap over the floor
	}
	for _, tt := range tests {
		if got := gcLimitFor(tt.budget, tt.live); got != tt.want {
			t.Errorf("gcLimitFor(%d MB, %d MB) = %d MB, want %d MB", tt.budget/mb, tt.live/mb, got/mb, tt.want/mb)
		}
	}
}

func TestGCBudgetFor(t *testing.T) {
	for n, want := range map[int]uint64{0: 0, 1000: 1000 * gcBudgetPerEpisode, 10000: gcBudgetMax, 50000: gcBudgetMax} {
		if got := gcBudgetFor(n); got != want {
			t.Errorf("gcBudgetFor(%d) = %d, want %d", n, got, want)
		}
	}
}

// gogc returns the current GOGC.
func gogc() uint64 {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// memLimit returns the current memory limit.
func memLimit() int64 {
	return debug.SetMemoryLimit(-1)
}

// TestTuneGC checks that the tuning raises GOGC while it runs, follows
// the collections, and puts the setting back, the last of overlapping
// builds ending it. (The tests of this package do not run in parallel.)
func TestTuneGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	if gcUserSet() {
		t.Skip("GOGC or the memory limit is set for the tests")
	}
	restore1 := tuneGC(10000)
	restore2 := tuneGC(10)
	if gcTuning.tuner == nil {
		t.Fatal("no tuning")
	}
	for range 3 {
		runtime.GC()
		if p := gogc(); p <= 100 {
			t.Errorf("GOGC = %d while the live heap is small, want more than 100", p)
		}
		if l := memLimit(); l < gcLimitFor(gcBudgetFor(10000), 0) || l == math.MaxInt64 {
			t.Errorf("memory limit %d while tuning, want at least %d", l, gcLimitFor(gcBudgetFor(10000), 0))
		}
	}
	restore1()
	restore1() // twice is once
	if gcTuning.tuner == nil {
		t.Fatal("the tuning ended with a build still running")
	}
	restore2()
	if gcTuning.tuner != nil || gcTuning.builds != 0 {
		t.Fatalf("tuning %v, %d builds, after the builds ended", gcTuning.tuner, gcTuning.builds)
	}
	runtime.GC() // the last cleanup runs, and changes nothing
	runtime.GC()
	if p := gogc(); p != 100 {
		t.Errorf("GOGC = %d after the builds, want 100", p)
	}
	if l := memLimit(); l != math.MaxInt64 {
		t.Errorf("memory limit %d after the builds, want none", l)
	}
}

// TestTuneGCBeforeTheCount checks that a build starts the tuning with the
// largest budget before it knows its episodes, then takes its own.
func TestTuneGCBeforeTheCount(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	if gcUserSet() {
		t.Skip("GOGC or the memory limit is set for the tests")
	}
	restore := tuneGC(-1)
	defer restore()
	if gcTuning.tuner == nil || gcTuning.tuner.budget != gcBudgetMax {
		t.Fatalf("tuning %v before the count, want the largest budget", gcTuning.tuner)
	}
	if p := gogc(); p <= 100 {
		t.Errorf("GOGC = %d before the count, want more than 100", p)
	}
	resizeGC(100)
	if b := gcTuning.tuner.budget; b != gcBudgetFor(100) {
		t.Errorf("budget %d after the count, want %d", b, gcBudgetFor(100))
	}
	small := gogc()
	resizeGC(10000)
	if b := gcTuning.tuner.budget; b != gcBudgetFor(10000) {
		t.Errorf("budget %d after the count, want %d", b, gcBudgetFor(10000))
	}
	if p := gogc(); p < small {
		t.Errorf("GOGC = %d for 10,000 episodes, below the %d for 100", p, small)
	}
	// A second build running does not change the first one's budget.
	restore2 := tuneGC(5)
	resizeGC(5)
	restore2()
	if b := gcTuning.tuner.budget; b != gcBudgetFor(10000) {
		t.Errorf("budget %d after another build's count, want the first's %d", b, gcBudgetFor(10000))
	}
}

// TestTuneGCUserSet checks that a GOGC set by the program is left alone
// (the environment's is the command's to see: cmd/feedcast's
// TestPaceGC).
func TestTuneGCUserSet(t *testing.T) {
	old := debug.SetGCPercent(70)
	defer debug.SetGCPercent(old)
	restore := tuneGC(10000)
	if gcTuning.tuner != nil {
		t.Error("GOGC is set by the program, but the collector is tuned")
	}
	restore()
	if p := gogc(); p != 70 {
		t.Errorf("GOGC = %d, want the program's 70", p)
	}
}

// TestGCLimitIgnoresLateCleanups checks that the heap in use raises the
// memory limit only when the tuning starts, not when a cleanup that runs
// late sees the garbage allocated since its collection.
func TestGCLimitIgnoresLateCleanups(t *testing.T) {
	const mb = 1 << 20
	tuner := &gcTuner{budget: 128 * mb}
	if got := tuner.limitOf(3*mb, 3*mb); got != 192*mb {
		t.Errorf("first collection: limit %d MB, want 192", got/mb)
	}
	if got := tuner.limitOf(13*mb, 102*mb); got != 192*mb {
		t.Errorf("late cleanup: limit %d MB, want 192 (four times the live heap at most)", got/mb)
	}
	if got := tuner.limitOf(100*mb, 110*mb); got != 400*mb {
		t.Errorf("large live heap: limit %d MB, want 400", got/mb)
	}
	server := &gcTuner{budget: 128 * mb}
	server.limitOf(10*mb, 300*mb)
	if got := server.limitOf(10*mb, 20*mb); got != 1200*mb {
		t.Errorf("heap in use at the start: limit %d MB, want 1200", got/mb)
	}
}

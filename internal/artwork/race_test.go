//go:build race

package artwork

// raceEnabled shrinks the corpus tests under the race detector.
const raceEnabled = true

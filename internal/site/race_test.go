//go:build race

package site

// raceEnabled shrinks the cache key tests under the race detector, which
// makes a build several times slower.
const raceEnabled = true

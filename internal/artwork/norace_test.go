//go:build !race

package artwork

const raceEnabled = false

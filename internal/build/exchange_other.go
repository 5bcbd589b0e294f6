//go:build !linux

package build

import "errors"

func exchange(a, b string) error { return errors.New("no atomic exchange") }

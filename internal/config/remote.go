package config

import (
	"fmt"
	"time"
)

// RemoteMedia is how a build finds the length, type and duration of the
// media given as a URL that the front matter leaves out (key
// remote_media). Off by default: a build makes no request unless Probe is
// set.
type RemoteMedia struct {
	// Probe asks the media servers: HEAD for the length and type, a few
	// byte ranges for the duration. The results are kept in the cache
	// folder (remote-media.json).
	Probe bool `yaml:"probe"`
	// Timeout bounds each request ("10s" when 0); TotalTimeout all the
	// probes of a build ("1m" when 0).
	Timeout      time.Duration `yaml:"timeout"`
	TotalTimeout time.Duration `yaml:"total_timeout"`
	// MaxAge is how long a result is used without asking the server again
	// ("168h", a week, when 0); after it, it is revalidated with a
	// conditional request.
	MaxAge time.Duration `yaml:"max_age"`
}

func (r *RemoteMedia) validate() error {
	for _, d := range []struct {
		key string
		val time.Duration
	}{{"timeout", r.Timeout}, {"total_timeout", r.TotalTimeout}, {"max_age", r.MaxAge}} {
		if d.val < 0 {
			return &Error{"remote_media." + d.key, fmt.Sprintf("%v is negative", d.val)}
		}
	}
	return nil
}

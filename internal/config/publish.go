package config

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Target is one place a publish run uploads the output folder to. Which
// keys apply depends on Type; a key of another type is refused, so that a
// typo does not publish somewhere unexpected. Secrets are never read from
// the file: S3 credentials come from the environment or the AWS shared
// files, SSH keys from a key file or an agent.
//
//	publish:
//	  - type: dir
//	    path: /var/www/show
//	  - type: s3
//	    endpoint: https://s3.fr-par.scw.cloud
//	    region: fr-par
//	    bucket: my-show
//	    prefix: podcast
//	  - type: sftp
//	    host: example.org
//	    user: deploy
//	    key_file: ~/.ssh/id_ed25519
//	    base_path: /var/www/show
type Target struct {
	// Type is "dir", "s3" or "sftp".
	Type string `yaml:"type"`
	// Name identifies the target in messages; the type when empty.
	Name string `yaml:"name"`
	// MaxDeletes caps the files a run may delete: 0 is the default
	// (100), -1 no cap.
	MaxDeletes int `yaml:"max_deletes"`

	// Path is the folder of a dir target.
	Path string `yaml:"path"`

	// Endpoint is the URL of an S3-compatible store; empty for AWS.
	Endpoint string `yaml:"endpoint"`
	// Region is the bucket's region; empty: the environment's
	// (AWS_REGION) or "us-east-1".
	Region string `yaml:"region"`
	Bucket string `yaml:"bucket"`
	// Prefix is the folder of the bucket to publish under; empty for the
	// whole bucket.
	Prefix string `yaml:"prefix"`
	// PathStyle addresses the bucket in the path rather than the host
	// name, as MinIO, Garage and most self-hosted stores need.
	PathStyle bool `yaml:"path_style"`

	// Host, Port (default 22) and User of an SFTP server.
	Host string `yaml:"host"`
	Port int    `yaml:"port"`
	User string `yaml:"user"`
	// KeyFile is an unencrypted private key; empty: the SSH agent of
	// SSH_AUTH_SOCK.
	KeyFile string `yaml:"key_file"`
	// KnownHosts is the known_hosts file that must list the server;
	// empty: ~/.ssh/known_hosts.
	KnownHosts string `yaml:"known_hosts"`
	// InsecureIgnoreHostKey skips the check of the server's key, which is
	// logged as a warning at every connection. Never use it over a
	// network you do not own.
	InsecureIgnoreHostKey bool `yaml:"insecure_ignore_host_key"`
	// BasePath is the folder published to on the server.
	BasePath string `yaml:"base_path"`

	// Refused are keys read only to be refused with a clear message.
	Refused refusedKeys `yaml:",inline"`
}

// refusedKeys are secrets someone may try to put in the file.
type refusedKeys struct {
	AccessKey       string `yaml:"access_key"`
	AccessKeyID     string `yaml:"access_key_id"`
	SecretKey       string `yaml:"secret_key"`
	SecretAccessKey string `yaml:"secret_access_key"`
	SessionToken    string `yaml:"session_token"`
	Password        string `yaml:"password"`
	Passphrase      string `yaml:"passphrase"`
}

// DefaultName returns the target's name: Name, or its type.
func (t *Target) DefaultName() string {
	if t.Name != "" {
		return t.Name
	}
	return t.Type
}

// validatePublish checks the publish targets, the hubs and the schedule's
// time zone (the schedule itself is read by the scheduler), and fills in
// the targets' default names and ports and makes their relative paths
// relative to the config file.
func (c *Config) validatePublish() error {
	if c.File != "" {
		c.resolvePublishPaths(filepath.Dir(c.File))
	}
	names := map[string]int{}
	for i := range c.Publish {
		t := &c.Publish[i]
		key := func(k string) string { return fmt.Sprintf("publish[%d].%s", i, k) }
		if err := t.validate(key); err != nil {
			return err
		}
		if t.Type == "dir" && within(t.Path, c.Out) {
			return &Error{key("path"), fmt.Sprintf("%q is the output folder or inside it: publish to another folder", t.Path)}
		}
		t.Name = t.DefaultName()
		if j, ok := names[t.Name]; ok {
			return &Error{key("name"), fmt.Sprintf("%q is the name of publish[%d] too: give each target a name of its own", t.Name, j)}
		}
		names[t.Name] = i
	}
	seen := map[string]bool{}
	for i, h := range c.Hubs {
		key := fmt.Sprintf("hubs[%d]", i)
		if !absURL(h) {
			return &Error{key, fmt.Sprintf("%q is not an absolute http(s) URL", h)}
		}
		if seen[h] {
			return &Error{key, fmt.Sprintf("%q is listed twice", h)}
		}
		seen[h] = true
	}
	if c.StallTimeout < 0 {
		return &Error{"stall_timeout", fmt.Sprintf("%s is negative: a duration such as \"30s\", or 0 for the default", c.StallTimeout)}
	}
	if c.ScheduleTimeZone != "" {
		if _, err := time.LoadLocation(c.ScheduleTimeZone); err != nil {
			return &Error{"schedule_timezone", fmt.Sprintf("%q is not a time zone name", c.ScheduleTimeZone)}
		}
	}
	return nil
}

// validate checks one target; key names its keys.
func (t *Target) validate(key func(string) string) error {
	if err := t.Refused.check(key); err != nil {
		return err
	}
	if t.MaxDeletes < -1 {
		return &Error{key("max_deletes"), fmt.Sprintf("%d: use a number of files, 0 for the default (100) or -1 for no limit", t.MaxDeletes)}
	}
	// The keys of each type, to refuse the others.
	set := map[string]bool{
		"path":     t.Path != "",
		"endpoint": t.Endpoint != "", "region": t.Region != "", "bucket": t.Bucket != "", "prefix": t.Prefix != "", "path_style": t.PathStyle,
		"host": t.Host != "", "port": t.Port != 0, "user": t.User != "", "key_file": t.KeyFile != "", "known_hosts": t.KnownHosts != "",
		"insecure_ignore_host_key": t.InsecureIgnoreHostKey, "base_path": t.BasePath != "",
	}
	own := map[string][]string{
		"dir":  {"path"},
		"s3":   {"endpoint", "region", "bucket", "prefix", "path_style"},
		"sftp": {"host", "port", "user", "key_file", "known_hosts", "insecure_ignore_host_key", "base_path"},
	}
	keys, ok := own[t.Type]
	if !ok {
		msg := "is empty"
		if t.Type != "" {
			msg = fmt.Sprintf("%q is not a target type", t.Type)
		}
		return &Error{key("type"), msg + `: "dir", "s3" or "sftp"`}
	}
	for _, k := range keys {
		delete(set, k)
	}
	for _, k := range []string{"path", "endpoint", "region", "bucket", "prefix", "path_style", "host", "port", "user",
		"key_file", "known_hosts", "insecure_ignore_host_key", "base_path"} {
		if set[k] {
			return &Error{key(k), fmt.Sprintf("is not a key of a %s target", t.Type)}
		}
	}
	switch t.Type {
	case "dir":
		if t.Path == "" {
			return &Error{key("path"), "is empty: the folder to publish to"}
		}
	case "s3":
		return t.validateS3(key)
	case "sftp":
		return t.validateSFTP(key)
	}
	return nil
}

func (t *Target) validateS3(key func(string) string) error {
	if t.Bucket == "" {
		return &Error{key("bucket"), "is empty"}
	}
	if strings.ContainsAny(t.Bucket, "/ ") {
		return &Error{key("bucket"), fmt.Sprintf("%q is not a bucket name: put the folder in prefix", t.Bucket)}
	}
	if t.Endpoint != "" {
		if u, err := url.Parse(t.Endpoint); err != nil || !absURL(t.Endpoint) || u.RawQuery != "" {
			return &Error{key("endpoint"), fmt.Sprintf("%q is not an http(s) URL such as https://s3.fr-par.scw.cloud", t.Endpoint)}
		}
	}
	t.Prefix = strings.Trim(t.Prefix, "/")
	if t.Prefix != "" && (path.Clean(t.Prefix) != t.Prefix || strings.HasPrefix(t.Prefix, "..")) {
		return &Error{key("prefix"), fmt.Sprintf("%q is not a clean folder path such as \"shows/mine\"", t.Prefix)}
	}
	return nil
}

func (t *Target) validateSFTP(key func(string) string) error {
	if t.Host == "" {
		return &Error{key("host"), "is empty"}
	}
	if strings.ContainsAny(t.Host, "/@ ") || strings.Contains(t.Host, "://") {
		return &Error{key("host"), fmt.Sprintf("%q is not a host name: put the user in user and the folder in base_path", t.Host)}
	}
	if t.Port == 0 {
		t.Port = 22
	}
	if t.Port < 1 || t.Port > 65535 {
		return &Error{key("port"), fmt.Sprintf("%d is not a port", t.Port)}
	}
	if t.User == "" {
		return &Error{key("user"), "is empty"}
	}
	if t.BasePath == "" {
		return &Error{key("base_path"), "is empty: the folder to publish to, which feedcast makes equal to the output folder"}
	}
	if t.InsecureIgnoreHostKey && t.KnownHosts != "" {
		return &Error{key("insecure_ignore_host_key"), "is set with known_hosts: keep one"}
	}
	return nil
}

// check refuses any secret.
func (r *refusedKeys) check(key func(string) string) error {
	s3 := "credentials are not read from the config file: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY " +
		"(and AWS_SESSION_TOKEN) in the environment, or use an AWS profile (AWS_PROFILE)"
	ssh := "passwords are not read from the config file: use key_file with an unencrypted key, " +
		"or an SSH agent (SSH_AUTH_SOCK) for a key with a passphrase"
	for _, f := range []struct{ name, value, msg string }{
		{"access_key", r.AccessKey, s3},
		{"access_key_id", r.AccessKeyID, s3},
		{"secret_key", r.SecretKey, s3},
		{"secret_access_key", r.SecretAccessKey, s3},
		{"session_token", r.SessionToken, s3},
		{"password", r.Password, ssh},
		{"passphrase", r.Passphrase, ssh},
	} {
		if f.value != "" {
			return &Error{key(f.name), f.msg}
		}
	}
	return nil
}

// resolvePublishPaths makes the relative paths of the targets (a dir
// target's path, a key file, a known_hosts file) relative to dir, the
// folder of the config file, as Load does for the other folders; "~/" is
// left for the publish command to expand. Absolute paths are left as
// they are, so a second Validate changes nothing.
func (c *Config) resolvePublishPaths(dir string) {
	for i := range c.Publish {
		t := &c.Publish[i]
		for _, p := range []*string{&t.Path, &t.KeyFile, &t.KnownHosts} {
			if *p != "" && !filepath.IsAbs(*p) && !strings.HasPrefix(*p, "~/") {
				*p = filepath.Join(dir, *p)
			}
		}
	}
}

// within reports whether the folder p is the folder dir or inside it.
func within(p, dir string) bool {
	ap, err1 := filepath.Abs(p)
	ad, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(ad, ap)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

package targets_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/config"
)

// load reads a configuration made of the show's keys and extra.
func load(t *testing.T, extra string) (*config.Config, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "feedcast.yaml")
	yaml := "title: Show\nbase_url: https://example.org/show/\nlanguage: fr\n" + extra
	if err := os.WriteFile(p, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(p, false)
	if err != nil {
		return nil, err
	}
	return c, c.Validate()
}

func TestConfigValid(t *testing.T) {
	c, err := load(t, `
publish:
  - type: dir
    path: /var/www/show
  - type: s3
    endpoint: https://s3.fr-par.scw.cloud
    region: fr-par
    bucket: my-show
    prefix: /podcast/
    path_style: true
    max_deletes: -1
  - type: sftp
    name: backup
    host: example.org
    user: deploy
    key_file: ~/.ssh/id_ed25519
    known_hosts: ~/.ssh/known_hosts
    base_path: /var/www/show
  - type: sftp
    name: relative
    host: example.org
    user: deploy
    key_file: keys/id
    base_path: www
hubs:
  - https://pubsubhubbub.appspot.com/
  - https://websub.example.net/hub
schedule: "*/15 * * * *"
schedule_timezone: Europe/Paris
stall_timeout: 300ms
`)
	if err != nil {
		t.Fatal(err)
	}
	p := c.Publish
	if want := filepath.Join(filepath.Dir(c.File), "keys", "id"); p[3].KeyFile != want {
		t.Errorf("key file %q, want %q (relative to the config file)", p[3].KeyFile, want)
	}
	if p[0].Name != "dir" || p[1].Name != "s3" || p[2].Name != "backup" {
		t.Errorf("names %q, %q, %q", p[0].Name, p[1].Name, p[2].Name)
	}
	if c.StallTimeout != 300*time.Millisecond {
		t.Errorf("stall_timeout %s, want 300ms", c.StallTimeout)
	}
	if p[1].Prefix != "podcast" || p[2].Port != 22 || p[1].MaxDeletes != -1 {
		t.Errorf("prefix %q, port %d, max_deletes %d", p[1].Prefix, p[2].Port, p[1].MaxDeletes)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []struct{ yaml, key, msg string }{
		{"publish:\n  - path: /x\n", "publish[0].type", "is empty"},
		{"publish:\n  - type: ftp\n", "publish[0].type", `"ftp" is not a target type`},
		{"publish:\n  - type: dir\n", "publish[0].path", "is empty"},
		{"publish:\n  - type: dir\n    path: /x\n    bucket: b\n", "publish[0].bucket", "is not a key of a dir target"},
		{"publish:\n  - type: s3\n    bucket: b\n    base_path: /x\n", "publish[0].base_path", "is not a key of a s3 target"},
		{"publish:\n  - type: dir\n    path: /x\n  - type: s3\n    bucket: b\n    secret_key: abc\n", "publish[1].secret_key", "AWS_SECRET_ACCESS_KEY"},
		{"publish:\n  - type: s3\n    bucket: b\n    access_key: abc\n", "publish[0].access_key", "environment"},
		{"publish:\n  - type: sftp\n    host: h\n    user: u\n    base_path: /x\n    password: hunter2\n", "publish[0].password", "SSH agent"},
		{"publish:\n  - type: s3\n", "publish[0].bucket", "is empty"},
		{"publish:\n  - type: s3\n    bucket: b/podcast\n", "publish[0].bucket", "prefix"},
		{"publish:\n  - type: s3\n    bucket: b\n    endpoint: s3.example.org\n", "publish[0].endpoint", "URL"},
		{"publish:\n  - type: s3\n    bucket: b\n    prefix: a/../../b\n", "publish[0].prefix", "clean"},
		{"publish:\n  - type: sftp\n    user: u\n    base_path: /x\n", "publish[0].host", "is empty"},
		{"publish:\n  - type: sftp\n    host: u@h\n    user: u\n    base_path: /x\n", "publish[0].host", "not a host name"},
		{"publish:\n  - type: sftp\n    host: h\n    port: 70000\n    user: u\n    base_path: /x\n", "publish[0].port", "not a port"},
		{"publish:\n  - type: sftp\n    host: h\n    base_path: /x\n", "publish[0].user", "is empty"},
		{"publish:\n  - type: sftp\n    host: h\n    user: u\n", "publish[0].base_path", "is empty"},
		{"publish:\n  - type: sftp\n    host: h\n    user: u\n    base_path: /x\n    known_hosts: k\n    insecure_ignore_host_key: true\n",
			"publish[0].insecure_ignore_host_key", "keep one"},
		{"publish:\n  - type: dir\n    path: /x\n    max_deletes: -5\n", "publish[0].max_deletes", "-1 for no limit"},
		{"publish:\n  - type: dir\n    path: /x\n  - type: dir\n    path: /y\n", "publish[1].name", "publish[0] too"},
		{"hubs: [pubsubhubbub.appspot.com]\n", "hubs[0]", "not an absolute"},
		{"hubs: [https://h.example/, https://h.example/]\n", "hubs[1]", "twice"},
		{"schedule_timezone: Mars/Olympus\n", "schedule_timezone", "not a time zone"},
		{"stall_timeout: -1s\n", "stall_timeout", "negative"},
		{"out: /srv/site\npublish:\n  - type: dir\n    path: /srv/site/www\n", "publish[0].path", "output folder"},
	} {
		_, err := load(t, c.yaml)
		var ce *config.Error
		if !errors.As(err, &ce) || ce.Key != c.key || !strings.Contains(ce.Msg, c.msg) {
			t.Errorf("%q: %v; want %s: ...%s...", c.yaml, err, c.key, c.msg)
		}
	}
}

package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRemoteMediaKey(t *testing.T) {
	p := filepath.Join(t.TempDir(), "feedcast.yaml")
	if err := os.WriteFile(p, []byte("remote_media:\n  probe: true\n  timeout: 3s\n  max_age: 48h\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(p, false)
	if err != nil {
		t.Fatal(err)
	}
	want := RemoteMedia{Probe: true, Timeout: 3 * time.Second, MaxAge: 48 * time.Hour}
	if c.RemoteMedia != want {
		t.Errorf("remote_media = %+v, want %+v", c.RemoteMedia, want)
	}
	if d := Default(); d.RemoteMedia.Probe {
		t.Error("probing is on by default")
	}

	c = valid()
	c.RemoteMedia.MaxAge = -time.Hour
	var e *Error
	if err := c.Validate(); !errors.As(err, &e) || e.Key != "remote_media.max_age" {
		t.Errorf("negative max_age: %v", err)
	}
}

// Package targets opens the publish targets that the configuration
// describes and runs a publish: sync the output folder to every target,
// then tell the WebSub hubs which feeds changed.
package targets

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/dir"
	"github.com/feedcast/feedcast/internal/publish/s3"
	"github.com/feedcast/feedcast/internal/publish/sftp"
)

// Env is what targets take from the process, passed in by the command.
type Env struct {
	// Getenv reads the environment (os.Getenv): SSH_AUTH_SOCK. The S3
	// targets' credentials are read by the AWS SDK itself.
	Getenv func(string) string
	// Home is the user's home folder, for "~/" in paths and the default
	// known_hosts file (~/.ssh/known_hosts).
	Home string
	// Logger receives the targets' warnings (default: none).
	Logger *slog.Logger
	// Stall is the longest a network step may go without progress
	// (config stall_timeout; default stall.Default).
	Stall time.Duration
}

// Label names a target in messages: the name the configuration gives it,
// else where it is: its folder, "s3://bucket/prefix" or
// "sftp://user@host/path" (with ":port" when not 22, "/~/path" for a
// path relative to the login folder).
func Label(t config.Target) string {
	if t.Name != "" && t.Name != t.Type {
		return t.Name
	}
	switch t.Type {
	case "dir":
		return t.Path
	case "s3":
		u := "s3://" + t.Bucket
		if p := strings.Trim(t.Prefix, "/"); p != "" {
			u += "/" + p
		}
		return u
	case "sftp":
		host := t.Host
		if t.Port != 0 && t.Port != 22 {
			host = net.JoinHostPort(t.Host, strconv.Itoa(t.Port))
		}
		p := t.BasePath
		if !strings.HasPrefix(p, "/") {
			p = "/~/" + p
		}
		return "sftp://" + t.User + "@" + host + p
	}
	return t.DefaultName()
}

// Open returns the target that t (validated) describes. Close it with
// publish.Close.
func Open(ctx context.Context, t config.Target, env Env) (publish.Target, error) {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Logger == nil {
		env.Logger = slog.New(slog.DiscardHandler)
	}
	name := Label(t)
	switch t.Type {
	case "dir":
		return dir.New(name, env.expand(t.Path))
	case "s3":
		return s3.New(ctx, s3.Config{Name: name, Endpoint: t.Endpoint, Region: t.Region, Bucket: t.Bucket,
			Prefix: t.Prefix, PathStyle: t.PathStyle, Logger: env.Logger, Stall: env.Stall, Getenv: env.Getenv, Home: env.Home})
	case "sftp":
		port := t.Port
		if port == 0 {
			port = 22
		}
		cfg := sftp.Config{Name: name, Addr: net.JoinHostPort(t.Host, strconv.Itoa(port)), User: t.User,
			KeyFile: env.expand(t.KeyFile), KnownHosts: env.expand(t.KnownHosts),
			InsecureIgnoreHostKey: t.InsecureIgnoreHostKey, BasePath: t.BasePath, Logger: env.Logger, Stall: env.Stall}
		if cfg.KeyFile == "" {
			cfg.AgentSocket = env.Getenv("SSH_AUTH_SOCK")
		}
		if cfg.KnownHosts == "" && !cfg.InsecureIgnoreHostKey {
			if env.Home == "" {
				return nil, fmt.Errorf("%s: no known_hosts file and no home folder", name)
			}
			cfg.KnownHosts = filepath.Join(env.Home, ".ssh", "known_hosts")
		}
		return sftp.New(cfg)
	}
	return nil, errors.New(name + ": unknown type " + strconv.Quote(t.Type))
}

// expand replaces a leading "~/" with the home folder.
func (e Env) expand(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok && e.Home != "" {
		return filepath.Join(e.Home, rest)
	}
	return p
}

// Package sftp publishes to a folder of an SFTP server: shared hosting,
// a VPS running nginx, a storage box.
//
// The server is authenticated by a known_hosts file; an unknown host or a
// changed key is refused, unless the configuration says to skip the
// check, which it logs loudly. The client authenticates with a private
// key file or an SSH agent. Each file is written to a temporary name and
// renamed into place with the posix-rename@openssh.com extension, which
// replaces the old file in one step; on servers without it the old file
// is removed first, leaving a short moment without it. The manifest of
// hashes (see package tree) is written last, the same way.
//
// A lost connection is dialled again on the next call, so the retries of
// publish.Sync carry a run across a network cut. A connection on which
// nothing moves for the stall timeout while a call waits (a server that
// accepts and never answers, an upload it stops reading) is closed, and
// the call fails with a *stall.Error, which is retried the same way.
package sftp

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path"
	"time"

	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/stall"
	"github.com/feedcast/feedcast/internal/publish/tree"
)

// Config describes a folder of an SFTP server. It holds no secret: the
// key file is read when dialling, and an agent holds its keys itself.
type Config struct {
	// Name identifies the target in messages.
	Name string
	// Addr is the server's "host:port".
	Addr string
	User string
	// KeyFile is the path of an unencrypted private key (OpenSSH or
	// PEM format). AgentSocket is the socket of an SSH agent
	// (SSH_AUTH_SOCK). At least one is needed; with both, the key file
	// is tried first.
	KeyFile     string
	AgentSocket string
	// KnownHosts is the known_hosts file that must list the server's
	// key. InsecureIgnoreHostKey skips the check, and logs a warning at
	// every connection.
	KnownHosts            string
	InsecureIgnoreHostKey bool
	// BasePath is the folder published to; relative to the login folder
	// unless it starts with "/".
	BasePath string
	// Stall is the longest a call may go without a byte sent or received
	// (connecting, the handshake, a request waiting for its answer, an
	// upload the server stops reading) before the connection is closed
	// and the call fails, to be retried on a new one (default
	// stall.Default).
	Stall time.Duration
	// DialTimeout bounds the TCP connection (default Stall).
	DialTimeout time.Duration
	// Logger receives the connections and the host-key warning (default:
	// none).
	Logger *slog.Logger
}

// Target publishes to a folder of an SFTP server.
type Target struct {
	*tree.Target
	fs *sftpFS
}

var (
	_ publish.Target    = (*Target)(nil)
	_ publish.Committer = (*Target)(nil)
	_ io.Closer         = (*Target)(nil)
)

// New returns the target for cfg. It reads the key and known_hosts files
// but does not connect: the first call does.
func New(cfg Config) (*Target, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Stall <= 0 {
		cfg.Stall = stall.Default
	}
	if cfg.DialTimeout <= 0 {
		cfg.DialTimeout = cfg.Stall
	}
	if cfg.BasePath == "" {
		return nil, fmt.Errorf("%s: no base path", cfg.Name)
	}
	sc, err := clientConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Name, err)
	}
	f := &sftpFS{cfg: cfg, ssh: sc, base: path.Clean(cfg.BasePath), log: cfg.Logger.With("target", cfg.Name)}
	return &Target{Target: tree.New(cfg.Name, f), fs: f}, nil
}

// Close closes the connection, if any.
func (t *Target) Close() error { return t.fs.close() }

// Ping connects, when not connected yet, so that a configuration error
// (refused key, unknown host) shows before a run.
func (t *Target) Ping(ctx context.Context) error {
	_, _, err := t.fs.client(ctx)
	return err
}

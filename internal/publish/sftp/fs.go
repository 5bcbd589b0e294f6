package sftp

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path"
	"strings"
	"sync"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/crypto/ssh/knownhosts"

	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/stall"
	"github.com/feedcast/feedcast/internal/publish/tree"
)

// sftpFS is a tree.FS on an SFTP server, under base. It holds one
// connection, dialled when first needed and again after it is lost.
type sftpFS struct {
	cfg  Config
	ssh  *ssh.ClientConfig
	base string
	log  *slog.Logger

	mu   sync.Mutex
	nc   *stall.Conn
	conn *ssh.Client
	sftp *sftp.Client
}

var _ tree.FS = (*sftpFS)(nil)

// client returns the connection, dialling it if needed, and the network
// connection under it.
func (f *sftpFS) client(ctx context.Context) (*sftp.Client, *stall.Conn, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sftp != nil {
		return f.sftp, f.nc, nil
	}
	nc, conn, err := f.dial(ctx)
	if err != nil {
		return nil, nil, err
	}
	nc.Begin()
	c, err := sftp.NewClient(conn, sftp.UseConcurrentWrites(true))
	nc.End()
	if err != nil {
		conn.Close()
		if nc.Stalled() {
			err = nc.Err()
		}
		return nil, nil, fmt.Errorf("sftp %s: %w", f.cfg.Addr, err)
	}
	f.nc, f.conn, f.sftp = nc, conn, c
	f.log.Debug("connected", "addr", f.cfg.Addr, "user", f.cfg.User)
	return c, nc, nil
}

func (f *sftpFS) dial(ctx context.Context) (*stall.Conn, *ssh.Client, error) {
	if f.cfg.InsecureIgnoreHostKey {
		f.log.Warn("INSECURE: the SFTP server's host key is not checked (insecure_ignore_host_key): "+
			"anyone on the way can read and change what is published; list the host in a known_hosts file instead",
			"addr", f.cfg.Addr)
	}
	sc := *f.ssh
	if f.cfg.AgentSocket != "" {
		ac, err := (&net.Dialer{}).DialContext(ctx, "unix", f.cfg.AgentSocket)
		if err != nil {
			if len(sc.Auth) == 0 {
				return nil, nil, publish.Permanent(fmt.Errorf("ssh agent: %w", err))
			}
		} else {
			defer ac.Close() // the signers are used only by the handshake
			sc.Auth = append(append([]ssh.AuthMethod(nil), sc.Auth...), ssh.PublicKeysCallback(agent.NewClient(ac).Signers))
		}
	}
	d := net.Dialer{Timeout: f.cfg.DialTimeout}
	tc, err := d.DialContext(ctx, "tcp", f.cfg.Addr)
	if err != nil {
		return nil, nil, fmt.Errorf("connect %s: %w", f.cfg.Addr, netCause(err))
	}
	// The handshake is a call: a server that accepts and never answers
	// is given up after the stall timeout.
	nc := stall.NewConn(tc, f.cfg.Stall)
	nc.Begin()
	defer nc.End()
	stop := context.AfterFunc(ctx, func() { nc.Close() })
	defer stop()
	c, chans, reqs, err := ssh.NewClientConn(nc, f.cfg.Addr, &sc)
	if err != nil {
		nc.Close()
		if nc.Stalled() {
			return nil, nil, fmt.Errorf("ssh handshake: %w", nc.Err())
		}
		err = fmt.Errorf("ssh %s: %w", f.cfg.Addr, err)
		var ke *knownhosts.KeyError
		var re *knownhosts.RevokedError
		if errors.As(err, &ke) || errors.As(err, &re) || strings.Contains(err.Error(), "unable to authenticate") {
			return nil, nil, publish.Permanent(err)
		}
		return nil, nil, err
	}
	return nc, ssh.NewClient(c, chans, reqs), nil
}

// netCause is the system's reason in a dial error ("connection
// refused"), or err.
func netCause(err error) error {
	if se, ok := errors.AsType[*os.SyscallError](err); ok {
		return se.Err
	}
	return err
}

// drop closes c if it is still the connection, so that the next call
// dials again.
func (f *sftpFS) drop(c *sftp.Client) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sftp == c && c != nil {
		f.sftp.Close()
		f.conn.Close()
		f.sftp, f.conn, f.nc = nil, nil, nil
	}
}

func (f *sftpFS) close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sftp == nil {
		return nil
	}
	err := errors.Join(f.sftp.Close(), f.conn.Close())
	f.sftp, f.conn, f.nc = nil, nil, nil
	return err
}

// do runs fn on the connection. When ctx ends first, the connection is
// closed to stop fn; when fn fails otherwise than by an answer of the
// server, the connection is dropped for the next call to dial again.
func (f *sftpFS) do(ctx context.Context, fn func(*sftp.Client) error) error {
	c, nc, err := f.client(ctx)
	if err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { f.drop(c) })
	nc.Begin()
	err = fn(c)
	nc.End()
	if !stop() {
		return errors.Join(ctx.Err(), err)
	}
	if nc.Stalled() {
		// The connection was closed under fn: say why, not "connection lost".
		f.drop(c)
		return nc.Err()
	}
	if err != nil && !serverAnswer(err) {
		f.drop(c)
	}
	if errors.Is(err, fs.ErrPermission) {
		return publish.Permanent(err)
	}
	return err
}

// serverAnswer reports whether err is the server's answer to a request
// rather than a broken connection.
func serverAnswer(err error) bool {
	var st *sftp.StatusError
	return errors.As(err, &st) || errors.Is(err, fs.ErrNotExist) ||
		errors.Is(err, fs.ErrPermission) || errors.Is(err, fs.ErrExist)
}

func (f *sftpFS) path(p string) string { return path.Join(f.base, p) }

// Walk implements tree.FS.
func (f *sftpFS) Walk(ctx context.Context, fn func(string, tree.FileInfo) error) error {
	return f.do(ctx, func(c *sftp.Client) error {
		w := c.Walk(f.base)
		for w.Step() {
			if err := w.Err(); err != nil {
				if w.Path() == f.base && errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			st := w.Stat()
			if !st.Mode().IsRegular() {
				continue
			}
			rel := strings.TrimPrefix(strings.TrimPrefix(w.Path(), f.base), "/")
			if err := fn(rel, tree.FileInfo{Size: st.Size(), ModTime: st.ModTime()}); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteFile implements tree.FS: a temporary file, synced when the server
// can, renamed into place.
func (f *sftpFS) WriteFile(ctx context.Context, p string, r io.Reader) (fi tree.FileInfo, err error) {
	err = f.do(ctx, func(c *sftp.Client) (err error) {
		dst := f.path(p)
		dir := path.Dir(dst)
		if err := c.MkdirAll(dir); err != nil {
			return fmt.Errorf("mkdir %s: %w", dir, err)
		}
		tmp := path.Join(dir, tree.TempPrefix+randomName())
		file, err := c.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL)
		if err != nil {
			return fmt.Errorf("create %s: %w", tmp, err)
		}
		defer func() {
			if err != nil {
				file.Close()
				c.Remove(tmp)
			}
		}()
		if _, err := file.ReadFrom(r); err != nil {
			return fmt.Errorf("write %s: %w", tmp, err)
		}
		if _, ok := c.HasExtension("fsync@openssh.com"); ok {
			if err := file.Sync(); err != nil {
				return fmt.Errorf("sync %s: %w", tmp, err)
			}
		}
		// Readable by the web server whatever the server's umask; some
		// servers refuse chmod, which is then left to their defaults.
		file.Chmod(0o644)
		if err := file.Close(); err != nil {
			return fmt.Errorf("close %s: %w", tmp, err)
		}
		if _, ok := c.HasExtension("posix-rename@openssh.com"); ok {
			err = c.PosixRename(tmp, dst)
		} else {
			if rerr := c.Remove(dst); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
				return fmt.Errorf("replace %s: %w", dst, rerr)
			}
			err = c.Rename(tmp, dst)
		}
		if err != nil {
			return fmt.Errorf("rename %s: %w", dst, err)
		}
		st, err := c.Stat(dst)
		if err != nil {
			return fmt.Errorf("stat %s: %w", dst, err)
		}
		fi = tree.FileInfo{Size: st.Size(), ModTime: st.ModTime()}
		return nil
	})
	return fi, err
}

// ReadFile implements tree.FS.
func (f *sftpFS) ReadFile(ctx context.Context, p string) (data []byte, err error) {
	err = f.do(ctx, func(c *sftp.Client) error {
		file, err := c.Open(f.path(p))
		if err != nil {
			return err
		}
		defer file.Close()
		data, err = io.ReadAll(file)
		return err
	})
	return data, err
}

// Remove implements tree.FS.
func (f *sftpFS) Remove(ctx context.Context, p string) error {
	return f.do(ctx, func(c *sftp.Client) error {
		if err := c.Remove(f.path(p)); err != nil {
			return err
		}
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			// Fails on a folder that is not empty: stop there.
			if c.RemoveDirectory(f.path(dir)) != nil {
				break
			}
		}
		return nil
	})
}

func randomName() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

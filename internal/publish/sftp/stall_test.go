package sftp_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/feedcast/feedcast/internal/nettest"
	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/publishtest"
	"github.com/feedcast/feedcast/internal/publish/sftp"
	"github.com/feedcast/feedcast/internal/publish/stall"
)

const stallTimeout = 300 * time.Millisecond

// silentConfig is the configuration of a server at addr that the test
// never reaches the end of a handshake with: a client key and a
// known_hosts file listing a key for addr.
func silentConfig(t *testing.T, addr string) sftp.Config {
	dir := t.TempDir()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(dir, "id_ed25519")
	os.WriteFile(key, pem.EncodeToMemory(block), 0o600)
	hostPub, _, _ := ed25519.GenerateKey(rand.Reader)
	sshPub, _ := ssh.NewPublicKey(hostPub)
	known := filepath.Join(dir, "known_hosts")
	os.WriteFile(known, []byte(knownHostsLine(addr, sshPub)), 0o600)
	return sftp.Config{Name: "sftp://deploy@" + addr + "/www", Addr: addr, User: "deploy", KeyFile: key,
		KnownHosts: known, BasePath: "/www", Stall: stallTimeout}
}

// TestSilentServer publishes to a server that accepts the connection and
// never answers: each try gives up after the stall timeout, the tries are
// bounded, and the error names the target and the stall.
func TestSilentServer(t *testing.T) {
	addr := nettest.Silent(t)
	tg := newTarget(t, silentConfig(t, addr))
	var tries atomic.Int32
	opt := publishtest.Options()
	opt.Retry.Attempts = 3
	opt.Retry.Sleep = func(ctx context.Context, _ time.Duration) error { tries.Add(1); return ctx.Err() }
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	_, err := publish.Sync(ctx, publishtest.WriteSite(t, publishtest.Site([]int{1}, 1)), tg, opt)
	d := time.Since(start)
	if err == nil || ctx.Err() != nil {
		t.Fatalf("sync to a silent server: %v after %s, want a failure of its own", err, d)
	}
	t.Logf("error: %v", err)
	if !stall.IsStall(err) || !strings.HasPrefix(err.Error(), "sftp://deploy@"+addr+"/www: ") {
		t.Errorf("error %q, want the target, then the stall", err)
	}
	if n := tries.Load(); n != 2 {
		t.Errorf("retried %d times, want 2 (3 tries)", n)
	}
	if d > 3*4*stallTimeout {
		t.Errorf("took %s for 3 tries of %s", d, stallTimeout)
	}
}

// TestStalledMidRun: a server that stops answering once connected (a
// proxy whose forwarding is frozen) fails the call after the stall
// timeout instead of hanging it.
func TestStalledMidRun(t *testing.T) {
	cfg := server(t)
	p := newProxy(t, cfg.Addr)
	cfg.Addr = p.addr
	cfg.Stall = stallTimeout
	cfg.KnownHosts = rewriteKnownHosts(t, cfg.KnownHosts, p.addr)
	tg := newTarget(t, cfg)
	if _, err := tg.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	p.freeze()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := tg.List(ctx)
	if !stall.IsStall(err) || ctx.Err() != nil {
		t.Errorf("list through a frozen connection: %v, want a stall", err)
	}
}

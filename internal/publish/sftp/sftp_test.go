package sftp_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/publishtest"
	"github.com/feedcast/feedcast/internal/publish/sftp"
)

// server returns the configuration of the SFTP server that .ci/services
// started, for a folder of its own, and skips the test when there is none.
func server(t *testing.T) sftp.Config {
	addr := os.Getenv("FEEDCAST_TEST_SFTP_ADDR")
	if addr == "" {
		t.Skip("no SFTP server: source .ci/services to run this test")
	}
	b := make([]byte, 6)
	rand.Read(b)
	return sftp.Config{
		Name:       "sftp",
		Addr:       addr,
		User:       os.Getenv("FEEDCAST_TEST_SFTP_USER"),
		KeyFile:    os.Getenv("FEEDCAST_TEST_SFTP_KEY"),
		KnownHosts: os.Getenv("FEEDCAST_TEST_SFTP_KNOWN_HOSTS"),
		BasePath: os.Getenv("FEEDCAST_TEST_SFTP_BASE") + "/" +
			strings.NewReplacer("/", "-").Replace(t.Name()) + "-" + hex.EncodeToString(b) + "/www",
	}
}

func newTarget(t *testing.T, cfg sftp.Config) *sftp.Target {
	t.Helper()
	tg, err := sftp.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tg.Close() })
	return tg
}

func TestTarget(t *testing.T) {
	server(t)
	publishtest.RunTargetTests(t, func(t *testing.T) func() publish.Target {
		cfg := server(t)
		return func() publish.Target { return newTarget(t, cfg) }
	})
}

func TestUnknownHost(t *testing.T) {
	cfg := server(t)
	cfg.KnownHosts = filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(cfg.KnownHosts, nil, 0o600)
	_, err := sftp.New(cfg)
	if err == nil || !strings.Contains(err.Error(), "is not listed") {
		t.Errorf("new with an empty known_hosts: %v, want an unknown host", err)
	}
}

// TestChangedHostKey lists the server with another key: the connection
// is refused, for good.
func TestChangedHostKey(t *testing.T) {
	cfg := server(t)
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	sshPub, _ := ssh.NewPublicKey(pub)
	cfg.KnownHosts = filepath.Join(t.TempDir(), "known_hosts")
	line := knownHostsLine(cfg.Addr, sshPub)
	os.WriteFile(cfg.KnownHosts, []byte(line), 0o600)
	_, err := newTarget(t, cfg).List(context.Background())
	if err == nil || !publish.IsPermanent(err) || !strings.Contains(err.Error(), "key mismatch") {
		t.Errorf("list with a changed host key: %v, want a permanent key mismatch", err)
	}
}

func knownHostsLine(addr string, key ssh.PublicKey) string {
	host, port, _ := net.SplitHostPort(addr)
	return "[" + host + "]:" + port + " " + string(ssh.MarshalAuthorizedKey(key))
}

// TestInsecureIgnoreHostKey connects without checking the key, and says so.
func TestInsecureIgnoreHostKey(t *testing.T) {
	cfg := server(t)
	cfg.KnownHosts = ""
	cfg.InsecureIgnoreHostKey = true
	var logs bytes.Buffer
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	if _, err := newTarget(t, cfg).List(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "INSECURE") {
		t.Errorf("no warning logged: %q", logs.String())
	}
}

// TestAgent authenticates with a key held by an SSH agent.
func TestAgent(t *testing.T) {
	cfg := server(t)
	pem, err := os.ReadFile(cfg.KeyFile)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ssh.ParseRawPrivateKey(pem)
	if err != nil {
		t.Fatal(err)
	}
	keyring := agent.NewKeyring()
	if err := keyring.Add(agent.AddedKey{PrivateKey: key}); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(t.TempDir(), "agent.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() { agent.ServeAgent(keyring, c); c.Close() }()
		}
	}()
	cfg.KeyFile, cfg.AgentSocket = "", sock
	tg := newTarget(t, cfg)
	if err := tg.Ping(context.Background()); err != nil {
		t.Fatalf("connect with the agent: %v", err)
	}
}

// TestNetworkCut cuts every connection in the middle of a run: the run
// dials again and completes.
func TestNetworkCut(t *testing.T) {
	cfg := server(t)
	p := newProxy(t, cfg.Addr)
	hosts, err := os.ReadFile(cfg.KnownHosts)
	if err != nil {
		t.Fatal(err)
	}
	_, _, key, _, _, err := ssh.ParseKnownHosts(hosts)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Addr = p.addr
	cfg.KnownHosts = filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(cfg.KnownHosts, []byte(knownHostsLine(p.addr, key)), 0o600)

	dir := publishtest.WriteSite(t, publishtest.Site([]int{1, 2, 3}, 1))
	cut := &publishtest.Cut{Target: newTarget(t, cfg), After: 4, OnCut: p.cut}
	opt := publishtest.Options()
	opt.Retry.Attempts = 3
	if _, err := publish.Sync(context.Background(), dir, cut, opt); err != nil {
		t.Fatalf("sync across a network cut: %v", err)
	}
	if p.conns() < 2 {
		t.Errorf("%d connections, want a new one after the cut", p.conns())
	}
	// Cut passes no Commit on: the files are there, the manifest is not.
	rep, err := publish.Sync(context.Background(), dir, newTarget(t, cfg), opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Deleted != 0 {
		t.Errorf("deleted %d", rep.Deleted)
	}
	publishtest.Equal(t, newTarget(t, cfg), dir)
}

// proxy forwards TCP connections to a server and can cut them all, or
// freeze them: stop forwarding without closing, as a hung server does.
type proxy struct {
	addr   string
	mu     sync.Mutex
	open   []net.Conn
	count  int
	frozen bool
	thaw   chan struct{} // closed at the end of the test
}

func newProxy(t *testing.T, target string) *proxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{addr: l.Addr().String(), thaw: make(chan struct{})}
	t.Cleanup(func() { l.Close(); close(p.thaw); p.cut() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.open = append(p.open, c, s)
			p.count++
			p.mu.Unlock()
			go func() { p.forward(s, c); s.Close() }()
			go func() { p.forward(c, s); c.Close() }()
		}
	}()
	return p
}

// forward copies src to dst until either fails, holding what it reads
// while the proxy is frozen.
func (p *proxy) forward(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		p.mu.Lock()
		frozen := p.frozen
		p.mu.Unlock()
		if frozen {
			<-p.thaw
			return
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// freeze stops forwarding, without closing the connections.
func (p *proxy) freeze() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.frozen = true
}

func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.open {
		c.Close()
	}
	p.open = nil
}

func (p *proxy) conns() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.count
}

// rewriteKnownHosts returns a known_hosts file that lists the key of the
// first host of file for addr.
func rewriteKnownHosts(t *testing.T, file, addr string) string {
	t.Helper()
	hosts, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	_, _, key, _, _, err := ssh.ParseKnownHosts(hosts)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(out, []byte(knownHostsLine(addr, key)), 0o600)
	return out
}

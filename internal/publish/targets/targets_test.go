package targets_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/feedcast/feedcast/internal/config"
	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/dir"
	"github.com/feedcast/feedcast/internal/publish/publishtest"
	"github.com/feedcast/feedcast/internal/publish/targets"
)

func TestRun(t *testing.T) {
	var mu sync.Mutex
	var pinged []string
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		mu.Lock()
		pinged = append(pinged, r.PostForm.Get("hub.url"))
		mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	defer hub.Close()
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	cfg := &config.Config{
		BaseURL: publishtest.BaseURL,
		Publish: []config.Target{{Type: "dir", Name: "a", Path: a}, {Type: "dir", Name: "b", Path: b}},
		Hubs:    []string{hub.URL},
	}
	src := publishtest.WriteSite(t, publishtest.Site([]int{1, 2}, 1))
	opt := targets.Options{Retry: publishtest.Options().Retry}

	opt.DryRun = true
	res, err := targets.Run(context.Background(), cfg, src, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Reports) != 2 || len(res.Reports[0].Uploads) == 0 || res.Reports[0].Uploaded != 0 || len(pinged) != 0 {
		t.Errorf("dry run: %+v, pinged %q", res, pinged)
	}
	if _, err := os.Stat(a); !os.IsNotExist(err) {
		t.Errorf("dry run made the target folder: %v", err)
	}

	opt.DryRun = false
	res, err = targets.Run(context.Background(), cfg, src, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{a, b} {
		tg, err := dir.New("check", d)
		if err != nil {
			t.Fatal(err)
		}
		publishtest.Equal(t, tg, src)
		tg.Close()
	}
	slices.Sort(pinged)
	if len(pinged) != 5 || !slices.Equal(pinged, res.Pinged) || pinged[2] != "https://example.org/feed.xml" {
		t.Errorf("pinged %q, result %q", pinged, res.Pinged)
	}

	pinged = nil
	if res, err := targets.Run(context.Background(), cfg, src, opt); err != nil || len(pinged) != 0 || len(res.Pinged) != 0 {
		t.Errorf("second run: %v, pinged %q", err, pinged)
	}
}

// TestRunGoesOn syncs the other targets when one fails, and reports it.
func TestRunGoesOn(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	good := filepath.Join(t.TempDir(), "good")
	cfg := &config.Config{BaseURL: publishtest.BaseURL, Publish: []config.Target{
		{Type: "dir", Name: "broken", Path: filepath.Join(file, "www")},
		{Type: "dir", Name: "good", Path: good},
	}}
	src := publishtest.WriteSite(t, publishtest.Site([]int{1}, 1))
	_, err := targets.Run(context.Background(), cfg, src, targets.Options{Retry: publishtest.Options().Retry})
	if err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("run: %v, want the broken target's error", err)
	}
	tg, _ := dir.New("check", good)
	defer tg.Close()
	publishtest.Equal(t, tg, src)
}

// TestOpenSFTP opens an SFTP target with a key and known_hosts under "~/",
// without connecting.
func TestOpenSFTP(t *testing.T) {
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, ".ssh"), 0o700)
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(home, ".ssh", "id_ed25519"), pem.EncodeToMemory(block), 0o600)
	signer, _ := ssh.NewSignerFromKey(priv)
	os.WriteFile(filepath.Join(home, ".ssh", "known_hosts"),
		[]byte("[example.org]:2222 "+string(ssh.MarshalAuthorizedKey(signer.PublicKey()))), 0o600)

	env := targets.Env{Home: home}
	tc := config.Target{Type: "sftp", Host: "example.org", Port: 2222, User: "u", KeyFile: "~/.ssh/id_ed25519", BasePath: "/www"}
	tg, err := targets.Open(context.Background(), tc, env)
	if err != nil {
		t.Fatal(err)
	}
	publish.Close(tg)
	tc.Port = 22 // not in known_hosts
	if _, err := targets.Open(context.Background(), tc, env); err == nil || !strings.Contains(err.Error(), "not listed") {
		t.Errorf("open of an unknown host: %v", err)
	}
	tc.KeyFile = ""
	tc.Port = 2222
	if _, err := targets.Open(context.Background(), tc, env); err == nil || !strings.Contains(err.Error(), "SSH agent") {
		t.Errorf("open without key nor agent: %v", err)
	}
	env.Getenv = func(k string) string { return map[string]string{"SSH_AUTH_SOCK": "/run/agent.sock"}[k] }
	if _, err := targets.Open(context.Background(), tc, env); err != nil {
		t.Errorf("open with an agent: %v", err)
	}
}

func TestOpenS3(t *testing.T) {
	tg, err := targets.Open(context.Background(), config.Target{Type: "s3", Name: "cdn", Bucket: "b", Endpoint: "http://127.0.0.1:1"}, targets.Env{})
	if err != nil {
		t.Fatal(err)
	}
	if tg.Name() != "cdn" {
		t.Errorf("name %q", tg.Name())
	}
}

// TestRunPodping tells the Podping gateway of the changed RSS feeds only,
// with the token from the environment, and of nothing when nothing changed.
func TestRunPodping(t *testing.T) {
	var mu sync.Mutex
	var got []string
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, r.Header.Get("Authorization")+" "+r.URL.Query().Get("url"))
	}))
	defer gw.Close()
	cfg := &config.Config{
		BaseURL:         publishtest.BaseURL,
		Medium:          "podcast",
		Publish:         []config.Target{{Type: "dir", Name: "a", Path: filepath.Join(t.TempDir(), "a")}},
		Podping:         true,
		PodpingEndpoint: gw.URL + "/",
	}
	src := publishtest.WriteSite(t, publishtest.Site([]int{1, 2}, 1))
	opt := targets.Options{Retry: publishtest.Options().Retry}
	opt.Getenv = func(k string) string {
		if k == "PODPING_TOKEN" {
			return "tok"
		}
		return ""
	}
	res, err := targets.Run(context.Background(), cfg, src, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || len(got) != len(res.Podpinged) {
		t.Fatalf("gateway got %q, result %q", got, res.Podpinged)
	}
	for _, g := range got {
		if !strings.HasPrefix(g, "tok https://example.org/") || !strings.HasSuffix(g, "/feed.xml") {
			t.Errorf("podping %q: not an RSS feed with the token", g)
		}
	}
	got = nil
	if res, err := targets.Run(context.Background(), cfg, src, opt); err != nil || len(got) != 0 || len(res.Podpinged) != 0 {
		t.Errorf("second run: %v, podpinged %q", err, got)
	}
}

func TestLabel(t *testing.T) {
	for _, c := range []struct {
		t    config.Target
		want string
	}{
		{config.Target{Type: "s3", Name: "s3", Bucket: "b", Prefix: "show"}, "s3://b/show"},
		{config.Target{Type: "s3", Bucket: "b"}, "s3://b"},
		{config.Target{Type: "s3", Name: "cdn", Bucket: "b"}, "cdn"},
		{config.Target{Type: "sftp", Name: "sftp", User: "u", Host: "h", Port: 22, BasePath: "/var/www"}, "sftp://u@h/var/www"},
		{config.Target{Type: "sftp", User: "u", Host: "h", Port: 2222, BasePath: "www"}, "sftp://u@h:2222/~/www"},
		{config.Target{Type: "dir", Name: "dir", Path: "/srv/www"}, "/srv/www"},
	} {
		if got := targets.Label(c.t); got != c.want {
			t.Errorf("Label(%+v) = %q, want %q", c.t, got, c.want)
		}
	}
}

package s3_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/feedcast/feedcast/internal/nettest"
	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/publishtest"
	"github.com/feedcast/feedcast/internal/publish/s3"
	"github.com/feedcast/feedcast/internal/publish/stall"
)

const stallTimeout = 300 * time.Millisecond

// staticCreds are credentials given in code, so that the tests that need
// no server do not depend on the environment.
var staticCreds = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test", Source: "test"}, nil
})

// TestSilentStore publishes to a store that accepts the connection and
// never answers: the run retries a bounded number of times, then fails
// with an error naming the target and the stall, instead of hanging.
func TestSilentStore(t *testing.T) {
	addr := nettest.Silent(t)
	tg, err := s3.New(context.Background(), s3.Config{
		Name: "s3://bucket/show", Endpoint: "http://" + addr, Bucket: "bucket", Prefix: "show", PathStyle: true,
		Stall: stallTimeout, AWS: &aws.Config{Credentials: staticCreds, Region: "us-east-1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var tries atomic.Int32
	opt := publishtest.Options()
	opt.Retry.Attempts = 3
	opt.Retry.Sleep = func(ctx context.Context, _ time.Duration) error { tries.Add(1); return ctx.Err() }
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	_, err = publish.Sync(ctx, publishtest.WriteSite(t, publishtest.Site([]int{1}, 1)), tg, opt)
	d := time.Since(start)
	if err == nil || ctx.Err() != nil {
		t.Fatalf("sync to a silent store: %v after %s, want a failure of its own", err, d)
	}
	t.Logf("error: %v", err)
	if !stall.IsStall(err) || !strings.HasPrefix(err.Error(), "s3://bucket/show: ") || !strings.Contains(err.Error(), addr) {
		t.Errorf("error %q, want the target, then the stall of %s", err, addr)
	}
	if strings.Contains(err.Error(), "RequestID") || strings.Contains(err.Error(), "operation error") {
		t.Errorf("error %q carries the SDK's noise", err)
	}
	if n := tries.Load(); n != 2 {
		t.Errorf("retried %d times, want 2 (3 tries)", n)
	}
	if d > 3*4*stallTimeout {
		t.Errorf("took %s for 3 tries of %s", d, stallTimeout)
	}
}

// TestRefused names the address and the system's reason, without the
// SDK's noise.
func TestRefused(t *testing.T) {
	tg, err := s3.New(context.Background(), s3.Config{
		Name: "s3", Endpoint: "http://127.0.0.1:9", Bucket: "bucket", PathStyle: true,
		Stall: stallTimeout, AWS: &aws.Config{Credentials: staticCreds, Region: "us-east-1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = tg.List(context.Background())
	if err == nil || err.Error() != "list: connect 127.0.0.1:9: connection refused" {
		t.Errorf("list: %v, want \"list: connect 127.0.0.1:9: connection refused\"", err)
	}
}

// TestNoCredentials: with no credentials anywhere, the first request
// fails at once, for good, saying where they were looked for, and the
// EC2 metadata endpoint (a silent one here) is waited for only briefly.
func TestNoCredentials(t *testing.T) {
	home := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_DEFAULT_PROFILE": "",
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "credentials"), "AWS_CONFIG_FILE": filepath.Join(home, "config"),
		"AWS_WEB_IDENTITY_TOKEN_FILE": "", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "",
		"AWS_EC2_METADATA_DISABLED": "", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://" + nettest.Silent(t) + "/",
		"HOME": home,
	} {
		t.Setenv(k, v)
	}
	tg, err := s3.New(context.Background(), s3.Config{
		Name: "s3", Endpoint: "http://" + nettest.Silent(t), Bucket: "bucket", PathStyle: true, Stall: time.Minute,
		Getenv: os.Getenv, Home: home,
	})
	if err != nil {
		t.Fatal(err)
	}
	var tries int
	opt := publishtest.Options()
	opt.Retry.Attempts = 5
	opt.Retry.Sleep = func(ctx context.Context, _ time.Duration) error { tries++; return ctx.Err() }
	start := time.Now()
	_, err = publish.Sync(context.Background(), publishtest.WriteSite(t, publishtest.Site([]int{1}, 1)), tg, opt)
	d := time.Since(start)
	if err == nil {
		t.Fatal("sync without credentials succeeded")
	}
	t.Logf("error: %v", err)
	for _, want := range []string{"no S3 credentials", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
		filepath.Join(home, "credentials"), "EC2 instance role"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if tries != 0 || d > 10*time.Second {
		t.Errorf("%d retries in %s, want none, within the metadata endpoint's short wait", tries, d)
	}
}

// slowReader gives n chunks of size bytes, one every gap.
type slowReader struct {
	n, size int
	gap     time.Duration
}

func (r *slowReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	time.Sleep(r.gap)
	r.n--
	return copy(p, bytes.Repeat([]byte("x"), min(len(p), r.size))), nil
}

// TestSlowUpload: an upload that takes several times the stall timeout
// in all, but keeps moving, goes through: the timeout is on progress,
// not on size.
func TestSlowUpload(t *testing.T) {
	endpoint, bucket := server(t)
	tg, err := s3.New(context.Background(), s3.Config{
		Name: "s3", Endpoint: endpoint, Bucket: bucket, Prefix: uniquePrefix(t), PathStyle: true, Stall: stallTimeout,
	})
	if err != nil {
		t.Fatal(err)
	}
	const n, size = 10, 4096
	body := bytes.Repeat([]byte("x"), n*size)
	obj := publish.Object{Key: "ep.mp3", Size: int64(len(body)), Hash: publish.Hash(body), ContentType: "audio/mpeg"}
	start := time.Now()
	if err := tg.Put(context.Background(), obj, &slowReader{n: n, size: size, gap: stallTimeout / 3}); err != nil {
		t.Fatalf("slow upload: %v", err)
	}
	if d := time.Since(start); d < 2*stallTimeout {
		t.Errorf("took %s: the upload must outlast the stall timeout", d)
	}
	objs, err := tg.List(context.Background())
	if err != nil || objs["ep.mp3"].Hash != obj.Hash {
		t.Errorf("listed %+v, %v", objs, err)
	}
}

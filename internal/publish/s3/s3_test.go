package s3_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/publishtest"
	"github.com/feedcast/feedcast/internal/publish/s3"
)

// server returns the S3 endpoint and bucket that .ci/services started,
// and skips the test when there is none.
func server(t *testing.T) (endpoint, bucket string) {
	endpoint, bucket = os.Getenv("FEEDCAST_TEST_S3_ENDPOINT"), os.Getenv("FEEDCAST_TEST_S3_BUCKET")
	if endpoint == "" || bucket == "" {
		t.Skip("no S3 server: source .ci/services to run this test")
	}
	return endpoint, bucket
}

// uniquePrefix is a folder of the bucket that no other test uses.
func uniquePrefix(t *testing.T) string {
	b := make([]byte, 6)
	rand.Read(b)
	return "test/" + strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()) + "-" + hex.EncodeToString(b) + "/"
}

func newTarget(t *testing.T, endpoint, bucket, prefix string) *s3.Target {
	t.Helper()
	tg, err := s3.New(context.Background(), s3.Config{
		Name: "s3", Endpoint: endpoint, Bucket: bucket, Prefix: prefix, PathStyle: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestTarget(t *testing.T) {
	endpoint, bucket := server(t)
	publishtest.RunTargetTests(t, func(t *testing.T) func() publish.Target {
		prefix := uniquePrefix(t)
		return func() publish.Target { return newTarget(t, endpoint, bucket, prefix) }
	})
}

// rawClient is a client of the test server that feedcast did not set up.
func rawClient(t *testing.T, endpoint string) *awss3.Client {
	ac, err := awsconfig.LoadDefaultConfig(context.Background(), awsconfig.WithRegion("us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	return awss3.NewFromConfig(ac, func(o *awss3.Options) {
		o.BaseEndpoint = aws.String(endpoint)
		o.UsePathStyle = true
	})
}

// TestForeignObject lists an object uploaded by another tool, without
// the sha256 metadata: its hash is unknown, and a sync uploads it again.
func TestForeignObject(t *testing.T) {
	endpoint, bucket := server(t)
	prefix := uniquePrefix(t)
	body := []byte("<!doctype html><p>index</p>")
	_, err := rawClient(t, endpoint).PutObject(context.Background(), &awss3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(prefix + "index.html"), Body: bytes.NewReader(body),
	})
	if err != nil {
		t.Fatal(err)
	}
	tg := newTarget(t, endpoint, bucket, prefix)
	objs, err := tg.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if o := objs["index.html"]; o.Hash != "" || o.Size != int64(len(body)) {
		t.Errorf("listed %+v, want the size and no hash", o)
	}
	dir := publishtest.WriteSite(t, map[string][]byte{"index.html": body})
	rep, err := publish.Sync(context.Background(), dir, tg, publishtest.Options())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Uploaded != 1 {
		t.Errorf("uploaded %d, want 1", rep.Uploaded)
	}
	publishtest.Equal(t, newTarget(t, endpoint, bucket, prefix), dir)
}

// TestIntegrity puts bytes that do not match the hash given: the store
// checks the signed hash and refuses them, for good.
func TestIntegrity(t *testing.T) {
	endpoint, bucket := server(t)
	tg := newTarget(t, endpoint, bucket, uniquePrefix(t))
	body := []byte("<rss>the real bytes</rss>")
	obj := publish.Object{Key: "feed.xml", Size: int64(len(body)), Hash: publish.Hash([]byte("<rss>other bytes!!</rss>")),
		ContentType: "application/rss+xml; charset=utf-8"}
	err := tg.Put(context.Background(), obj, bytes.NewReader(body))
	if err == nil {
		t.Fatal("put of bytes that do not match their hash succeeded")
	}
	if !publish.IsPermanent(err) {
		t.Errorf("put: %v, want a permanent error", err)
	}
	objs, err := tg.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != 0 {
		t.Errorf("listed %v after a refused put", objs)
	}
}

// TestNoBucket fails at once, without retrying, on a missing bucket.
func TestNoBucket(t *testing.T) {
	endpoint, _ := server(t)
	tg := newTarget(t, endpoint, "no-such-bucket-feedcast", "")
	_, err := tg.List(context.Background())
	if err == nil || !publish.IsPermanent(err) {
		t.Errorf("list of a missing bucket: %v, want a permanent error", err)
	}
	var n int
	opt := publishtest.Options()
	opt.Retry.Attempts = 5
	opt.Retry.Sleep = func(ctx context.Context, _ time.Duration) error { n++; return nil }
	_, err = publish.Sync(context.Background(), publishtest.WriteSite(t, publishtest.Site([]int{1}, 1)), tg, opt)
	if err == nil || n != 0 || errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("sync to a missing bucket: %v after %d retries, want an error and no retry", err, n)
	}
}

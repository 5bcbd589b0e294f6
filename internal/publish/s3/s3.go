// Package s3 publishes to an S3-compatible object store: AWS S3,
// Scaleway, OVHcloud, Garage, MinIO, versitygw and the like.
//
// Each object keeps the SHA-256 of its bytes in its metadata
// (x-amz-meta-sha256), so List compares without a manifest: it lists the
// keys and ETags, then reads each object's metadata with a HEAD request,
// which it remembers by ETag for the next runs of the same process. Put
// signs the upload with that same hash (x-amz-content-sha256), so the
// store refuses bytes that do not match it, and streams the file without
// reading it twice. Objects are stored as they are, never gzip-encoded:
// a client that sends no Accept-Encoding would get bytes it cannot read;
// a CDN in front compresses on the fly.
//
// It uses the AWS SDK for Go v2 rather than minio-go: its default
// credential chain is the standard one (environment, shared files and
// profiles, SSO, web identity on Kubernetes, container and instance
// roles), and it is maintained with the service. Request checksums are
// sent only where an operation requires them, which S3-compatible stores
// accept, and the SDK's own retries are off: publish.Sync retries.
//
// Every request gives up once no byte of it or of its answer moved for
// the stall timeout (package stall), however long it has run. The
// credentials are got once, before the first request, within that
// timeout, or within two seconds when nothing but an EC2 instance role
// could provide them: missing credentials fail the run at once, for
// good, with a message that says where they were looked for. The
// errors are told plainly, without the SDK's request ids.
package s3

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/stall"
)

// Config describes a bucket. Credentials are never part of it: they come
// from AWS, or from the SDK's default chain.
type Config struct {
	// Name identifies the target in messages.
	Name string
	// Endpoint is the store's URL, "https://s3.fr-par.scw.cloud"; empty
	// for AWS.
	Endpoint string
	// Region is the bucket's region; when empty, the one the SDK finds
	// (AWS_REGION, the profile), else "us-east-1".
	Region string
	Bucket string
	// Prefix is the folder of the bucket the show is published under,
	// "" for the whole bucket.
	Prefix string
	// PathStyle puts the bucket in the path (endpoint/bucket/key) rather
	// than in the host name, as most self-hosted stores need.
	PathStyle bool
	// AWS is the SDK configuration to use (credentials, HTTP client);
	// nil loads the default one.
	AWS *aws.Config
	// Stall is the longest a request may go without a byte sent or
	// received before it fails and is retried (default stall.Default).
	Stall time.Duration
	// Getenv and Home tell where the SDK looks for credentials, for the
	// message when it finds none (default: nothing set, no home).
	Getenv func(string) string
	Home   string
	// Logger receives debug lines (default: none).
	Logger *slog.Logger
}

// maxPut is the largest object one PutObject stores.
const maxPut = 5 << 30

// headConcurrency is the number of HEAD requests List sends at once.
const headConcurrency = 8

// Target publishes to a bucket.
type Target struct {
	name   string
	bucket string
	prefix string
	client *awss3.Client
	log    *slog.Logger

	creds credentialCheck

	mu sync.Mutex
	// known remembers the objects read or written, by key, with the ETag
	// they had: an object whose ETag did not change needs no HEAD.
	known map[string]known
}

type known struct {
	etag string
	obj  publish.Object
}

var _ publish.Target = (*Target)(nil)

// New returns the target for the bucket of cfg. It makes no request.
func New(ctx context.Context, cfg Config) (*Target, error) {
	if cfg.Bucket == "" {
		return nil, fmt.Errorf("%s: no bucket", cfg.Name)
	}
	if cfg.Getenv == nil {
		cfg.Getenv = func(string) string { return "" }
	}
	stallTimeout := cfg.Stall
	if stallTimeout <= 0 {
		stallTimeout = stall.Default
	}
	var ac aws.Config
	if cfg.AWS != nil {
		ac = cfg.AWS.Copy()
	} else {
		var err error
		if ac, err = awsconfig.LoadDefaultConfig(ctx); err != nil {
			return nil, fmt.Errorf("%s: aws configuration: %w", cfg.Name, plain(err))
		}
	}
	// The SDK's own client (which may carry AWS_CA_BUNDLE) connects
	// within the stall timeout; every request of the bucket's client is
	// under a watchdog of it.
	switch c := ac.HTTPClient.(type) {
	case nil:
		ac.HTTPClient = stall.NewHTTPClient(stallTimeout)
	case *awshttp.BuildableClient:
		ac.HTTPClient = c.WithDialerOptions(func(d *net.Dialer) { d.Timeout = stallTimeout }).
			WithTransportOptions(func(tr *http.Transport) { tr.TLSHandshakeTimeout = stallTimeout })
	}
	ac.HTTPClient = stall.WrapDoer(ac.HTTPClient, stallTimeout)
	if cfg.Region != "" {
		ac.Region = cfg.Region
	}
	if ac.Region == "" {
		ac.Region = "us-east-1"
	}
	client := awss3.NewFromConfig(ac, func(o *awss3.Options) {
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
		}
		o.UsePathStyle = cfg.PathStyle
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		o.Retryer = aws.NopRetryer{}
	})
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	prefix := strings.Trim(cfg.Prefix, "/")
	if prefix != "" {
		prefix += "/"
	}
	return &Target{name: cfg.Name, bucket: cfg.Bucket, prefix: prefix, client: client, log: log,
		creds: credentialCheck{provider: ac.Credentials, getenv: cfg.Getenv, home: cfg.Home, timeout: stallTimeout},
		known: map[string]known{}}, nil
}

// Name implements publish.Target.
func (t *Target) Name() string { return t.name }

// Put implements publish.Target with one PutObject, which replaces the
// object in one step.
func (t *Target) Put(ctx context.Context, obj publish.Object, body io.Reader) error {
	if err := t.creds.check(ctx); err != nil {
		return err
	}
	if obj.Size > maxPut {
		return publish.Permanent(fmt.Errorf("put %s: %d bytes, more than one upload of the S3 API takes (5 GiB)", obj.Key, obj.Size))
	}
	in := &awss3.PutObjectInput{
		Bucket:        aws.String(t.bucket),
		Key:           aws.String(t.prefix + obj.Key),
		Body:          body,
		ContentLength: aws.Int64(obj.Size),
		Metadata:      map[string]string{metaHash: obj.Hash},
	}
	if obj.ContentType != "" {
		in.ContentType = aws.String(obj.ContentType)
	}
	if obj.CacheControl != "" {
		in.CacheControl = aws.String(obj.CacheControl)
	}
	if obj.ContentEncoding != "" {
		in.ContentEncoding = aws.String(obj.ContentEncoding)
	}
	out, err := t.client.PutObject(ctx, in, withPayloadHash(obj.Hash))
	if err != nil {
		return fmt.Errorf("put %s: %w", obj.Key, classify(err))
	}
	t.mu.Lock()
	t.known[obj.Key] = known{etag: aws.ToString(out.ETag), obj: obj}
	t.mu.Unlock()
	return nil
}

// Delete implements publish.Target. S3 does not tell a missing key from
// a deleted one: deleting a missing key succeeds.
func (t *Target) Delete(ctx context.Context, key string) error {
	if err := t.creds.check(ctx); err != nil {
		return err
	}
	_, err := t.client.DeleteObject(ctx, &awss3.DeleteObjectInput{
		Bucket: aws.String(t.bucket),
		Key:    aws.String(t.prefix + key),
	})
	t.mu.Lock()
	delete(t.known, key)
	t.mu.Unlock()
	if err != nil {
		return fmt.Errorf("delete %s: %w", key, classify(err))
	}
	return nil
}

// metaHash is the metadata key of the SHA-256 (x-amz-meta-sha256).
const metaHash = "sha256"

// withPayloadHash signs the request with the hash the caller knows, so
// the SDK neither reads the body to hash it nor needs to seek it back.
func withPayloadHash(hash string) func(*awss3.Options) {
	return func(o *awss3.Options) {
		o.APIOptions = append(o.APIOptions, func(stack *middleware.Stack) error {
			return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("feedcastPayloadHash",
				func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
					return next.HandleFinalize(v4.SetPayloadHash(ctx, hash), in)
				}), (*v4.ComputePayloadSHA256)(nil).ID(), middleware.Before)
		})
	}
}

// classify marks the errors that retrying will not cure, the 4xx
// answers but 408 (timeout) and 429 (slow down), and wraps ErrNotFound
// in those about a missing key (not a missing bucket).
func classify(err error) error {
	var re *awshttp.ResponseError
	if !errors.As(err, &re) {
		return plain(err)
	}
	err = plain(err)
	code := re.HTTPStatusCode()
	var api smithy.APIError
	if code == 404 && errors.As(err, &api) && (api.ErrorCode() == "NoSuchKey" || api.ErrorCode() == "NotFound") {
		return fmt.Errorf("%w: %w", publish.ErrNotFound, err)
	}
	if code >= 400 && code < 500 && code != 408 && code != 429 {
		return publish.Permanent(err)
	}
	return err
}

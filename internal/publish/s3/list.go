package s3

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/feedcast/feedcast/internal/publish"
)

// List implements publish.Target: the objects under the prefix, with the
// hash and headers of their metadata. An object without the sha256
// metadata (uploaded by another tool) has an empty Hash.
func (t *Target) List(ctx context.Context) (map[string]publish.Object, error) {
	if err := t.creds.check(ctx); err != nil {
		return nil, err
	}
	etags := map[string]string{}
	out := map[string]publish.Object{}
	pages := awss3.NewListObjectsV2Paginator(t.client, &awss3.ListObjectsV2Input{
		Bucket: aws.String(t.bucket),
		Prefix: aws.String(t.prefix),
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list: %w", classify(err))
		}
		for _, o := range page.Contents {
			key := strings.TrimPrefix(aws.ToString(o.Key), t.prefix)
			if key == "" || strings.HasSuffix(key, "/") {
				continue // folder markers
			}
			etags[key] = aws.ToString(o.ETag)
			out[key] = publish.Object{Key: key, Size: aws.ToInt64(o.Size)}
		}
	}

	var todo []string
	t.mu.Lock()
	for key, etag := range etags {
		if k, ok := t.known[key]; ok && k.etag == etag && etag != "" && k.obj.Size == out[key].Size {
			out[key] = k.obj
		} else {
			todo = append(todo, key)
		}
	}
	t.mu.Unlock()

	errs := make([]error, len(todo))
	sem := make(chan struct{}, headConcurrency)
	var wg sync.WaitGroup
	for i, key := range todo {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			obj, etag, err := t.head(ctx, key)
			switch {
			case errors.Is(err, publish.ErrNotFound):
				// Deleted since the listing.
			case err != nil:
				errs[i] = err
			default:
				t.mu.Lock()
				out[key] = obj
				t.known[key] = known{etag: etag, obj: obj}
				t.mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("list: %w", err)
	}
	return out, nil
}

// head reads the metadata of the object at key.
func (t *Target) head(ctx context.Context, key string) (publish.Object, string, error) {
	h, err := t.client.HeadObject(ctx, &awss3.HeadObjectInput{
		Bucket: aws.String(t.bucket),
		Key:    aws.String(t.prefix + key),
	})
	if err != nil {
		return publish.Object{}, "", fmt.Errorf("head %s: %w", key, classify(err))
	}
	obj := publish.Object{
		Key:             key,
		Size:            aws.ToInt64(h.ContentLength),
		ContentType:     aws.ToString(h.ContentType),
		CacheControl:    aws.ToString(h.CacheControl),
		ContentEncoding: aws.ToString(h.ContentEncoding),
	}
	for k, v := range h.Metadata {
		if strings.EqualFold(k, metaHash) {
			obj.Hash = strings.ToLower(v)
		}
	}
	return obj, aws.ToString(h.ETag), nil
}

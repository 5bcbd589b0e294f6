// Package publish uploads a built output folder to the places it is served
// from, uploading only what changed and in an order that never lets a
// subscriber read a feed pointing at a file that is not there yet.
//
// A Target is a place: a local folder (package dir), an S3-compatible
// bucket (package s3) or an SFTP server (package sftp). Scan reads the
// output folder into Objects with their content hash and HTTP headers,
// Diff compares them with what a Target lists, and Sync applies the
// difference:
//
//  1. media, images, transcripts and other files,
//  2. pages (HTML),
//  3. feeds (RSS, Atom, JSON Feed, OPML),
//  4. deletions of what the build no longer has: feeds, then pages, then
//     the other files, each step complete before the next.
//
// A run stopped anywhere (killed, network cut, deadline) leaves every feed
// on the target pointing at files that exist, since a feed is replaced only
// after everything it references is up and a file is deleted only after the
// feeds that referenced it are replaced. The next run completes it.
//
// No network step can hang a run: the targets give up a connection, a
// request or a transfer that makes no progress for the stall timeout
// (package stall), and Sync retries it with Backoff, a bounded number of
// times.
package publish

import (
	"context"
	"errors"
	"io"
)

// Object is one file of the output folder or of a target.
type Object struct {
	// Key is the slash-separated path relative to the root: "feed.xml",
	// "episodes/s2e7/cover.webp".
	Key  string
	Size int64
	// Hash is the hex SHA-256 of the bytes; empty when a target cannot
	// tell (a file put there by another tool), which Diff reads as changed.
	Hash string
	// The HTTP headers the file is served with, where the target stores
	// them (S3 metadata, the manifest of a dir or SFTP target).
	ContentType     string
	CacheControl    string
	ContentEncoding string
}

// Target is a place the output folder is published to. Implementations
// must be safe for concurrent use: Sync runs several Puts at once.
type Target interface {
	// Name identifies the target in messages and logs.
	Name() string
	// List returns every object on the target, by key. Objects whose
	// hash is unknown have an empty Hash. A target with nothing on it
	// returns an empty map and no error.
	List(ctx context.Context) (map[string]Object, error)
	// Put stores body (obj.Size bytes whose SHA-256 is obj.Hash) at
	// obj.Key with obj's headers, replacing any previous object in one
	// step: a reader sees the old bytes or the new ones, never a part.
	Put(ctx context.Context, obj Object, body io.Reader) error
	// Delete removes the object at key. It returns an error wrapping
	// ErrNotFound when there is none, where the target can tell.
	Delete(ctx context.Context, key string) error
}

// Committer is implemented by targets that keep state of their own, such
// as a manifest of hashes: Sync calls Commit once a run's uploads and
// deletions are done, and after a failed run to save what was done.
type Committer interface {
	Commit(ctx context.Context) error
}

// Close closes t when it holds resources (a connection, an open folder),
// and does nothing otherwise.
func Close(t Target) error {
	if c, ok := t.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

var (
	// ErrNotFound is wrapped by Target.Delete when the key does not exist.
	ErrNotFound = errors.New("not found")
	// ErrTooManyDeletes is returned by Sync when a run would delete more
	// than Options.MaxDeletes objects: nothing was changed.
	ErrTooManyDeletes = errors.New("too many deletions")
)

// permanentError marks an error that retrying will not cure.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as one that retrying will not cure (access denied,
// unknown host key, no such bucket): Sync and Backoff.Do give up at once.
// It returns nil for nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

// IsPermanent reports whether err was marked by Permanent, or is a
// context error or ErrNotFound.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p) || errors.Is(err, context.Canceled) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrNotFound)
}

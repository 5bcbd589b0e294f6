package s3

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go"

	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/stall"
)

// plainError is an SDK error told in a few words: the store's answer
// ("403 AccessDenied: Access Denied") or the network failure ("connect
// 127.0.0.1:9: connection refused"), without the operation, request and
// host ids the SDK adds. It wraps the SDK error, for errors.As.
type plainError struct {
	msg string
	err error
}

func (e *plainError) Error() string { return e.msg }
func (e *plainError) Unwrap() error { return e.err }

// plain returns err with a plain message; nil for nil.
func plain(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*plainError); ok {
		return err
	}
	return &plainError{msg: message(err), err: err}
}

func message(err error) string {
	status := 0
	if re, ok := errors.AsType[*awshttp.ResponseError](err); ok {
		status = re.HTTPStatusCode()
	}
	if api, ok := errors.AsType[smithy.APIError](err); ok {
		msg := api.ErrorCode()
		if m := api.ErrorMessage(); m != "" && m != msg {
			msg += ": " + m
		}
		if status != 0 {
			msg = fmt.Sprintf("%d %s", status, msg)
		}
		return msg
	}
	if status != 0 {
		return fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
	}
	return stall.Describe(err)
}

// imdsTimeout bounds the wait for an EC2 instance role when nothing else
// configures credentials: on EC2 the metadata endpoint answers within
// milliseconds, and elsewhere it may not answer at all.
const imdsTimeout = 2 * time.Second

// credentialCheck gets the credentials once, before the first request,
// so that missing ones fail the run at once with a message that says
// where they were looked for, rather than each request after retries.
type credentialCheck struct {
	provider aws.CredentialsProvider
	getenv   func(string) string
	home     string
	timeout  time.Duration

	mu sync.Mutex
	ok bool
}

func (c *credentialCheck) check(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ok || c.provider == nil {
		return nil
	}
	w := c.where(ctx)
	timeout := c.timeout
	if !w.configured {
		timeout = min(timeout, imdsTimeout)
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if _, err := c.provider.Retrieve(cctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return publish.Permanent(w.explain(timeout, err))
	}
	c.ok = true
	return nil
}

// sources tells where the SDK looks for credentials and what it found.
type sources struct {
	id, secret        bool // AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
	profile           string
	files             []string // the shared files that exist
	missing           []string // those that do not
	profileConfigured bool     // the profile has keys, a role, SSO or a process
	other             []string // web identity, container credentials
	configured        bool     // something but an instance role
}

func (c *credentialCheck) where(ctx context.Context) sources {
	var s sources
	s.id, s.secret = c.getenv("AWS_ACCESS_KEY_ID") != "", c.getenv("AWS_SECRET_ACCESS_KEY") != ""
	s.profile = c.getenv("AWS_PROFILE")
	if s.profile == "" {
		s.profile = c.getenv("AWS_DEFAULT_PROFILE")
	}
	if s.profile == "" {
		s.profile = "default"
	}
	file := func(env, name string) string {
		if p := c.getenv(env); p != "" {
			return p
		}
		if c.home == "" {
			return ""
		}
		return filepath.Join(c.home, ".aws", name)
	}
	var creds, conf []string
	for _, f := range []struct {
		path string
		list *[]string
	}{{file("AWS_SHARED_CREDENTIALS_FILE", "credentials"), &creds}, {file("AWS_CONFIG_FILE", "config"), &conf}} {
		if f.path == "" {
			continue
		}
		if _, err := os.Stat(f.path); err == nil {
			s.files = append(s.files, f.path)
			*f.list = append(*f.list, f.path)
		} else {
			s.missing = append(s.missing, f.path)
		}
	}
	if len(s.files) > 0 {
		sc, err := awsconfig.LoadSharedConfigProfile(ctx, s.profile, func(o *awsconfig.LoadSharedConfigOptions) {
			o.CredentialsFiles, o.ConfigFiles = creds, conf
		})
		s.profileConfigured = err == nil && (sc.Credentials.HasKeys() || sc.RoleARN != "" || sc.CredentialProcess != "" ||
			sc.SSOSessionName != "" || sc.SSOStartURL != "" || sc.WebIdentityTokenFile != "")
	}
	for _, v := range []string{"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"} {
		if c.getenv(v) != "" {
			s.other = append(s.other, v)
		}
	}
	s.configured = (s.id && s.secret) || s.profileConfigured || len(s.other) > 0
	return s
}

// explain tells why no credentials were found.
func (s sources) explain(timeout time.Duration, err error) error {
	if s.configured {
		var from []string
		if s.id && s.secret {
			from = append(from, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
		}
		if s.profileConfigured {
			from = append(from, fmt.Sprintf("profile %q of %s", s.profile, strings.Join(s.files, " and ")))
		}
		from = append(from, s.other...)
		return fmt.Errorf("S3 credentials (from %s): %w", strings.Join(from, ", "), plain(err))
	}
	var b strings.Builder
	b.WriteString("no S3 credentials: ")
	switch {
	case s.id:
		b.WriteString("AWS_SECRET_ACCESS_KEY is not set (AWS_ACCESS_KEY_ID is)")
	case s.secret:
		b.WriteString("AWS_ACCESS_KEY_ID is not set (AWS_SECRET_ACCESS_KEY is)")
	default:
		b.WriteString("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
	}
	if len(s.files) > 0 {
		fmt.Fprintf(&b, ", profile %q has no credentials in %s", s.profile, strings.Join(s.files, " or "))
	}
	if len(s.missing) > 0 {
		fmt.Fprintf(&b, ", no file %s", strings.Join(s.missing, " nor "))
	}
	fmt.Fprintf(&b, ", and no EC2 instance role answered within %s: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile (AWS_PROFILE)", timeout)
	return &plainError{msg: b.String(), err: err}
}

package s3_test

import (
	"bytes"
	"context"
	"github.com/feedcast/feedcast/internal/filetype"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/feedcast/feedcast/internal/publish"
	"github.com/feedcast/feedcast/internal/publish/publishtest"
)

// gateway is a versitygw process of the test's own, on a posix folder
// that outlives it.
type gateway struct {
	t    *testing.T
	bin  string
	addr string
	data string
	cmd  *exec.Cmd
}

func (g *gateway) start() {
	g.t.Helper()
	g.cmd = exec.Command(g.bin, "--port", g.addr, "--quiet", "posix", g.data)
	g.cmd.Env = append(os.Environ(),
		"ROOT_ACCESS_KEY_ID="+os.Getenv("AWS_ACCESS_KEY_ID"),
		"ROOT_SECRET_ACCESS_KEY="+os.Getenv("AWS_SECRET_ACCESS_KEY"))
	if err := g.cmd.Start(); err != nil {
		g.t.Fatalf("start versitygw: %v", err)
	}
	g.t.Cleanup(g.stop)
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.DialTimeout("tcp", g.addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			g.t.Fatalf("versitygw does not answer on %s: %v", g.addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop kills the gateway, as a crash or a cut network would.
func (g *gateway) stop() {
	if g.cmd != nil && g.cmd.Process != nil {
		g.cmd.Process.Kill()
		g.cmd.Wait()
		g.cmd = nil
	}
}

// onDisk returns the objects under prefix as the gateway stored them.
func (g *gateway) onDisk(bucket, prefix string) map[string][]byte {
	g.t.Helper()
	root := filepath.Join(g.data, bucket, filepath.FromSlash(prefix))
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		g.t.Fatal(err)
	}
	return out
}

// TestStoreStopsMidSync kills the object store in the middle of a sync:
// the run fails, the feeds on the store are still the previous ones and
// point only at files that are there; once the store is back, the next
// run makes the store equal to the build.
func TestStoreStopsMidSync(t *testing.T) {
	server(t)
	bin := os.Getenv("FEEDCAST_TEST_VERSITYGW")
	if bin == "" {
		t.Skip("no versitygw binary: source .ci/services to run this test")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	g := &gateway{t: t, bin: bin, addr: addr, data: t.TempDir()}
	g.start()
	endpoint, bucket, prefix := "http://"+addr, "fault", "show/"
	if _, err := rawClient(t, endpoint).CreateBucket(context.Background(), &awss3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}

	v1files := publishtest.Site([]int{1, 2, 3}, 1)
	v1 := publishtest.WriteSite(t, v1files)
	if _, err := publish.Sync(context.Background(), v1, newTarget(t, endpoint, bucket, prefix), publishtest.Options()); err != nil {
		t.Fatal(err)
	}
	v2files := publishtest.Site([]int{2, 3, 4, 5}, 2)
	v2 := publishtest.WriteSite(t, v2files)

	cut := &publishtest.Cut{Target: newTarget(t, endpoint, bucket, prefix), After: 4, OnCut: g.stop}
	_, err = publish.Sync(context.Background(), v2, cut, publishtest.Options())
	if err == nil {
		t.Fatal("sync with the store stopped succeeded")
	}
	t.Logf("interrupted run: %v", err)

	// The store is down: read what it holds from its folder.
	disk := g.onDisk(bucket, prefix)
	for key, b := range disk {
		if !publish.IsFeed(publish.Object{ContentType: filetype.ContentType(key, b)}) {
			continue
		}
		if !bytes.Equal(b, v1files[key]) {
			t.Errorf("feed %s was replaced before the files it points at were all up", key)
		}
		for _, ref := range publishtest.References(b) {
			if _, ok := disk[ref]; !ok {
				t.Errorf("feed %s points at %s, which is not on the store", key, ref)
			}
		}
	}
	if _, ok := disk["episodes/ep-1/transcript.html"]; !ok {
		t.Error("a file was deleted before the feeds that point at it were replaced")
	}

	g.start()
	tg := newTarget(t, endpoint, bucket, prefix)
	publishtest.CheckFeeds(t, tg, v1files, v2files)
	rep, err := publish.Sync(context.Background(), v2, tg, publishtest.Options())
	if err != nil {
		t.Fatalf("run after the store came back: %v", err)
	}
	if rep.Deleted == 0 || len(rep.ChangedFeeds) == 0 {
		t.Errorf("completing run: deleted %d, feeds %q", rep.Deleted, rep.ChangedFeeds)
	}
	publishtest.Equal(t, newTarget(t, endpoint, bucket, prefix), v2)
}

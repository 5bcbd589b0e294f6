package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSwapAtomicity swaps two snapshots back and forth while clients
// fetch feed.xml and atom.xml: every response must come whole from one
// snapshot (ETag, Content-Length, Last-Modified, encoding and body agree).
func TestSwapAtomicity(t *testing.T) {
	type build struct {
		snap  *Snapshot
		id    string
		feeds map[string][]byte
	}
	var builds [2]build
	for i, id := range []string{"AAAA", "BBBB"} {
		files := map[string][]byte{
			// Different sizes, so that a mixed Content-Length shows.
			"feed.xml": []byte(rssFeed(id, 50+100*i)),
			"atom.xml": []byte(fmt.Sprintf(`<feed xmlns="http://www.w3.org/2005/Atom"><id>%s</id>%s</feed>`, id, bytes.Repeat([]byte(" "), 1000*i))),
		}
		snap, err := Load(writeSite(t, t.TempDir(), files), LoadOptions{BuildTime: fixedTime.Add(time.Duration(i) * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		builds[i] = build{snap: snap, id: id, feeds: files}
	}
	s := New(Options{})
	s.Swap(builds[0].snap)
	ts := newLoopback(t, s)

	stop := make(chan struct{})
	var swaps atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			s.Swap(builds[i%2].snap)
			swaps.Add(1)
			time.Sleep(50 * time.Microsecond)
		}
	})
	var checked atomic.Int64
	errs := make(chan error, 100)
	for c := range 8 {
		wg.Go(func() {
			client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
			defer client.CloseIdleConnections()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				name := []string{"feed.xml", "atom.xml"}[(i+c)%2]
				req, _ := http.NewRequest("GET", ts.URL+"/"+name, nil)
				if i%3 == 0 {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				resp, err := client.Do(req)
				if err != nil {
					errs <- err
					return
				}
				var body bytes.Buffer
				body.ReadFrom(resp.Body)
				resp.Body.Close()
				if err := consistent(resp, body.Bytes(), name, builds[0].snap, builds[1].snap); err != nil {
					errs <- err
					return
				}
				checked.Add(1)
			}
		})
	}
	time.Sleep(1500 * time.Millisecond)
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if swaps.Load() < 100 || checked.Load() < 100 {
		t.Errorf("only %d swaps and %d responses", swaps.Load(), checked.Load())
	}
	t.Logf("%d swaps, %d responses checked", swaps.Load(), checked.Load())
}

// consistent checks that a response is wholly that of one snapshot.
func consistent(resp *http.Response, body []byte, name string, snaps ...*Snapshot) error {
	etag := resp.Header.Get("ETag")
	for _, snap := range snaps {
		f := snap.files["/"+name]
		for enc, r := range f.reps {
			if r == nil || r.etag != etag {
				continue
			}
			want := r.body
			if !bytes.Equal(body, want) {
				return fmt.Errorf("%s: body of %d bytes does not match ETag %s", name, len(body), etag)
			}
			if resp.Header.Get("Content-Length") != strconv.Itoa(len(want)) || resp.Header.Get("Last-Modified") != f.lastMod ||
				resp.Header.Get("Content-Encoding") != encNames[enc] {
				return fmt.Errorf("%s: headers of two snapshots: %v", name, resp.Header)
			}
			return nil
		}
	}
	return fmt.Errorf("%s: ETag %s of no snapshot", name, etag)
}

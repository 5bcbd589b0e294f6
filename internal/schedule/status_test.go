package schedule_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedcast/feedcast/internal/schedule"
)

func TestStatusFileRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "status.json")
	paris := mustLoad(t, "Europe/Paris")
	want := schedule.Status{
		Spec:                "CRON_TZ=Europe/Paris 30 2 * * *",
		LastStart:           time.Date(2026, 10, 25, 2, 30, 0, 0, paris),
		LastDuration:        schedule.Duration(90*time.Second + 250*time.Millisecond),
		LastResult:          schedule.ResultFailed,
		LastError:           "upload episode 12: connection reset",
		LastRun:             schedule.RunResult{Episodes: 12, FilesUploaded: 3},
		LastSuccess:         time.Date(2026, 10, 24, 2, 30, 0, 0, paris),
		Runs:                7,
		ConsecutiveFailures: 1,
		Skipped:             2,
		NextRun:             time.Date(2026, 10, 25, 1, 32, 0, 0, time.UTC),
		Retry:               true,
		Updated:             time.Date(2026, 10, 25, 1, 31, 30, 0, time.UTC),
	}
	if err := schedule.WriteStatus(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := schedule.ReadStatus(path)
	if err != nil {
		t.Fatal(err)
	}
	if !sameStatus(got, want) {
		t.Errorf("read %+v\nwant %+v", got, want)
	}
	data, _ := os.ReadFile(path)
	for _, s := range []string{`"last_duration": "1m30.25s"`, `"last_result": "failed"`, `"files_uploaded": 3`, `"retry": true`} {
		if !strings.Contains(string(data), s) {
			t.Errorf("status file lacks %s:\n%s", s, data)
		}
	}
	if strings.Contains(string(data), "running_since") {
		t.Errorf("zero times are left out:\n%s", data)
	}
	onlyFile(t, path)

	if _, err := schedule.ReadStatus(filepath.Join(t.TempDir(), "none.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadStatus of a missing file: %v, want fs.ErrNotExist", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"last_duration": "soon"}`), 0o644)
	if _, err := schedule.ReadStatus(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("ReadStatus of a bad file: %v, want an error naming it", err)
	}
}

// A reader never sees part of a status file while it is rewritten.
func TestWriteStatusAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "status.json")
	if err := schedule.WriteStatus(path, schedule.Status{Spec: "@hourly"}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := schedule.ReadStatus(path); err != nil {
				select {
				case errs <- err:
				default:
				}
				return
			}
		}
	}()
	for i := range 40 {
		st := schedule.Status{Spec: "@hourly", Runs: i, LastError: strings.Repeat("x", i*200)}
		if err := schedule.WriteStatus(path, st); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatalf("reader saw a broken file: %v", err)
	default:
	}
	if st, err := schedule.ReadStatus(path); err != nil || st.Runs != 39 {
		t.Errorf("last status %+v, %v", st, err)
	}
	onlyFile(t, path)
}

func TestWriteStatusError(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if err := schedule.WriteStatus(filepath.Join(file, "status.json"), schedule.Status{}); err == nil {
		t.Error("WriteStatus under a file: no error")
	}
}

// A status file in a folder that does not exist yet (the cache folder
// before the first build) is written, folder and all.
func TestWriteStatusMakesFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "cache", "status.json")
	if err := schedule.WriteStatus(path, schedule.Status{Spec: "@hourly"}); err != nil {
		t.Fatal(err)
	}
	if st, err := schedule.ReadStatus(path); err != nil || st.Spec != "@hourly" {
		t.Errorf("read back %+v, %v", st, err)
	}
}

// Without a run at start, the status file tells the next run at once.
func TestSchedulerStatusBeforeFirstRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "status.json")
	h := newHarness(t)
	h.start("*/15 * * * *", func(context.Context) (schedule.RunResult, error) {
		return schedule.RunResult{}, nil
	}, func(o *schedule.Options) { o.StatusFile = path; o.RunAtStart = false })
	var st schedule.Status
	var err error
	for range 500 {
		if st, err = schedule.ReadStatus(path); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil || st.Runs != 0 || st.NextRun.IsZero() {
		t.Errorf("status before the first run: %+v, %v", st, err)
	}
	if strings.Contains(h.logs.String(), "status not saved") {
		t.Errorf("status not saved:\n%s", h.logs)
	}
}

// The loop keeps the status file up to date for another process.
func TestSchedulerWritesStatusFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "status.json")
	h := newHarness(t)
	h.start("*/15 * * * *", func(context.Context) (schedule.RunResult, error) {
		return schedule.RunResult{Episodes: 5, FilesUploaded: 1}, nil
	}, func(o *schedule.Options) { o.StatusFile = path })
	h.set(at(10, 15, 0))
	want := h.finished(1)
	got, err := schedule.ReadStatus(path)
	if err != nil {
		t.Fatal(err)
	}
	if !sameStatus(got, want) || got.LastResult != schedule.ResultOK || !got.NextRun.Equal(at(10, 30, 0)) {
		t.Errorf("status file %+v\nwant %+v", got, want)
	}
	h.stop()
	if got, err := schedule.ReadStatus(path); err != nil || !got.NextRun.IsZero() || got.Runs != 1 {
		t.Errorf("status file after stop %+v, %v", got, err)
	}
	onlyFile(t, path)
}

// An unwritable status file is logged; the loop goes on.
func TestSchedulerStatusFileUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	path := filepath.Join(file, "status.json")
	h := newHarness(t)
	h.start("*/15 * * * *", func(context.Context) (schedule.RunResult, error) {
		return schedule.RunResult{}, nil
	}, func(o *schedule.Options) { o.StatusFile = path })
	h.set(at(10, 15, 0))
	h.finished(1)
	if !strings.Contains(h.logs.String(), "status not saved") {
		t.Errorf("no warning logged:\n%s", h.logs)
	}
}

func TestStatusJSON(t *testing.T) {
	var st schedule.Status
	if err := json.Unmarshal([]byte(`{"spec":"@daily","last_duration":"2s","runs":1}`), &st); err != nil {
		t.Fatal(err)
	}
	if st.LastDuration != schedule.Duration(2*time.Second) || st.Runs != 1 {
		t.Errorf("decoded %+v", st)
	}
}

// sameStatus compares statuses whose times may differ in location only.
func sameStatus(a, b schedule.Status) bool {
	norm := func(s schedule.Status) string {
		v := reflect.ValueOf(&s).Elem()
		for i := range v.NumField() {
			if tm, ok := v.Field(i).Interface().(time.Time); ok {
				v.Field(i).Set(reflect.ValueOf(tm.UTC()))
			}
		}
		return fmt.Sprintf("%+v", s)
	}
	return norm(a) == norm(b)
}

// onlyFile fails if path's folder holds anything but path: no temporary
// file is left behind.
func onlyFile(t *testing.T, path string) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != filepath.Base(path) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want only %s", names, filepath.Base(path))
	}
}

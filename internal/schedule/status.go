package schedule

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// RunResult is what a run reports. The loop keeps it in the Status without
// reading it.
type RunResult struct {
	Episodes      int `json:"episodes"`
	FilesUploaded int `json:"files_uploaded"`
	// SkippedEpisodes counts the episode files the run could not publish;
	// Warnings the problems that did not stop an episode. A run with
	// skipped episodes published the others: it is not a failed run.
	SkippedEpisodes int `json:"skipped_episodes"`
	Warnings        int `json:"warnings"`
}

// Result is the outcome of a finished run.
type Result string

// The results of a run.
const (
	ResultOK       Result = "ok"
	ResultFailed   Result = "failed"
	ResultCanceled Result = "canceled" // the loop was stopped during the run
)

// Status is the state of a Scheduler. Its Last fields describe the last
// finished run; they are zero before the first one.
type Status struct {
	Spec         string    `json:"spec"`
	Running      bool      `json:"running"`
	RunningSince time.Time `json:"running_since,omitzero"`

	LastStart    time.Time `json:"last_start,omitzero"`
	LastDuration Duration  `json:"last_duration,omitzero"`
	LastResult   Result    `json:"last_result,omitempty"`
	LastError    string    `json:"last_error,omitempty"`
	LastRun      RunResult `json:"last_run"`
	// LastSuccess is the start of the last run that succeeded.
	LastSuccess time.Time `json:"last_success,omitzero"`

	Runs                int `json:"runs"`
	ConsecutiveFailures int `json:"consecutive_failures"`
	// Skipped counts scheduled times that came while a run was going.
	Skipped int `json:"skipped"`

	// NextRun is when the job runs next, zero when the loop is stopped;
	// Retry tells that run is a retry of a failed one.
	NextRun time.Time `json:"next_run,omitzero"`
	Retry   bool      `json:"retry,omitempty"`

	Updated time.Time `json:"updated,omitzero"`
}

// Duration is a time.Duration written in JSON as text, such as "1m30s".
type Duration time.Duration

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) {
	return []byte(time.Duration(d).String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("parse duration: %w", err)
	}
	*d = Duration(v)
	return nil
}

// WriteStatus writes st as JSON to path atomically, making its folder if
// needed: to a temporary file in
// the same folder, synced, then renamed over path, so a reader sees the
// old file or the new one, never part of one.
func WriteStatus(path string, st Status) (err error) {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode status: %w", err)
	}
	data = append(data, '\n')
	// The folder (the cache folder, say) may not exist before a first
	// build: a status written before the first run tells the next one.
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write status: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write status: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write status %q: %w", f.Name(), err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("write status %q: %w", f.Name(), err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync status %q: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close status %q: %w", f.Name(), err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write status: %w", err)
	}
	return nil
}

// ReadStatus reads a status file written by WriteStatus or by a Scheduler
// with Options.StatusFile. A missing file is an error matching
// os.ErrNotExist.
func ReadStatus(path string) (Status, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Status{}, fmt.Errorf("read status: %w", err)
	}
	var st Status
	if err := json.Unmarshal(data, &st); err != nil {
		return Status{}, fmt.Errorf("read status %q: %w", path, err)
	}
	return st, nil
}

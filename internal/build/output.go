package build

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// writeTree writes files into a new folder beside out, then swaps it in
// place of out, so that a reader of out sees the old build or the new one,
// never a mix or a half-written file. On error, out is left as it was.
func writeTree(out string, files map[string]file) (err error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if err := writeFile(filepath.Join(tmp, filepath.FromSlash(p)), files[p]); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
	}
	return swapDir(tmp, out)
}

func writeFile(dst string, f file) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if f.fsys == nil {
		return os.WriteFile(dst, f.data, 0o644)
	}
	src, err := f.fsys.Open(f.src)
	if err != nil {
		return err
	}
	defer src.Close()
	w, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, src); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// swapDir puts the folder tmp in place of out and removes the old one.
func swapDir(tmp, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(tmp, out); err != nil {
			return fmt.Errorf("output folder: %w", err)
		}
		return nil
	}
	if exchange(tmp, out) == nil {
		// tmp now holds the previous build.
		return os.RemoveAll(tmp)
	}
	// No atomic exchange on this system: two renames, with a short moment
	// when out does not exist.
	old := tmp + ".old"
	if err := os.Rename(out, old); err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Rename(old, out)
		return fmt.Errorf("output folder: %w", err)
	}
	return os.RemoveAll(old)
}

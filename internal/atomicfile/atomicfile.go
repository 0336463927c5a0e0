// Package atomicfile replaces files whole: a reader sees the old file or
// the new one, never a half-written one, and a name planted where the file
// goes (a symbolic link, a fixed ".tmp" name) is never followed.
package atomicfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Write replaces path with data, mode perm. gid < 0 keeps the writer's
// group; otherwise the file is given group gid before it appears (Unix
// only). The data goes to a fresh, uniquely named temporary file in the
// same folder (os.CreateTemp opens it with O_EXCL), which is renamed over
// path: a symbolic link at path is replaced, not followed.
func Write(path string, data []byte, perm fs.FileMode, gid int) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	// CreateTemp makes the file 0600; Chmod sets perm exactly (no umask).
	if err := f.Chmod(perm); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if gid >= 0 {
		if err := f.Chown(-1, gid); err != nil {
			return fmt.Errorf("atomicfile: %w", err)
		}
	}
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	return nil
}

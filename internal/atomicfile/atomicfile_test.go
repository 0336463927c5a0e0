package atomicfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"aalogon/internal/atomicfile"
)

func TestWrite_ReplacesAPlantedSymlinkInsteadOfFollowingIt(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("keep"), 0o644)
	path := filepath.Join(dir, "out")
	for _, planted := range []string{path, path + ".tmp"} {
		if err := os.Symlink(victim, planted); err != nil {
			t.Fatal(err)
		}
	}
	if err := atomicfile.Write(path, []byte("new"), 0o600, -1); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("the link's target now holds %q, want it untouched", b)
	}
	st, err := os.Lstat(path)
	if err != nil || st.Mode().Type() != 0 || st.Mode().Perm() != 0o600 {
		t.Errorf("path is %v (%v), want a regular file, mode 0600", st.Mode(), err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".out.*"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestWrite_SetsTheModeExactly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "client.json")
	os.WriteFile(path, []byte("old"), 0o666)
	for _, perm := range []os.FileMode{0o644, 0o600} {
		if err := atomicfile.Write(path, []byte("x"), perm, -1); err != nil {
			t.Fatal(err)
		}
		if st, _ := os.Stat(path); st.Mode().Perm() != perm {
			t.Errorf("mode = %v, want %v", st.Mode().Perm(), perm)
		}
	}
}

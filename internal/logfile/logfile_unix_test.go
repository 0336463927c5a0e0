//go:build unix

package logfile_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"aalogon/internal/logfile"
)

func TestDir_FollowsTheStateFolder(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"XDG_STATE_HOME", map[string]string{"XDG_STATE_HOME": "/s", "HOME": "/h"}, "/s/aalogon"},
		{"relative XDG_STATE_HOME is ignored", map[string]string{"XDG_STATE_HOME": "s", "HOME": "/h"}, "/h/.local/state/aalogon"},
		{"HOME", map[string]string{"HOME": "/h"}, "/h/.local/state/aalogon"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := logfile.Dir(env(tc.env)); err != nil || got != tc.want {
				t.Errorf("Dir() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	if _, err := logfile.Dir(env(nil)); err == nil {
		t.Error("Dir() without HOME: no error")
	}
}

func TestFile_WriteDoesNotWaitForAStuckDisk(t *testing.T) {
	// A FIFO without a reader: opening it for writing hangs, as a file on
	// an unreachable network home would.
	path := filepath.Join(t.TempDir(), logfile.Name)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	l := logfile.Open(logfile.Config{Path: path})
	start := time.Now()
	for range 1000 {
		if n, err := l.Write([]byte("line\n")); n != 5 || err != nil {
			t.Fatalf("Write = %d, %v; want 5, nil", n, err)
		}
	}
	l.Close(50 * time.Millisecond)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("1000 writes and Close took %v with the disk stuck", d)
	}
	// Unblock the writer, however late it reaches the FIFO on a loaded
	// machine (a reader held open lets its open through), and let it end
	// before the folder is removed: a writer that opened after the FIFO was
	// gone would create a file in it.
	r, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	l.Close(10 * time.Second)
}

func TestFile_RefusesASymlinkPlantedAtTheLog(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("keep"), 0o644)
	path := filepath.Join(dir, logfile.Name)
	os.Symlink(victim, path)
	var problems syncBuffer
	l := logfile.Open(logfile.Config{Path: path, Problems: &problems})
	l.Write([]byte("line\n"))
	l.Close(time.Second)
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("the link was followed: victim = %q", b)
	}
	if problems.String() == "" {
		t.Error("the refused link was not reported")
	}
}

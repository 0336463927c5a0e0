package logfile_test

import (
	"bytes"
	"image"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"aalogon/internal/logfile"
	"aalogon/internal/syncbuf"
)

func TestFile_IsOwnerOnlyInAnOwnerOnlyFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "aalogon", logfile.Name)
	l := logfile.Open(logfile.Config{Path: path})
	slog.New(logfile.Handler(l)).Info("signed in", "user", "denis")
	l.Close(time.Second)
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), `msg="signed in" user=denis`) {
		t.Fatalf("log = %q, %v; want the line", b, err)
	}
	for p, want := range map[string]os.FileMode{path: logfile.FileMode, filepath.Dir(path): logfile.DirMode} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, %v; want %v", p, st.Mode().Perm(), err, want)
		}
	}
}

func TestFile_MakesAnExistingOpenFileAndFolderPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "aalogon")
	os.Mkdir(dir, 0o755)
	path := filepath.Join(dir, logfile.Name)
	os.WriteFile(path, []byte("old\n"), 0o644)
	l := logfile.Open(logfile.Config{Path: path})
	l.Write([]byte("new\n"))
	l.Close(time.Second)
	for p, want := range map[string]os.FileMode{path: logfile.FileMode, dir: logfile.DirMode} {
		if st, _ := os.Stat(p); st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, st.Mode().Perm(), want)
		}
	}
}

func TestFile_RotatesAndKeepsOnlyKeepCopies(t *testing.T) {
	path := filepath.Join(t.TempDir(), logfile.Name)
	l := logfile.Open(logfile.Config{Path: path, MaxSize: 100, Keep: 2})
	line := strings.Repeat("x", 39) + "\n" // 40 bytes: two lines a file
	for i := range 9 {
		l.Write([]byte(string(rune('a'+i)) + line[1:]))
	}
	l.Close(time.Second)
	for _, name := range []string{path, logfile.Rotated(path, 1), logfile.Rotated(path, 2)} {
		if st, err := os.Stat(name); err != nil || st.Size() > 100 {
			t.Errorf("%s: %v, %v; want at most 100 bytes", name, st, err)
		}
	}
	if _, err := os.Stat(logfile.Rotated(path, 3)); err == nil {
		t.Error("a third rotated copy is kept, want two")
	}
	all, err := logfile.Read(path, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(all[0]) + string(all[len(all)-40]); got != "ei" {
		t.Errorf("oldest and newest kept lines start %q, want \"ei\" (in order, the rest rotated away)", got)
	}
}

func TestFile_AnUnwritableFolderIsReportedOnceAndNeverFailsTheWriter(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "state")
	os.WriteFile(blocker, nil, 0o600) // a file where the folder should be
	var problems syncBuffer
	l := logfile.Open(logfile.Config{Path: filepath.Join(blocker, "aalogon", logfile.Name), Problems: &problems})
	log := slog.New(logfile.Handler(l))
	for range 3 {
		log.Info("signed in")
	}
	l.Close(time.Second)
	if n := strings.Count(problems.String(), "\n"); n != 1 || !strings.Contains(problems.String(), "the log file cannot be written") {
		t.Errorf("problems = %q; want one line", problems.String())
	}
}

func TestHandler_KeepsBytesImagesAndLongValuesOut(t *testing.T) {
	var buf bytes.Buffer
	record := bytes.Repeat([]byte{0x46, 0x4d, 0x52}, 200)
	long := strings.Repeat("QUJD", 200)
	slog.New(logfile.Handler(&buf)).Info("capture",
		"record", record, "image", image.NewGray(image.Rect(0, 0, 4, 3)), "body", long)
	slog.New(logfile.Handler(&buf)).Debug("api call", "op", "debug lines stay out")
	got := buf.String()
	for _, leak := range []string{string(record[:30]), "FMR", long[:logfile.MaxValue+1], "debug lines stay out"} {
		if strings.Contains(got, leak) {
			t.Errorf("the log holds %q: %s", leak[:min(len(leak), 20)], got)
		}
	}
	for _, want := range []string{"[600 bytes omitted]", "[image (4,3) omitted]", "bytes cut]"} {
		if !strings.Contains(got, want) {
			t.Errorf("the log lacks %q: %s", want, got)
		}
	}
}

// syncBuffer takes the concurrent writes of log handlers.
type syncBuffer = syncbuf.Buffer

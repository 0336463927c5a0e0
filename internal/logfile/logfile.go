// Package logfile keeps aalogon's own log: a small file under the person's
// state folder that the window and the command line both write at info
// level, so that a support bundle can show what the last logons did.
//
// Writing never blocks or fails the caller: lines go through a bounded
// queue to one writer goroutine, which opens the file, rotates it and
// writes it. A folder that cannot be made, a file that cannot be opened or
// a full disk is reported once and the lines are dropped from then on; a
// full queue (a file system that hangs) drops lines and counts them.
package logfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// Name is the log file's name in Dir; rotated copies add ".1", ".2"….
const Name = "aalogon.log"

// Modes of the folder and the files: the person's own, nobody else's.
const (
	DirMode  fs.FileMode = 0o700
	FileMode fs.FileMode = 0o600
)

// Dir is the folder the log is kept in: %LOCALAPPDATA%\AA Logon on
// Windows; elsewhere $XDG_STATE_HOME/aalogon, else ~/.local/state/aalogon.
// getenv is os.Getenv in the product. The error says no folder is known.
func Dir(getenv func(string) string) (string, error) {
	if runtime.GOOS == "windows" {
		if d := getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "AA Logon"), nil
		}
		return "", errors.New("logfile: LOCALAPPDATA is not set")
	}
	if d := getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "aalogon"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("logfile: neither XDG_STATE_HOME nor HOME is set")
	}
	return filepath.Join(home, ".local", "state", "aalogon"), nil
}

// Config says where the log goes and how large it grows.
type Config struct {
	// Path is the log file. Its folder is made (DirMode) when missing.
	Path string
	// MaxSize is the size at which the file is rotated. Zero: 256 KiB.
	MaxSize int64
	// Keep is how many rotated files are kept. Zero: 1.
	Keep int
	// Problems receives one line when the log cannot be written (the
	// first failure only). Nil: the failure is not reported.
	Problems io.Writer
}

const queueLen = 256

// File is a rotating log file. Its Write never blocks on the disk and
// never fails; Close flushes what is queued. The zero value is not usable:
// call Open.
type File struct {
	cfg     Config
	queue   chan []byte
	done    chan struct{}
	mu      sync.Mutex // guards closed and dropped
	closed  bool
	dropped int
}

// Open starts the writer of the log at cfg.Path and returns at once: the
// file is opened by the writer, and a failure to open it is reported to
// cfg.Problems, not returned.
func Open(cfg Config) *File {
	if cfg.MaxSize <= 0 {
		cfg.MaxSize = 256 << 10
	}
	if cfg.Keep <= 0 {
		cfg.Keep = 1
	}
	l := &File{cfg: cfg, queue: make(chan []byte, queueLen), done: make(chan struct{})}
	go l.run()
	return l
}

// Write queues a copy of p, one log line, and always reports success: a
// line that does not fit in the queue is dropped and counted.
func (l *File) Write(p []byte) (int, error) {
	line := append([]byte(nil), p...)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return len(p), nil
	}
	select {
	case l.queue <- line:
	default:
		l.dropped++
	}
	return len(p), nil
}

// Close writes what is queued, waiting at most timeout, and stops the
// writer. Later writes are dropped. It is safe to call more than once.
func (l *File) Close(timeout time.Duration) {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.queue)
	}
	l.mu.Unlock()
	select {
	case <-l.done:
	case <-time.After(timeout):
	}
}

// run is the writer: the only code that touches the disk.
func (l *File) run() {
	defer close(l.done)
	w := &writer{cfg: l.cfg}
	for line := range l.queue {
		if w.failed {
			continue
		}
		l.mu.Lock()
		dropped := l.dropped
		l.dropped = 0
		l.mu.Unlock()
		if dropped > 0 {
			w.write(fmt.Appendf(nil, "time=%s level=WARN msg=\"log lines dropped\" count=%d\n",
				time.Now().Format(time.RFC3339), dropped))
		}
		w.write(line)
	}
	if w.f != nil {
		w.f.Close()
	}
}

// writer owns the open file and its size.
type writer struct {
	cfg    Config
	f      *os.File
	size   int64
	failed bool
}

func (w *writer) write(line []byte) {
	if w.f == nil {
		if err := w.open(); err != nil {
			w.fail(err)
			return
		}
	}
	if w.size > 0 && w.size+int64(len(line)) > w.cfg.MaxSize {
		if err := w.rotate(); err != nil {
			w.fail(err)
			return
		}
	}
	n, err := w.f.Write(line)
	w.size += int64(n)
	if err != nil {
		w.fail(err)
	}
}

// open opens (or creates) the file for appending, owner-only, in an
// owner-only folder. A file another account could read is made private
// first; a symbolic link at
// the file's place is refused (O_NOFOLLOW on Unix).
func (w *writer) open() error {
	dir := filepath.Dir(w.cfg.Path)
	if err := os.MkdirAll(dir, DirMode); err != nil {
		return err
	}
	// A folder made before (or by hand) is closed to others too.
	if st, err := os.Stat(dir); err == nil && st.Mode().Perm() != DirMode {
		if err := os.Chmod(dir, DirMode); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(w.cfg.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|noFollow, FileMode)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return fmt.Errorf("%s is not a regular file", w.cfg.Path)
	}
	if st.Mode().Perm() != FileMode {
		if err := f.Chmod(FileMode); err != nil {
			f.Close()
			return err
		}
	}
	w.f, w.size = f, st.Size()
	return nil
}

// rotate moves the file to ".1" (".1" to ".2"… up to Keep) and opens a
// new one.
func (w *writer) rotate() error {
	w.f.Close()
	w.f = nil
	for i := w.cfg.Keep; i > 1; i-- {
		_ = os.Rename(Rotated(w.cfg.Path, i-1), Rotated(w.cfg.Path, i))
	}
	if err := os.Rename(w.cfg.Path, Rotated(w.cfg.Path, 1)); err != nil {
		return err
	}
	return w.open()
}

func (w *writer) fail(err error) {
	w.failed = true
	if w.f != nil {
		w.f.Close()
		w.f = nil
	}
	if w.cfg.Problems != nil {
		fmt.Fprintf(w.cfg.Problems, "aalogon: warning: the log file cannot be written, logging to it stops: %v\n", err)
	}
}

// Rotated is the name of the n-th rotated copy of the log at path.
func Rotated(path string, n int) string { return fmt.Sprintf("%s.%d", path, n) }

// Read returns the log at path and its kept copies, oldest first, up to
// keep rotated files. Missing files are skipped; nothing at all is
// fs.ErrNotExist.
func Read(path string, keep int) ([]byte, error) {
	var out []byte
	found := false
	for i := keep; i >= 0; i-- {
		name := path
		if i > 0 {
			name = Rotated(path, i)
		}
		b, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return out, err
		}
		found = true
		out = append(out, b...)
	}
	if !found {
		return nil, fs.ErrNotExist
	}
	return out, nil
}

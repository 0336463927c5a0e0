package cli

import (
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"aalogon/internal/config"
	"aalogon/internal/logfile"
)

// logKeep is how many rotated copies of the log file are kept: with the
// file itself, at most 3 × 256 KiB.
const logKeep = 2

// logPath is the log file of this account ("" when no state folder is
// known).
func logPath() string {
	dir, err := logfile.Dir(os.Getenv)
	if err != nil {
		return ""
	}
	return filepath.Join(dir, logfile.Name)
}

// productLog is the log of a logon, in the terminal or the window: info
// lines go to the log file under the state folder, unless a configuration
// layer (the system's, the user's, cfgPath) says "log_file": false; they
// are teed to toStderr (nil: nothing on standard error). The log file never
// fails or holds up a logon: a problem with it is one warning on standard
// error. closeLog writes what is queued; call it before the process ends.
func productLog(env Env, cfgPath string, toStderr slog.Handler) (log *slog.Logger, closeLog func()) {
	handlers := []slog.Handler{}
	if toStderr != nil {
		handlers = append(handlers, toStderr)
	}
	closeLog = func() {}
	eff, _ := config.Resolve(cfgPath, os.Getenv) // a fault is the command's to report
	if path := logPath(); path != "" && (eff == nil || eff.LogFileOn()) {
		f := logfile.Open(logfile.Config{Path: path, Keep: logKeep, Problems: env.Stderr})
		handlers = append(handlers, logfile.Handler(f))
		closeLog = func() { f.Close(500 * time.Millisecond) }
	}
	return slog.New(slog.NewMultiHandler(handlers...)), closeLog
}

package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/device"
	"aalogon/internal/atomicfile"
	"aalogon/internal/logfile"
)

// A support bundle is a zip of what a help desk needs to understand a
// logon problem, with no secret in it: version.txt, os.txt, config.json
// (the effective configuration, each key with its source; of the endpoint
// secret only where it is kept), config-check.txt, readers.txt, log.txt
// (the log file's last logons) and tls.txt (the chain the server
// presented). Each entry is built on its own: a part that fails (no
// configuration, no network, no reader) says so in its entry and the
// bundle is written anyway.

// bundleEntries are the bundle's entries, in order.
var bundleEntries = []string{"version.txt", "os.txt", "config.json", "config-check.txt", "readers.txt", "log.txt", "tls.txt"}

// bundleSource is what a bundle is built from.
type bundleSource struct {
	env Env // the version stamps, and the bus readers are listed on
	// cfgPath is the --config file, over the system and user files ("":
	// those two only).
	cfgPath string
	// logPath is the log file ("": no state folder is known).
	logPath string
	// server and trust replace the configuration's server and its CA and
	// pins for tls.txt: the window's demo simulator. "": the configured
	// server.
	server string
	trust  auth.TLSOptions
	// inUse is the window's reader manager: its readers are then listed
	// without being opened (an open would compete with the window's
	// capture), with the state the manager sees. Nil: each reader is
	// opened once to see whether it can be used.
	inUse *device.Manager
}

// supportBundleCmd: `aalogon support-bundle --out FILE.zip [--config FILE]`.
func supportBundleCmd(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "support-bundle")
	out := fs.String("out", "", "write the bundle to `FILE.zip`")
	cfgPath := fs.String("config", "", "client configuration `FILE`, over the system and user files")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageErr("cli.need_out")
	}
	if err := writeBundle(ctx, *out, bundleSource{env: env, cfgPath: *cfgPath, logPath: logPath()}); err != nil {
		return &hinted{msg: msg("cli.bundle_failed"), detail: oneLine(err)}
	}
	env.say().line(env.Stdout, "cli.bundle_written", "Path", *out)
	env.say().line(env.Stderr, "cli.bundle_send")
	return nil
}

// bundleWriter is what the window's "save a support bundle" button calls
// with the path the person chose: it writes a bundle of the configuration
// at cfgPath ("": the system and user files). demo is the window's demo
// simulator, whose chain tls.txt then shows (nil: the configured server);
// readers is the window's reader manager (nil: none).
func bundleWriter(env Env, cfgPath string, demo *aasim.Server, readers *device.Manager) func(ctx context.Context, path string) error {
	src := bundleSource{env: env, cfgPath: cfgPath, logPath: logPath(), inUse: readers}
	if demo != nil {
		src.server, src.trust = demo.URL, auth.TLSOptions{CAPEM: demo.CAPEM, Pins: []string{demo.Pin}}
	}
	return func(ctx context.Context, path string) error { return writeBundle(ctx, path, src) }
}

// writeBundle builds the bundle of src and replaces path with it, readable
// by its owner only. Only a bundle that cannot be written is an error.
func writeBundle(ctx context.Context, path string, src bundleSource) error {
	now := time.Now()
	eff := resolveForBundle(src)
	build := map[string]func() []byte{
		"version.txt":      func() []byte { return versionText(src.env) },
		"os.txt":           func() []byte { return osText(now) },
		"config.json":      func() []byte { return configJSON(eff) },
		"config-check.txt": func() []byte { return configCheckText(src) },
		"readers.txt":      func() []byte { return readersText(src.env, src.inUse) },
		"log.txt":          func() []byte { return logText(src.logPath) },
		"tls.txt":          func() []byte { return tlsText(ctx, tlsTarget(src, eff)) },
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range bundleEntries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now})
		if err != nil {
			return err
		}
		if _, err := w.Write(build[name]()); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return atomicfile.Write(path, buf.Bytes(), 0o600, -1)
}

// versionText: the version stamps and what the binary says of its build.
func versionText(env Env) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "aalogon %s\ncommit %s\nbuilt %s\ngo %s\n", env.Version, env.Commit, env.Date, runtime.Version())
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			switch s.Key {
			case "-tags", "CGO_ENABLED", "GOOS", "GOARCH", "vcs.revision", "vcs.time", "vcs.modified":
				fmt.Fprintf(&b, "%s %s\n", s.Key, s.Value)
			}
		}
	}
	return []byte(b.String())
}

// osText: the system, and the desktop session the window runs in.
func osText(now time.Time) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "bundle made %s\n", now.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "os %s/%s, %d CPUs\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	if name, err := os.Hostname(); err == nil {
		fmt.Fprintf(&b, "hostname %s\n", name)
	}
	if rel, err := os.ReadFile("/etc/os-release"); err == nil {
		for _, l := range strings.Split(string(rel), "\n") {
			if v, ok := strings.CutPrefix(l, "PRETTY_NAME="); ok {
				fmt.Fprintf(&b, "distribution %s\n", strings.Trim(v, `"`))
			}
		}
	}
	if k, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		fmt.Fprintf(&b, "kernel %s\n", strings.TrimSpace(string(k)))
	}
	for _, v := range []string{"LANG", "LC_ALL", "XDG_SESSION_TYPE", "XDG_CURRENT_DESKTOP", "WAYLAND_DISPLAY", "DISPLAY", "HTTPS_PROXY", "NO_PROXY"} {
		if s := os.Getenv(v); s != "" {
			if strings.HasSuffix(v, "PROXY") {
				s = proxyHost(s) // a proxy URL may hold a password
			}
			fmt.Fprintf(&b, "%s=%s\n", v, s)
		}
	}
	return []byte(b.String())
}

// proxyHost is a proxy setting without its user information.
func proxyHost(s string) string {
	if at := strings.LastIndex(s, "@"); at >= 0 {
		scheme, _, ok := strings.Cut(s[:at], "://")
		if ok {
			return scheme + "://[user omitted]@" + s[at+1:]
		}
		return "[user omitted]@" + s[at+1:]
	}
	return s
}

// readersText: `aalogon device list`, with the readers' USB ids and
// states; for the window, the readers plugged in and its manager's state.
func readersText(env Env, inUse *device.Manager) []byte {
	var b bytes.Buffer
	if inUse == nil {
		err := deviceList(Env{Stdout: &b, Stderr: &b, Readers: env.Readers}, nil)
		b.WriteString(describe(err))
		return b.Bytes()
	}
	found, err := env.bus().Scan()
	if err != nil {
		b.WriteString(describe(readerError(err)))
	}
	for _, i := range found {
		fmt.Fprintf(&b, "%s  bus %03d device %03d  %-40s %s\n", i.ID(), i.Bus, i.Address, i.Name, i.Presentation)
	}
	state, why := inUse.State()
	fmt.Fprintf(&b, "the window's reader: %s", state)
	if r, err := inUse.Reader(); err == nil {
		fmt.Fprintf(&b, ", %s", r.Info().Name)
	}
	if why != nil {
		fmt.Fprintf(&b, ": %s", strings.TrimSuffix(device.Message(why), "."))
	}
	b.WriteString("\n")
	return b.Bytes()
}

// logText: the log file and its kept copies, oldest first.
func logText(path string) []byte {
	if path == "" {
		return []byte("no log file: this account has no state folder\n")
	}
	b, err := logfile.Read(path, logKeep)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return []byte("no log file at " + path + " (nothing logged yet, or \"log_file\": false)\n")
	case err != nil:
		return append(b, fmt.Sprintf("\nthe log file could not be read: %v\n", err)...)
	case len(b) == 0:
		return []byte("the log file " + path + " is empty\n")
	}
	return b
}

// describe is how a command's error reads in the bundle: like Main prints
// it, in English for the help desk ("" for none).
func describe(err error) string {
	var h *hinted
	en := newWords(func(string) string { return "" })
	switch {
	case err == nil:
		return ""
	case errors.As(err, &h) && h.hintIn(en) != "":
		return "aalogon: " + strings.TrimSuffix(h.msg.in(en), ".") + "\n  " + h.hintIn(en) + "\n"
	case errors.As(err, &h):
		return "aalogon: " + strings.TrimSuffix(h.msg.in(en), ".") + "\n"
	}
	return "aalogon: " + oneLine(err) + "\n"
}

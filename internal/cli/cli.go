// Package cli implements aalogon's subcommands. main.go only wires it.
//
// Output rules: results go to stdout; prompts, progress and errors go to
// stderr; an error is one line, lower-case, followed by a hint when there is
// something the person can do. Exit codes: 0 success, 1 failure, 2 usage.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"aalogon/device"
)

// Env is what a command runs with: arguments, standard streams, and the
// parts main wires in.
type Env struct {
	Args   []string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Version, Commit and Date are stamped at build time.
	Version, Commit, Date string
	// Readers is the bus `aalogon device` finds readers on. Nil: the USB
	// readers, through libusb (readers.USB).
	Readers device.Bus
	// Getenv reads the locale (LC_ALL, LC_MESSAGES, LANG) the terminal
	// speaks when neither --lang nor the configuration chooses. Nil:
	// os.Getenv.
	Getenv func(string) string

	words *words // the command's language: Main sets it
}

// errUsage marks a command-line mistake (exit 2).
var errUsage = errors.New("usage")

const usage = `aalogon: sign in to an Advanced Authentication server.

Usage:
  aalogon --demo | --config FILE [--kiosk] [--lang de]
                                    open the sign-in window
  aalogon kiosk-pin-hash            the hash of a kiosk exit PIN, for kiosk_pin_hash
  aalogon logon --config FILE --user NAME [--event EVENT] [--chain NAME]
                [--password-stdin] [--remember] [--finger-iso FILE] [--sign-out] [--print-session]
  aalogon forget [--config FILE] --user NAME delete a password saved in the keyring
  aalogon config check [--config FILE]      the effective configuration and its sources
  aalogon config write-system --server-url URL [--endpoint-id ID] [--ca-file FILE] [--event EVENT]
                                    set keys of the system-wide configuration (installers)
  aalogon register --server URL --admin-user NAME --config FILE|--system [--admin-password-stdin]
                                    register this computer as an endpoint (--system: for
                                    every local user in the group aalogon)
  aalogon logon --demo --user NAME  the same against an embedded simulator
  aalogon simulate --listen ADDR --client-config FILE [--export-fingers DIR]
  aalogon device list               supported readers plugged in, and their state
  aalogon device capture --out FILE.png [--reader vvvv:pppp]
  aalogon device replay --recording DIR --out FILE.png
  aalogon support-bundle --out FILE.zip [--config FILE]
                                    what a help desk needs, without any secret
  aalogon --version

Run 'aalogon COMMAND --help' for a command's options.
`

// Main runs the command in env.Args and returns the exit code. A panic of
// the command's goroutine ends in reportPanic: exit 1, a stack without values.
func Main(env Env) (code int) {
	defer func() {
		if v := recover(); v != nil {
			code = reportPanic(env.Stderr, env.say(), v, debug.Stack())
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env.words = newWords(env.Getenv)
	err := run(ctx, env)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		var u *usageError
		if errors.As(err, &u) {
			env.words.line(env.Stderr, "cli.usage", "Text", u.msg.in(env.words))
		} else {
			fmt.Fprintln(env.Stderr, "aalogon:", err) // the flag package's words
		}
		fmt.Fprint(env.Stderr, usage)
		return 2
	}
	var h *hinted
	if errors.As(err, &h) {
		fmt.Fprintln(env.Stderr, "aalogon:", strings.TrimSuffix(h.msg.in(env.words), "."))
		if hint := h.hintIn(env.words); hint != "" {
			fmt.Fprintln(env.Stderr, "  "+hint)
		}
		return 1
	}
	fmt.Fprintln(env.Stderr, "aalogon:", err)
	return 1
}

func run(ctx context.Context, env Env) error {
	args := env.Args
	if len(args) == 0 {
		return guiCmd(ctx, env, args)
	}
	if a := args[0]; strings.HasPrefix(a, "-") && a != "--version" && a != "-version" && a != "--help" && a != "-h" {
		return guiCmd(ctx, env, args)
	}
	switch args[0] {
	case "--version", "-version", "version":
		env.say().line(env.Stdout, "cli.version", "Version", env.Version, "Commit", env.Commit, "Date", env.Date)
		return nil
	case "--help", "-h", "help":
		fmt.Fprint(env.Stdout, usage)
		return nil
	case "logon":
		return logonCmd(ctx, env, args[1:])
	case "simulate":
		return simulateCmd(ctx, env, args[1:])
	case "device":
		return deviceCmd(ctx, env, args[1:])
	case "forget":
		return forgetCmd(env, args[1:])
	case "register":
		return registerCmd(ctx, env, args[1:])
	case "config":
		return configCmd(env, args[1:])
	case "kiosk-pin-hash":
		return kioskPINHashCmd(env, args[1:])
	case "support-bundle":
		return supportBundleCmd(ctx, env, args[1:])
	}
	return usageErr("cli.unknown_command", "Name", args[0])
}

// usageError is a command-line mistake the terminal explains (exit 2):
// Main prints it in the command's language, then the usage.
type usageError struct{ msg message }

func (e *usageError) Error() string   { return "usage: " + e.msg.english() }
func (e *usageError) Is(t error) bool { return t == errUsage }

// usageErr is a usageError saying key with name, value pairs.
func usageErr(key string, kv ...any) error { return &usageError{msg(key, kv...)} }

// hinted is an error the terminal explains: what went wrong, a line
// telling the person what to do, and a technical detail (another
// package's error text, in parentheses after the hint). Main prints msg
// and hint in the command's language; Error is English, for logs.
type hinted struct {
	msg, hint message
	detail    string
}

func (h *hinted) Error() string { return h.msg.english() }

// hintIn is the hint line in w's language, the detail after it.
func (h *hinted) hintIn(w *words) string {
	s := strings.TrimSuffix(h.hint.in(w), ".")
	if h.detail != "" {
		s = strings.TrimSpace(s + " (" + h.detail + ")")
	}
	return s
}

// newFlags returns a flag set that reports errors as usage errors.
func newFlags(env Env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("aalogon "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return usageErr("cli.unexpected_argument", "Arg", fs.Arg(0))
	}
	return nil
}

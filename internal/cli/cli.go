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
}

// errUsage marks a command-line mistake (exit 2).
var errUsage = errors.New("usage")

const usage = `aalogon: sign in to an Advanced Authentication server.

Usage:
  aalogon --demo | --config FILE [--kiosk [--kiosk-pin PIN]] [--lang de]
                                    open the sign-in window
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
  aalogon --version

Run 'aalogon COMMAND --help' for a command's options.
`

// Main runs the command in env.Args and returns the exit code. A panic of
// the command's goroutine ends in reportPanic: exit 1, a stack without values.
func Main(env Env) (code int) {
	defer func() {
		if v := recover(); v != nil {
			code = reportPanic(env.Stderr, v, debug.Stack())
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, env)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintln(env.Stderr, "aalogon:", err)
		fmt.Fprint(env.Stderr, usage)
		return 2
	}
	var h *hinted
	if errors.As(err, &h) {
		fmt.Fprintln(env.Stderr, "aalogon:", h.msg)
		if h.hint != "" {
			fmt.Fprintln(env.Stderr, "  "+h.hint)
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
		fmt.Fprintf(env.Stdout, "aalogon %s (commit %s, built %s)\n", env.Version, env.Commit, env.Date)
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
	}
	return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
}

// hinted is an error with a line telling the person what to do.
type hinted struct{ msg, hint string }

func (h *hinted) Error() string { return h.msg }

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
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	return nil
}

// Command aalogon signs a person in to an Advanced Authentication server:
// a window for people, `aalogon logon` for scripts and diagnostics, and
// `aalogon simulate` for a simulated server. This file only wires.
package main

import (
	"os"

	"aalogon/internal/cli"
)

// Stamped at build time with -ldflags "-X main.version=… -X main.commit=… -X main.date=…".
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

func main() {
	os.Exit(cli.Main(cli.Env{Args: os.Args[1:], Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Version: version, Commit: commit, Date: date}))
}

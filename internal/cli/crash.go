package cli

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// reportPanic is the last resort of Main: a panic becomes one log line for
// a bug report and "something went wrong", exit 1. The log line holds the
// panic value's type and the stack with every argument list blanked: a
// panic's value and the words of a frame's arguments can hold a secret
// (a password, an OTP, the endpoint secret), the function names cannot.
func reportPanic(w io.Writer, say *words, v any, stack []byte) int {
	log := slog.New(slog.NewTextHandler(w, nil))
	log.Error("panic", "type", fmt.Sprintf("%T", v), "stack", scrubStack(stack))
	say.line(w, "cli.panic")
	say.line(w, "cli.panic_report")
	return 1
}

// scrubStack keeps a runtime/debug.Stack trace's function names, files and
// lines, and replaces each frame's argument words with "...".
func scrubStack(stack []byte) string {
	lines := strings.Split(strings.TrimSpace(string(stack)), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "\t") || !strings.HasSuffix(l, ")") {
			continue // a file:line, or "goroutine 1 [running]:"
		}
		if open := strings.LastIndex(l, "("); open > 0 {
			lines[i] = l[:open] + "(...)"
		}
	}
	return strings.Join(lines, " | ")
}

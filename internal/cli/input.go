package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"aalogon/auth/flow"
)

// inputEndedError is standard input ending before the question was
// answered: a pipe ran out of lines, or no terminal was there to ask on.
// The flow then stops and deletes the process. It wraps io.EOF, so that
// the flow reports an answer the server refused just before (rather than
// the end of input) when there was one.
type inputEndedError struct {
	question string // as the terminal words it, in the command's language
	// noTerminal: the password came from --password-stdin and no terminal
	// is attached for the questions after it.
	noTerminal bool
}

func (e *inputEndedError) Error() string {
	return fmt.Sprintf("cli: input ended before an answer to %q", e.question)
}

func (e *inputEndedError) Unwrap() error { return io.EOF }

// ended is the error of a question whose read failed with err: on a
// terminal, end of input is Ctrl-D, the person stopping (flow.ErrCancelled);
// from a pipe it is an inputEndedError.
func (p *termPrompter) ended(err error, label string) error {
	switch {
	case !errors.Is(err, io.EOF):
		return err
	case p.tty:
		return flow.ErrCancelled
	}
	return &inputEndedError{question: question(label)}
}

// question is a prompt without the colon and space it ends with.
func question(label string) string { return strings.TrimSuffix(strings.TrimSpace(label), ":") }

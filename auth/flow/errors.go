package flow

import (
	"errors"
	"strings"

	"aalogon/auth"
)

// Errors of the flow; auth's errors pass through wrapped.
var (
	// ErrResend is returned by Prompter.Ask to ask for a new OTP.
	ErrResend = errors.New("flow: send the code again")
	// ErrCancelled is returned by Prompter.Ask when the person cancels.
	ErrCancelled = errors.New("flow: cancelled")
	// ErrLocked: the server locked the user.
	ErrLocked = errors.New("flow: user is locked")
	// ErrNoUsableChain: no chain of the user can be completed here. A
	// *NoUsableChainError says which methods are missing.
	ErrNoUsableChain = errors.New("flow: no chain this client can complete")
	// ErrNoSuchChain: the requested chain is not one of the user's.
	ErrNoSuchChain = errors.New("flow: no such chain for this user")
	// ErrUnsupportedMethod: a method this client cannot do.
	ErrUnsupportedMethod = errors.New("flow: this client cannot do the method")
	// ErrPushTimeout: a push or call was not answered in time.
	ErrPushTimeout = errors.New("flow: no answer on the phone in time")
	// ErrTooManyAttempts: the fingerprint was refused too often.
	ErrTooManyAttempts = errors.New("flow: too many attempts")
	// ErrProtocol: the server's answers do not follow the documented walk.
	// A *StatusError names a status the walk has no rule for.
	ErrProtocol = errors.New("flow: unexpected answer from the server")
	// ErrRequestLimit: the logon reached MaxRequests. It comes wrapped with
	// ErrProtocol: a documented walk never needs that many.
	ErrRequestLimit = errors.New("flow: the logon sent too many requests")
)

// StatusError is a step status the walk has no rule for at that point, e.g.
// "STOP", or OK in answer to POST /logon. It matches ErrProtocol.
type StatusError struct {
	Op     string // "logon", "next", "do_logon"
	Status string // as the server sent it
}

func (e *StatusError) Error() string {
	return "flow: " + e.Op + " answered the unexpected status " + quoteStatus(e.Status)
}

// Is matches ErrProtocol.
func (e *StatusError) Is(target error) bool { return target == ErrProtocol }

// quoteStatus shows a status for people and logs: quoted, printable and at
// most 32 characters, whatever the server sent.
func quoteStatus(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 32 {
		s = string(r[:32]) + "…"
	}
	return `"` + s + `"`
}

// NoUsableChainError says why no chain of the user can be completed here:
// the methods this client cannot do, in the order of the chains. Missing is
// empty when every chain is disabled or has no method. It matches
// ErrNoUsableChain.
type NoUsableChainError struct {
	Missing []auth.MethodID
}

func (e *NoUsableChainError) Error() string {
	if len(e.Missing) == 0 {
		return ErrNoUsableChain.Error()
	}
	names := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		names[i] = string(m)
	}
	return ErrNoUsableChain.Error() + " (missing here: " + strings.Join(names, ", ") + ")"
}

// Is matches ErrNoUsableChain.
func (e *NoUsableChainError) Is(target error) bool { return target == ErrNoUsableChain }

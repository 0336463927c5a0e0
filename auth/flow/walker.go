package flow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"aalogon/auth"
)

// MaxRequests bounds the requests one Run sends to the server, restarts
// included: a server that keeps a logon going without end (a method that
// always answers MORE_DATA, an endless chain) stops at this many with an
// ErrRequestLimit instead of flooding itself.
const MaxRequests = 100

// walker is one walk in progress.
type walker struct {
	f        *Flow
	user     string
	pid      auth.ProcessID
	chain    auth.Chain
	last     *auth.Step
	done     []auth.MethodID
	lastFail error
	ldapPass auth.Secret // the LDAP password that passed, for Result
	policy   *auth.Policy
	budget   *int      // requests left for the whole Run
	lastPoll time.Time // when the last automatic request (kick, poll) went out
	refusals int       // answers refused in a row (reset when one passes)
}

// spend takes one request from the Run's budget.
func (w *walker) spend() error {
	if *w.budget <= 0 {
		return fmt.Errorf("%w: %w (%d)", ErrProtocol, ErrRequestLimit, MaxRequests)
	}
	*w.budget--
	return nil
}

// start sends POST /logon and records the process. Any answer but MORE_DATA
// ends the walk: FAILED with the server's words, anything else as a
// protocol error naming the status.
func (w *walker) start(ctx context.Context, req Request, first auth.MethodID) (*auth.Step, error) {
	if err := w.spend(); err != nil {
		return nil, err
	}
	st, err := w.f.cfg.Client.Start(ctx, w.user, req.Event, first)
	if err != nil {
		return nil, err
	}
	w.pid, w.last = st.LogonProcessID, st
	switch st.Status {
	case auth.StatusMoreData:
		if st.LogonProcessID == "" {
			return nil, fmt.Errorf("%w: logon answered MORE_DATA without a logon_process_id", ErrProtocol)
		}
		return st, nil
	case auth.StatusFailed:
		return nil, w.refused(st, "logon")
	}
	return nil, unexpected("logon", st)
}

// next sends POST /logon/{p}/next for method m; only MORE_DATA goes on.
func (w *walker) next(ctx context.Context, m auth.MethodID) (*auth.Step, error) {
	if err := w.spend(); err != nil {
		return nil, err
	}
	st, err := w.f.cfg.Client.Next(ctx, w.pid, m)
	if err != nil {
		return nil, err
	}
	w.last = st
	switch st.Status {
	case auth.StatusMoreData:
		return st, nil
	case auth.StatusFailed:
		return nil, w.refused(st, "next")
	}
	return nil, unexpected("next", st)
}

// do answers the current method and records the step.
func (w *walker) do(ctx context.Context, r auth.Response) (*auth.Step, error) {
	if err := w.spend(); err != nil {
		return nil, err
	}
	st, err := w.f.cfg.Client.DoLogon(ctx, w.pid, r)
	if err != nil {
		return nil, err
	}
	w.last = st
	if finished(st) {
		w.refusals = 0
	}
	return st, nil
}

// poll sends an automatic request (a kick or a poll, no person involved),
// never sooner than PollInterval after the previous one.
func (w *walker) poll(ctx context.Context, r auth.Response) (*auth.Step, error) {
	if !w.lastPoll.IsZero() {
		if wait := w.f.cfg.PollInterval - time.Since(w.lastPoll); wait > 0 {
			if err := sleep(ctx, wait); err != nil {
				return nil, err
			}
		}
	}
	w.lastPoll = time.Now()
	return w.do(ctx, r)
}

// ask asks the prompter. When input ends after a FAILED answer, the error is
// that failure, which says more than "end of input".
func (w *walker) ask(ctx context.Context, q Question) (auth.Secret, error) {
	q.User = w.user
	q.Seq = w.f.seq.Add(1)
	s, err := w.f.cfg.Prompter.Ask(ctx, q)
	if err != nil {
		if errors.Is(err, io.EOF) && w.lastFail != nil {
			return "", w.lastFail
		}
		if errors.Is(err, ErrCancelled) || errors.Is(err, ErrResend) {
			return "", err
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", err
	}
	return s, nil
}

// failed handles a FAILED step: a lockout ends the walk; anything else is
// shown and may be retried.
func (w *walker) failed(st *auth.Step, m auth.MethodID) error {
	if err := w.terminal(st); err != nil {
		return err
	}
	w.lastFail = st.Err("do_logon")
	w.f.log.Info("answer refused", "method", string(m), "reason", st.Reason, "msgid", st.MsgID)
	w.refusals++
	w.f.cfg.Prompter.Show(Notice{Key: NoticeFailed, Method: m, Text: st.Msg, MsgID: st.MsgID, Attempt: w.refusals})
	return nil
}

// refused is the error for a FAILED step that cannot be retried: a
// lockout, or the failure itself with the server's words.
func (w *walker) refused(st *auth.Step, op string) error {
	if err := w.terminal(st); err != nil {
		return err
	}
	return st.Err(op)
}

// terminal returns ErrLocked for a lockout FAILED and nil otherwise.
func (w *walker) terminal(st *auth.Step) error {
	if strings.Contains(st.Reason, "LOCK") {
		return fmt.Errorf("%w: %w", ErrLocked, st.Err("logon"))
	}
	if st.Status == auth.StatusFailed && st.LogonProcessID == "" {
		return st.Err("logon")
	}
	return nil
}

func (w *walker) progress(current auth.MethodID) {
	w.f.cfg.Prompter.Progress(Progress{Chain: w.chain,
		Completed: append([]auth.MethodID(nil), w.done...), Current: current, Policy: w.policy})
}

// finished reports whether st ends the method.
func finished(st *auth.Step) bool {
	return st.Status == auth.StatusOK || st.Status == auth.StatusNext
}

// unexpected is the error for a status the walk has no rule for at op.
func unexpected(op string, st *auth.Step) error {
	return &StatusError{Op: op, Status: st.Status}
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

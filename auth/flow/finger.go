package flow

import (
	"context"
	"errors"
	"fmt"

	"aalogon/auth"
)

// MaxRecaptures is how many captures in one FINGER step may be refused
// before sending (PresentAgain) and asked for again; past it, the reader's
// error ends the step.
const MaxRecaptures = 5

// MaxReaderRetries is how many times in one FINGER step the person may try
// the reader again after it failed (none plugged in, unplugged, busy);
// past it, the reader's error ends the step.
const MaxReaderRetries = 10

// fingerHandler completes FINGER: the FingerprintSource captures and yields
// an ISO/IEC 19794-2 record, sent as {"capture":{"ISO":…,"captureStatus":"OK"}}
// (aa-api.md §3). Every capture sent counts against FingerAttempts; a
// FAILED (mismatch) is retried until they are used up. Any status but OK,
// NEXT and FAILED is a protocol error. A capture the source refuses with an
// error that says PresentAgain (too little of the finger was seen) was sent
// nowhere: the finger is asked for again, up to MaxRecaptures times in a
// step, without spending an attempt. A reader that fails (none plugged
// in, unplugged, busy) does not end the walk at once: the person is asked
// whether to try again (AskRetry, with the failure as its Reason), so that
// they can plug a reader in without losing the methods already passed.
func fingerHandler(ctx context.Context, w *walker, m auth.MethodID) (*auth.Step, error) {
	cfg := w.f.cfg
	recaptures, readerRetries := 0, 0
	for attempt := 1; attempt <= cfg.FingerAttempts; attempt++ {
		cfg.Prompter.Show(Notice{Key: NoticeFingerPlace, Method: m, Attempt: attempt, MaxAttempts: cfg.FingerAttempts})
		record, err := cfg.Fingerprint.Template(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			var again interface{ PresentAgain() bool }
			if errors.As(err, &again) && again.PresentAgain() && recaptures < MaxRecaptures {
				recaptures++
				attempt-- // nothing was sent: the same attempt again
				continue
			}
			if err := w.readerRetry(ctx, m, &ReaderError{Err: err}, &readerRetries); err != nil {
				return nil, err
			}
			attempt-- // nothing was sent: the same attempt, once the reader works
			continue
		}
		st, err := w.do(ctx, auth.Capture(record))
		if err != nil {
			return nil, err
		}
		switch {
		case finished(st):
			return st, nil
		case st.Status != auth.StatusFailed:
			return nil, unexpected("do_logon", st)
		}
		if err := w.terminal(st); err != nil {
			return nil, err
		}
		w.lastFail = st.Err("do_logon")
		if attempt < cfg.FingerAttempts {
			cfg.Prompter.Show(Notice{Key: NoticeFingerRetry, Method: m, Text: st.Msg, MsgID: st.MsgID,
				Attempt: attempt + 1, MaxAttempts: cfg.FingerAttempts})
		}
	}
	return nil, fmt.Errorf("%w: %w", ErrTooManyAttempts, w.lastFail)
}

// readerRetry tells the person the reader failed and asks whether to try
// again: nil to try again; rerr when they do not, cannot be asked, or
// tried MaxReaderRetries times; the cancellation when they cancel.
func (w *walker) readerRetry(ctx context.Context, m auth.MethodID, rerr *ReaderError, tries *int) error {
	if *tries >= MaxReaderRetries {
		return rerr
	}
	*tries++
	if _, err := w.ask(ctx, Question{Kind: AskRetry, Method: m, Attempt: *tries + 1, Reason: rerr}); err != nil {
		if errors.Is(err, ErrCancelled) || ctx.Err() != nil {
			return err
		}
		return rerr
	}
	return nil
}

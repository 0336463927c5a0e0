package flow

import (
	"context"
	"fmt"

	"aalogon/auth"
)

// fingerHandler completes FINGER: the FingerprintSource captures and yields
// an ISO/IEC 19794-2 record, sent as {"capture":{"ISO":…,"captureStatus":"OK"}}
// (aa-api.md §3). A mismatch is retried up to FingerAttempts times.
func fingerHandler(ctx context.Context, w *walker, m auth.MethodID) (*auth.Step, error) {
	cfg := w.f.cfg
	for attempt := 1; ; attempt++ {
		cfg.Prompter.Show(Notice{Key: NoticeFingerPlace, Method: m, Attempt: attempt, MaxAttempts: cfg.FingerAttempts})
		record, err := cfg.Fingerprint.Template(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, &ReaderError{Err: err}
		}
		st, err := w.do(ctx, auth.Capture(record))
		if err != nil {
			return nil, err
		}
		if finished(st) {
			return st, nil
		}
		if st.Status != auth.StatusFailed {
			continue
		}
		if err := w.terminal(st); err != nil {
			return nil, err
		}
		w.lastFail = st.Err("do_logon")
		if attempt >= cfg.FingerAttempts {
			return nil, fmt.Errorf("%w: %w", ErrTooManyAttempts, w.lastFail)
		}
		cfg.Prompter.Show(Notice{Key: NoticeFingerRetry, Method: m, Text: st.Msg,
			Attempt: attempt + 1, MaxAttempts: cfg.FingerAttempts})
	}
}

package flow

import (
	"context"
	"fmt"
	"time"

	"aalogon/auth"
)

// maxPollInterval caps the back-off between polls.
const maxPollInterval = 5 * time.Second

// pushHandler completes SMARTPHONE and VOICE: a kick sends the push or
// places the call, then the flow polls with back-off, never sooner than
// PollInterval, until the server says OK, NEXT or FAILED, or PushTimeout
// passes (aa-api.md §3). Cancelling ctx stops at once. After a FAILED
// (rejected, expired) the person may try again. Any other status is a
// protocol error.
func pushHandler(ctx context.Context, w *walker, m auth.MethodID) (*auth.Step, error) {
	cfg := w.f.cfg
	for attempt := 1; ; attempt++ {
		st, err := w.poll(ctx, auth.Kick())
		if err != nil {
			return nil, err
		}
		deadline := time.Now().Add(cfg.PushTimeout)
		delay := cfg.PollInterval
		for st.Status == auth.StatusMoreData {
			cfg.Prompter.Show(Notice{Key: NoticePushWaiting, Method: m, Text: st.Msg, MsgID: st.MsgID, Attempt: attempt})
			if err := sleep(ctx, delay); err != nil {
				return nil, err
			}
			if !time.Now().Before(deadline) {
				return nil, fmt.Errorf("%w (%s)", ErrPushTimeout, cfg.PushTimeout)
			}
			delay = min(delay*3/2, max(maxPollInterval, cfg.PollInterval))
			if st, err = w.poll(ctx, auth.Poll()); err != nil {
				return nil, err
			}
		}
		switch {
		case finished(st):
			return st, nil
		case st.Status != auth.StatusFailed:
			return nil, unexpected("do_logon", st)
		}
		if err := w.failed(st, m); err != nil {
			return nil, err
		}
		if _, err := w.ask(ctx, Question{Kind: AskRetry, Method: m, Attempt: attempt + 1}); err != nil {
			return nil, err
		}
	}
}

package flow

import (
	"context"
	"errors"

	"aalogon/auth"
)

// sentOTPHandler completes SMS_OTP, EMAIL_OTP and VOICE_OTP: a kick makes
// the server send a code (MORE_DATA), then the code is answered (aa-api.md
// §3). The person may ask for a new code (ErrResend); a new kick waits at
// least PollInterval after the last. Any other status is a protocol error.
func sentOTPHandler(ctx context.Context, w *walker, m auth.MethodID) (*auth.Step, error) {
	send := func() error {
		st, err := w.poll(ctx, auth.Kick())
		if err != nil {
			return err
		}
		switch st.Status {
		case auth.StatusMoreData:
			w.f.cfg.Prompter.Show(Notice{Key: NoticeOTPSent, Method: m, Text: st.Msg, MsgID: st.MsgID})
			return nil
		case auth.StatusFailed:
			return w.refused(st, "do_logon")
		}
		return unexpected("do_logon", st)
	}
	if err := send(); err != nil {
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		code, err := w.ask(ctx, Question{Kind: AskOTP, Method: m, Attempt: attempt, CanResend: true})
		if errors.Is(err, ErrResend) {
			if err := send(); err != nil {
				return nil, err
			}
			attempt--
			continue
		}
		if err != nil {
			return nil, err
		}
		st, err := w.do(ctx, auth.Answer(code))
		if err != nil {
			return nil, err
		}
		switch {
		case finished(st):
			return st, nil
		case st.Status == auth.StatusFailed:
			if err := w.failed(st, m); err != nil {
				return nil, err
			}
		default:
			return nil, unexpected("do_logon", st)
		}
	}
}

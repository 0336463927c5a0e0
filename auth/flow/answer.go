package flow

import (
	"context"

	"aalogon/auth"
)

// answerHandler completes the answer-type methods: LDAP_PASSWORD, PASSWORD,
// RADIUS, EMERG_PASSWORD, TOTP and HOTP, each answered {"answer": …}
// (aa-api.md §3). A FAILED answer is shown and asked again.
func answerHandler(ctx context.Context, w *walker, m auth.MethodID) (*auth.Step, error) {
	kind, secret := AskPassword, true
	if m == auth.MethodTOTP || m == auth.MethodHOTP {
		kind, secret = AskOTP, false
	}
	for attempt := 1; ; attempt++ {
		answer, err := w.ask(ctx, Question{Kind: kind, Method: m, Attempt: attempt, Secret: secret})
		if err != nil {
			return nil, err
		}
		st, err := w.do(ctx, auth.Answer(answer))
		if err != nil {
			return nil, err
		}
		if finished(st) {
			if kind == AskPassword {
				w.answers[m] = answer
			}
			return st, nil
		}
		if st.Status == auth.StatusFailed {
			if err := w.failed(st, m); err != nil {
				return nil, err
			}
		}
	}
}

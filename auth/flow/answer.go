package flow

import (
	"context"

	"aalogon/auth"
)

// answerHandler completes the answer-type methods: LDAP_PASSWORD, PASSWORD,
// RADIUS, EMERG_PASSWORD, TOTP and HOTP, each answered {"answer": …}
// (aa-api.md §3). A FAILED answer is shown and asked again; any status but
// OK, NEXT and FAILED is a protocol error. Only the LDAP password is kept,
// for Result.TakeLDAPPassword.
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
		switch {
		case finished(st):
			if m == auth.MethodLDAPPassword {
				w.ldapPass = answer
			}
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

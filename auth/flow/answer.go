package flow

import (
	"context"

	"aalogon/auth"
)

// passwordHandler completes the TypePassword methods (LDAP_PASSWORD,
// PASSWORD, RADIUS, EMERG_PASSWORD): a masked answer.
func passwordHandler(ctx context.Context, w *walker, m auth.MethodID) (*auth.Step, error) {
	return answer(ctx, w, m, AskPassword, true)
}

// codeHandler completes the TypeCode methods (TOTP, HOTP): a code from the
// person's authenticator, shown as typed.
func codeHandler(ctx context.Context, w *walker, m auth.MethodID) (*auth.Step, error) {
	return answer(ctx, w, m, AskOTP, false)
}

// answer completes an answer-type method, answered {"answer": …}
// (aa-api.md §3). An empty answer is never sent: the person is told and
// asked again, without spending an attempt. A FAILED answer is shown and
// asked again; any status but
// OK, NEXT and FAILED is a protocol error. Only the LDAP password is kept,
// for Result.TakeLDAPPassword.
func answer(ctx context.Context, w *walker, m auth.MethodID, kind QuestionKind, secret bool) (*auth.Step, error) {
	for attempt := 1; ; attempt++ {
		a, err := w.ask(ctx, Question{Kind: kind, Method: m, Attempt: attempt, Secret: secret})
		if err != nil {
			return nil, err
		}
		if a == "" { // refused here: an empty answer would cost an attempt on the server
			w.f.cfg.Prompter.Show(Notice{Key: NoticeEmptyAnswer, Method: m})
			attempt--
			continue
		}
		st, err := w.do(ctx, auth.Answer(a))
		if err != nil {
			return nil, err
		}
		switch {
		case finished(st):
			if m == auth.MethodLDAPPassword {
				w.ldapPass = a
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

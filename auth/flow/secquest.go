package flow

import (
	"context"
	"fmt"
	"sort"

	"aalogon/auth"
)

// secQuestHandler completes SECQUEST: a kick returns the questions
// (MORE_DATA), each is asked, and the answers go back together (aa-api.md
// §3). Any other status is a protocol error.
func secQuestHandler(ctx context.Context, w *walker, m auth.MethodID) (*auth.Step, error) {
	for attempt := 1; ; attempt++ {
		st, err := w.poll(ctx, auth.Kick())
		if err != nil {
			return nil, err
		}
		switch st.Status {
		case auth.StatusMoreData:
		case auth.StatusFailed:
			return nil, w.refused(st, "do_logon")
		default:
			return nil, unexpected("do_logon", st)
		}
		if len(st.Questions) == 0 {
			return nil, fmt.Errorf("%w: security questions without questions", ErrProtocol)
		}
		ids := make([]string, 0, len(st.Questions))
		for id := range st.Questions {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		answers := make(map[string]auth.Secret, len(ids))
		for _, id := range ids {
			a, err := w.ask(ctx, Question{Kind: AskSecurityAnswer, Method: m, ID: id,
				Text: st.Questions[id], Attempt: attempt, Secret: true})
			if err != nil {
				return nil, err
			}
			answers[id] = a
		}
		if st, err = w.do(ctx, auth.Answers(answers)); err != nil {
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

package flow_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
	"aalogon/device"
)

// What a walk through every screen found (issue #13), in the flow that
// the window and the terminal share.

// An empty password is refused here, with a notice, and asked again: it
// never reaches the server, so it costs no attempt.
func TestEmptyPasswordIsNotSent(t *testing.T) {
	typed := []auth.Secret{"", aasim.DemoPassword}
	e := newEnv(t, aasim.Config{}, flow.Config{Fingerprint: staticFinger(aasim.DemoFingerprint("denis"))},
		func(q flow.Question) (auth.Secret, error) {
			a := typed[0]
			typed = typed[1:]
			return a, nil
		})
	if _, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event}); err != nil {
		t.Fatal(err)
	}
	if n := e.p.noticed(flow.NoticeEmptyAnswer); n != 1 {
		t.Errorf("empty-answer notice shown %d times, want 1", n)
	}
	if n := e.p.noticed(flow.NoticeFailed); n != 0 {
		t.Errorf("%d refusals from the server, want none", n)
	}
	if n := e.sim.Counts()["POST /api/v1/logon/{id}/do_logon"]; n != 2 {
		t.Errorf("do_logon sent %d times, want 2 (the password, the finger)", n)
	}
	if q := e.p.asked[1]; q.Attempt != 1 {
		t.Errorf("the password asked again as attempt %d, want 1", q.Attempt)
	}
}

// A server message this client knows by its msgid (aa-api.md §4) is shown
// in the person's language whatever language the server wrote it in; any
// other keeps the server's words.
func TestKnownServerMessagesAreTranslated(t *testing.T) {
	for _, tc := range []struct {
		name, lang string
		n          flow.Notice
		want       string
	}{
		{"known, German", "de", flow.Notice{Key: flow.NoticeFailed, Text: "Incorrect password", MsgID: auth.MsgPasswordWrong}, "Falsches Passwort"},
		{"known, English", "en", flow.Notice{Key: flow.NoticeFailed, Text: "Incorrect password", MsgID: auth.MsgPasswordWrong}, "Incorrect password"},
		{"unknown, the server's words", "de", flow.Notice{Key: flow.NoticeFailed, Text: "Konto gesperrt", MsgID: "ACME-77"}, "Konto gesperrt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.n.Render(tc.lang, auth.MethodID.Name); got != tc.want {
				t.Errorf("Render(%s) = %q, want %q", tc.lang, got, tc.want)
			}
		})
	}
	// The flow passes the msgid on with the refusal.
	tries := 0
	e := newEnv(t, aasim.Config{}, flow.Config{Fingerprint: staticFinger(aasim.DemoFingerprint("denis"))},
		func(q flow.Question) (auth.Secret, error) {
			if tries++; tries == 1 {
				return "wrong", nil
			}
			return aasim.DemoPassword, nil
		})
	if _, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event}); err != nil {
		t.Fatal(err)
	}
	for _, n := range e.p.notices {
		if n.Key == flow.NoticeFailed && n.MsgID != auth.MsgPasswordWrong {
			t.Errorf("refusal notice has msgid %q, want %s", n.MsgID, auth.MsgPasswordWrong)
		}
	}
}

// missingOnce is a fingerprint source with no reader at the first capture.
type missingOnce struct {
	calls  int
	record []byte
}

func (s *missingOnce) Template(ctx context.Context) ([]byte, error) {
	if s.calls++; s.calls == 1 {
		return nil, fmt.Errorf("test: %w", device.ErrNoReader)
	}
	return s.record, nil
}

// A reader missing at the FINGER step asks the person to try again, with
// the reader's failure as the question's reason (no separate notice: a
// prompter that cannot ask would otherwise tell it twice) and the password
// already passed kept; a person who will not try again gets the reader's
// error.
func TestMissingReaderAsksToTryAgain(t *testing.T) {
	for _, tc := range []struct {
		name    string
		again   error // the answer to "try again?"
		wantErr bool
	}{
		{"plugged in, tried again", nil, false},
		{"no one to ask", io.EOF, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := &missingOnce{record: aasim.DemoFingerprint("denis")}
			passwords := 0
			var reason error
			e := newEnv(t, aasim.Config{}, flow.Config{Fingerprint: src}, func(q flow.Question) (auth.Secret, error) {
				if q.Kind == flow.AskRetry && q.Method == auth.MethodFinger {
					reason = q.Reason
					return "", tc.again
				}
				passwords++
				return aasim.DemoPassword, nil
			})
			_, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event})
			var re *flow.ReaderError
			if got := errors.As(err, &re); got != tc.wantErr {
				t.Fatalf("Run error = %v, want a reader error: %v", err, tc.wantErr)
			}
			if passwords != 1 {
				t.Errorf("the password was asked %d times, want once", passwords)
			}
			if !errors.Is(reason, device.ErrNoReader) || flow.NoticeFor(reason).Key != flow.NoticeReader {
				t.Errorf("the question's reason = %v, want the missing reader", reason)
			}
			if n := e.p.noticed(flow.NoticeReader); n != 0 {
				t.Errorf("%d reader notices beside the question, want none", n)
			}
		})
	}
}

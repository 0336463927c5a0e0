package flow_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
)

// TestFingerCountsEveryCapture: a server answering MORE_DATA to captures
// got 19,322 do_logon requests in a second with FingerAttempts=3. An
// unexpected status is a protocol error after the one capture.
func TestFingerCountsEveryCapture(t *testing.T) {
	e, h := newHostileEnv(t, flow.Config{Fingerprint: staticFinger(aasim.DemoFingerprint("denis"))},
		answers(aasim.DemoPassword, nil),
		func(h *hostile, w http.ResponseWriter, r *http.Request, body []byte) bool {
			if !strings.Contains(string(body), `"capture"`) {
				return false
			}
			answer(w, r, map[string]any{"status": "MORE_DATA", "msg": "Place your finger"})
			return true
		})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := e.flow.Run(ctx, flow.Request{User: "denis", Event: event})
	if !errors.Is(err, flow.ErrProtocol) {
		t.Fatalf("err = %v, want ErrProtocol", err)
	}
	if n := h.count("POST /logon/{id}/do_logon"); n != 2 {
		t.Errorf("do_logon sent %d times, want 2 (the password and one capture)", n)
	}
}

// TestRequestsAreCapped: whatever the server answers, one Run sends at
// most MaxRequests requests. Here every code request is "sent" again and
// the prompter asks for a new code at once, for ever.
func TestRequestsAreCapped(t *testing.T) {
	resend := func(q flow.Question) (auth.Secret, error) { return "", flow.ErrResend }
	e, h := newHostileEnv(t, flow.Config{PollInterval: time.Millisecond}, answers(aasim.DemoPassword, resend), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := e.flow.Run(ctx, flow.Request{User: "alice", Event: event, Chain: "LDAP + SMS"})
	if !errors.Is(err, flow.ErrRequestLimit) || !errors.Is(err, flow.ErrProtocol) {
		t.Fatalf("err = %v, want ErrRequestLimit", err)
	}
	// The session creation and the final DELETE of the process are not
	// logon steps; everything else counts.
	n := h.count("POST /logon") + h.count("POST /logon/{id}/do_logon") + h.count("POST /logon/{id}/next") +
		h.count("GET /logon/chains")
	if n != flow.MaxRequests || h.total() > n+2 {
		t.Errorf("%d logon requests (%d in all) sent, want exactly %d", n, h.total(), flow.MaxRequests)
	}
	if flow.NoticeFor(err).Key != flow.NoticeProtocol {
		t.Errorf("notice = %+v, want protocol", flow.NoticeFor(err))
	}
}

// TestAutomaticRequestsArePaced: a push rejected again and again, with a
// person who retries at once, sends its kicks and polls no faster than
// PollInterval.
func TestAutomaticRequestsArePaced(t *testing.T) {
	const interval = 40 * time.Millisecond
	rejected := func() map[string]any {
		return map[string]any{"status": "FAILED", "reason": "PUSH_REJECTED", "msg": "Rejected"}
	}
	retry := func(q flow.Question) (auth.Secret, error) { return "", nil }
	e, h := newHostileEnv(t, flow.Config{PollInterval: interval}, answers(aasim.DemoPassword, retry),
		nthDoLogon(2, rejected))
	ctx, cancel := context.WithTimeout(context.Background(), 600*time.Millisecond)
	defer cancel()
	_, err := e.flow.Run(ctx, flow.Request{User: "carol", Event: event, Chain: "LDAP + Smartphone"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline (the person kept retrying)", err)
	}
	// The flow sends a kick no sooner than interval after the last one, so
	// in 600 ms at most 600/interval+1 can reach the server, however late
	// any of them arrives: a count, not the gaps between arrivals, which a
	// loaded machine stretches and squeezes (one arrival late, the next on
	// time, and the gap between them looks short).
	at := h.times("POST /logon/{id}/do_logon")[1:] // after the password
	if most := int(600*time.Millisecond/interval) + 1; len(at) < 3 || len(at) > most {
		t.Fatalf("%d kicks in 600 ms, want between 3 and %d", len(at), most)
	}
}

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

// TestFailedStartIsAnErrorWithTheServersWords: POST /logon answering
// FAILED with a logon_process_id used to make Run panic (start returned
// nil, nil). It is an error the person can read, in the server's words.
func TestFailedStartIsAnErrorWithTheServersWords(t *testing.T) {
	e, h := newHostileEnv(t, flow.Config{}, answers(aasim.DemoPassword, nil),
		func(h *hostile, w http.ResponseWriter, r *http.Request, _ []byte) bool {
			if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/api/v1/logon") {
				return false
			}
			answer(w, r, map[string]any{"status": "FAILED", "reason": "NO_TEMPLATE", "msgid": "AUCORE-9999",
				"msg": "Sie haben keinen Authentifikator", "logon_process_id": "P"})
			return true
		})
	_, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event})
	if !errors.Is(err, auth.ErrFailed) {
		t.Fatalf("err = %v, want ErrFailed", err)
	}
	if n := flow.NoticeFor(err); n.Key != flow.NoticeFailed || n.Text != "Sie haben keinen Authentifikator" {
		t.Errorf("notice = %+v, want the server's words", n)
	}
	if h.count("POST /logon") != 1 || h.count("GET /logon/chains") != 0 {
		t.Errorf("requests = %v, want one start and no chain lookup", h.calls)
	}
}

// TestUnknownStatusIsAProtocolErrorEverywhere: a status the walk has no
// rule for (STOP) ends every handler with an error naming it, instead of
// "Something went wrong", a silent re-ask or an endless loop.
func TestUnknownStatusIsAProtocolErrorEverywhere(t *testing.T) {
	stop := func() map[string]any { return map[string]any{"status": "STOP", "msg": "", "reason": ""} }
	otp := func(q flow.Question) (auth.Secret, error) { return "123456", nil }
	secq := func(q flow.Question) (auth.Secret, error) { return "Rex", nil }
	retry := func(q flow.Question) (auth.Secret, error) { return "", nil }
	cases := []struct {
		name  string
		req   flow.Request
		nth   int // the do_logon answered STOP
		other func(flow.Question) (auth.Secret, error)
	}{
		{"password", flow.Request{User: "erin", Chain: "RADIUS", FirstMethod: auth.MethodRADIUS}, 1, nil},
		{"LDAP password", flow.Request{User: "alice", Chain: "LDAP + TOTP"}, 1, otp},
		{"typed OTP", flow.Request{User: "alice", Chain: "LDAP + TOTP"}, 2, otp},
		{"sent OTP kick", flow.Request{User: "alice", Chain: "LDAP + SMS"}, 2, otp},
		{"sent OTP answer", flow.Request{User: "alice", Chain: "LDAP + SMS"}, 3, otp},
		{"security questions kick", flow.Request{User: "bob"}, 2, secq},
		{"security answers", flow.Request{User: "bob"}, 3, secq},
		{"push kick", flow.Request{User: "carol", Chain: "LDAP + Smartphone"}, 2, retry},
		{"push poll", flow.Request{User: "carol", Chain: "LDAP + Smartphone"}, 3, retry},
		{"fingerprint", flow.Request{User: "denis"}, 2, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ask := answers(aasim.DemoPassword, tc.other)
			if tc.req.User == "erin" {
				ask = answers("radius-Passw0rd", nil)
			}
			e, h := newHostileEnv(t, flow.Config{Fingerprint: staticFinger(aasim.DemoFingerprint("denis"))}, ask,
				nthDoLogon(tc.nth, stop))
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			tc.req.Event = event
			_, err := e.flow.Run(ctx, tc.req)
			var se *flow.StatusError
			if !errors.As(err, &se) || se.Status != "STOP" || !errors.Is(err, flow.ErrProtocol) {
				t.Fatalf("err = %v, want a StatusError naming STOP", err)
			}
			n := flow.NoticeFor(err)
			if n.Key != flow.NoticeUnexpectedStatus || !strings.Contains(n.Fallback(), `"STOP"`) {
				t.Errorf("notice = %+v (%q), want the unexpected status named", n, n.Fallback())
			}
			if got := h.count("POST /logon/{id}/do_logon"); got != tc.nth {
				t.Errorf("do_logon sent %d times, want %d (nothing after STOP)", got, tc.nth)
			}
			if h.count("DELETE /logon/{id}") != 1 {
				t.Errorf("the process was not deleted after the protocol error")
			}
		})
	}
}

// TestNextMustStartTheMethod: /next answering anything but MORE_DATA ends
// the walk; a FAILED one with the server's words.
func TestNextMustStartTheMethod(t *testing.T) {
	for _, status := range []string{"FAILED", "OK", "STOP"} {
		t.Run(status, func(t *testing.T) {
			e, h := newHostileEnv(t, flow.Config{Fingerprint: staticFinger(aasim.DemoFingerprint("denis"))},
				answers(aasim.DemoPassword, nil),
				func(h *hostile, w http.ResponseWriter, r *http.Request, _ []byte) bool {
					if !strings.HasSuffix(r.URL.Path, "/next") {
						return false
					}
					answer(w, r, map[string]any{"status": status, "msg": "Nein", "reason": "X"})
					return true
				})
			_, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event})
			if status == "FAILED" && flow.NoticeFor(err).Text != "Nein" {
				t.Errorf("err = %v, want the server's words", err)
			}
			if status != "FAILED" && !errors.Is(err, flow.ErrProtocol) {
				t.Errorf("err = %v, want ErrProtocol", err)
			}
			if h.count("POST /logon/{id}/do_logon") != 1 {
				t.Errorf("do_logon sent %d times after /next answered %s, want only the password's",
					h.count("POST /logon/{id}/do_logon"), status)
			}
		})
	}
}

// TestPersistentEndpointSessionGoneIsNotARefusal: a 433 that survives the
// renewal ends the logon; it is not taken for "no chain starts with this
// method" (which listed chains: 3 sessions, 2 starts, 2 lookups).
func TestPersistentEndpointSessionGoneIsNotARefusal(t *testing.T) {
	e := newEnv(t, aasim.Config{}, flow.Config{}, answers(aasim.DemoPassword, nil))
	e.sim.Inject(aasim.Fault{Kind: aasim.FaultStatus, Status: auth.StatusEndpointSessionGone, Route: "POST /api/v1/logon"})
	_, err := e.flow.Run(testCtx(t), flow.Request{User: "alice", Event: event})
	if !errors.Is(err, auth.ErrEndpointSessionGone) || errors.Is(err, auth.ErrBadRequest) {
		t.Fatalf("err = %v, want ErrEndpointSessionGone only", err)
	}
	want := map[string]int{"POST /api/v1/endpoints/{id}/sessions": 2, "POST /api/v1/logon": 2}
	if got := e.sim.Counts(); !equalCounts(got, want) {
		t.Errorf("requests = %v, want %v", got, want)
	}
	if n := flow.NoticeFor(err); n.Key != flow.NoticeServer || !n.Retry {
		t.Errorf("notice = %+v, want the server's problem, retry", n)
	}
}

// TestRefusedRegistrationIsToldAsSuch: a wrong endpoint secret is not a
// transient error shown in the server's validation words with a Retry
// button; the person is told to ask the administrator.
func TestRefusedRegistrationIsToldAsSuch(t *testing.T) {
	e := newEnv(t, aasim.Config{}, flow.Config{}, answers(aasim.DemoPassword, nil))
	c, err := auth.New(auth.Config{BaseURL: e.client.BaseURL(), EndpointID: e.sim.AddEndpoint("x").ID,
		EndpointSecret: "wrong", HTTPClient: e.http})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := flow.New(flow.Config{Client: c, Prompter: e.p})
	e.sim.ResetCounts()
	_, err = f.Run(testCtx(t), flow.Request{User: "alice", Event: event})
	n := flow.NoticeFor(err)
	if n.Key != flow.NoticeEndpointRefused || n.Retry || n.Text != "" {
		t.Errorf("notice = %+v for %v, want endpoint refused, no retry, no server text", n, err)
	}
	if got, want := e.sim.Counts(), map[string]int{"POST /api/v1/endpoints/{id}/sessions": 1}; !equalCounts(got, want) {
		t.Errorf("requests = %v, want %v", got, want)
	}
}

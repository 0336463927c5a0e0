package flow_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
	"aalogon/internal/syncbuf"
)

// syncBuffer takes the concurrent writes of log handlers.
type syncBuffer = syncbuf.Buffer

// TestNoSecretInLogs walks logons with every secret-bearing method while
// client, flow and simulator log at debug level in text and JSON, and fails
// if any password, OTP, security answer, endpoint secret or fingerprint
// template shows up in a log line or an error text.
func TestNoSecretInLogs(t *testing.T) {
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	jlog := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	sim := aasim.New(aasim.Config{Log: jlog, Control: true})
	srv, err := aasim.Serve("127.0.0.1:0", sim)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ep := sim.AddEndpoint("secrets")
	hc, _ := auth.NewHTTPClient(auth.TLSOptions{CAPEM: srv.CAPEM})
	c, _ := auth.New(auth.Config{BaseURL: srv.URL, EndpointID: ep.ID, EndpointSecret: ep.Secret, HTTPClient: hc, Log: log})

	template := aasim.DemoFingerprint("denis")
	secrets := []string{aasim.DemoPassword, "Wr0ng-Passw0rd", ep.Secret.Reveal(), "Rex", "Lisbon",
		base64.StdEncoding.EncodeToString(template), "radius-Passw0rd", "EMERG-2026-0001"}
	var otps []string
	var errs []error
	wrongOnce := map[string]bool{}
	p := &prompter{answer: func(q flow.Question) (auth.Secret, error) {
		switch q.Kind {
		case flow.AskPassword:
			switch q.Method {
			case auth.MethodRADIUS:
				return "radius-Passw0rd", nil
			case auth.MethodEmergPassword:
				return "EMERG-2026-0001", nil
			}
			if !wrongOnce[q.User] {
				wrongOnce[q.User] = true
				return "Wr0ng-Passw0rd", nil
			}
			return aasim.DemoPassword, nil
		case flow.AskSecurityAnswer:
			return auth.Secret(map[string]string{"6": "Rex", "11": "Lisbon"}[q.ID]), nil
		case flow.AskOTP:
			var code string
			if q.Method == auth.MethodTOTP {
				code = aasim.TOTP([]byte("12345678901234567890"), time.Now())
			} else {
				code = sim.LastOTP(q.User)
			}
			otps = append(otps, code)
			return auth.Secret(code), nil
		}
		return "", errors.New("unexpected")
	}}
	for _, jsonLog := range []*slog.Logger{log, jlog} {
		f, _ := flow.New(flow.Config{Client: c, Prompter: p, Fingerprint: staticFinger(template), Log: jsonLog})
		for _, req := range []flow.Request{
			{User: "denis", Event: event},
			{User: "alice", Event: event, Chain: "LDAP + SMS"},
			{User: "bob", Event: event},
			{User: " erin", Event: event, Chain: "RADIUS"},
			{User: "erin ", Event: event, Chain: "Emergency password"},
		} {
			res, err := f.Run(context.Background(), req)
			errs = append(errs, err)
			if err == nil {
				jsonLog.Info("result", "result", res, "ldap", res.TakeLDAPPassword())
				jsonLog.Info("result", "text", fmt.Sprintf("%v %+v %#v", res, res, res))
			}
		}
		wrongOnce = map[string]bool{}
	}
	f, _ := flow.New(flow.Config{Client: c, Prompter: p, Log: log})
	_, err = f.Run(context.Background(), flow.Request{User: "alice", Event: event, Chain: "LDAP + TOTP"})
	errs = append(errs, err)

	// Failures carry no secret either: an answer refused until input ends,
	// a status the walk has no rule for after the security answers.
	wrongThenEOF := func(q flow.Question) (auth.Secret, error) {
		if q.Attempt > 1 {
			return "", io.EOF
		}
		return "Wr0ng-Passw0rd", nil
	}
	he, _ := newHostileEnv(t, flow.Config{Log: log}, wrongThenEOF, nil)
	_, err = he.flow.Run(context.Background(), flow.Request{User: "alice", Event: event})
	errs = append(errs, err)
	he, _ = newHostileEnv(t, flow.Config{Log: log}, p.answer,
		nthDoLogon(3, func() map[string]any { return map[string]any{"status": "STOP"} }))
	_, err = he.flow.Run(context.Background(), flow.Request{User: "bob", Event: event})
	errs = append(errs, err)
	if errs[len(errs)-2] == nil || errs[len(errs)-1] == nil {
		t.Fatalf("the failing logons did not fail: %v", errs[len(errs)-2:])
	}

	text := logs.String()
	for _, e := range errs {
		if e != nil {
			n := flow.NoticeFor(e)
			text += "\n" + e.Error() + "\n" + n.Fallback() + fmt.Sprint(n.Data(auth.MethodID.Name))
		}
	}
	if !strings.Contains(text, "method passed") {
		t.Fatalf("the logs are empty; the test would prove nothing:\n%s", text)
	}
	for _, s := range append(secrets, otps...) {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("secret %q appears in the logs or errors", s)
		}
	}
}

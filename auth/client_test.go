package auth_test

import (
	"context"
	"encoding/pem"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"aalogon/auth"
	"aalogon/auth/aasim"
)

// newTestClient serves a simulator over real HTTPS on loopback, with its own
// CA, and returns a client that trusts that CA and nothing else special.
func newTestClient(t *testing.T, cfg aasim.Config) (*auth.Client, *aasim.Sim, *aasim.Server) {
	t.Helper()
	sim := aasim.New(cfg)
	srv, err := aasim.Serve("127.0.0.1:0", sim)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ep := sim.AddEndpoint("test-endpoint")
	hc, err := auth.NewHTTPClient(auth.TLSOptions{CAPEM: srv.CAPEM, Pins: []string{srv.Pin}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := auth.New(auth.Config{BaseURL: srv.URL, EndpointID: ep.ID, EndpointSecret: ep.Secret, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	return c, sim, srv
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestStartAnswerNextOK(t *testing.T) {
	c, sim, _ := newTestClient(t, aasim.Config{})
	st, err := c.Start(ctx(t), "denis", "Authenticators Management", auth.MethodLDAPPassword)
	if err != nil {
		t.Fatal(err)
	}
	if st.Status != auth.StatusMoreData || st.MsgID != auth.MsgProcessStarted || st.Reason != "PROCESS_STARTED" {
		t.Fatalf("start = %s %s %s, want MORE_DATA AUCORE-1008 PROCESS_STARTED", st.Status, st.MsgID, st.Reason)
	}
	if p := st.Policy(); p == nil || !p.SavePassword {
		t.Errorf("policy = %+v, want save_password true", p)
	}
	st, err = c.DoLogon(ctx(t), st.LogonProcessID, auth.Answer(aasim.DemoPassword))
	if err != nil || st.Status != auth.StatusNext || st.MsgID != auth.MsgNextMethod {
		t.Fatalf("do_logon = %+v, %v; want NEXT AUCORE-1091", st, err)
	}
	if st.UserEmail != "denis@jaguar.example" {
		t.Errorf("NEXT user_email = %q", st.UserEmail)
	}
	st, err = c.Next(ctx(t), st.LogonProcessID, auth.MethodFinger)
	if err != nil || st.Status != auth.StatusMoreData || st.CurrentMethod != auth.MethodFinger {
		t.Fatalf("next = %+v, %v", st, err)
	}
	if st.LogonHints == nil || st.Policy() != nil {
		t.Errorf("next logon_hints = %+v, want {}", st.LogonHints)
	}
	st, err = c.DoLogon(ctx(t), st.LogonProcessID, auth.Capture(aasim.DemoFingerprint("denis")))
	if err != nil || st.Status != auth.StatusOK || st.MsgID != auth.MsgWelcome || st.LoginSessionID == "" {
		t.Fatalf("finger = %+v, %v; want OK with a login session", st, err)
	}
	if st.Score == nil || st.CompletedChain == nil || st.CompletedChain.Name != "LDAP + Fingerprint" {
		t.Errorf("OK lacks score or completed_chain: %+v", st)
	}
	ls, err := c.LoginSession(ctx(t), st.LoginSessionID)
	if err != nil || ls.UserName != `JAGUAR\denis` || ls.Created == "" {
		t.Fatalf("login session = %+v, %v", ls, err)
	}
	tpl, err := c.Templates(ctx(t), st.UserID, st.LoginSessionID)
	if err != nil || len(tpl) != 2 || tpl[1].MethodID != auth.MethodFinger {
		t.Fatalf("templates = %+v, %v; want LDAP password and fingerprint", tpl, err)
	}
	if err := c.Logout(ctx(t), st.LoginSessionID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.LoginSession(ctx(t), st.LoginSessionID); !errors.Is(err, auth.ErrLoginSessionGone) {
		t.Errorf("after sign-out: %v, want ErrLoginSessionGone", err)
	}
	if n := sim.LoginSessions(); n != 0 {
		t.Errorf("server still has %d login sessions", n)
	}
}

func TestStatuses(t *testing.T) {
	c, sim, _ := newTestClient(t, aasim.Config{})
	t.Run("user not found is 400 AUCORE-1056", func(t *testing.T) {
		_, err := c.Start(ctx(t), "nobody", "", auth.MethodLDAPPassword)
		var api *auth.APIError
		if !errors.Is(err, auth.ErrUserNotFound) || !errors.As(err, &api) || api.HTTPStatus != 400 || api.MsgID != "AUCORE-1056" {
			t.Fatalf("err = %v, want 400 AUCORE-1056", err)
		}
	})
	t.Run("wrong password is FAILED AUCORE-2007 with HTTP 200", func(t *testing.T) {
		st, err := c.Start(ctx(t), "denis", "", auth.MethodLDAPPassword)
		if err != nil {
			t.Fatal(err)
		}
		st, err = c.DoLogon(ctx(t), st.LogonProcessID, auth.Answer("wrong"))
		if err != nil {
			t.Fatal(err)
		}
		ferr := st.Err("do_logon")
		if st.Status != auth.StatusFailed || st.MsgID != auth.MsgPasswordWrong || !errors.Is(ferr, auth.ErrFailed) {
			t.Fatalf("step = %s %s, err %v", st.Status, st.MsgID, ferr)
		}
		if st.LogonProcessID == "" || st.CurrentMethod != auth.MethodLDAPPassword || len(st.Chains) == 0 {
			t.Errorf("FAILED must keep the process shape: %+v", st)
		}
	})
	t.Run("unknown process is 444 AUCORE-1001", func(t *testing.T) {
		_, err := c.DoLogon(ctx(t), "nosuchprocess", auth.Answer("x"))
		var api *auth.APIError
		if !errors.Is(err, auth.ErrProcessGone) || !errors.As(err, &api) || api.MsgID != "AUCORE-1001" {
			t.Fatalf("err = %v, want 444 AUCORE-1001", err)
		}
	})
	t.Run("unknown login session is 434 AUCORE-1066", func(t *testing.T) {
		_, err := c.LoginSession(ctx(t), "nosuchsession")
		var api *auth.APIError
		if !errors.Is(err, auth.ErrLoginSessionGone) || !errors.As(err, &api) || api.MsgID != "AUCORE-1066" {
			t.Fatalf("err = %v, want 434 AUCORE-1066", err)
		}
	})
	t.Run("5xx is ErrServer", func(t *testing.T) {
		sim.Inject(aasim.Fault{Kind: aasim.FaultStatus, Status: 502, Times: 1})
		_, err := c.Chains(ctx(t), "denis", "")
		if !errors.Is(err, auth.ErrServer) {
			t.Fatalf("err = %v, want ErrServer", err)
		}
	})
	t.Run("cancel of a gone process is not an error", func(t *testing.T) {
		if err := c.Abort(ctx(t), "nosuchprocess"); err != nil {
			t.Fatalf("Abort = %v", err)
		}
	})
}

func TestEndpointSessionRenewedOn433(t *testing.T) {
	c, sim, _ := newTestClient(t, aasim.Config{})
	if _, err := c.Chains(ctx(t), "denis", ""); err != nil {
		t.Fatal(err)
	}
	first, _ := c.EndpointSession(ctx(t))
	sim.ExpireEndpointSessions()
	sim.ResetCounts()
	list, err := c.Chains(ctx(t), "denis", "")
	if err != nil || len(list.Chains) != 1 {
		t.Fatalf("after expiry: %+v, %v; want the call to succeed transparently", list, err)
	}
	second, _ := c.EndpointSession(ctx(t))
	if first == second {
		t.Error("endpoint session id did not change")
	}
	counts := sim.Counts()
	if counts["GET /api/v1/logon/chains"] != 2 || counts["POST /api/v1/endpoints/{id}/sessions"] != 1 {
		t.Errorf("counts = %v, want 2 chain calls (433, retry) and 1 new session", counts)
	}
}

func TestEndpointSessionGoneTwiceIsReturned(t *testing.T) {
	c, sim, _ := newTestClient(t, aasim.Config{EndpointSessionTTL: time.Nanosecond})
	_, err := c.Chains(ctx(t), "denis", "")
	if !errors.Is(err, auth.ErrEndpointSessionGone) {
		t.Fatalf("err = %v, want ErrEndpointSessionGone after one retry", err)
	}
	if n := sim.Counts()["GET /api/v1/logon/chains"]; n != 2 {
		t.Errorf("chain calls = %d, want exactly 2 (no retry loop)", n)
	}
}

func TestWrongSecretIsRefused(t *testing.T) {
	_, sim, srv := newTestClient(t, aasim.Config{})
	ep := sim.AddEndpoint("other")
	hc, _ := auth.NewHTTPClient(auth.TLSOptions{CAPEM: srv.CAPEM})
	c, _ := auth.New(auth.Config{BaseURL: srv.URL, EndpointID: ep.ID, EndpointSecret: "not-the-secret", HTTPClient: hc})
	_, err := c.EndpointSession(ctx(t))
	var api *auth.APIError
	if !errors.As(err, &api) || api.Name != "endpoint_secret_hash" {
		t.Fatalf("err = %v, want a refused endpoint_secret_hash", err)
	}
	if strings.Contains(err.Error(), "not-the-secret") {
		t.Error("the error text contains the secret")
	}
}

func TestTLSRefusals(t *testing.T) {
	_, sim, srv := newTestClient(t, aasim.Config{})
	ep := sim.AddEndpoint("tls")
	other, err := aasim.Serve("127.0.0.1:0", http.NotFoundHandler()) // another CA, another key
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	cases := []struct {
		name string
		opts auth.TLSOptions
		want error
	}{
		{"system roots only", auth.TLSOptions{}, auth.ErrCertificate},
		{"wrong CA", auth.TLSOptions{CAPEM: other.CAPEM}, auth.ErrCertificate},
		{"pin mismatch", auth.TLSOptions{CAPEM: srv.CAPEM, Pins: []string{other.Pin}}, auth.ErrCertificate},
		{"right CA and pin", auth.TLSOptions{CAPEM: srv.CAPEM, Pins: []string{srv.Pin}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hc, err := auth.NewHTTPClient(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			c, _ := auth.New(auth.Config{BaseURL: srv.URL, EndpointID: ep.ID, EndpointSecret: ep.Secret, HTTPClient: hc})
			_, err = c.EndpointSession(ctx(t))
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestBrokenResponses(t *testing.T) {
	c, sim, _ := newTestClient(t, aasim.Config{})
	if _, err := c.EndpointSession(ctx(t)); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		kind aasim.FaultKind
		want error
	}{
		{"malformed JSON", aasim.FaultMalformed, auth.ErrMalformedResponse},
		{"truncated body", aasim.FaultTruncate, auth.ErrUnreachable},
		{"oversized body", aasim.FaultOversize, auth.ErrMalformedResponse},
		{"dropped connection", aasim.FaultDrop, auth.ErrUnreachable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sim.Inject(aasim.Fault{Kind: tc.kind, Route: "POST /api/v1/logon", Times: 1})
			_, err := c.Start(ctx(t), "denis", "", auth.MethodLDAPPassword)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			// The next call works again: the client is not poisoned.
			if _, err := c.Start(ctx(t), "denis", "", auth.MethodLDAPPassword); err != nil {
				t.Fatalf("call after the fault: %v", err)
			}
		})
	}
}

func TestDeadlineIsEnforced(t *testing.T) {
	c, sim, _ := newTestClient(t, aasim.Config{})
	sim.Inject(aasim.Fault{Kind: aasim.FaultLatency, Delay: 5 * time.Second, Route: "GET /api/v1/logon/chains"})
	short, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := c.Chains(short, "denis", "")
	if !errors.Is(err, auth.ErrUnreachable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrUnreachable wrapping the deadline", err)
	}
}

func TestAcceptLanguageAndContentType(t *testing.T) {
	var got http.Header
	sim := aasim.New(aasim.Config{})
	ep := sim.AddEndpoint("lang")
	srv, err := aasim.Serve("127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		sim.ServeHTTP(w, r)
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	hc, _ := auth.NewHTTPClient(auth.TLSOptions{CAPEM: srv.CAPEM})
	c, _ := auth.New(auth.Config{BaseURL: srv.URL, EndpointID: ep.ID, EndpointSecret: ep.Secret, HTTPClient: hc, Language: "de"})
	if _, err := c.EndpointSession(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if got.Get("Accept-Language") != "de" || got.Get("Content-Type") != "application/json" {
		t.Errorf("headers = %v", got)
	}
}

func TestSessionHashMatchesDocumentedFormula(t *testing.T) {
	// hex(sha256(secret + hex(sha256(endpoint_id + salt)))) of aa-api.md §1,
	// computed independently with sha256sum for the documented sample ids.
	got := auth.SessionHash("1889d45e7d5411ee9ef60242ac110003", "H0ca3uY8x9wtZgauLGhX7mLLeptQo2MG", "i_am_salt")
	if want := "2ae2f11a007b60def8bebb6f423416422e589b76a2d12c798e8c62f56e2f320e"; got != want {
		t.Errorf("SessionHash = %s, want %s", got, want)
	}
}

func TestConnectionsAreReused(t *testing.T) {
	sim := aasim.New(aasim.Config{})
	ep := sim.AddEndpoint("keepalive")
	var mu sync.Mutex
	conns := 0
	ts := httptest.NewUnstartedServer(sim)
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			mu.Lock()
			conns++
			mu.Unlock()
		}
	}
	ts.StartTLS()
	defer ts.Close()
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})
	hc, _ := auth.NewHTTPClient(auth.TLSOptions{CAPEM: ca})
	c, _ := auth.New(auth.Config{BaseURL: ts.URL + "/api/v1", EndpointID: ep.ID, EndpointSecret: ep.Secret, HTTPClient: hc})
	for range 5 {
		if _, err := c.Chains(ctx(t), "denis", ""); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if conns != 1 {
		t.Errorf("6 calls opened %d connections, want 1 (keep-alive)", conns)
	}
}

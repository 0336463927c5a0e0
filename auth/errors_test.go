package auth_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"aalogon/auth"
	"aalogon/auth/aasim"
)

var sentinels = map[string]error{
	"ErrEndpointSessionGone": auth.ErrEndpointSessionGone, "ErrLoginSessionGone": auth.ErrLoginSessionGone,
	"ErrProcessGone": auth.ErrProcessGone, "ErrUserNotFound": auth.ErrUserNotFound,
	"ErrEndpointRefused": auth.ErrEndpointRefused, "ErrBadRequest": auth.ErrBadRequest,
	"ErrRedirect": auth.ErrRedirect, "ErrServer": auth.ErrServer, "ErrFailed": auth.ErrFailed,
}

// matching lists the sentinels err matches.
func matching(err error) []string {
	var out []string
	for name, s := range sentinels {
		if errors.Is(err, s) {
			out = append(out, name)
		}
	}
	return out
}

// TestEachStatusHasOneMeaning: an answer matches exactly one sentinel, so a
// caller that branches on "refused" does not also catch "session gone".
func TestEachStatusHasOneMeaning(t *testing.T) {
	errBody := func(msgid, reason string) string {
		return `{"status":"error","errors":[{"location":"server","name":"AuError","msgid":"` + msgid +
			`","description":"x"}],"reason":"` + reason + `"}`
	}
	cases := []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"400 user not found", 400, errBody(auth.MsgUserNotFound, "USER_NOT_FOUND"), "ErrUserNotFound"},
		{"400 other", 400, errBody("AUCORE-9999", ""), "ErrBadRequest"},
		{"404", 404, errBody("", ""), "ErrBadRequest"},
		{"433", 433, errBody(auth.MsgEndpointSessionGone, ""), "ErrEndpointSessionGone"},
		{"434", 434, errBody(auth.MsgLoginSessionNotFound, ""), "ErrLoginSessionGone"},
		{"444", 444, errBody(auth.MsgProcessNotFound, ""), "ErrProcessGone"},
		{"500", 500, `{"name":"Internal Server Error","description":"NoResultFound"}`, "ErrServer"},
		{"status error in a 200", 200, errBody("", ""), "ErrBadRequest"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/sessions") {
					_, _ = io.WriteString(w, `{"endpoint_session_id":"S"}`)
					return
				}
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			}))
			t.Cleanup(ts.Close)
			c, err := auth.New(auth.Config{BaseURL: ts.URL, EndpointID: "e", EndpointSecret: "s", HTTPClient: ts.Client()})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.LoginSession(ctx(t), "L")
			if got := matching(err); len(got) != 1 || got[0] != tc.want {
				t.Errorf("error %v matches %v, want only %s", err, got, tc.want)
			}
		})
	}
}

// TestRefusedEndpointIsNotABadRequest: a 400 to the endpoint-session call
// (wrong secret, malformed hash, unknown endpoint) means the registration
// is not accepted, which a retry cannot fix.
func TestRefusedEndpointIsNotABadRequest(t *testing.T) {
	_, sim, srv := newTestClient(t, aasim.Config{})
	hc, _ := auth.NewHTTPClient(auth.TLSOptions{CAPEM: srv.CAPEM})
	ep := sim.AddEndpoint("other")
	for name, cfg := range map[string]auth.Config{
		"wrong secret":     {EndpointID: ep.ID, EndpointSecret: "not-the-secret"},
		"unknown endpoint": {EndpointID: "0123456789abcdef0123456789abcdef", EndpointSecret: ep.Secret},
	} {
		t.Run(name, func(t *testing.T) {
			cfg.BaseURL, cfg.HTTPClient = srv.URL, hc
			c, err := auth.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			sim.ResetCounts()
			_, err = c.Start(ctx(t), "denis", "", auth.MethodLDAPPassword)
			if got := matching(err); len(got) != 1 || got[0] != "ErrEndpointRefused" {
				t.Errorf("error %v matches %v, want only ErrEndpointRefused", err, got)
			}
			counts := sim.Counts()
			if counts["POST /api/v1/endpoints/{id}/sessions"] != 1 || counts["POST /api/v1/logon"] != 0 {
				t.Errorf("counts = %v, want 1 session attempt and no logon", counts)
			}
		})
	}
}

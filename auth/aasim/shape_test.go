package aasim_test

import (
	"net/url"
	"reflect"
	"testing"

	"aalogon/auth"
	"aalogon/auth/aasim"
)

// TestInjectedServerErrorHasTheDocumentedShape: an injected 500 answers
// {"status":"error","errors":[{location,name,description}]} (aa-api.md §4),
// as the server does, not a bare {"name","description"}.
func TestInjectedServerErrorHasTheDocumentedShape(t *testing.T) {
	r, sim := newRaw(t, aasim.Config{})
	sim.Inject(aasim.Fault{Kind: aasim.FaultStatus, Status: 500, Times: 1})
	code, out := r.do("GET", "/api/v1/logon/chains?user_name=denis", nil)
	errs, _ := out["errors"].([]any)
	if code != 500 || out["status"] != "error" || len(errs) != 1 {
		t.Fatalf("answer = %d %v, want 500 with status error and one errors entry", code, out)
	}
	first, _ := errs[0].(map[string]any)
	for _, k := range []string{"location", "name", "description"} {
		if s, _ := first[k].(string); s == "" {
			t.Errorf("errors[0].%s is empty: %v", k, first)
		}
	}
}

// TestChainPositionsCountFromZero: positions are the chains' indexes in the
// event, from 0 as in third-party bodies, and denis's chain keeps the
// documented sample's position 1.
func TestChainPositionsCountFromZero(t *testing.T) {
	r, sim := newRaw(t, aasim.Config{})
	sid := r.session(sim.AddEndpoint("positions"))
	q := url.Values{"user_name": {"alice"}, "event": {"Authenticators Management"}, "endpoint_session_id": {sid}}
	code, out := r.do("GET", "/api/v1/logon/chains?"+q.Encode(), nil)
	chains, _ := out["chains"].([]any)
	if code != 200 || len(chains) == 0 {
		t.Fatalf("chains = %d %v", code, out)
	}
	got := map[string]float64{}
	for _, c := range chains {
		m := c.(map[string]any)
		got[m["name"].(string)] = m["position"].(float64)
	}
	want := map[string]float64{"LDAP + TOTP": 0, "LDAP + SMS": 4, "LDAP + Email OTP": 5}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("alice's positions = %v, want %v", got, want)
	}
}

// TestMethodTitlesAreTheServers: the templates list carries the titles the
// server uses.
func TestMethodTitlesAreTheServers(t *testing.T) {
	r, sim := newRaw(t, aasim.Config{})
	sid := r.session(sim.AddEndpoint("titles"))
	code, st := r.do("POST", "/api/v1/logon", map[string]any{"method_id": "RADIUS:1", "user_name": "erin",
		"event": "Authenticators Management", "endpoint_session_id": sid})
	if code != 200 {
		t.Fatalf("start = %d %v", code, st)
	}
	code, st = r.do("POST", "/api/v1/logon/"+st["logon_process_id"].(string)+"/do_logon",
		map[string]any{"endpoint_session_id": sid, "response": map[string]any{"answer": "radius-Passw0rd"}})
	if code != 200 || st["status"] != auth.StatusOK {
		t.Fatalf("do_logon = %d %v", code, st)
	}
	code, out := r.do("GET", "/api/v1/users/"+st["user_id"].(string)+"/templates?login_session_id="+
		st["login_session_id"].(string), nil)
	if code != 200 {
		t.Fatalf("templates = %d %v", code, out)
	}
	got := map[string]string{}
	for _, tpl := range out["templates"].([]any) {
		m := tpl.(map[string]any)
		got[m["method_id"].(string)] = m["method_title"].(string)
	}
	for m, want := range map[string]string{"RADIUS:1": "RADIUS Client", "EMERG_PASSWORD:1": "Emergency Password"} {
		if got[m] != want {
			t.Errorf("title of %s = %q, want %q", m, got[m], want)
		}
	}
}

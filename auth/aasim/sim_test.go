package aasim_test

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/device/fingerprint"
)

// raw posts or gets JSON against a simulator served by httptest, returning
// the status and decoded body. Tests here speak the wire directly, as any
// client would.
type raw struct {
	t  *testing.T
	ts *httptest.Server
}

func newRaw(t *testing.T, cfg aasim.Config) (*raw, *aasim.Sim) {
	t.Helper()
	sim := aasim.New(cfg)
	ts := httptest.NewTLSServer(sim)
	t.Cleanup(ts.Close)
	return &raw{t, ts}, sim
}

func (r *raw) do(method, path string, body any) (int, map[string]any) {
	r.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, r.ts.URL+path, rd)
	resp, err := r.ts.Client().Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	b, _ := io.ReadAll(resp.Body)
	if len(b) > 0 && string(b) != "null" {
		if err := json.Unmarshal(b, &out); err != nil {
			r.t.Fatalf("%s %s: body %q: %v", method, path, b, err)
		}
	}
	return resp.StatusCode, out
}

// session creates an endpoint session the documented way.
func (r *raw) session(ep auth.Endpoint) string {
	r.t.Helper()
	code, out := r.do("POST", "/api/v1/endpoints/"+ep.ID+"/sessions", map[string]any{
		"salt": "i_am_salt", "endpoint_secret_hash": auth.SessionHash(ep.ID, ep.Secret, "i_am_salt"), "session_data": map[string]any{}})
	if code != 200 {
		r.t.Fatalf("create session: %d %v", code, out)
	}
	return out["endpoint_session_id"].(string)
}

func TestFirstResponseEqualsTheDocumentedSample(t *testing.T) {
	r, sim := newRaw(t, aasim.Config{})
	sid := r.session(sim.AddEndpoint("golden"))
	var req map[string]any
	readJSON(t, "testdata/initiate-logon-3.3.request.json", &req)
	req["endpoint_session_id"] = sid
	code, got := r.do("POST", "/api/v1/logon", req)
	if code != 200 {
		t.Fatalf("POST /logon = %d %v", code, got)
	}
	var want map[string]any
	readJSON(t, "testdata/initiate-logon-3.3.response.json", &want)
	if id, _ := got["logon_process_id"].(string); len(id) != 32 {
		t.Errorf("logon_process_id %q is not 32 characters", id)
	}
	delete(got, "logon_process_id")
	delete(want, "logon_process_id")
	for k := range want {
		if !reflect.DeepEqual(got[k], want[k]) {
			t.Errorf("field %q = %#v, want %#v", k, got[k], want[k])
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("extra field %q = %#v", k, got[k])
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func TestEndpointRegistration(t *testing.T) {
	r, _ := newRaw(t, aasim.Config{})
	reg := func(pass string) (int, map[string]any) {
		return r.do("POST", "/api/v1/endpoints", map[string]any{"name": "ws-042", "typ": 3, "desc": "Endpoint",
			"is_trusted": true, "tenant_name": "TOP",
			"auth_data": map[string]any{"method_id": "PASSWORD:1", "user_name": `LOCAL\admin`, "password": pass}})
	}
	if code, out := reg("wrong"); code != 400 || errMsgID(out) != "AASIM-1104" {
		t.Errorf("wrong admin password: %d %v", code, out)
	}
	code, out := reg("Admin#2026")
	if code != 200 || len(out["id"].(string)) != 32 || len(out["secret"].(string)) != 32 {
		t.Fatalf("register: %d %v", code, out)
	}
	ep := auth.Endpoint{ID: out["id"].(string), Secret: auth.Secret(out["secret"].(string))}
	r.session(ep) // the new endpoint works
	if code, out := reg("Admin#2026"); code != 409 || errMsgID(out) != "AASIM-1108" {
		t.Errorf("second registration: %d %v, want 409 AASIM-1108", code, out)
	}
}

func errMsgID(out map[string]any) string {
	errs, _ := out["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	id, _ := errs[0].(map[string]any)["msgid"].(string)
	return id
}

func TestSessionHashChecks(t *testing.T) {
	r, sim := newRaw(t, aasim.Config{})
	ep := sim.AddEndpoint("hash")
	code, out := r.do("POST", "/api/v1/endpoints/"+ep.ID+"/sessions", map[string]any{"salt": "s", "endpoint_secret_hash": "xyz"})
	errs, _ := out["errors"].([]any)
	if code != 400 || len(errs) != 1 || errs[0].(map[string]any)["name"] != "endpoint_secret_hash" ||
		errs[0].(map[string]any)["description"] != "String does not match expected pattern" {
		t.Errorf("malformed hash: %d %v, want the documented 400", code, out)
	}
	code, out = r.do("POST", "/api/v1/endpoints/"+ep.ID+"/sessions", map[string]any{"salt": "s",
		"endpoint_secret_hash": auth.SessionHash(ep.ID, "other-secret", "s")})
	if code != 400 || errMsgID(out) != "AASIM-1105" {
		t.Errorf("wrong secret: %d %v", code, out)
	}
}

func TestUnknownIdsGetTheDocumentedCodes(t *testing.T) {
	r, sim := newRaw(t, aasim.Config{})
	sid := r.session(sim.AddEndpoint("codes"))
	cases := []struct {
		name, method, path string
		body               any
		code               int
		msgid              string
	}{
		{"endpoint session", "POST", "/api/v1/logon", map[string]any{"method_id": "LDAP_PASSWORD:1", "user_name": "denis", "endpoint_session_id": "nope"}, 433, "AUCORE-1063"},
		{"user", "POST", "/api/v1/logon", map[string]any{"method_id": "LDAP_PASSWORD:1", "user_name": "nobody", "endpoint_session_id": sid}, 400, "AUCORE-1056"},
		{"logon process", "POST", "/api/v1/logon/nope/do_logon", map[string]any{"endpoint_session_id": sid}, 444, "AUCORE-1001"},
		{"logon process delete", "DELETE", "/api/v1/logon/nope?endpoint_session_id=" + sid, nil, 444, "AUCORE-1001"},
		{"login session", "GET", "/api/v1/logon/sessions/nope?endpoint_session_id=" + sid, nil, 434, "AUCORE-1066"},
		{"event", "POST", "/api/v1/logon", map[string]any{"method_id": "LDAP_PASSWORD:1", "user_name": "denis", "event": "No such event", "endpoint_session_id": sid}, 400, "AASIM-1107"},
		{"first method", "POST", "/api/v1/logon", map[string]any{"method_id": "TOTP:1", "user_name": "denis", "endpoint_session_id": sid}, 400, "AASIM-1101"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out := r.do(tc.method, tc.path, tc.body)
			if code != tc.code || errMsgID(out) != tc.msgid || out["status"] != "error" {
				t.Errorf("%d %v, want %d %s", code, out, tc.code, tc.msgid)
			}
		})
	}
}

func TestLoginSessionExpires(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	r, sim := newRaw(t, aasim.Config{Now: clock, LoginSessionTTL: time.Hour, EndpointSessionTTL: 24 * time.Hour})
	sid := r.session(sim.AddEndpoint("ttl"))
	_, st := r.do("POST", "/api/v1/logon", map[string]any{"method_id": "RADIUS:1", "user_name": "erin", "endpoint_session_id": sid})
	_, st = r.do("POST", "/api/v1/logon/"+st["logon_process_id"].(string)+"/do_logon",
		map[string]any{"endpoint_session_id": sid, "response": map[string]any{"answer": "radius-Passw0rd"}})
	ls, _ := st["login_session_id"].(string)
	if st["status"] != "OK" || ls == "" {
		t.Fatalf("RADIUS logon: %v", st)
	}
	if code, _ := r.do("GET", "/api/v1/logon/sessions/"+ls+"?endpoint_session_id="+sid, nil); code != 200 {
		t.Fatalf("fresh login session: %d", code)
	}
	now = now.Add(2 * time.Hour)
	if code, out := r.do("GET", "/api/v1/logon/sessions/"+ls+"?endpoint_session_id="+sid, nil); code != 434 || errMsgID(out) != "AUCORE-1067" {
		t.Errorf("expired login session: %d %v, want 434 AUCORE-1067", code, out)
	}
}

func TestRFCTestVectors(t *testing.T) {
	secret := []byte("12345678901234567890")
	// RFC 4226 Appendix D.
	hotp := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for i, want := range hotp {
		if got := aasim.HOTP(secret, uint64(i)); got != want {
			t.Errorf("HOTP(%d) = %s, want %s", i, got, want)
		}
	}
	// RFC 6238 Appendix B, SHA-1, last 6 digits of the 8-digit values.
	totp := map[int64]string{59: "287082", 1111111109: "081804", 1111111111: "050471", 1234567890: "005924", 2000000000: "279037"}
	for ts, want := range totp {
		if got := aasim.TOTP(secret, time.Unix(ts, 0)); got != want {
			t.Errorf("TOTP(%d) = %s, want %s", ts, got, want)
		}
	}
}

func TestControlAPI(t *testing.T) {
	r, sim := newRaw(t, aasim.Config{Control: true})
	sid := r.session(sim.AddEndpoint("control"))
	_, st := r.do("POST", "/api/v1/logon", map[string]any{"method_id": "LDAP_PASSWORD:1", "user_name": "carol", "endpoint_session_id": sid})
	pid := st["logon_process_id"].(string)
	r.do("POST", "/api/v1/logon/"+pid+"/do_logon", map[string]any{"endpoint_session_id": sid, "response": map[string]any{"answer": aasim.DemoPassword}})
	r.do("POST", "/api/v1/logon/"+pid+"/next", map[string]any{"endpoint_session_id": sid, "method_id": "SMARTPHONE:1"})
	_, st = r.do("POST", "/api/v1/logon/"+pid+"/do_logon", map[string]any{"endpoint_session_id": sid, "response": nil})
	if st["status"] != "MORE_DATA" || st["msgid"] != "AASIM-2106" {
		t.Fatalf("push kick: %v", st)
	}
	if _, out := r.do("POST", "/sim/push/carol/approve", nil); out["pending"] != true {
		t.Fatalf("approve: %v", out)
	}
	_, st = r.do("POST", "/api/v1/logon/"+pid+"/do_logon", map[string]any{"endpoint_session_id": sid})
	if st["status"] != "OK" {
		t.Fatalf("after approval: %v", st)
	}
	code, counts := r.do("GET", "/sim/counts", nil)
	if code != 200 || counts["POST /api/v1/logon/{id}/do_logon"] != float64(3) {
		t.Errorf("counts: %d %v", code, counts)
	}
	if _, ok := counts["GET /sim/counts"]; ok {
		t.Error("control requests must not be counted")
	}
}

func TestControlAPIOffByDefault(t *testing.T) {
	r, _ := newRaw(t, aasim.Config{})
	if code, out := r.do("GET", "/sim/counts", nil); code != 404 || out["status"] != "error" {
		t.Errorf("GET /sim/counts = %d %v, want a JSON 404 when Control is off", code, out)
	}
}

func TestServeUsesItsOwnCA(t *testing.T) {
	srv, err := aasim.Serve("127.0.0.1:0", aasim.New(aasim.Config{}))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if !strings.HasPrefix(srv.URL, "https://127.0.0.1:") || !strings.HasSuffix(srv.URL, "/api/v1") {
		t.Errorf("URL = %q", srv.URL)
	}
	_, err = (&http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{}}}).Get(srv.URL + "/logon/chains")
	if err == nil {
		t.Error("a client without the simulator's CA connected")
	}
}

// The demo's fingers: impressions of each demo user's synthetic finger
// match that user's enrolled record and not the other user's, at the
// product's threshold.
func TestDemoFingersMatchTheirOwnerOnly(t *testing.T) {
	for _, who := range []string{"denis", "erin"} {
		for i := uint64(1); i <= 3; i++ {
			tpl, err := fingerprint.Extract(aasim.DemoMaster(who).Impression(i), fingerprint.SynthDPI)
			if err != nil {
				t.Fatal(err)
			}
			probe, _ := tpl.Encode()
			for _, enrolled := range []string{"denis", "erin"} {
				score, ok, err := fingerprint.MatchRecords(probe, aasim.DemoFingerprint(enrolled))
				if err != nil {
					t.Fatal(err)
				}
				if ok != (who == enrolled) {
					t.Errorf("%s's impression %d against %s's enrolment: score %d, match %v", who, i, enrolled, score, ok)
				}
			}
		}
	}
}

// TestLastCodeIsTheCodeThatAnswers: the demo shows the code the simulator
// "sent"; it is the one the step takes, found however the logon named the
// user, and only for the method that sent it.
func TestLastCodeIsTheCodeThatAnswers(t *testing.T) {
	r, sim := newRaw(t, aasim.Config{})
	sid := r.session(sim.AddEndpoint("codes"))
	_, st := r.do("POST", "/api/v1/logon", map[string]any{"method_id": "LDAP_PASSWORD:1", "user_name": `JAGUAR\alice`, "endpoint_session_id": sid})
	pid := st["logon_process_id"].(string)
	if got := sim.LastCode("alice", auth.MethodSMSOTP); got != "" {
		t.Fatalf("LastCode before any was sent = %q, want none", got)
	}
	r.do("POST", "/api/v1/logon/"+pid+"/do_logon", map[string]any{"endpoint_session_id": sid, "response": map[string]any{"answer": aasim.DemoPassword}})
	r.do("POST", "/api/v1/logon/"+pid+"/next", map[string]any{"endpoint_session_id": sid, "method_id": "SMS_OTP:1"})
	for range 2 { // the first code, then "send a new code"
		if _, st = r.do("POST", "/api/v1/logon/"+pid+"/do_logon", map[string]any{"endpoint_session_id": sid, "response": nil}); st["status"] != "MORE_DATA" {
			t.Fatalf("SMS kick: %v", st)
		}
	}
	sent := sim.Outbox()
	code := sim.LastCode(`JAGUAR\alice`, auth.MethodSMSOTP)
	if len(sent) != 2 || code != sent[1].Code {
		t.Fatalf("LastCode = %q, want the newest of %v", code, sent)
	}
	for _, name := range []string{"alice", "Alice", "alice@jaguar.example"} {
		if got := sim.LastCode(name, auth.MethodSMSOTP); got != code {
			t.Errorf("LastCode(%q) = %q, want %q", name, got, code)
		}
	}
	if got := sim.LastCode("alice", auth.MethodEmailOTP); got != "" {
		t.Errorf("LastCode by e-mail = %q, want none: the code went by SMS", got)
	}
	if got := sim.LastCode("bob", auth.MethodSMSOTP); got != "" {
		t.Errorf("LastCode of bob = %q, want none", got)
	}
	_, st = r.do("POST", "/api/v1/logon/"+pid+"/do_logon", map[string]any{"endpoint_session_id": sid, "response": map[string]any{"answer": code}})
	if st["status"] != "OK" {
		t.Errorf("answered with LastCode: %v, want OK", st)
	}
}

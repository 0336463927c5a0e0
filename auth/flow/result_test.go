package flow_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
)

// TestResultHandsOutTheLDAPPasswordOnce: the LDAP password is given once,
// for the saved-password step, and no other answer stays in the Result a
// signed-in session keeps.
func TestResultHandsOutTheLDAPPasswordOnce(t *testing.T) {
	e := newEnv(t, aasim.Config{}, flow.Config{Fingerprint: staticFinger(aasim.DemoFingerprint("denis"))},
		answers(aasim.DemoPassword, nil))
	res, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.TakeLDAPPassword(); got.Reveal() != aasim.DemoPassword {
		t.Errorf("first TakeLDAPPassword = %q, want the password", got.Reveal())
	}
	if got := res.TakeLDAPPassword(); !got.IsZero() {
		t.Errorf("second TakeLDAPPassword = %q, want nothing", got.Reveal())
	}

	for _, chain := range []string{"RADIUS", "Emergency password"} {
		t.Run(chain, func(t *testing.T) {
			pw := map[string]string{"RADIUS": "radius-Passw0rd", "Emergency password": "EMERG-2026-0001"}[chain]
			e := newEnv(t, aasim.Config{}, flow.Config{}, answers(pw, nil))
			res, err := e.flow.Run(testCtx(t), flow.Request{User: "erin", Event: event, Chain: chain})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.TakeLDAPPassword(); !got.IsZero() {
				t.Errorf("TakeLDAPPassword after %s = %q, want nothing", chain, got.Reveal())
			}
			b, _ := json.Marshal(res)
			if dump := fmt.Sprintf("%+v %#v %s", res, res, b); strings.Contains(dump, pw) {
				t.Errorf("the result still holds the %s password", chain)
			}
		})
	}
}

// TestUserNameIsNormalised: the flow sends auth.NormalizeUser's form of the
// name; a leading space never reaches the server.
func TestUserNameIsNormalised(t *testing.T) {
	var mu sync.Mutex
	var sent []string
	e, _ := newHostileEnv(t, flow.Config{}, answers("radius-Passw0rd", nil),
		func(h *hostile, w http.ResponseWriter, r *http.Request, body []byte) bool {
			var in struct {
				User string `json:"user_name"`
			}
			_ = json.Unmarshal(body, &in)
			if q := r.URL.Query().Get("user_name"); q != "" {
				in.User = q
			}
			if in.User != "" {
				mu.Lock()
				sent = append(sent, in.User)
				mu.Unlock()
			}
			return false
		})
	if _, err := e.flow.Options(testCtx(t), "  erin", event); err != nil {
		t.Fatal(err)
	}
	if _, err := e.flow.Run(testCtx(t), flow.Request{User: " erin\t", Event: event, Chain: "RADIUS"}); err != nil {
		t.Fatal(err)
	}
	if len(sent) == 0 {
		t.Fatal("no user name reached the server; the test proves nothing")
	}
	for _, u := range sent {
		if u != "erin" {
			t.Errorf("user_name sent = %q, want %q", u, "erin")
		}
	}
}

// TestEveryQuestionHasItsOwnSeq: each question carries a Seq no other
// question of the Flow has, so a prompter can tell an answer typed for one
// question from an answer to the next (a second Enter while busy).
func TestEveryQuestionHasItsOwnSeq(t *testing.T) {
	var seqs []uint64
	wrong := 0
	e := newEnv(t, aasim.Config{LockoutThreshold: -1}, flow.Config{}, func(q flow.Question) (auth.Secret, error) {
		seqs = append(seqs, q.Seq)
		if wrong++; wrong <= 2 {
			return "Wr0ng", nil
		}
		return "radius-Passw0rd", nil
	})
	for range 2 {
		wrong = 0
		if _, err := e.flow.Run(testCtx(t), flow.Request{User: "erin", Event: event, Chain: "RADIUS",
			FirstMethod: auth.MethodRADIUS}); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[uint64]bool{}
	for _, s := range seqs {
		if s == 0 || seen[s] {
			t.Errorf("Seq %d is zero or repeated in %v", s, seqs)
		}
		seen[s] = true
	}
	if len(seqs) != 6 {
		t.Errorf("%d questions asked, want 6 (3 per logon)", len(seqs))
	}
}

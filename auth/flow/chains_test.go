package flow_test

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
)

// TestSlimChainListIsUsable: a chain list without is_enabled (valid, and
// what slim servers send) is a list of usable chains, not "none of your
// sign-in methods can be used".
func TestSlimChainListIsUsable(t *testing.T) {
	e, _ := newHostileEnv(t, flow.Config{}, answers(aasim.DemoPassword, nil),
		func(h *hostile, w http.ResponseWriter, r *http.Request, _ []byte) bool {
			if !strings.HasSuffix(r.URL.Path, "/logon/chains") {
				return false
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"chains":[{"name":"RADIUS","methods":["RADIUS:1"],"position":0}]}`))
			return true
		})
	opts, err := e.flow.Options(testCtx(t), "erin", event)
	if err != nil || len(opts) != 1 || !opts[0].Supported {
		t.Fatalf("options = %+v, %v; want the RADIUS chain usable", opts, err)
	}
	e.p.answer = answers("radius-Passw0rd", nil)
	res, err := e.flow.Run(testCtx(t), flow.Request{User: "erin", Event: event,
		Chains: []auth.Chain{opts[0].Chain}})
	if err != nil || res.LoginSession == "" {
		t.Fatalf("Run = %+v, %v; want a login session", res, err)
	}
}

// TestNoUsableChainSaysWhatIsMissing: when no chain can be completed here,
// the person is told which methods this computer lacks.
func TestNoUsableChainSaysWhatIsMissing(t *testing.T) {
	e := newEnv(t, aasim.Config{}, flow.Config{}, answers(aasim.DemoPassword, nil))
	_, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event})
	var nu *flow.NoUsableChainError
	if !errors.Is(err, flow.ErrNoUsableChain) || !errors.As(err, &nu) {
		t.Fatalf("err = %v, want a NoUsableChainError", err)
	}
	n := flow.NoticeFor(err)
	if n.Key != flow.NoticeMissingMethods || !reflect.DeepEqual(n.Methods, []auth.MethodID{auth.MethodFinger}) {
		t.Errorf("notice = %+v, want FINGER missing", n)
	}
	if got := n.Fallback(); !strings.Contains(got, "Missing here: FINGER.") {
		t.Errorf("English text = %q, want the missing method named", got)
	}
	title := func(m auth.MethodID) string { return map[auth.MethodID]string{auth.MethodFinger: "Fingerabdruck"}[m] }
	if got := n.Data(title)["Methods"]; got != "Fingerabdruck" {
		t.Errorf("Data()[Methods] = %v, want the method's title", got)
	}
	// Every chain disabled: nothing is missing, the plain notice.
	if n := flow.NoticeFor(&flow.NoUsableChainError{}); n.Key != flow.NoticeNoChain {
		t.Errorf("notice without missing methods = %+v, want %s", n, flow.NoticeNoChain)
	}
}

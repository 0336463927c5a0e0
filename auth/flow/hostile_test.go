package flow_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
)

// hostile sits in front of a simulator and may answer a request itself:
// the server a flow must survive. Rules see the request with its body
// readable; returning false hands the request to the simulator.
type hostile struct {
	sim  *aasim.Sim
	rule func(h *hostile, w http.ResponseWriter, r *http.Request, body []byte) bool

	mu    sync.Mutex
	calls []call // every API request, in order
}

// call is one request the hostile server saw.
type call struct {
	route string // "POST /logon", "POST /logon/{id}/do_logon", …
	body  []byte
	at    time.Time
}

func (h *hostile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	route := r.Method + " " + routeOf(r.URL.Path)
	h.mu.Lock()
	h.calls = append(h.calls, call{route, body, time.Now()})
	h.mu.Unlock()
	if h.rule != nil && h.rule(h, w, r, body) {
		return
	}
	h.sim.ServeHTTP(w, r)
}

// routeOf turns /api/v1/logon/P/do_logon into /logon/{id}/do_logon.
func routeOf(path string) string {
	parts := strings.Split(strings.TrimPrefix(path, "/api/v1"), "/")
	if len(parts) > 2 && parts[1] == "logon" && parts[2] != "chains" && parts[2] != "sessions" {
		parts[2] = "{id}"
	}
	return strings.Join(parts, "/")
}

// count returns how many requests went to route.
func (h *hostile) count(route string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, c := range h.calls {
		if c.route == route {
			n++
		}
	}
	return n
}

// total returns how many API requests were made.
func (h *hostile) total() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.calls)
}

// times returns when each request to route was made.
func (h *hostile) times(route string) []time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []time.Time
	for _, c := range h.calls {
		if c.route == route {
			out = append(out, c.at)
		}
	}
	return out
}

// answer writes a logon step with status (and the process id of the
// request path, so that the flow can still delete the process).
func answer(w http.ResponseWriter, r *http.Request, fields map[string]any) {
	if _, ok := fields["logon_process_id"]; !ok {
		if id := r.PathValue("id"); id != "" {
			fields["logon_process_id"] = id
		} else if parts := strings.Split(r.URL.Path, "/"); len(parts) > 4 {
			fields["logon_process_id"] = parts[4]
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(fields)
}

// newHostileEnv is newEnv with a hostile server in front of the simulator.
func newHostileEnv(t *testing.T, flowCfg flow.Config, ask func(flow.Question) (auth.Secret, error),
	rule func(h *hostile, w http.ResponseWriter, r *http.Request, body []byte) bool) (*env, *hostile) {
	t.Helper()
	sim := aasim.New(aasim.Config{})
	h := &hostile{sim: sim, rule: rule}
	return envOn(t, sim, h, flowCfg, ask), h
}

// nthDoLogon is a rule answering the n-th do_logon (from 1) and every one
// after it with fields.
func nthDoLogon(n int, fields func() map[string]any) func(*hostile, http.ResponseWriter, *http.Request, []byte) bool {
	return func(h *hostile, w http.ResponseWriter, r *http.Request, _ []byte) bool {
		if !strings.HasSuffix(r.URL.Path, "/do_logon") || h.count("POST /logon/{id}/do_logon") < n {
			return false
		}
		answer(w, r, fields())
		return true
	}
}

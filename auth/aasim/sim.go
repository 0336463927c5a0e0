package aasim

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"aalogon/auth"
	"aalogon/device/fingerprint"
)

// Matcher compares a submitted ISO/IEC 19794-2 record (probe) with an
// enrolled one. It returns a score, whether the score is a match, and an
// error when the probe cannot be read.
type Matcher func(probe, enrolled []byte) (score int, match bool, err error)

// ExactMatcher matches a probe that equals the enrolled record byte for
// byte, with score 100: for tests that must not depend on the minutiae
// matcher.
func ExactMatcher(probe, enrolled []byte) (int, bool, error) {
	if bytes.Equal(probe, enrolled) {
		return 100, true, nil
	}
	return 0, false, nil
}

// Config configures a Sim. Every zero value is documented.
type Config struct {
	// Data is the directory. Nil: DefaultData().
	Data *Data
	// EndpointSessionTTL is how long an unused endpoint session lives.
	// Zero: 30 min.
	EndpointSessionTTL time.Duration
	// ProcessTTL is how long an idle logon process lives. Zero: 5 min.
	ProcessTTL time.Duration
	// LoginSessionTTL is how long a login session lives. Zero: 8 h.
	LoginSessionTTL time.Duration
	// PushTTL is how long a push or call waits for an answer. Zero: 60 s.
	PushTTL time.Duration
	// AutoApprove approves a pending push this long after it was sent,
	// for the demo. Zero: never.
	AutoApprove time.Duration
	// LockoutThreshold locks a user after this many consecutive failed
	// answers. Zero: 5. Negative: never.
	LockoutThreshold int
	// LockoutDuration is how long a lockout lasts. Zero: 15 min.
	LockoutDuration time.Duration
	// Matcher compares fingerprint records. Nil: fingerprint.MatchRecords,
	// the product's minutiae matcher at its calibrated threshold.
	Matcher Matcher
	// Control serves the control API under /sim/.
	Control bool
	// Now is the clock. Nil: time.Now.
	Now func() time.Time
	// Rand draws ids, secrets and OTPs. Nil: crypto/rand.
	Rand io.Reader
	// Log receives one line per request (route, HTTP status). Nil: discard.
	Log *slog.Logger
}

// Sim is the simulated server. It is an http.Handler, safe for concurrent use.
type Sim struct {
	cfg Config
	mux *http.ServeMux

	mu        sync.Mutex
	data      *Data
	users     map[string]*userState // by lower-case bare name
	endpoints map[string]*endpoint  // by id
	sessions  map[string]*epSession // endpoint sessions by id
	processes map[string]*process
	logins    map[string]*loginSession
	outbox    []Message
	counts    map[string]int
	faults    []*faultRule
}

// New returns a simulator for cfg.
func New(cfg Config) *Sim {
	if cfg.Data == nil {
		cfg.Data = DefaultData()
	}
	setDefault(&cfg.EndpointSessionTTL, 30*time.Minute)
	setDefault(&cfg.ProcessTTL, 5*time.Minute)
	setDefault(&cfg.LoginSessionTTL, 8*time.Hour)
	setDefault(&cfg.PushTTL, 60*time.Second)
	setDefault(&cfg.LockoutDuration, 15*time.Minute)
	if cfg.LockoutThreshold == 0 {
		cfg.LockoutThreshold = 5
	}
	if cfg.Matcher == nil {
		cfg.Matcher = fingerprint.MatchRecords
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	s := &Sim{cfg: cfg, mux: http.NewServeMux(), data: cfg.Data,
		users: map[string]*userState{}, endpoints: map[string]*endpoint{},
		sessions: map[string]*epSession{}, processes: map[string]*process{},
		logins: map[string]*loginSession{}, counts: map[string]int{}}
	for i := range cfg.Data.Users {
		u := &cfg.Data.Users[i]
		s.users[strings.ToLower(u.Name)] = &userState{User: u, hotpCounter: u.HOTPCounter}
	}
	s.routes()
	return s
}

func setDefault(d *time.Duration, v time.Duration) {
	if *d == 0 {
		*d = v
	}
}

const api = "/api/v1"

func (s *Sim) routes() {
	s.mux.HandleFunc("POST "+api+"/endpoints", s.registerEndpoint)
	s.mux.HandleFunc("POST "+api+"/endpoints/{id}/sessions", s.createSession)
	s.mux.HandleFunc("GET "+api+"/endpoints/{id}/sessions/{sid}", s.readSession)
	s.mux.HandleFunc("DELETE "+api+"/endpoints/{id}/sessions/{sid}", s.deleteSession)
	s.mux.HandleFunc("GET "+api+"/logon/chains", s.listChains)
	s.mux.HandleFunc("POST "+api+"/logon", s.startLogon)
	s.mux.HandleFunc("POST "+api+"/logon/{id}/do_logon", s.doLogon)
	s.mux.HandleFunc("POST "+api+"/logon/{id}/next", s.next)
	s.mux.HandleFunc("DELETE "+api+"/logon/{id}", s.abortLogon)
	s.mux.HandleFunc("GET "+api+"/logon/sessions/{id}", s.readLogin)
	s.mux.HandleFunc("DELETE "+api+"/logon/sessions/{id}", s.deleteLogin)
	s.mux.HandleFunc("GET "+api+"/users/{id}/templates", s.listTemplates)
	if s.cfg.Control {
		s.controlRoutes()
	}
}

// ServeHTTP serves the API (and /sim/ when enabled), applying injected faults.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, pattern := s.mux.Handler(r)
	if pattern == "" { // no route for this path and method: answer in the API's shape
		writeError(w, http.StatusNotFound, apiErr{location: "url", name: "path", desc: "Not Found"})
		return
	}
	if strings.Contains(pattern, api+"/") {
		s.mu.Lock()
		s.counts[pattern]++
		f := s.takeFault(pattern)
		s.mu.Unlock()
		if f != nil && f.Kind == FaultSlow {
			held := &slowWriter{header: http.Header{}}
			s.mux.ServeHTTP(held, r)
			s.cfg.Log.Info("request", "route", pattern, "http", held.code, "fault", f.Kind.String())
			held.trickle(w, r, f.Delay)
			return
		}
		if f != nil && f.apply(w, r) {
			s.cfg.Log.Info("request", "route", pattern, "fault", f.Kind.String())
			return
		}
	}
	rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
	s.mux.ServeHTTP(rec, r)
	s.cfg.Log.Info("request", "route", pattern, "http", rec.code)
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

// Counts returns the number of API requests served per route pattern,
// e.g. "POST /api/v1/logon". Requests to /sim/ are not counted.
func (s *Sim) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// ResetCounts sets every request count to zero.
func (s *Sim) ResetCounts() {
	s.mu.Lock()
	s.counts = map[string]int{}
	s.mu.Unlock()
}

// SetPolicy replaces the logon_hints.policy sent by later logons.
func (s *Sim) SetPolicy(p auth.Policy) {
	s.mu.Lock()
	s.data.Policy = p
	s.mu.Unlock()
}

// ---- wire helpers ----

const maxBody = 1 << 20

// readJSON decodes the request body into v; it answers 400 and returns false
// on malformed JSON. An empty body leaves v as it is.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err == nil && len(bytes.TrimSpace(b)) > 0 {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, apiErr{location: "body", name: "body", msgid: "AASIM-1109",
			desc: "Invalid JSON body"})
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(b)
}

// apiErr is one error answer in the server's shape (aa-api.md §4).
type apiErr struct {
	location, name, msgid, desc, reason string
}

func writeError(w http.ResponseWriter, code int, e apiErr) {
	if e.location == "" {
		e.location = "server"
	}
	if e.name == "" {
		e.name = "AuError"
	}
	type item struct {
		Location    string `json:"location"`
		Name        string `json:"name"`
		MsgID       string `json:"msgid,omitempty"`
		Description string `json:"description"`
	}
	body := struct {
		Status string `json:"status"`
		Errors []item `json:"errors"`
		Reason string `json:"reason,omitempty"`
	}{"error", []item{{e.location, e.name, e.msgid, e.desc}}, e.reason}
	writeJSON(w, code, body)
}

// Documented errors (aa-api.md §4).
var (
	errEndpointSessionGone = apiErr{msgid: auth.MsgEndpointSessionGone, desc: "Endpoint session is not found"}
	errProcessGone         = apiErr{msgid: auth.MsgProcessNotFound, desc: "Logon process is not found"}
	errLoginNotFound       = apiErr{msgid: auth.MsgLoginSessionNotFound, desc: "Login session is not found"}
	errLoginExpired        = apiErr{msgid: auth.MsgLoginSessionExpired, desc: "Login session expired"}
	errUserNotFound        = apiErr{msgid: auth.MsgUserNotFound, desc: "User is not found", reason: "USER_NOT_FOUND"}
)

// newID returns a 32-character alphanumeric id (aa-api.md §0).
func (s *Sim) newID() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b [32]byte
	if _, err := io.ReadFull(s.cfg.Rand, b[:]); err != nil {
		panic("aasim: random source failed: " + err.Error())
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:])
}

package faults_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
	"aalogon/internal/syncbuf"
)

const (
	event = "Authenticators Management"
	user  = "denis" // LDAP password, then FINGER: every kind of step
)

// setup is what a row changes in the ordinary environment.
type setup struct {
	// timeout bounds each request (the client's Config.Timeout and the
	// HTTP client's). Zero: 2 s.
	timeout time.Duration
	// server replaces the TLS server the simulator runs behind; the
	// returned PEM is what the client trusts. Nil: httptest.NewTLSServer.
	server func(t *testing.T, sim *aasim.Sim) (*httptest.Server, []byte)
	// tls changes the client's TLS options after the server's CA is set.
	tls func(o *auth.TLSOptions, ts *httptest.Server)
	// baseURL replaces the server's address (nothing listens there).
	baseURL string
	// finger answers FINGER. Nil: the enrolled record, at once.
	finger flow.FingerprintSource
}

// env is one logon's world: the simulator behind HTTPS on loopback, the
// client and flow the window uses, a scripted person and a log recorder.
type env struct {
	sim    *aasim.Sim
	ep     auth.Endpoint
	client *auth.Client
	flow   *flow.Flow
	p      *prompter
	logs   *syncBuffer
}

func newEnv(t *testing.T, s setup) *env {
	t.Helper()
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	sim := aasim.New(aasim.Config{Matcher: aasim.ExactMatcher, Log: log})
	var ts *httptest.Server
	var caPEM []byte
	if s.server != nil {
		ts, caPEM = s.server(t, sim)
	} else {
		ts = httptest.NewTLSServer(sim)
		caPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})
	}
	t.Cleanup(ts.Close)
	if s.timeout == 0 {
		s.timeout = 2 * time.Second
	}
	opts := auth.TLSOptions{CAPEM: caPEM, Timeout: s.timeout}
	if s.tls != nil {
		s.tls(&opts, ts)
	}
	hc, err := auth.NewHTTPClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(hc.CloseIdleConnections)
	base := ts.URL + "/api/v1"
	if s.baseURL != "" {
		base = s.baseURL
	}
	ep := sim.AddEndpoint("faults")
	c, err := auth.New(auth.Config{BaseURL: base, EndpointID: ep.ID, EndpointSecret: ep.Secret,
		HTTPClient: hc, Timeout: s.timeout, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	p := &prompter{}
	finger := s.finger
	if finger == nil {
		finger = staticFinger(aasim.DemoFingerprint(user))
	}
	f, err := flow.New(flow.Config{Client: c, Prompter: p, Fingerprint: finger, Log: log,
		PollInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return &env{sim: sim, ep: ep, client: c, flow: f, p: p, logs: logs}
}

// logon signs in as the window does: list the chains, then walk one.
func (e *env) logon(ctx context.Context) (*flow.Result, error) {
	opts, err := e.flow.Options(ctx, user, event)
	if err != nil {
		return nil, err
	}
	chains := make([]auth.Chain, len(opts))
	for i, o := range opts {
		chains[i] = o.Chain
	}
	return e.flow.Run(ctx, flow.Request{User: user, Event: event, Chains: chains})
}

// secrets are what must never reach a log line, an error or a notice.
func (e *env) secrets() []string {
	return []string{aasim.DemoPassword, e.ep.Secret.Reveal(),
		base64.StdEncoding.EncodeToString(aasim.DemoFingerprint(user))}
}

// outcome is what a row observed.
type outcome struct {
	signedIn bool
	err      error
	notices  []flow.Notice // what the person was told, the end's notice last
	requests int           // API requests that reached the server
	started  int           // POST /logon among them
	deletes  int           // DELETE /logon/{id} among them
	live     int           // logon processes still alive on the server
	text     string        // every log line, error and notice text
	secrets  []string      // what text must not contain
}

// observe runs one logon (fn) and records what happened.
func (e *env) observe(fn func() (*flow.Result, error)) outcome {
	res, err := fn()
	return e.outcome(res != nil && err == nil, err)
}

func (e *env) outcome(signedIn bool, err error) outcome {
	o := outcome{signedIn: signedIn, err: err, notices: e.p.told(), secrets: e.secrets()}
	if err != nil {
		o.notices = append(o.notices, flow.NoticeFor(err))
		o.text = err.Error()
	}
	for route, n := range e.sim.Counts() {
		o.requests += n
		switch route {
		case "POST /api/v1/logon":
			o.started += n
		case "DELETE /api/v1/logon/{id}":
			o.deletes += n
		}
	}
	o.live = e.sim.Processes()
	o.text += "\n" + e.logs.String()
	for _, n := range o.notices {
		o.text += "\n" + render(n, "en") + "\n" + render(n, "de")
	}
	return o
}

// deleted says what became of the logon process on the server.
func (o outcome) deleted() string {
	switch {
	case o.signedIn:
		return "n/a (signed in)"
	case o.started == 0:
		return "n/a (none started)"
	case errors.Is(o.err, auth.ErrProcessGone) && o.deletes == 0:
		return "n/a (the server said it is gone)"
	case o.deletes > 0 && o.live == 0:
		return "yes"
	}
	return "NO: left on the server"
}

// prompter is the person: the right password to every password question,
// nothing else. It records what it was told, except the routine prompts.
type prompter struct {
	mu      sync.Mutex
	notices []flow.Notice
	asked   int
}

func (p *prompter) Ask(ctx context.Context, q flow.Question) (auth.Secret, error) {
	p.mu.Lock()
	p.asked++
	p.mu.Unlock()
	if q.Kind == flow.AskPassword && q.Method == auth.MethodLDAPPassword {
		return aasim.DemoPassword, nil
	}
	return "", errors.New("unexpected question")
}

func (p *prompter) Show(n flow.Notice) {
	if n.Key == flow.NoticeFingerPlace {
		return
	}
	p.mu.Lock()
	p.notices = append(p.notices, n)
	p.mu.Unlock()
}

func (p *prompter) Progress(flow.Progress) {}

func (p *prompter) told() []flow.Notice {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]flow.Notice(nil), p.notices...)
}

// staticFinger yields a fixed record, as a reader would after a touch.
type staticFinger []byte

func (s staticFinger) Template(ctx context.Context) ([]byte, error) { return s, nil }

// syncBuffer takes the concurrent writes of log handlers.
type syncBuffer = syncbuf.Buffer

// catalogues are the window's translations, by language.
var catalogues = map[string]map[string]string{"en": load("en"), "de": load("de")}

func load(lang string) map[string]string {
	b, err := os.ReadFile("../../assets/translations/" + lang + ".json")
	if err != nil {
		panic(err) // the tests cannot run without the catalogue
	}
	raw := map[string]json.RawMessage{}
	if err := json.Unmarshal(b, &raw); err != nil {
		panic(err)
	}
	m := map[string]string{}
	for k, v := range raw {
		var s string
		if json.Unmarshal(v, &s) != nil { // plural forms: the "other" one
			var forms map[string]string
			if err := json.Unmarshal(v, &forms); err != nil {
				panic(err)
			}
			s = forms["other"]
		}
		m[k] = s
	}
	return m
}

// render is what the window shows for n in lang (ui.noticeText): the
// server's own words when it sent some, else the key's translation filled
// with the notice's data, methods by their translated titles. A key missing
// from the catalogue renders as "MISSING key", which no row expects.
func render(n flow.Notice, lang string) string {
	if n.Text != "" {
		return n.Text
	}
	cat := catalogues[lang]
	s, ok := cat[n.Key]
	if !ok {
		return "MISSING " + n.Key
	}
	title := func(m auth.MethodID) string {
		if t, ok := cat["method."+m.Name()]; ok {
			return t
		}
		return string(m)
	}
	tmpl, err := template.New("").Option("missingkey=error").Parse(s)
	if err != nil {
		return "BAD TEMPLATE " + n.Key
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, n.Data(title)); err != nil {
		return "BAD DATA " + n.Key
	}
	return b.String()
}

// injected is the error body's text the simulator sends for an injected
// status without a documented body.
func injected(code int) string { return http.StatusText(code) + " (injected fault)" }

package flow_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
)

// prompter answers questions with a function and records what it was told.
type prompter struct {
	mu       sync.Mutex
	answer   func(q flow.Question) (auth.Secret, error)
	asked    []flow.Question
	notices  []flow.Notice
	progress []flow.Progress
}

func (p *prompter) Ask(ctx context.Context, q flow.Question) (auth.Secret, error) {
	p.mu.Lock()
	p.asked = append(p.asked, q)
	p.mu.Unlock()
	return p.answer(q)
}

func (p *prompter) Show(n flow.Notice) {
	p.mu.Lock()
	p.notices = append(p.notices, n)
	p.mu.Unlock()
}

func (p *prompter) Progress(pr flow.Progress) {
	p.mu.Lock()
	p.progress = append(p.progress, pr)
	p.mu.Unlock()
}

func (p *prompter) noticed(key string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, x := range p.notices {
		if x.Key == key {
			n++
		}
	}
	return n
}

// answers returns an answer function giving password for passwords and the
// result of otp for codes.
func answers(password string, otp func(flow.Question) (auth.Secret, error)) func(flow.Question) (auth.Secret, error) {
	return func(q flow.Question) (auth.Secret, error) {
		if q.Kind == flow.AskPassword {
			return auth.Secret(password), nil
		}
		if otp != nil {
			return otp(q)
		}
		return "", errors.New("unexpected question")
	}
}

// staticFinger is a FingerprintSource that yields a fixed record.
type staticFinger []byte

func (s staticFinger) Template(ctx context.Context) ([]byte, error) { return s, nil }

// clock is a settable clock for the simulator.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type env struct {
	sim    *aasim.Sim
	client *auth.Client
	http   *http.Client // trusts the simulator's CA
	p      *prompter
	flow   *flow.Flow
}

// newEnv serves a simulator over HTTPS on loopback and returns a flow on it.
func newEnv(t *testing.T, simCfg aasim.Config, flowCfg flow.Config, answer func(flow.Question) (auth.Secret, error)) *env {
	t.Helper()
	sim := aasim.New(simCfg)
	return envOn(t, sim, sim, flowCfg, answer)
}

// envOn serves handler (the simulator sim, or something in front of it)
// over HTTPS on loopback and returns a flow on it, registered as an
// endpoint of sim.
func envOn(t *testing.T, sim *aasim.Sim, handler http.Handler, flowCfg flow.Config, answer func(flow.Question) (auth.Secret, error)) *env {
	t.Helper()
	srv, err := aasim.Serve("127.0.0.1:0", handler)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ep := sim.AddEndpoint("flow-test")
	hc, err := auth.NewHTTPClient(auth.TLSOptions{CAPEM: srv.CAPEM})
	if err != nil {
		t.Fatal(err)
	}
	c, err := auth.New(auth.Config{BaseURL: srv.URL, EndpointID: ep.ID, EndpointSecret: ep.Secret, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	p := &prompter{answer: answer}
	flowCfg.Client, flowCfg.Prompter = c, p
	if flowCfg.PollInterval == 0 {
		flowCfg.PollInterval = 10 * time.Millisecond
	}
	f, err := flow.New(flowCfg)
	if err != nil {
		t.Fatal(err)
	}
	return &env{sim: sim, client: c, http: hc, p: p, flow: f}
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

const event = "Authenticators Management"

func TestLDAPThenFingerInFiveRequests(t *testing.T) {
	e := newEnv(t, aasim.Config{}, flow.Config{Fingerprint: staticFinger(aasim.DemoFingerprint("denis"))},
		answers(aasim.DemoPassword, nil))
	res, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event})
	if err != nil {
		t.Fatal(err)
	}
	if res.LoginSession == "" || res.User.UserEmail != "denis@jaguar.example" || res.Chain.Name != "LDAP + Fingerprint" {
		t.Errorf("result = %+v", res)
	}
	if res.Policy == nil || !res.Policy.SavePassword {
		t.Errorf("policy = %+v, want the sample's (save_password true)", res.Policy)
	}
	want := map[string]int{
		"POST /api/v1/endpoints/{id}/sessions": 1, "POST /api/v1/logon": 1,
		"POST /api/v1/logon/{id}/do_logon": 2, "POST /api/v1/logon/{id}/next": 1,
	}
	if got := e.sim.Counts(); !equalCounts(got, want) {
		t.Errorf("requests = %v, want %v (5 in all)", got, want)
	}
	e.sim.ResetCounts()
	if _, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event}); err != nil {
		t.Fatal(err)
	}
	delete(want, "POST /api/v1/endpoints/{id}/sessions")
	if got := e.sim.Counts(); !equalCounts(got, want) {
		t.Errorf("second logon requests = %v, want %v (4 in all)", got, want)
	}
	if n := e.p.noticed(flow.NoticeFingerPlace); n != 2 {
		t.Errorf("'place your finger' shown %d times, want once per logon", n)
	}
	last := e.p.progress[len(e.p.progress)-1]
	if len(last.Completed) != 2 || last.Current != "" {
		t.Errorf("last progress = %+v, want both methods done", last)
	}
}

func equalCounts(got, want map[string]int) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

func TestWrongPasswordThenRight(t *testing.T) {
	tries := 0
	e := newEnv(t, aasim.Config{}, flow.Config{Fingerprint: staticFinger(aasim.DemoFingerprint("denis"))},
		func(q flow.Question) (auth.Secret, error) {
			tries++
			if tries == 1 {
				return "wrong", nil
			}
			return aasim.DemoPassword, nil
		})
	if _, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event}); err != nil {
		t.Fatal(err)
	}
	if len(e.p.asked) != 2 || e.p.asked[1].Attempt != 2 {
		t.Errorf("asked %+v, want a second attempt", e.p.asked)
	}
	var failed []flow.Notice
	for _, n := range e.p.notices {
		if n.Key == flow.NoticeFailed {
			failed = append(failed, n)
		}
	}
	if len(failed) != 1 || failed[0].Text != "Incorrect password" {
		t.Errorf("failure notices = %+v, want the server's 'Incorrect password'", failed)
	}
}

// Wrong passwords in a row do not read the same each time: from the second
// refusal on, the notice counts them and warns that the server may lock the
// account (it does not say how many tries are left); an answer that passes
// starts the count again.
func TestRefusalsInARowAreCountedAndWarnOfALock(t *testing.T) {
	tries := 0
	e := newEnv(t, aasim.Config{}, flow.Config{Fingerprint: staticFinger(aasim.DemoFingerprint("denis"))},
		func(q flow.Question) (auth.Secret, error) {
			if tries++; tries <= 3 {
				return "wrong", nil
			}
			return aasim.DemoPassword, nil
		})
	if _, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event}); err != nil {
		t.Fatal(err)
	}
	var told []string
	for _, n := range e.p.notices {
		if n.Key == flow.NoticeFailed {
			told = append(told, n.Render("en", nil)+" | "+n.Render("de", nil))
		}
	}
	want := []string{
		"Incorrect password | Falsches Passwort",
		"Incorrect password. Answers were refused 2 times in a row: after a few more, the server may lock your account. | " +
			"Falsches Passwort. Antworten wurden 2-mal in Folge abgelehnt: Nach weiteren Fehlversuchen kann der Server Ihr Konto sperren.",
		"Incorrect password. Answers were refused 3 times in a row: after a few more, the server may lock your account. | " +
			"Falsches Passwort. Antworten wurden 3-mal in Folge abgelehnt: Nach weiteren Fehlversuchen kann der Server Ihr Konto sperren.",
	}
	if !slices.Equal(told, want) {
		t.Errorf("the refusals read\n%s\nwant\n%s", strings.Join(told, "\n"), strings.Join(want, "\n"))
	}
}

func TestWrongPasswordWithoutMoreInputEndsWithTheServerMessage(t *testing.T) {
	first := true
	e := newEnv(t, aasim.Config{}, flow.Config{Fingerprint: staticFinger(nil)},
		func(q flow.Question) (auth.Secret, error) {
			if first {
				first = false
				return "wrong", nil
			}
			return "", io.EOF
		})
	_, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event})
	n := flow.NoticeFor(err)
	if n.Key != flow.NoticeFailed || n.Fallback() != "Incorrect password" {
		t.Fatalf("notice = %+v (err %v), want the server's 'Incorrect password'", n, err)
	}
	if e.sim.Processes() != 0 {
		t.Error("the logon process was not deleted on the server")
	}
}

func TestLockout(t *testing.T) {
	e := newEnv(t, aasim.Config{LockoutThreshold: 3}, flow.Config{Fingerprint: staticFinger(nil)},
		answers("wrong", nil))
	_, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event})
	if !errors.Is(err, flow.ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if len(e.p.asked) != 4 {
		t.Errorf("asked %d times, want 3 refused answers and a 4th refused as locked", len(e.p.asked))
	}
	if _, err := e.flow.Options(testCtx(t), "denis", event); !errors.Is(err, flow.ErrLocked) {
		t.Errorf("Options = %v, want ErrLocked (user_is_locked)", err)
	}
	// Even the right password is refused while locked.
	e.p.answer = answers(aasim.DemoPassword, nil)
	if _, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event}); !errors.Is(err, flow.ErrLocked) {
		t.Errorf("right password while locked: %v, want ErrLocked", err)
	}
	if flow.NoticeFor(err).Key != flow.NoticeLocked {
		t.Errorf("notice = %+v", flow.NoticeFor(err))
	}
}

func TestTOTPWithARealCode(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	secret := []byte("12345678901234567890") // alice's, DefaultData
	e := newEnv(t, aasim.Config{Now: clk.Now}, flow.Config{},
		answers(aasim.DemoPassword, func(q flow.Question) (auth.Secret, error) {
			return auth.Secret(aasim.TOTP(secret, clk.Now())), nil
		}))
	res, err := e.flow.Run(testCtx(t), flow.Request{User: "alice", Event: event, Chain: "LDAP + TOTP"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Chain.Name != "LDAP + TOTP" {
		t.Errorf("chain = %q", res.Chain.Name)
	}
	// The same code cannot be used twice.
	e.p.answer = answers(aasim.DemoPassword, func(q flow.Question) (auth.Secret, error) {
		if q.Attempt > 1 {
			clk.Add(aasim.TOTPStep)
		}
		return auth.Secret(aasim.TOTP(secret, clk.Now())), nil
	})
	if _, err := e.flow.Run(testCtx(t), flow.Request{User: "alice", Event: event, Chain: "LDAP + TOTP"}); err != nil {
		t.Fatal(err)
	}
	if e.p.noticed(flow.NoticeFailed) != 1 {
		t.Errorf("a replayed TOTP code was not refused once: notices %+v", e.p.notices)
	}
}

func TestSentOTPFromTheOutbox(t *testing.T) {
	var e *env
	resent := false
	e = newEnv(t, aasim.Config{}, flow.Config{}, answers(aasim.DemoPassword, func(q flow.Question) (auth.Secret, error) {
		if !q.CanResend {
			t.Error("a sent OTP must offer resend")
		}
		if !resent {
			resent = true
			return "", flow.ErrResend
		}
		return auth.Secret(e.sim.LastOTP("alice")), nil
	}))
	if _, err := e.flow.Run(testCtx(t), flow.Request{User: "alice", Event: event, Chain: "LDAP + SMS"}); err != nil {
		t.Fatal(err)
	}
	out := e.sim.Outbox()
	if len(out) != 2 || out[0].To != "+15550100001" || out[0].Code == out[1].Code && out[0].Sent != out[1].Sent {
		t.Errorf("outbox = %+v, want two codes to alice's phone", out)
	}
	if e.p.noticed(flow.NoticeOTPSent) != 2 {
		t.Errorf("'code sent' shown %d times, want 2", e.p.noticed(flow.NoticeOTPSent))
	}
}

func TestSecurityQuestions(t *testing.T) {
	answersByText := map[string]string{
		"What was the name of your first pet?": "rex", // case and spaces do not matter
		"In which city were you born?":         "  Lisbon ",
	}
	e := newEnv(t, aasim.Config{}, flow.Config{}, answers(aasim.DemoPassword, func(q flow.Question) (auth.Secret, error) {
		if q.Kind != flow.AskSecurityAnswer || !q.Secret {
			t.Errorf("question %+v", q)
		}
		return auth.Secret(answersByText[q.Text]), nil
	}))
	if _, err := e.flow.Run(testCtx(t), flow.Request{User: "bob", Event: event}); err != nil {
		t.Fatal(err)
	}
	if len(e.p.asked) != 3 {
		t.Errorf("asked %d questions, want password + 2", len(e.p.asked))
	}
}

func TestPush(t *testing.T) {
	cases := []struct {
		name    string
		act     func(s *aasim.Sim) bool
		timeout time.Duration
		want    error
	}{
		{"approved", func(s *aasim.Sim) bool { return s.Approve("carol") }, 0, nil},
		{"rejected", func(s *aasim.Sim) bool { return s.Reject("carol") }, 0, errRetryRefused},
		{"timed out", func(s *aasim.Sim) bool { return true }, 300 * time.Millisecond, flow.ErrPushTimeout},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, aasim.Config{}, flow.Config{PushTimeout: tc.timeout},
				answers(aasim.DemoPassword, func(q flow.Question) (auth.Secret, error) {
					if q.Kind == flow.AskRetry {
						return "", errRetryRefused
					}
					return "", errors.New("unexpected question")
				}))
			stop := make(chan struct{})
			go func() { // the phone: answers once the push is pending
				for {
					select {
					case <-stop:
						return
					case <-time.After(20 * time.Millisecond):
						if e.p.noticed(flow.NoticePushWaiting) > 0 && tc.act(e.sim) {
							return
						}
					}
				}
			}()
			defer close(stop)
			_, err := e.flow.Run(testCtx(t), flow.Request{User: "carol", Event: event, Chain: "LDAP + Smartphone"})
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if tc.want != nil && e.sim.Processes() != 0 {
				t.Error("the logon process was left on the server")
			}
		})
	}
}

var (
	errRetryRefused = errors.New("person declined to retry")
)

func TestCancelDeletesTheProcess(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := newEnv(t, aasim.Config{}, flow.Config{}, answers(aasim.DemoPassword, func(q flow.Question) (auth.Secret, error) {
		cancel() // the person presses Cancel at the OTP prompt
		return "", flow.ErrCancelled
	}))
	_, err := e.flow.Run(ctx, flow.Request{User: "alice", Event: event, Chain: "LDAP + TOTP"})
	if !errors.Is(err, flow.ErrCancelled) {
		t.Fatalf("err = %v, want ErrCancelled", err)
	}
	if n := e.sim.Counts()["DELETE /api/v1/logon/{id}"]; n != 1 || e.sim.Processes() != 0 {
		t.Errorf("DELETE /logon sent %d times, %d processes left; want 1 and 0", n, e.sim.Processes())
	}
}

func TestProcessExpiryStartsOver(t *testing.T) {
	clk := &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	asked := 0
	e := newEnv(t, aasim.Config{Now: clk.Now, ProcessTTL: time.Minute},
		flow.Config{Fingerprint: staticFinger(aasim.DemoFingerprint("denis"))},
		func(q flow.Question) (auth.Secret, error) {
			asked++
			if asked == 1 {
				clk.Add(2 * time.Minute) // the person went for coffee
			}
			return aasim.DemoPassword, nil
		})
	if _, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event}); err != nil {
		t.Fatal(err)
	}
	if e.p.noticed(flow.NoticeRestart) != 1 || asked != 2 {
		t.Errorf("restart notices %d, password asked %d times; want 1 and 2", e.p.noticed(flow.NoticeRestart), asked)
	}
}

func TestFingerMismatchRetriesThenGivesUp(t *testing.T) {
	e := newEnv(t, aasim.Config{}, flow.Config{Fingerprint: staticFinger(aasim.DemoFingerprint("someone else"))},
		answers(aasim.DemoPassword, nil))
	_, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event})
	if !errors.Is(err, flow.ErrTooManyAttempts) {
		t.Fatalf("err = %v, want ErrTooManyAttempts", err)
	}
	var retry []flow.Notice
	for _, n := range e.p.notices {
		if n.Key == flow.NoticeFingerRetry {
			retry = append(retry, n)
		}
	}
	if len(retry) != 2 || retry[0].Attempt != 2 || retry[0].MaxAttempts != 3 || retry[0].Text != "Mismatch" {
		t.Errorf("retry notices = %+v, want 'try again (2 of 3)' and '(3 of 3)'", retry)
	}
}

func TestChainChoice(t *testing.T) {
	t.Run("finger chain unusable without a reader", func(t *testing.T) {
		e := newEnv(t, aasim.Config{}, flow.Config{}, answers(aasim.DemoPassword, nil))
		_, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event})
		if !errors.Is(err, flow.ErrNoUsableChain) {
			t.Fatalf("err = %v, want ErrNoUsableChain", err)
		}
		opts, err := e.flow.Options(testCtx(t), "denis", event)
		if err != nil || len(opts) != 1 || opts[0].Supported || opts[0].Missing != auth.MethodFinger {
			t.Errorf("options = %+v, %v; want FINGER missing", opts, err)
		}
	})
	t.Run("unknown chain name", func(t *testing.T) {
		e := newEnv(t, aasim.Config{}, flow.Config{}, answers(aasim.DemoPassword, nil))
		_, err := e.flow.Run(testCtx(t), flow.Request{User: "alice", Event: event, Chain: "No such chain"})
		if !errors.Is(err, flow.ErrNoSuchChain) || e.sim.Processes() != 0 {
			t.Fatalf("err = %v (%d processes left), want ErrNoSuchChain and none", err, e.sim.Processes())
		}
	})
	t.Run("first method guess wrong", func(t *testing.T) {
		e := newEnv(t, aasim.Config{}, flow.Config{}, answers("radius-Passw0rd", nil))
		res, err := e.flow.Run(testCtx(t), flow.Request{User: "erin", Event: event, Chain: "RADIUS"})
		if err != nil || res.Chain.Name != "RADIUS" {
			t.Fatalf("res %+v, err %v", res, err)
		}
		if e.sim.Processes() != 0 {
			t.Error("the abandoned first process was left on the server")
		}
	})
	t.Run("user not found", func(t *testing.T) {
		e := newEnv(t, aasim.Config{}, flow.Config{}, answers(aasim.DemoPassword, nil))
		_, err := e.flow.Run(testCtx(t), flow.Request{User: "nobody", Event: event})
		if flow.NoticeFor(err).Key != flow.NoticeUserNotFound {
			t.Fatalf("err = %v, want user not found", err)
		}
	})
}

func TestNetworkDown(t *testing.T) {
	e := newEnv(t, aasim.Config{}, flow.Config{}, answers(aasim.DemoPassword, nil))
	e.sim.Inject(aasim.Fault{Kind: aasim.FaultDrop})
	_, err := e.flow.Run(testCtx(t), flow.Request{User: "alice", Event: event})
	if n := flow.NoticeFor(err); n.Key != flow.NoticeNetwork || !n.Retry {
		t.Fatalf("notice = %+v for %v, want network with retry", n, err)
	}
}

func TestSignOut(t *testing.T) {
	e := newEnv(t, aasim.Config{}, flow.Config{Fingerprint: staticFinger(aasim.DemoFingerprint("denis"))},
		answers(aasim.DemoPassword, nil))
	res, err := e.flow.Run(testCtx(t), flow.Request{User: "denis", Event: event})
	if err != nil {
		t.Fatal(err)
	}
	if e.sim.LoginSessions() != 1 {
		t.Fatal("no login session on the server")
	}
	if err := e.flow.SignOut(testCtx(t), res); err != nil || e.sim.LoginSessions() != 0 {
		t.Errorf("sign out: %v, %d sessions left", err, e.sim.LoginSessions())
	}
}

package ui_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
	"aalogon/device"
	"aalogon/device/virtual"
	"aalogon/ui"

	"image"
)

// harness runs the controller against a simulator over HTTPS on loopback.
// Every UI access, the flow's and the test's, goes through one mutex: the
// test driver runs fyne.Do inline on the calling goroutine.
type harness struct {
	t      *testing.T
	mu     sync.Mutex
	c      *ui.Controller
	sim    *aasim.Sim
	client *auth.Client // the window's client (SetLanguage: the server's words)
	w      fyne.Window
	reader *virtual.Reader
	events chan device.Event
	// beforeDo, when set, runs on the UI thread before each function the
	// controller hands to it (a person acting between two of its steps).
	beforeDo func()
}

func newHarness(t *testing.T, simCfg aasim.Config, opts ui.Options) *harness {
	t.Helper()
	test.NewTempApp(t)
	h := &harness{t: t, sim: aasim.New(simCfg)}
	srv, err := aasim.Serve("127.0.0.1:0", h.sim)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ep := h.sim.AddEndpoint("ui-test")
	hc, _ := auth.NewHTTPClient(auth.TLSOptions{CAPEM: srv.CAPEM})
	if opts.Client, err = auth.New(auth.Config{BaseURL: srv.URL, EndpointID: ep.ID, EndpointSecret: ep.Secret, HTTPClient: hc}); err != nil {
		t.Fatal(err)
	}
	h.client = opts.Client
	h.reader = virtual.New(virtual.Images(image.NewGray(image.Rect(0, 0, 8, 8))), virtual.Options{})
	h.events = make(chan device.Event, 16)
	opts.ReaderEvents = h.events
	if opts.Fingerprint == nil {
		opts.Fingerprint = func(user string) flow.FingerprintSource { return demoFinger{h.reader, h.events, user} }
	}
	if opts.Event == "" {
		opts.Event = "Authenticators Management"
	}
	opts.Do = func(f func()) {
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.beforeDo != nil {
			h.beforeDo()
		}
		f()
	}
	opts.FlowConfig.PollInterval = 10 * time.Millisecond
	opts.Prefs = fyne.CurrentApp().Preferences()
	h.ui(func() {
		h.w = test.NewTempWindow(t, widget.NewLabel(""))
		h.c = ui.NewController(h.w, opts)
		h.w.SetContent(h.c.Root)
		h.w.Resize(fyne.NewSize(460, 400))
	})
	t.Cleanup(h.c.Close) // no kiosk timer of this test fires in the next one
	return h
}

type demoFinger struct {
	r      *virtual.Reader
	events chan<- device.Event
	user   string
}

// CanTouch and Touch make the test's virtual reader touchable from the
// fingerprint screen, as the demo's is.
func (d demoFinger) CanTouch() bool { return true }
func (d demoFinger) Touch()         { d.r.Touch() }

func (d demoFinger) Template(ctx context.Context) ([]byte, error) {
	if _, err := d.r.Capture(ctx, d.events); err != nil {
		return nil, err
	}
	return aasim.DemoFingerprint(d.user), nil
}

func (h *harness) ui(f func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f()
}

// waitFor polls cond on the UI thread until it holds.
func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ok := false
		h.ui(func() { ok = cond() })
		if ok {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.t.Fatalf("timed out waiting for %s", what)
}

func (h *harness) typeInto(e fyne.Focusable, s string) { h.ui(func() { test.Type(e, s) }) }
func (h *harness) tap(b fyne.Tappable)                 { h.ui(func() { test.Tap(b) }) }

// signInAs types the user name, continues and waits for the password.
func (h *harness) signInAs(user string) {
	h.t.Helper()
	h.typeInto(h.c.SignIn.User, user)
	h.tap(h.c.SignIn.Submit)
}

func (h *harness) waitPassword() {
	h.t.Helper()
	// The field is enabled when the flow asks for the password (after a
	// refusal the message comes first): typed before, it would be lost.
	h.waitFor("the password field", func() bool {
		return h.c.SignIn.Submit.Text == "Sign in" && h.c.SignIn.User.Disabled() && !h.c.SignIn.Pass.Disabled()
	})
}

func (h *harness) password(p string) {
	h.t.Helper()
	h.waitPassword()
	h.ui(func() { h.c.SignIn.Pass.SetText(""); test.Type(h.c.SignIn.Pass, p) })
	h.tap(h.c.SignIn.Submit)
}

// waitSignedIn waits for the signed-in screen of user (JAGUAR\denis): its
// title names the person (Denis), never the domain.
func (h *harness) waitSignedIn(user string) {
	h.t.Helper()
	name := strings.ToLower(user[strings.LastIndex(user, `\`)+1:])
	h.waitFor("the signed-in screen", func() bool {
		return h.c.SignedIn != nil && strings.Contains(strings.ToLower(h.c.SignedIn.User.Text), name) &&
			!strings.Contains(h.c.SignedIn.User.Text, `\`)
	})
}

func (h *harness) chooseChain(name string) {
	h.t.Helper()
	var b *ui.Button
	h.waitFor("the chain choice", func() bool {
		if h.c.Chains == nil {
			return false
		}
		for _, x := range h.c.Chains.Buttons {
			if x.Text == name {
				b = x
			}
		}
		return b != nil
	})
	h.tap(b)
}

func TestWalkLDAPThenFinger(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.signInAs("denis")
	h.password(aasim.DemoPassword)
	h.waitFor("the fingerprint screen", func() bool { return h.c.Finger != nil && h.c.Finger.Touch != nil })
	h.ui(func() {
		if len(h.c.Stepper.Steps) != 2 || h.c.Stepper.Steps[1].TextStyle.Bold != true {
			t.Errorf("stepper does not show FINGER as current: %d steps", len(h.c.Stepper.Steps))
		}
	})
	h.tap(h.c.Finger.Touch)
	h.waitSignedIn(`JAGUAR\denis`)
	h.waitFor("the authenticators and session time", func() bool {
		return len(h.c.SignedIn.Authenticators.Objects) == 2 && strings.HasPrefix(h.c.SignedIn.Since.Text, "Since ") && strings.Contains(h.c.SignedIn.Since.Text, ", ")
	})
	h.ui(func() {
		if h.c.SignedIn.Email.Text != "denis@jaguar.example" {
			t.Errorf("email %q", h.c.SignedIn.Email.Text)
		}
	})
	h.tap(h.c.SignedIn.SignOut)
	h.waitFor("sign-out on the server", func() bool { return h.sim.LoginSessions() == 0 })
	h.ui(func() {
		if h.c.SignIn.User.Text != "" || h.c.SignedIn != nil {
			t.Error("sign-out did not return to an empty sign-in screen")
		}
	})
}

func TestWalkLDAPThenTOTPWithChainChoice(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.signInAs("alice")
	h.chooseChain("LDAP + TOTP")
	h.password(aasim.DemoPassword)
	h.waitFor("the OTP screen", func() bool { return h.c.OTP != nil })
	h.ui(func() {
		if h.c.OTP.Resend != nil {
			t.Error("a TOTP cannot be resent; no resend button")
		}
		test.Type(h.c.OTP.Code, aasim.TOTP([]byte("12345678901234567890"), time.Now()))
		test.Tap(h.c.OTP.Submit)
	})
	h.waitSignedIn(`JAGUAR\alice`)
	// The choice is remembered for alice.
	if got := fyne.CurrentApp().Preferences().String("chain.alice"); got != "LDAP + TOTP" {
		t.Errorf("remembered chain %q", got)
	}
}

func TestWalkSentOTPWithResend(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.signInAs("alice")
	h.chooseChain("LDAP + SMS")
	h.password(aasim.DemoPassword)
	h.waitFor("the code-sent note", func() bool { return h.c.OTP != nil && h.c.OTP.Note.Visible() && h.c.OTP.Resend != nil })
	var first *ui.OTPScreen
	h.ui(func() { first = h.c.OTP })
	h.tap(first.Resend)
	h.ui(func() {
		if !first.Code.Disabled() {
			t.Error("the code field takes input while the new code is sent")
		}
	})
	h.waitFor("a second code on a fresh screen", func() bool {
		return len(h.sim.Outbox()) == 2 && h.c.OTP != first && h.c.OTP.Note.Visible()
	})
	h.ui(func() {
		test.Type(h.c.OTP.Code, "12ab")
		test.Tap(h.c.OTP.Submit)
		if !h.c.OTP.Message.Visible() {
			t.Error("letters in a code were not refused in place")
		}
	})
	h.waitFor("the OTP screen", func() bool { return h.c.OTP != nil })
	h.ui(func() { test.Type(h.c.OTP.Code, h.sim.LastOTP("alice")); test.Tap(h.c.OTP.Submit) })
	h.waitSignedIn(`JAGUAR\alice`)
}

func TestWalkSecurityQuestions(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.signInAs("bob")
	h.password(aasim.DemoPassword)
	answers := map[string]string{"What was the name of your first pet?": "Rex", "In which city were you born?": "Lisbon"}
	for i := 0; i < 2; i++ {
		var q *ui.QuestionScreen
		h.waitFor("a question", func() bool {
			if h.c.Question != nil && answers[h.c.Question.Question.Text] != "" && h.c.Question.Answer.Text == "" {
				q = h.c.Question
				return true
			}
			return false
		})
		h.ui(func() { test.Type(q.Answer, answers[q.Question.Text]); test.Tap(q.Submit) })
		h.waitFor("the next screen", func() bool { return h.c.Question != q || h.c.SignedIn != nil })
	}
	h.waitSignedIn(`JAGUAR\bob`)
}

func TestWalkPush(t *testing.T) {
	t.Run("approved", func(t *testing.T) {
		h := newHarness(t, aasim.Config{}, ui.Options{})
		h.signInAs("carol")
		h.chooseChain("LDAP + Smartphone")
		h.password(aasim.DemoPassword)
		h.waitFor("the push screen", func() bool { return h.c.Push != nil && h.c.Push.Spinner.Visible() })
		h.waitFor("the approval", func() bool { return h.sim.Approve("carol") })
		h.waitSignedIn(`JAGUAR\carol`)
	})
	t.Run("rejected then retried", func(t *testing.T) {
		h := newHarness(t, aasim.Config{}, ui.Options{})
		h.signInAs("carol")
		h.chooseChain("LDAP + Smartphone")
		h.password(aasim.DemoPassword)
		h.waitFor("the push screen", func() bool { return h.c.Push != nil })
		h.waitFor("the rejection", func() bool { return h.sim.Reject("carol") })
		h.waitFor("the refusal in place", func() bool {
			return h.c.Push.Retry.Visible() && h.c.Push.Message.Text == "The request was rejected"
		})
		h.tap(h.c.Push.Retry)
		h.waitFor("the approval of the new push", func() bool { return h.sim.Approve("carol") })
		h.waitSignedIn(`JAGUAR\carol`)
	})
}

func TestWrongPasswordThenRight(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.signInAs("denis")
	h.password("wrong")
	h.waitFor("the refusal in place", func() bool {
		return h.c.SignIn.Message.Visible() && h.c.SignIn.Message.Text == "Incorrect password" && h.c.SignIn.Pass.Text == ""
	})
	h.ui(func() {
		if h.c.SignIn.User.Text != "denis" {
			t.Errorf("the user name was lost: %q", h.c.SignIn.User.Text)
		}
	})
	h.password(aasim.DemoPassword)
	h.waitFor("the fingerprint screen", func() bool { return h.c.Finger != nil })
}

func TestCancelDeletesTheProcess(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.signInAs("denis")
	h.waitPassword()
	h.waitFor("the logon process", func() bool { return h.sim.Processes() == 1 })
	h.tap(h.c.SignIn.Back)
	h.waitFor("the process deleted on the server", func() bool { return h.sim.Processes() == 0 })
	h.waitFor("the first sign-in phase", func() bool { return h.c.SignIn.Submit.Text == "Continue" })
	h.ui(func() {
		if h.c.SignIn.User.Text != "denis" || h.c.SignIn.Message.Visible() {
			t.Errorf("after cancel: user %q, message %v", h.c.SignIn.User.Text, h.c.SignIn.Message.Visible())
		}
	})
}

func TestEscInThePasswordFieldCancels(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.signInAs("denis")
	h.waitPassword()
	h.waitFor("the logon process", func() bool { return h.sim.Processes() == 1 })
	h.ui(func() { h.c.SignIn.Pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	h.waitFor("the process deleted on the server", func() bool { return h.sim.Processes() == 0 })
	h.waitFor("the first sign-in phase", func() bool { return h.c.SignIn.Submit.Text == "Continue" })
}

func TestNetworkDownThenRetry(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.sim.Inject(aasim.Fault{Kind: aasim.FaultDrop})
	h.signInAs("denis")
	h.waitFor("the network message with Retry", func() bool {
		return h.c.SignIn.Message.Visible() && strings.Contains(h.c.SignIn.Message.Text, "cannot be reached") && h.c.SignIn.Retry.Visible()
	})
	h.sim.ClearFaults()
	h.tap(h.c.SignIn.Retry)
	h.waitPassword()
}

func TestKioskIdleResetWipesEverything(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{Kiosk: ui.Kiosk{Enabled: true, IdleTimeout: 300 * time.Millisecond}})
	h.signInAs("denis")
	h.waitPassword()
	h.ui(func() { test.Type(h.c.SignIn.Pass, "half-typed") })
	h.waitFor("the idle reset", func() bool {
		return h.c.SignIn.User.Text == "" && h.c.SignIn.Pass.Text == "" && h.c.SignIn.Submit.Text == "Continue"
	})
	h.waitFor("the logon process deleted on the server", func() bool { return h.sim.Processes() == 0 })
}

func TestKioskSignsOutAutomatically(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{Kiosk: ui.Kiosk{Enabled: true, IdleTimeout: time.Hour, SignOutAfter: 300 * time.Millisecond}})
	h.signInAs("denis")
	h.password(aasim.DemoPassword)
	h.waitFor("the fingerprint screen", func() bool { return h.c.Finger != nil })
	h.tap(h.c.Finger.Touch)
	h.waitSignedIn("denis")
	h.waitFor("the automatic sign-out", func() bool { return h.c.SignedIn == nil && h.sim.LoginSessions() == 0 })
}

func TestUnsupportedChainIsShownDisabled(t *testing.T) {
	opts := []flow.ChainOption{
		{Chain: auth.Chain{Name: "LDAP + Fingerprint", Methods: []auth.MethodID{auth.MethodLDAPPassword, auth.MethodFinger}}, Missing: auth.MethodFinger},
		{Chain: auth.Chain{Name: "LDAP + TOTP", Methods: []auth.MethodID{auth.MethodLDAPPassword, auth.MethodTOTP}}, Supported: true},
	}
	test.NewTempApp(t)
	chosen := -1
	s := ui.NewChainScreen(opts, "LDAP + TOTP", func(i int) { chosen = i }, func() {})
	test.NewTempWindow(t, s.Root)
	if !s.Buttons[0].Disabled() || s.Buttons[1].Importance != widget.HighImportance {
		t.Error("the unusable chain is not disabled, or the last choice not marked")
	}
	test.Tap(s.Buttons[1])
	if chosen != 1 {
		t.Errorf("chosen %d", chosen)
	}
	found := false
	for _, o := range test.LaidOutObjects(s.Root) {
		if l, ok := o.(*widget.Label); ok && l.Text == "Not on this computer: Fingerprint" {
			found = true
		}
	}
	if !found {
		t.Error("no reason shown for the disabled chain")
	}
}

func TestSignInScreenKeyboard(t *testing.T) {
	test.NewTempApp(t)
	var user string
	s := ui.NewSignInScreen("", func(u string) { user = u }, nil, nil, nil)
	w := test.NewTempWindow(t, s.Root)
	w.Canvas().Focus(s.User)
	test.Type(s.User, "denis")
	s.User.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if user != "denis" {
		t.Errorf("Enter did not submit: %q", user)
	}
	s.User.SetText("")
	test.Tap(s.Submit)
	if !s.Message.Visible() {
		t.Error("an empty user name was not refused in place")
	}
	s.AskPassword(auth.MethodLDAPPassword, &auth.Policy{SSPREnabled: true, SSPRURL: "https://sspr.example/reset", SSPRCaption: "Reset it"})
	if !s.Forgot.Visible() || s.Forgot.Text != "Reset it" || s.Forgot.URL.Host != "sspr.example" {
		t.Errorf("forgot link %v %q %v", s.Forgot.Visible(), s.Forgot.Text, s.Forgot.URL)
	}
}

func TestGermanTranslation(t *testing.T) {
	test.NewTempApp(t)
	if err := ui.LoadTranslations("de"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ui.LoadTranslations("en") })
	s := ui.NewSignInScreen("", nil, nil, nil, nil)
	if s.Submit.Text != "Weiter" || s.User.PlaceHolder != "Benutzername" {
		t.Errorf("German: %q %q", s.Submit.Text, s.User.PlaceHolder)
	}
}

func TestParseShortcut(t *testing.T) {
	sc, err := ui.ParseShortcut("Ctrl+Alt+F12")
	if err != nil || sc.KeyName != fyne.KeyF12 || sc.Modifier != fyne.KeyModifierControl|fyne.KeyModifierAlt {
		t.Errorf("Ctrl+Alt+F12 = %+v, %v", sc, err)
	}
	if sc, _ := ui.ParseShortcut(""); sc.KeyName != fyne.KeyQ || sc.Modifier != fyne.KeyModifierControl|fyne.KeyModifierShift {
		t.Errorf("default = %+v", sc)
	}
	for _, bad := range []string{"Q", "Hyper+Q", "Ctrl+"} {
		if _, err := ui.ParseShortcut(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestReaderFailuresAreTranslated(t *testing.T) {
	test.NewTempApp(t)
	if err := ui.LoadTranslations("de"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ui.LoadTranslations("en") })
	s := ui.NewFingerScreen(nil, func() {})
	s.Event(device.Event{Kind: device.Failed, Err: fmt.Errorf("uru4000: open: %w", device.ErrBusy)})
	if !strings.HasPrefix(s.Instruction.Text, "Der Fingerabdruckleser wird von einem anderen Programm") {
		t.Errorf("busy reader, German: %q", s.Instruction.Text)
	}
}

func TestAFailedStartDoesNotBlockTheNextOne(t *testing.T) {
	test.NewTempApp(t)
	var c *ui.Controller
	w := test.NewTempWindow(t, widget.NewLabel(""))
	c = ui.NewController(w, ui.Options{Do: func(f func()) { f() }}) // no client: flow.New refuses
	w.SetContent(c.Root)
	for i := 0; i < 2; i++ {
		c.Start("denis")
		if !c.SignIn.Message.Visible() {
			t.Fatalf("start %d: no message for a client that cannot start", i+1)
		}
		c.SignIn.Message.Hide()
	}
}

// TestSignInSaysOnlyWhatIsKnown: the line under "Sign in" names the event
// and the server the window is set up with, and no more: never "… on "
// with nothing after it.
func TestSignInSaysOnlyWhatIsKnown(t *testing.T) {
	for _, tc := range []struct {
		name          string
		event, server string
		en, de        string
	}{
		{"both", "Kiosk", "aa.example.com", "Kiosk on aa.example.com", "Kiosk auf aa.example.com"},
		{"the server alone", "", "aa.example.com", "aa.example.com", "aa.example.com"},
		{"the event alone", "Kiosk", "", "Kiosk", "Kiosk"},
	} {
		for _, lang := range []string{"en", "de"} {
			t.Run(tc.name+"/"+lang, func(t *testing.T) {
				test.NewTempApp(t)
				inLanguage(t, lang)
				c := ui.NewController(nil, ui.Options{Event: tc.event, Server: tc.server})
				t.Cleanup(c.Close)
				if want := map[string]string{"en": tc.en, "de": tc.de}[lang]; c.SignIn.Where.Text != want {
					t.Errorf("%q, want %q", c.SignIn.Where.Text, want)
				}
			})
		}
	}
}

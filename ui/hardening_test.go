package ui_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
	"aalogon/ui"
)

func aliceTOTP() string { return aasim.TOTP([]byte("12345678901234567890"), time.Now()) }

// TestEveryStepGetsAFreshScreen: the code screen of alice's TOTP sign-in
// is not shown again, with her code in it, for the next sign-in by SMS.
func TestEveryStepGetsAFreshScreen(t *testing.T) {
	for _, end := range []string{"signed out", "cancelled"} {
		t.Run("after "+end, func(t *testing.T) {
			h := newHarness(t, aasim.Config{}, ui.Options{})
			h.signInAs("alice")
			h.chooseChain("LDAP + TOTP")
			h.password(aasim.DemoPassword)
			h.waitFor("the TOTP screen", func() bool { return h.c.OTP != nil })
			if end == "signed out" {
				h.ui(func() { test.Type(h.c.OTP.Code, aliceTOTP()); test.Tap(h.c.OTP.Submit) })
				h.waitSignedIn(`JAGUAR\alice`)
				h.tap(h.c.SignedIn.SignOut)
			} else {
				h.typeInto(h.c.OTP.Code, "123")
				h.tap(h.c.OTP.Cancel)
				h.waitFor("the first sign-in phase", func() bool { return h.c.SignIn.Submit.Text == "Continue" && !h.c.SignIn.User.Disabled() })
				h.ui(func() { h.c.SignIn.User.SetText("") })
			}
			h.signInAs("alice")
			h.chooseChain("LDAP + SMS")
			h.password(aasim.DemoPassword)
			h.waitFor("the SMS code screen", func() bool { return h.c.OTP != nil && h.c.OTP.Note.Visible() })
			h.ui(func() {
				if h.c.OTP.Code.Text != "" || h.c.OTP.Resend == nil || strings.Contains(h.c.OTP.Prompt.Text, "authenticator") {
					t.Errorf("SMS step shows code %q, resend %v, prompt %q", h.c.OTP.Code.Text, h.c.OTP.Resend != nil, h.c.OTP.Prompt.Text)
				}
			})
		})
	}
}

// TestUserNameIsTrimmed: " denis " (a Space left from the Sign out button)
// is denis for the fingerprint, the saved password and the last chain.
func TestUserNameIsTrimmed(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.signInAs(" denis ")
	h.password(aasim.DemoPassword)
	h.touchToSignIn()
	h.tap(h.c.SignedIn.SignOut)
	h.signInAs("  alice")
	h.chooseChain("LDAP + TOTP")
	h.waitPassword()
	h.ui(func() {
		if h.c.SignIn.User.Text != "alice" {
			t.Errorf("user field %q, want the trimmed name", h.c.SignIn.User.Text)
		}
	})
	h.password(aasim.DemoPassword)
	h.waitFor("the OTP screen", func() bool { return h.c.OTP != nil })
	h.ui(func() {
		test.Type(h.c.OTP.Code, aasim.TOTP([]byte("12345678901234567890"), time.Now()))
		test.Tap(h.c.OTP.Submit)
	})
	h.waitSignedIn(`JAGUAR\alice`)
	if got := fyne.CurrentApp().Preferences().String("chain.alice"); got != "LDAP + TOTP" {
		t.Errorf("last chain of alice = %q", got)
	}
	h.tap(h.c.SignedIn.SignOut)
	h.waitFor("the first phase", func() bool { return !h.c.SignIn.User.Disabled() })
	h.ui(func() { h.c.SignIn.User.SetText("   "); test.Tap(h.c.SignIn.Submit) })
	h.ui(func() {
		if !h.c.SignIn.Message.Visible() || h.sim.Processes() != 0 {
			t.Error("a blank user name was not refused in place")
		}
	})
}

// panicky is a fingerprint source that panics once, with a secret in the
// panic's value, then works.
type panicky struct {
	once *sync.Once
	demoFinger
}

func (p panicky) Template(ctx context.Context) ([]byte, error) {
	p.once.Do(func() { panic("template for " + aasim.DemoPassword) })
	return p.demoFinger.Template(ctx)
}

// TestAPanicInALogonIsCaught: the window says "Something went wrong", the
// log has the stack and no secret, and the next sign-in works.
func TestAPanicInALogonIsCaught(t *testing.T) {
	var logs bytes.Buffer
	var logMu sync.Mutex
	once := &sync.Once{}
	var h *harness
	h = newHarness(t, aasim.Config{}, ui.Options{
		Log: slog.New(slog.NewTextHandler(lockedWriter{&logMu, &logs}, nil)),
		Fingerprint: func(user string) flow.FingerprintSource {
			return panicky{once, demoFinger{h.reader, h.events, user}}
		},
	})
	h.signInAs("denis")
	h.password(aasim.DemoPassword)
	h.waitFor("the message", func() bool {
		return h.c.SignIn.Message.Visible() && h.c.SignIn.Message.Text == "Something went wrong. Try again."
	})
	logMu.Lock()
	got := logs.String()
	logMu.Unlock()
	if !strings.Contains(got, "internal error") || !strings.Contains(got, "goroutine") {
		t.Errorf("no log line with the stack:\n%s", got)
	}
	if strings.Contains(got, aasim.DemoPassword) {
		t.Errorf("the log holds a secret:\n%s", got)
	}
	h.tap(h.c.SignIn.Retry)
	h.password(aasim.DemoPassword)
	h.touchToSignIn()
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// TestASecondEnterDoesNotAnswerTheNextQuestion: a person pressing Enter
// again and again in the password field while the password is checked
// never sends it as the one-time code.
func TestASecondEnterDoesNotAnswerTheNextQuestion(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.signInAs("alice")
	h.chooseChain("LDAP + TOTP")
	h.waitPassword()
	h.ui(func() {
		test.Type(h.c.SignIn.Pass, aasim.DemoPassword)
		h.beforeDo = func() {
			if h.c.SignIn.Pass.Visible() && h.c.OTP == nil {
				h.c.SignIn.Pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
			}
		}
		h.c.SignIn.Pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	h.waitFor("the TOTP screen", func() bool { return h.c.OTP != nil })
	time.Sleep(100 * time.Millisecond) // a wrongly sent answer would be refused by now
	h.ui(func() {
		h.beforeDo = nil
		if h.c.OTP.Message.Visible() {
			t.Errorf("the code was answered before it was asked: %q", h.c.OTP.Message.Text)
		}
		test.Type(h.c.OTP.Code, aliceTOTP())
		test.Tap(h.c.OTP.Submit)
	})
	h.waitSignedIn(`JAGUAR\alice`)
}

func TestForgotPasswordLinkIsHTTPSOnlyAndNeverInAKiosk(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name  string
		url   string
		kiosk bool
		shown bool
	}{
		{"https", "https://sspr.example/reset", false, true},
		{"file", "file:///etc/passwd", false, false},
		{"plain http", "http://sspr.example/reset", false, false},
		{"javascript", "javascript:alert(1)", false, false},
		{"no host", "https:///reset", false, false},
		{"https in a kiosk", "https://sspr.example/reset", true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := ui.NewSignInScreen("", nil, nil, nil, nil)
			s.Kiosk = tc.kiosk
			s.AskPassword(auth.MethodLDAPPassword, &auth.Policy{SSPREnabled: true, SSPRURL: tc.url})
			if s.Forgot.Visible() != tc.shown {
				t.Errorf("link %q shown = %v, want %v", tc.url, s.Forgot.Visible(), tc.shown)
			}
		})
	}
}

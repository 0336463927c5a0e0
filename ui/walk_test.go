package ui_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
	"aalogon/device"
	"aalogon/internal/i18n"
	"aalogon/ui"
)

// What a walk through every screen found (issue #13), one test per finding.

// The signed-in title names the person: the first name the server gives,
// else the user name without its domain, never JAGUAR\denis.
func TestSignedInTitleIsThePersonsName(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		name string
		user auth.UserInfo
		want string
	}{
		{"first name", auth.UserInfo{UserName: `JAGUAR\denis`, UserFirstName: "Denis"}, "Signed in as Denis"},
		{"domain user", auth.UserInfo{UserName: `JAGUAR\denis`}, "Signed in as denis"},
		{"principal name", auth.UserInfo{UserName: "denis@jaguar.example"}, "Signed in as denis"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ui.NewSignedInScreen(tc.user, func() {}).User.Text; got != tc.want {
				t.Errorf("title = %q, want %q", got, tc.want)
			}
		})
	}
}

// A chain becomes "Last used" only when the sign-in with it succeeds: a
// choice followed by Cancel is not remembered.
func TestLastUsedChainIsSavedOnlyOnSuccess(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	prefs := fyne.CurrentApp().Preferences()
	prefs.SetString("chain.alice", "")
	h.signInAs("alice")
	h.chooseChain("LDAP + SMS")
	h.waitPassword()
	h.tap(h.c.SignIn.Back)
	h.waitFor("the first sign-in phase", func() bool { return h.c.SignIn.Submit.Text == "Continue" })
	if got := prefs.String("chain.alice"); got != "" {
		t.Errorf("a cancelled sign-in saved %q as last used", got)
	}
}

// After an error that can be retried ("Server cannot be reached", "Too
// many attempts") the screen offers one action, Retry, not Retry beside
// Continue; Retry signs in the name in the field, and Continue returns
// with the next attempt.
func TestRetryIsTheOneActionAfterAnError(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.sim.Inject(aasim.Fault{Kind: aasim.FaultDrop})
	h.signInAs("denis")
	h.waitFor("the network message", func() bool { return h.c.SignIn.Message.Visible() })
	h.ui(func() {
		if !h.c.SignIn.Retry.Visible() || h.c.SignIn.Submit.Visible() {
			t.Errorf("Retry shown %v, Continue shown %v: want Retry alone",
				h.c.SignIn.Retry.Visible(), h.c.SignIn.Submit.Visible())
		}
	})
	h.sim.ClearFaults()
	h.tap(h.c.SignIn.Retry)
	h.waitPassword()
	h.ui(func() {
		if h.c.SignIn.Retry.Visible() || !h.c.SignIn.Submit.Visible() {
			t.Error("the password phase lacks Sign in, or still offers Retry")
		}
	})
}

// An empty password is refused on the screen with a message; the flow
// never sends it.
func TestEmptyPasswordIsRefusedOnTheScreen(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.signInAs("denis")
	h.waitPassword()
	h.sim.ResetCounts()
	h.tap(h.c.SignIn.Submit)
	h.ui(func() {
		if !h.c.SignIn.Message.Visible() || h.c.SignIn.Message.Text != "Type your password." || h.c.SignIn.Pass.Disabled() {
			t.Errorf("message %v %q, field disabled %v: want the refusal in place and the field open",
				h.c.SignIn.Message.Visible(), h.c.SignIn.Message.Text, h.c.SignIn.Pass.Disabled())
		}
	})
	if n := h.sim.Counts()["POST /api/v1/logon/{id}/do_logon"]; n != 0 {
		t.Errorf("do_logon sent %d times for an empty password", n)
	}
}

// In German a server message this client knows by its msgid is German
// even when the server wrote it in English.
func TestKnownServerMessageIsGerman(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	if err := ui.LoadTranslations("de"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ui.LoadTranslations("en") })
	h.signInAs("denis")
	h.waitFor("the password field", func() bool { return h.c.SignIn.User.Disabled() && h.c.SignIn.Pass.Visible() })
	h.ui(func() { test.Type(h.c.SignIn.Pass, "wrong") })
	h.tap(h.c.SignIn.Submit)
	h.waitFor("the refusal", func() bool { return h.c.SignIn.Message.Visible() })
	h.ui(func() {
		if got := h.c.SignIn.Message.Text; got != "Falsches Passwort" {
			t.Errorf("refusal = %q, want it in German", got)
		}
	})
}

// After a code, a chain or an answer is submitted to a slow server, the
// screen shows that it waits: its inputs disabled and "One moment…".
func TestEveryStepShowsItWaitsForASlowServer(t *testing.T) {
	slow := func(route string) aasim.Fault {
		return aasim.Fault{Kind: aasim.FaultLatency, Route: route, Delay: 800 * time.Millisecond, Times: 1}
	}
	t.Run("code", func(t *testing.T) {
		h := newHarness(t, aasim.Config{}, ui.Options{})
		h.signInAs("alice")
		h.chooseChain("LDAP + TOTP")
		h.password(aasim.DemoPassword)
		h.waitFor("the OTP screen", func() bool { return h.c.OTP != nil })
		h.sim.Inject(slow("POST /api/v1/logon/{id}/do_logon"))
		h.ui(func() {
			test.Type(h.c.OTP.Code, aasim.TOTP([]byte("12345678901234567890"), time.Now()))
			test.Tap(h.c.OTP.Submit)
		})
		h.waitFor("One moment…", func() bool { return h.c.OTP.Wait.Visible() && h.c.OTP.Wait.Text == "One moment…" })
		h.ui(func() {
			if !h.c.OTP.Code.Disabled() || !h.c.OTP.Submit.Disabled() {
				t.Error("the code field or OK takes input while the code is checked")
			}
		})
		h.waitSignedIn(`JAGUAR\alice`)
	})
	t.Run("chain", func(t *testing.T) {
		h := newHarness(t, aasim.Config{}, ui.Options{})
		h.sim.Inject(slow("POST /api/v1/logon"))
		h.signInAs("alice")
		h.chooseChain("LDAP + TOTP")
		h.waitFor("One moment…", func() bool { return h.c.Chains != nil && h.c.Chains.Wait.Visible() })
		h.ui(func() {
			for _, b := range h.c.Chains.Buttons {
				if !b.Disabled() {
					t.Errorf("%q can be chosen while the logon starts", b.Text)
				}
			}
		})
		h.waitPassword()
	})
	t.Run("answer", func(t *testing.T) {
		h := newHarness(t, aasim.Config{}, ui.Options{})
		h.signInAs("bob")
		h.password(aasim.DemoPassword)
		answers := map[string]string{"What was the name of your first pet?": "Rex", "In which city were you born?": "Lisbon"}
		var q *ui.QuestionScreen
		for i := 0; i < 2; i++ {
			h.waitFor("a question", func() bool {
				if h.c.Question != nil && h.c.Question != q && h.c.Question.Answer.Text == "" {
					q = h.c.Question
					return true
				}
				return false
			})
			if i == 1 {
				h.sim.Inject(slow("POST /api/v1/logon/{id}/do_logon"))
			}
			h.ui(func() { test.Type(q.Answer, answers[q.Question.Text]); test.Tap(q.Submit) })
		}
		h.waitFor("One moment…", func() bool { return q.Wait.Visible() })
		h.ui(func() {
			if !q.Answer.Disabled() || !q.Submit.Disabled() {
				t.Error("the answer field or OK takes input while the answers are checked")
			}
		})
		h.waitSignedIn(`JAGUAR\bob`)
	})
}

// noReaderOnce is a fingerprint source whose reader is missing at the
// first capture and plugged in afterwards.
type noReaderOnce struct {
	demoFinger
	missing *atomic.Bool
}

func (s noReaderOnce) Template(ctx context.Context) ([]byte, error) {
	if s.missing.Swap(false) {
		return nil, fmt.Errorf("test reader: %w", device.ErrNoReader)
	}
	return s.demoFinger.Template(ctx)
}

// With no reader at the FINGER step the person is not sent back to the
// start: the fingerprint screen says so and offers Try again, plugging a
// reader in retries, and the password already passed is not asked again.
func TestMissingReaderAtTheFingerStepCanBePluggedIn(t *testing.T) {
	missing := &atomic.Bool{}
	missing.Store(true)
	var h *harness
	h = newHarness(t, aasim.Config{}, ui.Options{Fingerprint: func(user string) flow.FingerprintSource {
		return noReaderOnce{demoFinger{h.reader, h.events, user}, missing}
	}})
	h.signInAs("denis")
	h.password(aasim.DemoPassword)
	h.waitFor("Try again on the fingerprint screen", func() bool {
		return h.c.Finger != nil && h.c.Finger.TryAgain.Visible() && h.c.Finger.CaptureState() != ui.FingerReady
	})
	h.ui(func() {
		if h.c.SignIn.Message.Visible() || h.sim.Processes() != 1 {
			t.Error("the logon ended: the password would have to be typed again")
		}
	})
	h.events <- device.Event{Kind: device.Attached, Reader: device.Info{Name: "Test reader"}}
	h.waitFor("the capture again", func() bool { return !h.c.Finger.TryAgain.Visible() && !missing.Load() })
	h.waitFor("the virtual reader's button", func() bool { return h.c.Finger.Touch != nil && !h.c.Finger.Touch.Disabled() })
	h.tap(h.c.Finger.Touch)
	h.waitSignedIn(`JAGUAR\denis`)
}

// The directory password has one plain name wherever a person reads it:
// "Password", never "LDAP password" or "Network password".
func TestThePasswordHasOnePlainName(t *testing.T) {
	test.NewTempApp(t)
	s := ui.NewSignInScreen("", nil, nil, nil, nil)
	s.AskPassword(auth.MethodLDAPPassword, nil)
	st := ui.NewStepper()
	st.Set(flow.Progress{Chain: auth.Chain{Methods: []auth.MethodID{auth.MethodLDAPPassword}}, Current: auth.MethodLDAPPassword})
	if s.Pass.PlaceHolder != "Password" || st.Steps[0].Text != "Password" {
		t.Errorf("field %q, step %q: want Password", s.Pass.PlaceHolder, st.Steps[0].Text)
	}
	c := i18n.Shipped()
	for _, key := range c.Keys(i18n.English) {
		if text := c.Raw(i18n.English, key); strings.Contains(text, "LDAP password") || strings.Contains(text, "Network password") {
			t.Errorf("%s says %q", key, text)
		}
	}
}

// unplugged is a fingerprint source whose reader is not plugged in.
type unplugged struct{ demoFinger }

func (unplugged) HasReader() bool { return false }

// With no reader plugged in, a chain with a fingerprint is shown as
// needing one, and not offered as "Last used" even when it was.
func TestChainWithAFingerprintNeedsAReader(t *testing.T) {
	var h *harness
	h = newHarness(t, aasim.Config{}, ui.Options{Fingerprint: func(user string) flow.FingerprintSource {
		return unplugged{demoFinger{h.reader, h.events, user}}
	}})
	fyne.CurrentApp().Preferences().SetString("chain.erin", "LDAP + Fingerprint")
	h.signInAs("erin")
	h.waitFor("the chain choice", func() bool { return h.c.Chains != nil })
	h.ui(func() {
		var labels []string
		for _, o := range test.LaidOutObjects(h.c.Chains.Root) {
			if l, ok := o.(*widget.Label); ok && l.Visible() {
				labels = append(labels, l.Text)
			}
		}
		if !slices.Contains(labels, "Needs a fingerprint reader: plug one in") || slices.Contains(labels, "Last used") {
			t.Errorf("chain screen says %q: want the reader needed, and no last used", labels)
		}
		for _, b := range h.c.Chains.Buttons {
			if b.Text == "LDAP + Fingerprint" && b.Importance == widget.HighImportance {
				t.Error("the chain that cannot work now is offered as the one to take")
			}
		}
	})
}

// A refusal of the security answers stands above the question shown next,
// not under it as if that question had been answered wrongly.
func TestRefusedAnswersStandAboveTheNextQuestion(t *testing.T) {
	test.NewTempApp(t)
	s := ui.NewQuestionScreen("In which city were you born?", func(string) {}, func() {})
	w := test.NewTempWindow(t, s.Root)
	w.Resize(fyne.NewSize(400, 300))
	s.ShowMessage("Incorrect answers")
	s.Root.Refresh()
	if s.Message.Position().Y >= s.Question.Position().Y {
		t.Errorf("refusal at y=%v, question at y=%v: want the refusal above", s.Message.Position().Y, s.Question.Position().Y)
	}
}

package ui_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"aalogon/auth"
	"aalogon/auth/aasim"
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

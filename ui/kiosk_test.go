package ui_test

import (
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"aalogon/auth/aasim"
	"aalogon/ui"
)

func kioskHarness(t *testing.T, idle, signOut time.Duration) *harness {
	return newHarness(t, aasim.Config{}, ui.Options{Kiosk: ui.Kiosk{Enabled: true, IdleTimeout: idle, SignOutAfter: signOut}})
}

// TestKioskTypingIsActivity: typing one character at a time, slower than
// nothing but faster than the idle time, never has the field wiped.
func TestKioskTypingIsActivity(t *testing.T) {
	h := kioskHarness(t, 400*time.Millisecond, time.Hour)
	h.signInAs("denis") // a button press: the idle time runs from here
	h.waitPassword()
	typed := "Passw0rd-long"
	for _, r := range typed {
		time.Sleep(120 * time.Millisecond)
		h.ui(func() { test.Type(h.c.SignIn.Pass, string(r)) })
	}
	h.ui(func() {
		if h.c.SignIn.Pass.Text != typed || h.c.SignIn.User.Text != "denis" {
			t.Errorf("while typing: user %q, password of %d characters; want denis and %d", h.c.SignIn.User.Text, len(h.c.SignIn.Pass.Text), len(typed))
		}
	})
	h.waitFor("the idle wipe once typing stops", func() bool { return h.c.SignIn.User.Text == "" && h.c.SignIn.Submit.Text == "Continue" })
}

// TestKioskSignOutTimerIsItsOwn: a short idle time does not sign a person
// out; the sign-out time does.
func TestKioskSignOutTimerIsItsOwn(t *testing.T) {
	h := kioskHarness(t, time.Second, 3*time.Second)
	h.signInAs("denis")
	h.password(aasim.DemoPassword)
	h.touchToSignIn()
	signedIn := time.Now()
	time.Sleep(2 * time.Second) // two idle times
	h.ui(func() {
		if h.c.SignedIn == nil {
			t.Error("signed out after the idle time, before the sign-out time")
		}
	})
	h.waitFor("the automatic sign-out", func() bool { return h.c.SignedIn == nil && h.sim.LoginSessions() == 0 })
	if took := time.Since(signedIn); took < 2900*time.Millisecond {
		t.Errorf("signed out after %v, want 3 s", took)
	}
}

// TestKioskWaitsForAPendingPush: a person waiting for their phone is not
// wiped.
func TestKioskWaitsForAPendingPush(t *testing.T) {
	h := kioskHarness(t, 300*time.Millisecond, time.Hour)
	h.signInAs("carol")
	h.chooseChain("LDAP + Smartphone")
	h.password(aasim.DemoPassword)
	h.waitFor("the push screen", func() bool { return h.c.Push != nil && h.c.Push.Spinner.Visible() })
	time.Sleep(900 * time.Millisecond)
	h.ui(func() {
		if h.c.Push == nil || h.sim.Processes() != 1 {
			t.Error("the idle wipe cancelled a pending push")
		}
	})
	h.waitFor("the approval", func() bool { return h.sim.Approve("carol") })
	h.waitSignedIn(`JAGUAR\carol`)
}

// TestKioskRemembersNobody: no last chain is kept per user.
func TestKioskRemembersNobody(t *testing.T) {
	h := kioskHarness(t, time.Hour, time.Hour)
	h.signInAs("alice")
	h.chooseChain("LDAP + TOTP")
	h.waitPassword()
	if got := fyne.CurrentApp().Preferences().String("chain.alice"); got != "" {
		t.Errorf("the kiosk remembered alice's chain %q", got)
	}
}

// TestKioskWipesAgainAfterAPush: once the push is over (here cancelled),
// the idle wipe works again.
func TestKioskWipesAgainAfterAPush(t *testing.T) {
	h := kioskHarness(t, 300*time.Millisecond, time.Hour)
	h.signInAs("carol")
	h.chooseChain("LDAP + Smartphone")
	h.password(aasim.DemoPassword)
	h.waitFor("the push screen", func() bool { return h.c.Push != nil && h.c.Push.Spinner.Visible() })
	h.tap(h.c.Push.Cancel)
	h.waitFor("the idle wipe", func() bool { return h.c.SignIn.User.Text == "" && h.sim.Processes() == 0 })
}

// TestKioskExitCoversTheWindowInHighContrast: in high contrast the PIN
// dialog's black box would not stand out from the black window, and the
// user-name field showed cut off beside it: the window behind the dialog
// is covered.
func TestKioskExitCoversTheWindowInHighContrast(t *testing.T) {
	var exit scene
	for _, sc := range screens {
		if sc.name == "kiosk-exit" {
			exit = sc
		}
	}
	h := exit.open(t, "en")
	h.ui(func() {
		if err := ui.ApplyTheme(fyne.CurrentApp(), ui.ThemeHighContrast); err != nil {
			t.Fatal(err)
		}
		fitWindow(h)
		shot := h.w.Canvas().Capture()
		user := rectOf(h.c.SignIn.User)
		black := color.RGBA{A: 0xff}
		for x := user.x; x < user.x+24; x++ { // the field's left end, beside the dialog
			y := user.y + user.h/2
			if got := color.RGBAModel.Convert(shot.At(int(x), int(y))); got != black {
				t.Fatalf("at (%.0f,%.0f), beside the dialog, the user-name field shows (%v), want the window covered in black", x, y, got)
			}
		}
	})
}

package ui_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/credstore"
	"aalogon/ui"
)

func denisKey(h *harness) credstore.Key {
	return credstore.Key{Server: h.c.ServerURL(), Event: "Authenticators Management", User: "denis"}
}

func (h *harness) touchToSignIn() {
	h.t.Helper()
	h.waitFor("the fingerprint screen", func() bool { return h.c.Finger != nil && h.c.Finger.Touch != nil })
	h.tap(h.c.Finger.Touch)
	h.waitSignedIn(`JAGUAR\denis`)
}

func TestRememberedPasswordIsUsedNextTime(t *testing.T) {
	store := credstore.New(credstore.Config{Keyring: &credstore.Memory{}})
	h := newHarness(t, aasim.Config{}, ui.Options{Passwords: store})
	h.signInAs("denis")
	h.waitFor("the remember box", func() bool { return h.c.SignIn.Remember.Visible() && !h.c.SignIn.Remember.Disabled() })
	h.ui(func() { test.Tap(h.c.SignIn.Remember) })
	h.password(aasim.DemoPassword)
	h.touchToSignIn()
	if got, err := store.Load(denisKey(h)); err != nil || got.Reveal() != aasim.DemoPassword {
		t.Fatalf("saved %v, %v", got, err)
	}
	h.tap(h.c.SignedIn.SignOut)
	h.signInAs("denis")
	h.waitFor("the saved-password state", func() bool { return h.c.SignIn.UsingSaved() && h.c.SignIn.Saved.Visible() })
	h.tap(h.c.SignIn.Submit) // nothing typed
	h.touchToSignIn()
}

func TestRefusedSavedPasswordIsForgotten(t *testing.T) {
	store := credstore.New(credstore.Config{Keyring: &credstore.Memory{}})
	h := newHarness(t, aasim.Config{}, ui.Options{Passwords: store})
	store.Save(denisKey(h), "an-old-password", &auth.Policy{SavePassword: true}, true)
	h.signInAs("denis")
	h.waitFor("the saved-password state", func() bool { return h.c.SignIn.UsingSaved() })
	h.tap(h.c.SignIn.Submit)
	h.waitFor("the refusal and the password field", func() bool {
		return h.c.SignIn.Message.Text == "Incorrect password" && !h.c.SignIn.UsingSaved() && h.c.SignIn.Submit.Text == "Sign in"
	})
	if _, err := store.Load(denisKey(h)); !errors.Is(err, credstore.ErrNotFound) {
		t.Errorf("the refused password is still saved: %v", err)
	}
	h.password(aasim.DemoPassword)
	h.touchToSignIn()
}

func TestForgetAndUseAnother(t *testing.T) {
	store := credstore.New(credstore.Config{Keyring: &credstore.Memory{}})
	h := newHarness(t, aasim.Config{}, ui.Options{Passwords: store})
	store.Save(denisKey(h), aasim.DemoPassword, &auth.Policy{SavePassword: true}, true)
	h.signInAs("denis")
	h.waitFor("the saved-password state", func() bool { return h.c.SignIn.UsingSaved() })
	h.tap(h.c.SignIn.UseAnother)
	h.waitFor("the password field", func() bool { return !h.c.SignIn.UsingSaved() && h.c.SignIn.Pass.Visible() })
	if _, err := store.Load(denisKey(h)); err != nil {
		t.Error("'Use another password' deleted the saved one")
	}
	h.tap(h.c.SignIn.Back)
	h.waitFor("the first phase", func() bool { return h.c.SignIn.Submit.Text == "Continue" })
	h.tap(h.c.SignIn.Submit)
	h.waitFor("the saved-password state", func() bool { return h.c.SignIn.UsingSaved() })
	h.tap(h.c.SignIn.Forget)
	h.waitFor("the password field", func() bool { return !h.c.SignIn.UsingSaved() })
	h.waitFor("the item deleted", func() bool {
		_, err := store.Load(denisKey(h))
		return errors.Is(err, credstore.ErrNotFound)
	})
}

func TestPolicyDecidesTheRememberBox(t *testing.T) {
	t.Run("policy refuses: no box, saved password deleted", func(t *testing.T) {
		store := credstore.New(credstore.Config{Keyring: &credstore.Memory{}})
		h := newHarness(t, aasim.Config{}, ui.Options{Passwords: store})
		h.sim.SetPolicy(auth.Policy{SavePassword: false})
		store.Save(denisKey(h), aasim.DemoPassword, &auth.Policy{SavePassword: true}, true)
		h.signInAs("denis")
		h.waitFor("the saved-password state", func() bool { return h.c.SignIn.UsingSaved() })
		h.tap(h.c.SignIn.UseAnother)
		h.waitFor("the password field", func() bool { return h.c.SignIn.Pass.Visible() })
		h.ui(func() {
			if h.c.SignIn.Remember.Visible() {
				t.Error("the remember box shows although the policy refuses saving")
			}
		})
		h.password(aasim.DemoPassword)
		h.touchToSignIn()
		if _, err := store.Load(denisKey(h)); !errors.Is(err, credstore.ErrNotFound) {
			t.Errorf("a password the policy no longer allows was kept: %v", err)
		}
	})
	t.Run("no keyring: box disabled with the reason", func(t *testing.T) {
		broken := &credstore.Memory{Err: errors.New("org.freedesktop.secrets was not provided by any .service files")}
		h := newHarness(t, aasim.Config{}, ui.Options{Passwords: credstore.New(credstore.Config{Keyring: broken})})
		h.signInAs("denis")
		h.waitFor("the disabled box with its reason", func() bool {
			return h.c.SignIn.Remember.Visible() && h.c.SignIn.Remember.Disabled() && h.c.SignIn.RememberNote.Visible()
		})
		h.password(aasim.DemoPassword)
		h.touchToSignIn() // logon goes on
	})
	t.Run("kiosk: never", func(t *testing.T) {
		h := newHarness(t, aasim.Config{}, ui.Options{Passwords: credstore.New(credstore.Config{Keyring: &credstore.Memory{}}), Kiosk: ui.Kiosk{Enabled: true}})
		h.signInAs("denis")
		h.waitPassword()
		h.ui(func() {
			if h.c.SignIn.Remember.Visible() {
				t.Error("a kiosk offers to remember passwords")
			}
		})
	})
}

// TestSavedPasswordSurvivesALaterRefusal: saved password accepted, then a
// wrong one-time code: the password is still saved.
func TestSavedPasswordSurvivesALaterRefusal(t *testing.T) {
	store := credstore.New(credstore.Config{Keyring: &credstore.Memory{}})
	h := newHarness(t, aasim.Config{}, ui.Options{Passwords: store})
	alice := credstore.Key{Server: h.c.ServerURL(), Event: "Authenticators Management", User: "alice"}
	store.Save(alice, aasim.DemoPassword, &auth.Policy{SavePassword: true}, true)
	h.signInAs("alice")
	h.chooseChain("LDAP + TOTP")
	h.waitFor("the saved-password state", func() bool { return h.c.SignIn.UsingSaved() })
	h.tap(h.c.SignIn.Submit)
	h.waitFor("the TOTP screen", func() bool { return h.c.OTP != nil })
	h.ui(func() { test.Type(h.c.OTP.Code, "000000"); test.Tap(h.c.OTP.Submit) })
	h.waitFor("the refusal", func() bool { return h.c.OTP != nil && h.c.OTP.Message.Visible() })
	if _, err := store.Load(alice); err != nil {
		t.Errorf("a wrong one-time code deleted the saved password: %v", err)
	}
}

// stuckKeyring never answers, as a locked Secret Service collection with
// no one to show the unlock prompt.
type stuckKeyring struct{ release chan struct{} }

func (k stuckKeyring) Get(string, string) (string, error) { <-k.release; return "", nil }
func (k stuckKeyring) Set(string, string, string) error   { <-k.release; return nil }
func (k stuckKeyring) Delete(string, string) error        { <-k.release; return nil }

// TestALockedKeyringDoesNotHangTheLogon: the logon goes on without the
// saved password and says why.
func TestALockedKeyringDoesNotHangTheLogon(t *testing.T) {
	kr := stuckKeyring{make(chan struct{})}
	t.Cleanup(func() { close(kr.release) })
	store := credstore.New(credstore.Config{Keyring: kr, Timeout: 100 * time.Millisecond})
	h := newHarness(t, aasim.Config{}, ui.Options{Passwords: store})
	h.signInAs("denis")
	h.waitPassword()
	h.waitFor("the reason", func() bool {
		return h.c.SignIn.RememberNote.Visible() && strings.Contains(h.c.SignIn.RememberNote.Text, "did not answer")
	})
	h.password(aasim.DemoPassword)
	h.touchToSignIn()
}

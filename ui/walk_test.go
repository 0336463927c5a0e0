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

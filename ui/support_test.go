package ui_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"aalogon/auth/aasim"
	"aalogon/ui"
)

// After a sign-in that failed on the server's side, the person can save a
// support file for the help desk; the window says where it went. A kiosk
// never offers it.
func TestFailedSignInOffersASupportFile(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	var mu sync.Mutex
	var saved string
	write := func(ctx context.Context, path string) error {
		mu.Lock()
		saved = path
		mu.Unlock()
		return os.WriteFile(path, []byte("PK"), 0o600)
	}
	h := newHarness(t, aasim.Config{}, ui.Options{SupportBundle: write})
	h.sim.Inject(aasim.Fault{Kind: aasim.FaultStatus, Status: 503})
	h.signInAs("denis")
	h.waitFor("the error and the support button", func() bool {
		return h.c.SignIn.Message.Visible() && h.c.SignIn.Support.Visible()
	})
	h.tap(h.c.SignIn.Support)
	h.waitFor("where the support file went", func() bool { return h.c.SignIn.SupportNote.Visible() })
	mu.Lock()
	path := saved
	mu.Unlock()
	if filepath.Dir(path) != home || !strings.HasSuffix(path, ".zip") {
		t.Errorf("support file written to %q, want a .zip in the home folder %s", path, home)
	}
	h.ui(func() {
		if want := "Support file saved: " + path; h.c.SignIn.SupportNote.Text != want {
			t.Errorf("note %q, want %q", h.c.SignIn.SupportNote.Text, want)
		}
	})
	h.sim.ClearFaults()
	h.ui(func() { h.c.SignIn.User.SetText("") })
	h.signInAs("denis") // a new attempt puts the button away
	h.waitPassword()
	h.ui(func() {
		if h.c.SignIn.Support.Visible() || h.c.SignIn.SupportNote.Visible() {
			t.Error("the support button or note stayed on the next sign-in")
		}
	})
}

// A kiosk never offers a support file: the next person is not to find one.
func TestKioskOffersNoSupportFile(t *testing.T) {
	called := false
	h := newHarness(t, aasim.Config{}, ui.Options{Kiosk: ui.Kiosk{Enabled: true},
		SupportBundle: func(context.Context, string) error { called = true; return nil }})
	h.sim.Inject(aasim.Fault{Kind: aasim.FaultStatus, Status: 503})
	h.signInAs("denis")
	h.waitFor("the error", func() bool { return h.c.SignIn.Message.Visible() })
	h.ui(func() {
		if h.c.SignIn.Support.Visible() || called {
			t.Error("a kiosk offered a support file")
		}
	})
}

package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Kiosk configures kiosk mode: full screen, no closing, an administrator
// exit, an idle wipe and an automatic sign-out.
type Kiosk struct {
	Enabled bool
	// IdleTimeout cancels the logon and wipes every field after this long
	// without key or pointer input. A pending push or answer holds the
	// wipe back: the person is waiting for their phone or the server.
	// Zero: 60 s.
	IdleTimeout time.Duration
	// SignOutAfter signs out automatically after this long on the
	// signed-in screen, whatever the idle time. Zero: 5 min.
	SignOutAfter time.Duration
	// ExitPINHash is the bcrypt hash of the administrator exit's PIN
	// (kiosk_pin_hash in the system configuration). Empty: no exit.
	ExitPINHash string
	// ExitKey is the exit's key combination (ParseShortcut). Empty:
	// Ctrl+Shift+Q.
	ExitKey string
}

// kiosk runs kiosk mode's two timers and its exit. Its rules: any key or
// pointer input restarts the idle timer; the idle wipe waits while a push
// or an answer sent to the server is pending, and never comes while
// someone is signed in; the sign-out timer runs only while someone is
// signed in. UI thread only.
type kiosk struct {
	c      *Controller
	cfg    Kiosk
	exitSC *desktop.CustomShortcut
	quit   func() // closes the application; set by lockDown

	idle, out *time.Timer
	gen       int  // the current timers' generation: a timer of an older one does nothing
	held      bool // a push is pending
	signed    bool
	exit      *exitDialog // open, or nil
	gate      *pinGate
}

func newKiosk(c *Controller, cfg Kiosk) *kiosk {
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = time.Minute
	}
	if cfg.SignOutAfter <= 0 {
		cfg.SignOutAfter = 5 * time.Minute
	}
	sc, err := ParseShortcut(cfg.ExitKey)
	if err != nil {
		sc, _ = ParseShortcut("")
	}
	k := &kiosk{c: c, cfg: cfg, exitSC: sc}
	if cfg.ExitPINHash != "" {
		k.gate = newPINGate([]byte(cfg.ExitPINHash), nil)
	}
	return k
}

// activity records input: it restarts the idle timer. UI thread.
func (c *Controller) activity() {
	if c.kiosk != nil {
		c.kiosk.activity()
	}
}

func (k *kiosk) activity() {
	if !k.signed {
		k.armIdle()
	}
}

// after runs f on the UI thread after d, unless the timers were reset since.
func (k *kiosk) after(d time.Duration, f func()) *time.Timer {
	gen := k.gen
	return time.AfterFunc(d, func() {
		k.c.do(func() {
			if k.gen == gen {
				f()
			}
		})
	})
}

func (k *kiosk) stopTimers() {
	k.gen++
	for _, tm := range []*time.Timer{k.idle, k.out} {
		if tm != nil {
			tm.Stop()
		}
	}
	k.idle, k.out = nil, nil
}

func (k *kiosk) armIdle() {
	k.stopTimers()
	k.idle = k.after(k.cfg.IdleTimeout, func() {
		switch {
		case k.signed:
		case k.held || k.c.busyTimer != nil:
			k.armIdle() // a push or a request is pending: the person waits, the wipe too
		default:
			k.c.IdleReset()
		}
	})
}

// hold keeps the idle wipe back while a push is pending; when it ends, the
// idle time starts again.
func (k *kiosk) hold(pending bool) {
	if k.held == pending {
		return
	}
	k.held = pending
	if !pending && !k.signed {
		k.armIdle()
	}
}

func (k *kiosk) signedIn() {
	k.stopTimers()
	k.signed, k.held = true, false
	k.out = k.after(k.cfg.SignOutAfter, k.c.SignOut)
}

func (k *kiosk) signedOut() {
	k.signed = false
	k.armIdle()
}

// shortcut opens the administrator exit on its combination, whichever
// field has the focus.
func (k *kiosk) shortcut(s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || cs.KeyName != k.exitSC.KeyName || cs.Modifier != k.exitSC.Modifier {
		return false
	}
	k.openExit()
	return true
}

// IdleReset cancels any logon, deletes its process on the server, and
// wipes every field, answer and fingerprint preview: the kiosk is as the
// next person should find it. A signed-in person is left to the sign-out
// timer. UI thread.
func (c *Controller) IdleReset() {
	if c.result != nil {
		return
	}
	c.Cancel()
	c.user, c.policy = "", nil
	c.dropStepScreens()
	if c.lastReader != nil { // keep the reader's state, not the last person's print
		e := *c.lastReader
		e.Preview = nil
		c.lastReader = &e
	}
	c.Stepper.Clear()
	c.newSignIn()
}

// lockDown makes the window a kiosk: full screen, closing refused, and an
// administrator exit on the configured combination that asks for the PIN.
func lockDown(a fyne.App, w fyne.Window, c *Controller) {
	w.SetFullScreen(true)
	w.SetCloseIntercept(func() {}) // only the administrator exit closes a kiosk
	k := c.kiosk
	k.quit = a.Quit
	w.Canvas().AddShortcut(k.exitSC, func(fyne.Shortcut) { k.openExit() })
	k.armIdle()
}

package ui_test

import (
	"context"
	"fmt"
	"image"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"golang.org/x/crypto/bcrypt"

	"aalogon/auth/aasim"
	"aalogon/auth/credstore"
	"aalogon/auth/flow"
	"aalogon/device"
	"aalogon/device/capture"
	"aalogon/device/fingerprint"
	"aalogon/device/virtual"
	"aalogon/ui"
)

// screens is every screen of the window, in the order a person meets them.
// A name is the file name of its golden and its pictures.
var screens = []scene{
	{name: "signin", reach: func(h *harness) {}},
	{name: "password", reach: func(h *harness) { h.signInAs("denis"); h.passwordPhase() }},
	{name: "password-remember", setup: rememberAndReset, reach: func(h *harness) {
		h.signInAs("denis")
		h.passwordPhase()
		h.waitFor("the remember box", func() bool { return h.c.SignIn.Remember.Visible() })
	}},
	{name: "password-saved", setup: rememberAndReset, reach: func(h *harness) {
		h.signInAs("denis") // once with "Remember my password" ticked
		h.waitFor("the remember box", func() bool { return h.c.SignIn.Remember.Visible() && !h.c.SignIn.Remember.Disabled() })
		h.ui(func() { test.Tap(h.c.SignIn.Remember) })
		h.typePassword(aasim.DemoPassword)
		h.touchToSignIn()
		h.tap(h.c.SignedIn.SignOut)
		h.signInAs("denis")
		h.waitFor("the saved-password state", func() bool { return h.c.SignIn.UsingSaved() })
	}},
	{name: "chains", reach: func(h *harness) {
		fyne.CurrentApp().Preferences().SetString("chain.alice", "LDAP + SMS")
		h.signInAs("alice")
		h.waitFor("the chain choice", func() bool { return h.c.Chains != nil })
	}},
	{name: "method-totp", reach: codeScreen("alice", "LDAP + TOTP")},
	{name: "method-hotp", reach: codeScreen("erin", "LDAP + HOTP")},
	{name: "method-sms", reach: codeScreen("alice", "LDAP + SMS")},
	{name: "method-email", reach: codeScreen("alice", "LDAP + Email OTP")},
	{name: "method-voice-otp", setup: func(cfg *aasim.Config, _ *ui.Options) { user(cfg.Data, "carol").VoiceOTP = true },
		reach: codeScreen("carol", "LDAP + Voice OTP")},
	{name: "method-questions", reach: func(h *harness) {
		h.signInAs("bob")
		h.typePassword(aasim.DemoPassword)
		h.waitFor("the first question", func() bool { return h.c.Question != nil })
	}},
	{name: "method-push", reach: pushScreen("LDAP + Smartphone")},
	{name: "method-push-rejected", reach: func(h *harness) {
		pushScreen("LDAP + Smartphone")(h)
		h.waitFor("the rejection", func() bool { return h.sim.Reject("carol") })
		h.waitFor("the refusal with Try again", func() bool { return h.c.Push.Retry.Visible() })
	}},
	{name: "method-voice-call", reach: pushScreen("LDAP + Voice call")},
	{name: "method-radius", reach: passwordMethod("erin", "RADIUS")},
	{name: "method-emergency", reach: passwordMethod("erin", "Emergency password")},
	{name: "method-password", setup: helpdeskPassword, reach: passwordMethod("erin", "Helpdesk password")},
	{name: "finger-ready", reach: fingerScreen},
	{name: "finger-swipe", finger: stillReader, reach: fingerEvents(asksToSwipe, device.Event{Kind: device.WaitingForFinger, Reader: swipeReader})},
	{name: "finger-reading", finger: stillReader, reach: fingerEvents(inState(ui.FingerReading), device.Event{Kind: device.FingerOn}, device.Event{Kind: device.Capturing})},
	{name: "finger-checking", finger: stillReader, reach: fingerEvents(inState(ui.FingerChecking), device.Event{Kind: device.FingerOn}, device.Event{Kind: device.FingerOff})},
	{name: "finger-read", finger: stillReader, reach: fingerEvents(inState(ui.FingerRead), device.Event{Kind: device.FingerOn},
		device.Event{Kind: device.FingerOff, Preview: samplePreview(), Quality: &device.Quality{Minutiae: 31, Needed: 5, Coverage: 0.93}})},
	{name: "finger-poor", finger: stillReader, reach: fingerEvents(func(s *ui.FingerScreen) bool { return s.CaptureState() == ui.FingerPoor && s.Reader.Visible() },
		device.Event{Kind: device.FingerOff, Preview: samplePreview(), Quality: faint},
		device.Event{Kind: device.Failed, Err: device.ErrTooLittle, Quality: faint})},
	{name: "finger-not-recognised", finger: someoneElsesFinger, reach: func(h *harness) {
		fingerScreen(h)
		h.tap(h.c.Finger.Touch)
		h.waitFor("the refusal with preview, quality and attempts", func() bool {
			s := h.c.Finger
			return s.CaptureState() == ui.FingerNotRecognised && s.Preview.Visible() && s.Quality.Visible() && s.Attempt.Visible()
		})
	}},
	{name: "finger-no-reader", finger: stillReader, reach: fingerEvents(inState(ui.FingerNoReader), device.Event{Kind: device.Detached})},
	{name: "finger-busy", finger: stillReader, reach: fingerEvents(inState(ui.FingerUnavailable), device.Event{Kind: device.Failed, Err: fmt.Errorf("uru4000: open: %w", device.ErrBusy)})},
	{name: "signed-in", reach: func(h *harness) {
		fingerScreen(h)
		h.touchToSignIn()
		h.waitFor("the session time and authenticators", func() bool {
			return h.c.SignedIn.Since.Text != "" && len(h.c.SignedIn.Authenticators.Objects) > 0
		})
	}},
	{name: "kiosk-password", setup: kioskWithExit, reach: func(h *harness) { h.signInAs("denis"); h.passwordPhase() }},
	{name: "kiosk-exit", setup: kioskWithExit, reach: openKioskExit},
	{name: "kiosk-exit-wrong-pin", setup: kioskWithExit, reach: func(h *harness) {
		openKioskExit(h)
		h.ui(func() {
			pin := h.w.Canvas().Focused().(*ui.Entry)
			test.Type(pin, "0000")
			pin.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		})
	}},
	{name: "error-wrong-password", reach: func(h *harness) {
		h.signInAs("denis")
		h.typePassword("wrong")
		h.waitFor("the refusal in place", func() bool { return h.c.SignIn.Message.Visible() && h.passwordAsked() })
	}},
	{name: "error-too-many-attempts", finger: someoneElsesFinger,
		setup: func(_ *aasim.Config, o *ui.Options) { o.FlowConfig.FingerAttempts = 1 }, reach: func(h *harness) {
			fingerScreen(h)
			h.tap(h.c.Finger.Touch)
			h.waitForMessage()
		}},
	{name: "error-unreachable", reach: func(h *harness) {
		h.sim.Inject(aasim.Fault{Kind: aasim.FaultDrop})
		h.signInAs("denis")
		h.waitForMessage()
	}},
	{name: "error-locked", setup: func(cfg *aasim.Config, _ *ui.Options) { cfg.LockoutThreshold = 1 }, reach: func(h *harness) {
		h.signInAs("denis")
		h.typePassword("wrong") // locks denis
		h.waitFor("the refusal", func() bool { return h.c.SignIn.Message.Visible() && h.passwordAsked() })
		h.typePassword(aasim.DemoPassword)
		h.waitForMessage()
	}},
	{name: "error-unknown-user", reach: func(h *harness) { h.signInAs("nobody"); h.waitForMessage() }},
}

// passwordAsked reports whether the sign-in screen waits for a typed
// password. UI thread.
func (h *harness) passwordAsked() bool {
	s := h.c.SignIn
	return s.User.Disabled() && s.Back.Visible() && !s.UsingSaved() && !s.Submit.Disabled()
}

// passwordPhase waits for the password field, in any language.
func (h *harness) passwordPhase() { h.t.Helper(); h.waitFor("the password field", h.passwordAsked) }

// typePassword waits for the password field, types p and signs in.
func (h *harness) typePassword(p string) {
	h.t.Helper()
	h.passwordPhase()
	h.ui(func() { h.c.SignIn.Pass.SetText(""); test.Type(h.c.SignIn.Pass, p) })
	h.tap(h.c.SignIn.Submit)
}

// waitForMessage waits for a logon to end on the sign-in screen with a
// message.
func (h *harness) waitForMessage() {
	h.t.Helper()
	h.waitFor("the sign-in screen with a message", func() bool {
		return h.c.SignIn.Message.Visible() && !h.c.SignIn.User.Disabled() && !h.c.SignIn.Submit.Disabled()
	})
}

func codeScreen(who, chain string) func(*harness) {
	return func(h *harness) {
		h.signInAs(who)
		h.chooseChain(chain)
		h.typePassword(aasim.DemoPassword)
		h.waitFor("the code screen", func() bool { return h.c.OTP != nil })
	}
}

func pushScreen(chain string) func(*harness) {
	return func(h *harness) {
		h.signInAs("carol")
		h.chooseChain(chain)
		h.typePassword(aasim.DemoPassword)
		h.waitFor("the waiting screen", func() bool { return h.c.Push != nil && h.c.Push.Spinner.Visible() })
	}
}

// passwordMethod reaches a chain that starts with a password other than
// the LDAP one: asked on the sign-in screen, named by its placeholder.
func passwordMethod(who, chain string) func(*harness) {
	return func(h *harness) {
		h.signInAs(who)
		h.chooseChain(chain)
		h.passwordPhase()
	}
}

func fingerScreen(h *harness) {
	h.t.Helper()
	h.signInAs("denis")
	h.typePassword(aasim.DemoPassword)
	h.waitFor("the fingerprint screen with its attempts", func() bool { return h.c.Finger != nil && h.c.Finger.Attempt.Visible() })
}

// fingerEvents reaches the fingerprint screen and sends it es as its
// reader would, then waits until the screen shows them (until).
func fingerEvents(until func(*ui.FingerScreen) bool, es ...device.Event) func(*harness) {
	return func(h *harness) {
		fingerScreen(h)
		for _, e := range es {
			h.events <- e
		}
		h.waitFor("the reader's events", func() bool { return until(h.c.Finger) })
	}
}

// inState: the screen shows st.
func inState(st ui.FingerState) func(*ui.FingerScreen) bool {
	return func(s *ui.FingerScreen) bool { return s.CaptureState() == st }
}

// asksToSwipe: the screen asks for the finger otherwise than a new screen,
// which asks to place it.
func asksToSwipe(s *ui.FingerScreen) bool {
	return s.Instruction.Text != ui.NewFingerScreen(nil, func() {}).Instruction.Text
}

// stillReader is a fingerprint source whose reader reports nothing by
// itself, as a real one before the finger comes: the events a scene sends
// are all its screen hears.
func stillReader(*harness, string) flow.FingerprintSource { return stillSource{} }

type stillSource struct{}

func (stillSource) Template(ctx context.Context) ([]byte, error) { <-ctx.Done(); return nil, ctx.Err() }

// someoneElsesFinger is the demo's fingerprint source (capture with a
// preview, the virtual reader touchable from the window) with erin's finger
// on the reader: the server does not recognise it as denis's.
func someoneElsesFinger(h *harness, _ string) flow.FingerprintSource {
	r := virtual.New(func(n int) (*image.Gray, error) { return aasim.DemoMaster("erin").Impression(uint64(n + 1)), nil },
		virtual.Options{DPI: fingerprint.SynthDPI})
	return touchableCapture{capture.Source{Capture: r.Capture, Events: h.events, Preview: true}, r}
}

type touchableCapture struct {
	capture.Source
	r *virtual.Reader
}

func (touchableCapture) CanTouch() bool { return true }
func (c touchableCapture) Touch()       { c.r.Touch() }

var (
	swipeReader = device.Info{Driver: "vfs301", Name: "Validity VFS301", Presentation: device.Swipe}
	faint       = &device.Quality{Minutiae: 2, Needed: 5, Coverage: 0.71, Problem: device.QualityFaint}
)

// samplePreview is what the demo shows of a capture of denis's finger.
func samplePreview() *image.Gray {
	return capture.Preview(aasim.DemoMaster("denis").Impression(1), fingerprint.SynthDPI, capture.PreviewSize)
}

func user(d *aasim.Data, name string) *aasim.User {
	for i := range d.Users {
		if d.Users[i].Name == name {
			return &d.Users[i]
		}
	}
	panic("no demo user " + name)
}

// rememberAndReset: a keyring the window may save passwords in, a policy
// that allows it, and a "Forgot password?" link.
func rememberAndReset(cfg *aasim.Config, opts *ui.Options) {
	cfg.Data.Policy.SSPREnabled, cfg.Data.Policy.SSPRURL = true, "https://sspr.example.com/reset"
	opts.Passwords = credstore.New(credstore.Config{Keyring: &credstore.Memory{}})
}

// helpdeskPassword lets erin take the "Helpdesk password" chain (PASSWORD)
// at the window's event.
func helpdeskPassword(cfg *aasim.Config, _ *ui.Options) {
	user(cfg.Data, "erin").Password = "Helpdesk#2026"
	cfg.Data.Events[0].Chains = append(cfg.Data.Events[0].Chains, "Helpdesk password")
}

func kioskWithExit(cfg *aasim.Config, opts *ui.Options) {
	rememberAndReset(cfg, opts) // neither is offered in a kiosk
	hash, err := bcrypt.GenerateFromPassword([]byte("4711"), bcrypt.MinCost)
	if err != nil {
		panic(err)
	}
	opts.Kiosk = ui.Kiosk{Enabled: true, IdleTimeout: time.Hour, ExitPINHash: string(hash)}
}

// openKioskExit presses the administrator exit's combination in the user
// name field.
func openKioskExit(h *harness) {
	h.ui(func() {
		h.c.SignIn.User.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift})
	})
	h.waitFor("the PIN dialog", func() bool { return len(h.w.Canvas().Overlays().List()) > 0 })
}

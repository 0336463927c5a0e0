package ui_test

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth/aasim"
	"aalogon/ui"
)

// rect is where an object is drawn in the window.
type rect struct{ x, y, w, h float32 }

func (r rect) String() string { return fmt.Sprintf("(%.0f,%.0f %.0f×%.0f)", r.x, r.y, r.w, r.h) }

func rectOf(o fyne.CanvasObject) rect {
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return rect{p.X, p.Y, o.Size().Width, o.Size().Height}
}

// near reports whether a and b are the same place on screen, to rounding.
func near(a, b float32) bool { return a-b < 0.5 && b-a < 0.5 }

// resize gives the window size s and lays it out again, as a real window
// does on its next frame after something is shown or hidden.
func (h *harness) resize(s fyne.Size) {
	h.ui(func() { h.w.Resize(s); h.c.Root.Refresh() })
}

// card is the window's card: Root's one object.
func (h *harness) card() fyne.CanvasObject { return h.c.Root.(*fyne.Container).Objects[0] }

func TestCardIsCentredAndReadableInAFullScreenKiosk(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.resize(fyne.NewSize(1280, 800))
	h.ui(func() {
		user, submit := rectOf(h.c.SignIn.User), rectOf(h.c.SignIn.Submit)
		if user.w > 480 {
			t.Errorf("user name field %v: %.0f wide, want at most 480", user, user.w)
		}
		if mid := user.x + user.w/2; mid < 636 || mid > 644 {
			t.Errorf("user name field %v: centred on x=%.0f, want 640", user, mid)
		}
		// Centred both ways: as much room above the card as below it, and
		// Continue at its bottom.
		card := rectOf(h.card())
		above, below := card.y, 800-(card.y+card.h)
		if above < 100 || above-below > 8 || below-above > 8 {
			t.Errorf("card %v: %.0f above it, %.0f below, want about the same", card, above, below)
		}
		if end := submit.y + submit.h; end < card.y+card.h-8 {
			t.Errorf("Continue %v ends at y=%.0f, want it at the card's bottom, %.0f", submit, end, card.y+card.h)
		}
	})
	h.resize(fyne.NewSize(300, 800))
	h.ui(func() {
		if user := rectOf(h.c.SignIn.User); user.w < 250 || user.x+user.w > 300 {
			t.Errorf("at 300 wide the user name field is %v, want it to use the width", user)
		}
	})
}

// TestCardKeepsItsSizeInDeviceIndependentUnits: at FYNE_SCALE 2 a 1280×800
// screen is 640×400 units; the card is as many units as at scale 1, so
// twice the pixels: the scale enlarges it, the layout is the same.
func TestCardKeepsItsSizeInDeviceIndependentUnits(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	var one, two rect
	h.resize(fyne.NewSize(1280, 800))
	h.ui(func() { one = rectOf(h.c.SignIn.User) })
	h.ui(func() {
		h.w.Canvas().(test.WindowlessCanvas).SetScale(2)
		h.w.Resize(fyne.NewSize(1280/2, 800/2))
	})
	h.ui(func() { two = rectOf(h.c.SignIn.User) })
	if !near(one.w, two.w) || two.x+two.w > 640 {
		t.Errorf("user name field %v at scale 1, %v at scale 2: want the same width in units, inside 640", one, two)
	}
}

// clipped lists the visible objects under o, drawn narrower than their
// minimum (their text cut) or outside [0, width). A scroller's sideways
// content (the stepper of a long chain) scrolls and is not looked into.
func clipped(o fyne.CanvasObject, width float32) []string {
	if !o.Visible() {
		return nil
	}
	var bad []string
	r := rectOf(o)
	if o.Size().Width+0.5 < o.MinSize().Width || o.Size().Height+0.5 < o.MinSize().Height || r.x < -0.5 || r.x+r.w > width+0.5 {
		switch o.(type) {
		case *widget.Label, *widget.Button, *ui.Button, *widget.Entry, *ui.Entry, *widget.Check, *ui.Check, *widget.Hyperlink, *ui.Link:
			bad = append(bad, fmt.Sprintf("%T %q at %v, min width %.0f", o, text(o), r, o.MinSize().Width))
		}
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, child := range x.Objects {
			bad = append(bad, clipped(child, width)...)
		}
	case *container.Scroll:
		if x.Direction != container.ScrollHorizontalOnly {
			bad = append(bad, clipped(x.Content, width)...)
		}
	}
	return bad
}

func text(o fyne.CanvasObject) string {
	switch x := o.(type) {
	case *widget.Label:
		return x.Text
	case *widget.Button:
		return x.Text
	case *ui.Button:
		return x.Text
	case *widget.Check:
		return x.Text
	case *ui.Check:
		return x.Text
	case *widget.Hyperlink:
		return x.Text
	case *ui.Link:
		return x.Text
	}
	return ""
}

func TestNothingIsClippedAt250Wide(t *testing.T) {
	cfg, opts := aasim.Config{Data: aasim.DefaultData()}, ui.Options{Server: "aa.example.com"}
	rememberAndReset(&cfg, &opts) // the password with "Remember my password" and "Forgot password?"
	h := newHarness(t, cfg, opts)
	check := func(when string) {
		t.Helper()
		h.resize(fyne.NewSize(250, 560))
		h.ui(func() {
			if min := h.c.Root.MinSize(); min.Width > 250 {
				t.Errorf("%s: the card needs %.0f wide, want at most 250", when, min.Width)
			}
			for _, c := range clipped(h.c.Root, 250) {
				t.Errorf("%s: clipped: %s", when, c)
			}
		})
	}
	check("the user name")
	h.ui(func() {
		h.c.SignIn.ShowMessage("The server cannot be reached. Check the network connection, then try again.", true)
		h.c.SignIn.OfferSupport(func() {})
	})
	check("an error with Retry and the support file")
	h.signInAs("denis")
	h.waitPassword()
	h.waitFor("the remember box", func() bool { return h.c.SignIn.Remember.Visible() && h.c.SignIn.Forgot.Visible() })
	check("the password, the remember box and the link")
}

// place is where a screen's title and buttons are.
type place struct{ title, actions rect }

func TestTitleAndActionsKeepTheirPlaces(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	size := fyne.NewSize(480, 520)
	h.resize(size)
	at := func(title, action fyne.CanvasObject) place {
		var p place
		h.resize(size)
		h.ui(func() { p = place{rectOf(title), rectOf(action)} })
		return p
	}
	want := at(h.c.SignIn.Title, h.c.SignIn.Submit)
	same := func(what string, got place, titleToo bool) {
		t.Helper()
		if !near(got.actions.y+got.actions.h, want.actions.y+want.actions.h) {
			t.Errorf("%s: the buttons end at y=%.0f, want %.0f as on the first screen", what, got.actions.y+got.actions.h, want.actions.y+want.actions.h)
		}
		if titleToo && !near(got.title.y, want.title.y) {
			t.Errorf("%s: title at %v, want y=%.0f as on the first screen", what, got.title, want.title.y)
		}
	}
	h.ui(func() {
		h.c.SignIn.SetBusy(true)
		h.c.SignIn.ShowMessage("The server cannot be reached. Check the network connection, then try again.", true)
	})
	// Retry stands in place of Continue, the one action after such an error.
	same("an error and the spinner", at(h.c.SignIn.Title, h.c.SignIn.Retry), true)
	h.ui(func() { h.c.SignIn.Reset(true) })

	h.signInAs("alice")
	h.waitFor("the chain choice", func() bool { return h.c.Chains != nil })
	same("the chain choice", at(h.c.Chains.Title, h.c.Chains.Cancel), true)
	h.chooseChain("LDAP + TOTP")
	h.waitPassword()
	same("the password", at(h.c.SignIn.Title, h.c.SignIn.Submit), true)
	h.password("wrong")
	h.waitFor("the refusal", func() bool { return h.c.SignIn.Message.Visible() })
	same("the refused password", at(h.c.SignIn.Title, h.c.SignIn.Submit), true)

	h.password(aasim.DemoPassword)
	h.waitFor("the OTP screen", func() bool { return h.c.OTP != nil })
	same("the OTP", at(h.c.OTP.Prompt, h.c.OTP.Submit), false)
	h.ui(func() { test.Type(h.c.OTP.Code, "12ab"); test.Tap(h.c.OTP.Submit) })
	same("the refused OTP", at(h.c.OTP.Prompt, h.c.OTP.Submit), false)
	h.ui(func() {
		test.Type(h.c.OTP.Code, aasim.TOTP([]byte("12345678901234567890"), time.Now()))
		test.Tap(h.c.OTP.Submit)
	})
	h.waitSignedIn(`JAGUAR\alice`)
	h.waitFor("the authenticators", func() bool { return len(h.c.SignedIn.Authenticators.Objects) > 0 })
	same("signed in", at(h.c.SignedIn.User, h.c.SignedIn.SignOut), true)
}

// TestStepperDoesNotPushTheScreenDown: the stepper's row is kept when no
// chain is walked, so the title stays where it is when one starts.
func TestStepperDoesNotPushTheScreenDown(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	h.resize(fyne.NewSize(480, 520))
	var before, during rect
	h.ui(func() { before = rectOf(h.c.SignIn.Title) })
	h.signInAs("denis")
	h.waitPassword()
	h.waitFor("the stepper", func() bool { return len(h.c.Stepper.Steps) == 2 })
	h.resize(fyne.NewSize(480, 520))
	h.ui(func() { during = rectOf(h.c.SignIn.Title) })
	if !near(before.y, during.y) {
		t.Errorf("title at %v before the chain, %v with the stepper: want the same place", before, during)
	}
}

// TestSignedInScreenDoesNotGrowTheWindow: a real window grows to its
// content's minimum; every screen's minimum fits the window as it opens.
func TestSignedInScreenDoesNotGrowTheWindow(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	var signIn fyne.Size
	h.ui(func() { signIn = h.c.Root.MinSize() })
	if got := signIn.Height + 2*theme.Padding(); got > 360 {
		t.Errorf("the sign-in screen needs %.0f high, want at most 360", got)
	}
	h.signInAs("denis")
	h.password(aasim.DemoPassword)
	h.waitFor("the fingerprint screen", func() bool { return h.c.Finger != nil && h.c.Finger.Touch != nil })
	h.tap(h.c.Finger.Touch)
	h.waitSignedIn(`JAGUAR\denis`)
	h.waitFor("the authenticators", func() bool { return len(h.c.SignedIn.Authenticators.Objects) == 2 })
	h.ui(func() {
		// A window pads its content by theme.Padding() all round.
		if got := h.c.Root.MinSize().Height + 2*theme.Padding(); got > 360 {
			t.Errorf("the signed-in screen needs %.0f high, want at most 360: the window would grow", got)
		}
	})
}

func TestWindowShowsTheOrganisation(t *testing.T) {
	logo := fyne.NewStaticResource("logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`))
	h := newHarness(t, aasim.Config{}, ui.Options{Branding: ui.Branding{Name: "Jaguar Logistics GmbH", Logo: logo}})
	h.resize(fyne.NewSize(480, 520))
	h.ui(func() {
		if h.c.Brand == nil || h.c.Brand.Text != "Jaguar Logistics GmbH" || !h.c.Brand.Visible() {
			t.Fatalf("Brand = %v, want the organisation's name on show", h.c.Brand)
		}
		name, title := rectOf(h.c.Brand), rectOf(h.c.SignIn.Title)
		if name.y+name.h > title.y {
			t.Errorf("name %v, title %v: want the name above the title", name, title)
		}
		if name.y < 64 {
			t.Errorf("name at %v: want the 64-unit logo above it", name)
		}
	})
	plain := newHarness(t, aasim.Config{}, ui.Options{})
	plain.ui(func() {
		if plain.c.Brand != nil {
			t.Errorf("Brand = %q without branding, want none", plain.c.Brand.Text)
		}
	})
}

// TestChainChoiceIsOneColumn: the chain buttons are one column of equal
// width, whatever their names; the methods' icons start at one line beside
// them, and the notes ("Last used") beside the icons.
func TestChainChoiceIsOneColumn(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	fyne.CurrentApp().Preferences().SetString("chain.alice", "LDAP + SMS")
	h.signInAs("alice")
	h.waitFor("the chain choice", func() bool { return h.c.Chains != nil })
	h.resize(fyne.NewSize(460, 400))
	h.ui(func() {
		buttons := h.c.Chains.Buttons
		if len(buttons) < 3 {
			t.Fatalf("%d chains, want alice's 3", len(buttons))
		}
		first := rectOf(buttons[0])
		for _, b := range buttons[1:] {
			if r := rectOf(b); !near(r.x, first.x) || !near(r.w, first.w) {
				t.Errorf("%q at %v, %q at %v: want one column of equal width", b.Text, r, buttons[0].Text, first)
			}
		}
		var icons []rect // the first icon of each row
		var note rect
		var walk func(o fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			switch x := o.(type) {
			case *widget.Icon:
				r := rectOf(x)
				if len(icons) == 0 || !near(icons[len(icons)-1].y, r.y) {
					icons = append(icons, r)
				}
			case *widget.Label:
				if x.Text == "Last used" {
					note = rectOf(x)
				}
			case *fyne.Container:
				for _, c := range x.Objects {
					walk(c)
				}
			case *container.Scroll:
				walk(x.Content)
			}
		}
		walk(h.c.Chains.Root)
		if len(icons) != len(buttons) {
			t.Fatalf("icons in %d rows, want %d", len(icons), len(buttons))
		}
		for _, r := range icons {
			if !near(r.x, icons[0].x) || r.x < first.x+first.w {
				t.Errorf("a row's icons start at %v, the first row's at %v, the buttons end at %.0f: want one line beside the buttons", r, icons[0], first.x+first.w)
			}
		}
		if note.x < icons[0].x+2*icons[0].w {
			t.Errorf("\"Last used\" at %v, over the icons that start at %v", note, icons[0])
		}
	})
}

package ui_test

import (
	"fmt"
	"image/color"
	"regexp"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/ui"
)

// keyboard is a person at the keyboard of the harness's window. Keys go
// where the window's driver sends them: to the focused object, else to the
// window; Tab and Shift+Tab move the focus as the driver does.
type keyboard struct{ h *harness }

func (k keyboard) focused() (f fyne.Focusable) {
	k.h.ui(func() { f = k.h.w.Canvas().Focused() })
	return f
}

// press presses one key.
func (k keyboard) press(name fyne.KeyName) {
	k.h.ui(func() {
		c, ev := k.h.w.Canvas(), &fyne.KeyEvent{Name: name}
		if f := c.Focused(); f != nil {
			f.TypedKey(ev)
		} else if on := c.OnTypedKey(); on != nil {
			on(ev)
		}
	})
}

// write types s into the focused field, one character at a time.
func (k keyboard) write(s string) {
	k.h.t.Helper()
	k.h.ui(func() {
		f := k.h.w.Canvas().Focused()
		if f == nil {
			k.h.t.Fatalf("typing %d characters with nothing focused", len(s))
		}
		for _, r := range s {
			f.TypedRune(r)
		}
	})
}

// tabTo moves the focus to target with Tab, or with Shift+Tab when back.
func (k keyboard) tabTo(target fyne.Focusable, back bool) {
	k.h.t.Helper()
	for range 12 {
		if k.focused() == target {
			return
		}
		k.h.ui(func() {
			if back {
				test.FocusPrevious(k.h.w.Canvas())
			} else {
				test.FocusNext(k.h.w.Canvas())
			}
		})
	}
	k.h.t.Fatalf("Tab (back %v) never reached %T; the focus is on %T", back, target, k.focused())
}

// waitFocus waits until the field the screen's person types in next (as
// field says; nil while that screen is not up) has the focus.
func (k keyboard) waitFocus(what string, field func() fyne.Focusable) {
	k.h.t.Helper()
	k.h.waitFor(what+" focused", func() bool {
		f := field()
		return f != nil && k.h.w.Canvas().Focused() == f
	})
}

// texts are the words the window shows now: every visible label's.
func (k keyboard) texts() (all []string) {
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			all = append(all, x.Text)
		case *fyne.Container:
			for _, child := range x.Objects {
				walk(child)
			}
		}
	}
	k.h.ui(func() { walk(k.h.w.Content()) })
	return all
}

// demoCode is the code the window says the demo sent ("" when it says
// none): read off the screen, as a person would.
var demoCode = regexp.MustCompile(`^Demo: the code sent \(.+\) is ([0-9]{6})$`)

func (k keyboard) shownCode() string {
	for _, s := range k.texts() {
		if m := demoCode.FindStringSubmatch(s); m != nil {
			return m[1]
		}
	}
	return ""
}

// buttonsOf are the chain screen's buttons; none while it is not up.
func buttonsOf(s *ui.ChainScreen) []*ui.Button {
	if s == nil {
		return nil
	}
	return s.Buttons
}

// otpField is the code screen's field while it takes a code; nil else.
func (k keyboard) otpField() fyne.Focusable {
	if o := k.h.c.OTP; o != nil && !o.Code.Disabled() {
		return o.Code
	}
	return nil
}

// TestKeyboard_EnterSpaceAndKeypadEnterPressAButton: every key that
// presses a button presses the window's; a disabled one stays up.
func TestKeyboard_EnterSpaceAndKeypadEnterPressAButton(t *testing.T) {
	for _, tc := range []struct {
		name     string
		key      fyne.KeyName
		disabled bool
		want     int
	}{
		{"Return", fyne.KeyReturn, false, 1},
		{"keypad Enter", fyne.KeyEnter, false, 1},
		{"Space", fyne.KeySpace, false, 1},
		{"Tab is no press", fyne.KeyTab, false, 0},
		{"a disabled button", fyne.KeyReturn, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			test.NewTempApp(t)
			cancels := 0
			s := ui.NewQuestionScreen("In which city were you born?", func(string) {}, func() { cancels++ })
			w := test.NewTempWindow(t, s.Root)
			w.Canvas().Focus(s.Cancel)
			if tc.disabled { // while it has the focus, as Sign in has when the password goes
				s.Cancel.Disable()
			}
			s.Cancel.TypedKey(&fyne.KeyEvent{Name: tc.key})
			if cancels != tc.want {
				t.Errorf("%s on the focused Cancel: pressed %d times, want %d", tc.name, cancels, tc.want)
			}
		})
	}
}

// TestKeyboard_EscCancelsFromAnyFocus: Esc cancels the logon whether a
// button, a field or nothing has the focus; the server hears of it and
// the user name waits, focused, for the next try.
func TestKeyboard_EscCancelsFromAnyFocus(t *testing.T) {
	for _, tc := range []struct {
		name  string
		user  string
		reach func(k keyboard) // from the user name to the focus Esc meets
	}{
		{"a chain button", "alice", func(k keyboard) {
			k.h.waitFor("the chain choice", func() bool { return k.h.c.Chains != nil && k.h.w.Canvas().Focused() != nil })
		}},
		{"the touch button", "denis", func(k keyboard) {
			k.waitFocus("the password", func() fyne.Focusable { return k.h.c.SignIn.Pass })
			k.write(aasim.DemoPassword)
			k.press(fyne.KeyReturn)
			k.waitFocus("the touch", func() fyne.Focusable {
				if k.h.c.Finger == nil || k.h.c.Finger.Touch == nil {
					return nil
				}
				return k.h.c.Finger.Touch
			})
		}},
		{"the code's Cancel", "erin", func(k keyboard) {
			var hotp *ui.Button
			k.h.waitFor("the chain choice", func() bool {
				for _, b := range buttonsOf(k.h.c.Chains) {
					if b.Text == "LDAP + HOTP" {
						hotp = b
					}
				}
				return hotp != nil
			})
			k.tabTo(hotp, false)
			k.press(fyne.KeyReturn)
			k.waitFocus("the password", func() fyne.Focusable { return k.h.c.SignIn.Pass })
			k.write(aasim.DemoPassword)
			k.press(fyne.KeyReturn)
			k.waitFocus("the code", func() fyne.Focusable { return k.otpField() })
			var cancel *ui.Button
			k.h.ui(func() { cancel = k.h.c.OTP.Cancel })
			k.tabTo(cancel, true)
		}},
		{"nothing (a push pending)", "carol", func(k keyboard) {
			k.h.waitFor("the chain choice", func() bool { return k.h.c.Chains != nil })
			k.press(fyne.KeyReturn) // LDAP + Smartphone
			k.waitFocus("the password", func() fyne.Focusable { return k.h.c.SignIn.Pass })
			k.write(aasim.DemoPassword)
			k.press(fyne.KeyReturn)
			k.h.waitFor("the push screen", func() bool { return k.h.c.Push != nil && k.h.w.Canvas().Focused() == nil })
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, aasim.Config{}, ui.Options{})
			h.ui(h.c.FocusFirst)
			k := keyboard{h}
			k.write(tc.user)
			k.press(fyne.KeyReturn)
			tc.reach(k)
			k.press(fyne.KeyEscape)
			k.waitFocus("the user name, after Esc", func() fyne.Focusable {
				if h.c.Chains != nil || h.c.Finger != nil || h.c.OTP != nil || h.c.Push != nil {
					return nil
				}
				return h.c.SignIn.User
			})
			h.waitFor("the logon deleted on the server", func() bool { return h.sim.Processes() == 0 })
			h.ui(func() {
				if got := h.c.SignIn.User.Text; got != tc.user {
					t.Errorf("user name after Esc = %q, want %q kept", got, tc.user)
				}
			})
		})
	}
}

// TestDemoCode_OnlyInTheDemo: the code screen shows the code the demo's
// simulator sent, the one that signs in; without the demo's DemoCode (a
// real server) no code is shown.
func TestDemoCode_OnlyInTheDemo(t *testing.T) {
	for _, demo := range []bool{true, false} {
		t.Run(fmt.Sprintf("demo %v", demo), func(t *testing.T) {
			var h *harness
			opts := ui.Options{}
			if demo {
				opts.DemoCode = func(user string, m auth.MethodID) string { return h.sim.LastCode(user, m) }
			}
			h = newHarness(t, aasim.Config{}, opts)
			h.signInAs("alice")
			h.chooseChain("LDAP + Email OTP")
			h.password(aasim.DemoPassword)
			k := keyboard{h}
			k.waitFocus("the code", func() fyne.Focusable { return k.otpField() })
			got, sent := k.shownCode(), h.sim.LastCode("alice", auth.MethodEmailOTP)
			if !demo {
				if got != "" {
					t.Fatalf("with a real server the window shows a code: %q", got)
				}
				return
			}
			if got == "" || got != sent {
				t.Fatalf("the window shows code %q, want the one sent by e-mail, %q", got, sent)
			}
			k.write(got)
			k.press(fyne.KeyReturn)
			h.waitSignedIn(`JAGUAR\alice`)
		})
	}
}

// TestKeyboard_TheFocusShowsOnTheWindowsButtons: the window's own buttons
// (ui.Button, which Enter presses) show the keyboard focus as the theme
// promises for Fyne's: 3:1 from their unfocused colour, grey and blue, in
// every theme.
func TestKeyboard_TheFocusShowsOnTheWindowsButtons(t *testing.T) {
	for _, name := range []string{ui.ThemeLight, ui.ThemeDark, ui.ThemeHighContrast} {
		t.Run(name, func(t *testing.T) {
			a := test.NewTempApp(t)
			if err := ui.ApplyTheme(a, name); err != nil {
				t.Fatal(err)
			}
			s := ui.NewQuestionScreen("In which city were you born?", func(string) {}, func() {})
			w := test.NewTempWindow(t, s.Root)
			for _, b := range []*ui.Button{s.Cancel, s.Submit} { // grey, then blue
				fill := func() color.Color {
					return test.WidgetRenderer(b).Objects()[0].(*canvas.Rectangle).FillColor
				}
				before := fill()
				w.Canvas().Focus(b)
				if got := contrast(before, fill()); got < nonTextMin {
					t.Errorf("%s focused: %v against unfocused %v = %.2f:1, want at least %.1f:1", b.Text, fill(), before, got, nonTextMin)
				}
			}
		})
	}
}

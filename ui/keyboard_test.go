package ui_test

import (
	"fmt"
	"image/color"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
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

// allKeyable fails when the window shows a control the keyboard cannot
// work: a plain Fyne button ignores Enter and swallows Esc.
func (k keyboard) allKeyable() {
	k.h.t.Helper()
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *ui.Entry, *ui.Button, *ui.Check, *ui.Link:
		case *fyne.Container:
			for _, child := range x.Objects {
				walk(child)
			}
		case fyne.Focusable:
			k.h.t.Errorf("%T on screen: Enter and Esc do nothing on it", x)
		}
	}
	k.h.ui(func() { walk(k.h.w.Content()) })
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

// chainsOf are the chains of ev that u has every method of, in the
// event's order: what the simulator offers u.
func chainsOf(d *aasim.Data, ev aasim.Event, u aasim.User) []aasim.Chain {
	var out []aasim.Chain
	for _, name := range ev.Chains {
		for _, c := range d.Chains {
			if c.Name != name || c.Disabled {
				continue
			}
			all := true
			for _, m := range c.Methods {
				all = all && u.Enrolled(m)
			}
			if all {
				out = append(out, c)
			}
		}
	}
	return out
}

// TestKeyboardOnly_EveryDemoUserThroughEveryChain signs every demo user
// in through every chain they have, in every event, with keys alone:
// characters typed into the focused field, Tab and Shift+Tab, Return,
// keypad Enter and Space on the focused control. Each screen starts with
// the focus where the person types next; the SMS and e-mail codes are
// read off the window; each walk ends on the signed-in screen with the
// person's name, and the keyboard signs out.
func TestKeyboardOnly_EveryDemoUserThroughEveryChain(t *testing.T) {
	data := aasim.DefaultData()
	walked := map[string]bool{}
	for _, ev := range data.Events {
		for _, u := range data.Users {
			chains := chainsOf(data, ev, u)
			if len(chains) == 0 {
				continue
			}
			walked[u.Name] = true
			t.Run(ev.Name+"/"+u.Name, func(t *testing.T) {
				var h *harness
				h = newHarness(t, aasim.Config{AutoApprove: 20 * time.Millisecond}, ui.Options{Event: ev.Name,
					DemoCode: func(user string, m auth.MethodID) string { return h.sim.LastCode(user, m) }})
				h.ui(h.c.FocusFirst) // as Run does once the window shows
				k := keyboard{h}
				last := ""
				for _, c := range chains {
					k.signIn(u, c, len(chains) > 1, last)
					last = c.Name
				}
			})
		}
	}
	for _, u := range data.Users {
		if !walked[u.Name] {
			t.Errorf("demo user %s has no chain in any event: not walked", u.Name)
		}
	}
}

// signIn walks chain c for u from an empty sign-in screen to the
// signed-in screen, and signs out. several: u chooses among chains; last:
// the chain u took before, where the choice starts.
func (k keyboard) signIn(u aasim.User, c aasim.Chain, several bool, last string) {
	h, t := k.h, k.h.t
	t.Helper()
	k.waitFocus("the user name", func() fyne.Focusable { return h.c.SignIn.User })
	k.write(u.Name)
	k.press(fyne.KeyReturn)
	if several {
		k.choose(c.Name, last)
	}
	for _, m := range c.Methods {
		k.allKeyable()
		k.answer(u, m)
	}
	var name string
	h.waitFor("the signed-in screen", func() bool { return h.c.SignedIn != nil })
	for _, s := range k.texts() {
		if strings.Contains(s, u.FirstName) {
			name = s
		}
	}
	if name == "" {
		t.Errorf("%s through %q: the signed-in screen does not name %s: %q", u.Name, c.Name, u.FirstName, k.texts())
	}
	k.allKeyable()
	var out *ui.Button
	h.ui(func() { out = h.c.SignedIn.SignOut })
	k.tabTo(out, false)
	k.press(fyne.KeySpace)
	h.waitFor("the sign-out", func() bool { return h.c.SignedIn == nil && h.sim.LoginSessions() == 0 })
}

// choose picks chain name on the chain screen: the focus starts on the
// last-used chain, else the first; Tab or Shift+Tab moves it, keypad Enter
// takes it.
func (k keyboard) choose(name, last string) {
	h, t := k.h, k.h.t
	t.Helper()
	var s *ui.ChainScreen
	h.waitFor("the chain choice", func() bool {
		s = h.c.Chains
		return s != nil && h.w.Canvas().Focused() != nil
	})
	k.allKeyable()
	from, to := -1, -1
	h.ui(func() {
		for i, b := range s.Buttons {
			if h.w.Canvas().Focused() == b {
				from = i
			}
			if b.Text == name {
				to = i
			}
		}
	})
	want := 0
	h.ui(func() {
		for i, b := range s.Buttons {
			if b.Text == last {
				want = i
			}
		}
	})
	if from != want {
		t.Errorf("the chain choice starts on button %d, want %d (last used %q)", from, want, last)
	}
	if to < 0 {
		t.Fatalf("no chain %q on the chain screen", name)
	}
	k.tabTo(s.Buttons[to], to < from)
	k.press(fyne.KeyEnter)
}

// answer completes method m for u with keys.
func (k keyboard) answer(u aasim.User, m auth.MethodID) {
	h, t := k.h, k.h.t
	t.Helper()
	d, _ := flow.Lookup(m)
	switch d.Interaction {
	case flow.TypePassword:
		k.waitFocus("the password", func() fyne.Focusable {
			if h.c.SignIn.Pass.Disabled() {
				return nil
			}
			return h.c.SignIn.Pass
		})
		pw := u.PasswordFor(m)
		if pw == "" {
			t.Fatalf("no password of %s for %s", u.Name, m)
		}
		k.write(pw)
		var submit *ui.Button
		h.ui(func() { submit = h.c.SignIn.Submit })
		k.tabTo(submit, false)
		k.press(fyne.KeyReturn)
	case flow.TypeCode:
		k.waitFocus("the code", func() fyne.Focusable { return k.otpField() })
		code := aasim.TOTP(u.TOTPSecret, time.Now())
		if m == auth.MethodHOTP {
			code = aasim.HOTP(u.HOTPSecret, u.HOTPCounter)
		}
		k.write(code)
		k.press(fyne.KeyReturn)
	case flow.SentCode:
		k.waitFocus("the sent code", func() fyne.Focusable { return k.otpField() })
		code := k.shownCode()
		if code == "" {
			t.Fatalf("%s: the window shows no demo code: %q", m, k.texts())
		}
		k.write(code)
		var ok *ui.Button
		h.ui(func() { ok = h.c.OTP.Submit })
		k.tabTo(ok, false)
		k.press(fyne.KeySpace)
	case flow.SecurityQuestions:
		var asked *ui.QuestionScreen
		for range u.SecQuest {
			k.waitFocus("the answer", func() fyne.Focusable {
				if h.c.Question == nil || h.c.Question == asked || h.c.Question.Answer.Disabled() {
					return nil
				}
				return h.c.Question.Answer
			})
			h.ui(func() { asked = h.c.Question })
			answer := ""
			for _, q := range u.SecQuest {
				if q.Text == asked.Question.Text {
					answer = q.Answer
				}
			}
			if answer == "" {
				t.Fatalf("the window asks %q, not one of %s's questions", asked.Question.Text, u.Name)
			}
			k.write(answer)
			k.press(fyne.KeyReturn)
		}
	case flow.Confirm: // the phone's part: the simulator approves
	case flow.Finger:
		k.waitFocus("the touch of the virtual reader", func() fyne.Focusable {
			if h.c.Finger == nil || h.c.Finger.Touch == nil {
				return nil
			}
			return h.c.Finger.Touch
		})
		k.press(fyne.KeyReturn)
	default:
		t.Fatalf("no keyboard answer for %s", m)
	}
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
		{"the remember box", "denis", func(k keyboard) {
			k.waitFocus("the password", func() fyne.Focusable { return k.h.c.SignIn.Pass })
			k.h.waitFor("the remember box", func() bool { return k.h.c.SignIn.Remember.Visible() && !k.h.c.SignIn.Remember.Disabled() })
			k.tabTo(k.h.c.SignIn.Remember, false)
		}},
		{"the forgot-password link", "denis", func(k keyboard) {
			k.waitFocus("the password", func() fyne.Focusable { return k.h.c.SignIn.Pass })
			k.h.waitFor("the link", func() bool { return k.h.c.SignIn.Forgot.Visible() })
			k.tabTo(k.h.c.SignIn.Forgot, false)
		}},
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
			cfg, opts := aasim.Config{Data: aasim.DefaultData()}, ui.Options{}
			rememberAndReset(&cfg, &opts) // the remember box and the link
			h := newHarness(t, cfg, opts)
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

// TestKeyboard_EnterOpensTheForgotLink: Enter on the focused "Forgot
// password?" opens it, as Space does and as Enter presses a button.
func TestKeyboard_EnterOpensTheForgotLink(t *testing.T) {
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace} {
		t.Run(string(key), func(t *testing.T) {
			cfg, opts := aasim.Config{Data: aasim.DefaultData()}, ui.Options{}
			rememberAndReset(&cfg, &opts)
			h := newHarness(t, cfg, opts)
			k := keyboard{h}
			h.signInAs("denis")
			h.waitFor("the link", func() bool { return h.c.SignIn.Forgot.Visible() })
			opened := 0
			h.ui(func() { h.c.SignIn.Forgot.OnTapped = func() { opened++ } })
			k.tabTo(h.c.SignIn.Forgot, false)
			k.press(key)
			if opened != 1 {
				t.Errorf("%s on the focused link opened it %d times, want once", key, opened)
			}
		})
	}
}

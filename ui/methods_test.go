package ui_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth"
	"aalogon/auth/aasim"
	"aalogon/auth/flow"
	"aalogon/ui"
)

// TestVoiceCallSaysAnswerTheCall: while a voice call is placed, the window
// asks to answer the call, not to confirm in a phone app.
func TestVoiceCallSaysAnswerTheCall(t *testing.T) {
	h := newHarness(t, aasim.Config{}, ui.Options{})
	if err := ui.LoadTranslations("en"); err != nil {
		t.Fatal(err)
	}
	h.signInAs("carol")
	h.chooseChain("LDAP + Voice call")
	h.password(aasim.DemoPassword)
	const want = "Answer the call on your phone and follow what it says."
	h.waitFor("the call screen", func() bool { return h.c.Push != nil && h.c.Push.Spinner.Visible() })
	h.ui(func() {
		if got := h.c.Push.Message.Text; got != want {
			t.Errorf("while calling: %q, want %q", got, want)
		}
	})
	h.waitFor("the call's approval", func() bool { return h.sim.Approve("carol") })
	h.waitSignedIn(`JAGUAR\carol`)
}

// TestPushScreenSpeaksOfItsMethod: the waiting sentence is the method's,
// in the person's language.
func TestPushScreenSpeaksOfItsMethod(t *testing.T) {
	test.NewTempApp(t)
	if err := ui.LoadTranslations("de"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ui.LoadTranslations("en") })
	for _, tc := range []struct {
		name string
		m    auth.MethodID
		want string
	}{
		{"app", auth.MethodSmartphone, "Bestätigen Sie die Anmeldung auf Ihrem Telefon."},
		{"call", auth.MethodVoice, "Nehmen Sie den Anruf auf Ihrem Telefon an und folgen Sie den Anweisungen."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ui.NewPushScreen(tc.m, nil, func() {}).Message.Text; got != tc.want {
				t.Errorf("NewPushScreen(%s) says %q, want %q", tc.m, got, tc.want)
			}
		})
	}
}

// TestSignedInListNamesMethodsAsTheWindowDoes: a known method has the
// window's one name for it in the list of authenticators, whatever the
// server calls it; an unknown method keeps the server's title.
func TestSignedInListNamesMethodsAsTheWindowDoes(t *testing.T) {
	test.NewTempApp(t)
	if err := ui.LoadTranslations("en"); err != nil {
		t.Fatal(err)
	}
	s := ui.NewSignedInScreen(auth.UserInfo{UserName: "alice"}, func() {})
	s.SetDetails("", []auth.Template{
		{MethodID: auth.MethodSMSOTP, MethodTitle: "SMS OTP"},
		{MethodID: auth.MethodLDAPPassword, MethodTitle: "LDAP password"},
		{MethodID: auth.MethodU2F, MethodTitle: "U2F token"},
	})
	var got []string
	for _, row := range s.Authenticators.Objects {
		for _, o := range row.(*fyne.Container).Objects {
			if l, ok := o.(*widget.Label); ok {
				got = append(got, l.Text)
			}
		}
	}
	want := []string{"SMS code", "Password", "U2F token"}
	if !slices.Equal(got, want) {
		t.Errorf("authenticators = %q, want %q", got, want)
	}
}

// TestUndeclaredMethodGetsNoScreen: a question for a method the client has
// no declaration for is refused at once; it is not answered on whatever
// screen its kind of question would suggest.
func TestUndeclaredMethodGetsNoScreen(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	c := ui.NewController(w, ui.Options{Do: func(f func()) { f() }})
	t.Cleanup(c.Close) // no timer of this controller fires in the next test
	w.SetContent(c.Root)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := c.Ask(ctx, flow.Question{Seq: 1, Kind: flow.AskPassword, Method: auth.MethodU2F, Attempt: 1, Secret: true})
	if !errors.Is(err, flow.ErrUnsupportedMethod) {
		t.Errorf("Ask(U2F) error = %v, want %v", err, flow.ErrUnsupportedMethod)
	}
}

// TestSentCodeSaysSentOnce: the screen of a code sent by SMS says once
// that the code was sent (the server's note) and asks for it without
// saying so again.
func TestSentCodeSaysSentOnce(t *testing.T) {
	var sms scene
	for _, sc := range screens {
		if sc.name == "method-sms" {
			sms = sc
		}
	}
	for _, tc := range []struct{ lang, word string }{{"en", "sent"}, {"de", "gesendet"}} {
		t.Run(tc.lang, func(t *testing.T) {
			h := sms.open(t, tc.lang)
			var saying []string
			var walk func(o fyne.CanvasObject)
			walk = func(o fyne.CanvasObject) {
				switch x := o.(type) {
				case *widget.Label:
					if x.Visible() && strings.Contains(strings.ToLower(x.Text), tc.word) {
						saying = append(saying, x.Text)
					}
				case *fyne.Container:
					for _, c := range x.Objects {
						walk(c)
					}
				case *container.Scroll:
					walk(x.Content)
				}
			}
			h.ui(func() { walk(h.c.OTP.Root) })
			if len(saying) != 1 {
				t.Errorf("%d lines say the code was %s: %q, want one", len(saying), tc.word, saying)
			}
		})
	}
}

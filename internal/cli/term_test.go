package cli

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"aalogon/auth"
	"aalogon/auth/credstore"
	"aalogon/auth/flow"
)

// TestTerminalForgetsOnlyARefusedSavedPassword: saved password accepted,
// then "Incorrect one-time password": the password stays saved and the
// terminal does not say it was forgotten.
func TestTerminalForgetsOnlyARefusedSavedPassword(t *testing.T) {
	store := credstore.New(credstore.Config{Keyring: &credstore.Memory{}})
	key := credstore.Key{Server: "https://aa.example.com/api/v1", Event: "Authenticators Management", User: "alice"}
	store.Save(key, "Passw0rd", &auth.Policy{SavePassword: true}, true)
	offer, err := store.Offer(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	p := newTermPrompter(strings.NewReader("000000\n"), &out, nil)
	p.offer = offer
	pw, err := p.Ask(context.Background(), flow.Question{Kind: flow.AskPassword, Method: auth.MethodLDAPPassword, User: "alice", Secret: true})
	if err != nil || pw.Reveal() != "Passw0rd" {
		t.Fatalf("password answer %q, %v", pw.Reveal(), err)
	}
	if _, err := p.Ask(context.Background(), flow.Question{Kind: flow.AskOTP, Method: auth.MethodTOTP}); err != nil {
		t.Fatal(err)
	}
	p.Show(flow.Notice{Key: flow.NoticeFailed, Method: auth.MethodTOTP, Text: "Incorrect one-time password"})
	if strings.Contains(out.String(), "forgotten") {
		t.Errorf("a wrong code was reported as a refused password:\n%s", out.String())
	}
	if _, err := store.Load(key); err != nil {
		t.Errorf("a wrong one-time code deleted the saved password: %v", err)
	}
	p.Show(flow.Notice{Key: flow.NoticeFailed, Method: auth.MethodLDAPPassword, Text: "Incorrect password"})
	if _, err := store.Load(key); err == nil || !strings.Contains(out.String(), "The saved password was refused") {
		t.Errorf("the refused saved password was kept (%v):\n%s", err, out.String())
	}
}

// TestTerminalSpeaksOfTheMethod: the terminal's prompts, steps and waiting
// lines name each method as its declaration does, and a voice call asks to
// answer the call rather than to confirm in an app. A wait is said once,
// in the method's words; the server's words follow only when they say
// more than that it waits, and only when they change.
func TestTerminalSpeaksOfTheMethod(t *testing.T) {
	prompts := []struct {
		name string
		q    flow.Question
		want string
	}{
		{"directory password", flow.Question{Kind: flow.AskPassword, Method: auth.MethodLDAPPassword, User: "alice"}, "Password for alice: "},
		{"typed code", flow.Question{Kind: flow.AskOTP, Method: auth.MethodTOTP}, "TOTP code: "},
		{"sent code", flow.Question{Kind: flow.AskOTP, Method: auth.MethodSMSOTP, CanResend: true}, "SMS code (r to send a new one): "},
		{"security question", flow.Question{Kind: flow.AskSecurityAnswer, Method: auth.MethodSecQuest, Text: "Your first pet?"}, "Your first pet? "},
		{"push refused", flow.Question{Kind: flow.AskRetry, Method: auth.MethodVoice}, "Press Enter to try again, Ctrl-D to stop: "},
	}
	for _, tc := range prompts {
		t.Run(tc.name, func(t *testing.T) {
			if got := newTermPrompter(strings.NewReader(""), io.Discard, nil).prompt(tc.q); got != tc.want {
				t.Errorf("prompt = %q, want %q", got, tc.want)
			}
		})
	}
	lines := []struct {
		name string
		show func(p *termPrompter)
		want string
	}{
		{"call", func(p *termPrompter) { p.Show(flow.Notice{Key: flow.NoticePushWaiting, Method: auth.MethodVoice}) },
			"  Answer the call on your phone and follow what it says.\n"},
		{"app", func(p *termPrompter) { p.Show(flow.Notice{Key: flow.NoticePushWaiting, Method: auth.MethodSmartphone}) },
			"  Confirm the sign-in on your phone.\n"},
		{"server's words that say more", func(p *termPrompter) {
			p.Show(flow.Notice{Key: flow.NoticePushWaiting, Method: auth.MethodVoice, Text: "Calling +49 …", Attempt: 1})
		}, "  Answer the call on your phone and follow what it says.\n    Calling +49 …\n"},
		{"server's waiting words", func(p *termPrompter) {
			p.Show(flow.Notice{Key: flow.NoticePushWaiting, Method: auth.MethodSmartphone,
				Text: "Waiting for confirmation", MsgID: "AASIM-2106", Attempt: 1})
		}, "  Confirm the sign-in on your phone.\n"},
		{"each poll of a wait", func(p *termPrompter) {
			for range 3 {
				p.Show(flow.Notice{Key: flow.NoticePushWaiting, Method: auth.MethodVoice, Text: "Calling +49 …", Attempt: 1})
			}
			p.Show(flow.Notice{Key: flow.NoticePushWaiting, Method: auth.MethodVoice, Text: "Ringing +49 …", Attempt: 1})
			p.Show(flow.Notice{Key: flow.NoticePushWaiting, Method: auth.MethodVoice, Text: "Ringing +49 …", Attempt: 2})
		}, "  Answer the call on your phone and follow what it says.\n    Calling +49 …\n    Ringing +49 …\n" +
			"  Answer the call on your phone and follow what it says.\n    Ringing +49 …\n"},
		{"step", func(p *termPrompter) {
			p.Progress(flow.Progress{Chain: auth.Chain{Methods: []auth.MethodID{auth.MethodLDAPPassword, auth.MethodVoiceOTP}},
				Completed: []auth.MethodID{auth.MethodLDAPPassword}, Current: auth.MethodVoiceOTP})
		}, "Step 2 of 2: Code by phone call\n"},
	}
	for _, tc := range lines {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			tc.show(newTermPrompter(strings.NewReader(""), &out, nil))
			if out.String() != tc.want {
				t.Errorf("printed %q, want %q", out.String(), tc.want)
			}
		})
	}
}

package cli

import (
	"bytes"
	"context"
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

package cli

import (
	"strings"
	"testing"

	"aalogon/auth"
	"aalogon/auth/flow"
	"aalogon/internal/i18n"
)

// A terminal notice built with data names its methods by their titles in
// the terminal's language, not by their English titles or ids (issue #13).
func TestTerminalNoticesNameMethodsInItsLanguage(t *testing.T) {
	de := &words{cat: i18n.Shipped(), lang: "de"}
	n := flow.NoticeFor(&flow.NoUsableChainError{Missing: []auth.MethodID{auth.MethodFinger, auth.MethodSmartphone}})
	m := noticeMsg(n)
	if got := m.in(de); !strings.Contains(got, "Fingerabdruck, Smartphone") || strings.Contains(got, "Fingerprint") {
		t.Errorf("German notice = %q, want the German titles", got)
	}
	if got := m.english(); !strings.Contains(got, "Fingerprint, Smartphone") {
		t.Errorf("English notice = %q, want the English titles", got)
	}
	var out strings.Builder
	p := newTermPrompter(strings.NewReader(""), &out, nil)
	p.say = de
	p.Show(flow.Notice{Key: flow.NoticeFailed, Method: auth.MethodLDAPPassword, Text: "Incorrect password", MsgID: auth.MsgPasswordWrong})
	if got := out.String(); !strings.Contains(got, "Falsches Passwort") {
		t.Errorf("a known server message in English printed as %q, want it in German", got)
	}
}

package cli

import (
	"strings"
	"testing"

	"aalogon/auth/aasim"
	"aalogon/internal/i18n"
)

// The demo's users are listed from the simulator's data: each user with
// the chains of the default event they are offered, by the names --chain
// takes, and what answers a chain beyond the demo password.
func TestDemoUsers_ComeFromTheDemoData(t *testing.T) {
	en := &words{cat: i18n.Shipped(), lang: i18n.English}
	want := `aalogon: administrator (for aalogon register): LOCAL\admin, password "Admin#2026"
aalogon: demo users (password "Passw0rd" for all) and the chains they can take:
  denis  LDAP + Fingerprint
  alice  LDAP + TOTP, LDAP + SMS, LDAP + Email OTP
  bob    LDAP + Security questions (answers: Lisbon, Rex)
  carol  LDAP + Smartphone, LDAP + Voice call
  erin   LDAP + Fingerprint, LDAP + HOTP, RADIUS, Emergency password (RADIUS password: "radius-Passw0rd", Emergency password: "EMERG-2026-0001")
`
	if got := demoUsersText(en, aasim.DefaultData()); got != want {
		t.Errorf("demo users:\n%s\nwant:\n%s", got, want)
	}

	// Other data, other lines: a new user and chain, a chain disabled.
	d := aasim.DefaultData()
	d.Users = append(d.Users, aasim.User{Name: "frank", Repo: "JAGUAR", LDAPPassword: aasim.DemoPassword, Voice: true, VoiceOTP: true, Mobile: "+1555"})
	for i := range d.Chains {
		if d.Chains[i].Name == "LDAP + Voice call" {
			d.Chains[i].Disabled = true
		}
	}
	got := demoUsersText(en, d)
	for _, line := range []string{"\n  frank  LDAP + Voice OTP\n", "\n  carol  LDAP + Smartphone\n"} {
		if !strings.Contains(got, line) {
			t.Errorf("changed data: missing %q in\n%s", line, got)
		}
	}

	de := &words{cat: i18n.Shipped(), lang: "de"}
	got = demoUsersText(de, aasim.DefaultData())
	for _, part := range []string{"Demo-Benutzer (Passwort \"Passw0rd\" für alle)", "(Antworten: Lisbon, Rex)",
		`(RADIUS-Passwort: "radius-Passw0rd", Notfallpasswort: "EMERG-2026-0001")`, "  denis  LDAP + Fingerprint\n"} {
		if !strings.Contains(got, part) {
			t.Errorf("German: missing %q in\n%s", part, got)
		}
	}
}

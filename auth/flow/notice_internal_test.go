package flow

import (
	"testing"

	"aalogon/auth"
)

// TestNoticeRender: a notice reads in the person's language, falls back to
// English, and the server's own words win over the catalogue.
func TestNoticeRender(t *testing.T) {
	name := auth.MethodID.Name
	cases := []struct {
		name string
		n    Notice
		lang string
		want string
	}{
		{"german", Notice{Key: NoticeLocked}, "de",
			"Dieses Konto ist gesperrt. Versuchen Sie es später oder rufen Sie den Helpdesk an."},
		{"english", Notice{Key: NoticeLocked}, "en", "This account is locked. Try again later or call your helpdesk."},
		{"unknown language", Notice{Key: NoticeLocked}, "fr", "This account is locked. Try again later or call your helpdesk."},
		{"data", Notice{Key: NoticeMissingMethods, Methods: []auth.MethodID{auth.MethodFinger}}, "de",
			"Keine Ihrer Anmeldemethoden ist auf diesem Computer möglich. Hier fehlt: FINGER."},
		{"server text", Notice{Key: NoticeFailed, Text: "Falsches Passwort"}, "en", "Falsches Passwort"},
		{"unknown key", Notice{Key: "notice.nonexistent"}, "de", "Etwas ist schiefgegangen. Bitte erneut versuchen."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.n.Render(tc.lang, name); got != tc.want {
				t.Errorf("Render(%q) = %q, want %q", tc.lang, got, tc.want)
			}
		})
	}
}

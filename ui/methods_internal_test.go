package ui

import (
	"encoding/xml"
	"slices"
	"testing"

	"fyne.io/fyne/v2/theme"

	"aalogon/auth"
	"aalogon/auth/flow"
	"aalogon/internal/i18n"
)

// TestEveryMethodHasTitleAndIcon: each declared method has its title (and
// a Confirm method its waiting sentence) in every shipped language, and an
// icon of its own kind, not the stand-in for unknown methods.
func TestEveryMethodHasTitleAndIcon(t *testing.T) {
	for _, language := range []string{"en", "de"} {
		cat := i18n.Shipped()
		for _, m := range flow.Methods() {
			for _, key := range []string{m.TitleKey, m.WaitKey} {
				if key != "" && !slices.Contains(cat.Keys(language), key) {
					t.Errorf("%s.json has no %q (%s)", language, key, m.ID)
				}
			}
		}
	}
	icons := methodIcons()
	for _, m := range flow.Methods() {
		r := methodIcon(m.ID)
		if icons[m.IconKey] == nil || r.Name() == theme.InfoIcon().Name() || r.Name() == theme.BrokenImageIcon().Name() {
			t.Errorf("%s (icon key %q) has no icon of its own: %s", m.ID, m.IconKey, r.Name())
		}
	}
}

// TestOwnIconsAreRecolourableSVG: the icons drawn for AA Logon are SVG
// documents with no stroke (the theme recolours fills only, so a stroked
// line would stay black on a dark theme).
func TestOwnIconsAreRecolourableSVG(t *testing.T) {
	for _, key := range []string{flow.IconFinger, flow.IconPhone, flow.IconCall, flow.IconSMS} {
		b, err := ownIcons.ReadFile("icons/" + key + ".svg")
		if err != nil {
			t.Fatalf("icon %s: %v", key, err)
		}
		var doc struct {
			ViewBox string `xml:"viewBox,attr"`
			Paths   []struct {
				D      string `xml:"d,attr"`
				Stroke string `xml:"stroke,attr"`
			} `xml:"path"`
		}
		if err := xml.Unmarshal(b, &doc); err != nil {
			t.Fatalf("icon %s: %v", key, err)
		}
		if doc.ViewBox != "0 0 24 24" || len(doc.Paths) == 0 {
			t.Errorf("icon %s: viewBox %q, %d paths; want 0 0 24 24 and a drawing", key, doc.ViewBox, len(doc.Paths))
		}
		for _, p := range doc.Paths {
			if p.Stroke != "" || p.D == "" {
				t.Errorf("icon %s: a path with stroke %q or no data", key, p.Stroke)
			}
		}
	}
}

// TestMethodsLookDifferent: methods a person tells apart by their channel
// do not share an icon (an SMS is not an e-mail, a phone call is not a
// computer, a fingerprint is not an eye).
func TestMethodsLookDifferent(t *testing.T) {
	pairs := [][2]auth.MethodID{
		{auth.MethodSMSOTP, auth.MethodEmailOTP},
		{auth.MethodSmartphone, auth.MethodVoice},
		{auth.MethodLDAPPassword, auth.MethodRADIUS},
		{auth.MethodLDAPPassword, auth.MethodEmergPassword},
		{auth.MethodLDAPPassword, auth.MethodPassword},
		{auth.MethodRADIUS, auth.MethodEmergPassword},
	}
	for _, p := range pairs {
		if a, b := methodIcon(p[0]).Name(), methodIcon(p[1]).Name(); a == b {
			t.Errorf("%s and %s share the icon %s", p[0], p[1], a)
		}
	}
	for _, m := range flow.Methods() {
		switch methodIcon(m.ID).Name() {
		case theme.VisibilityIcon().Name(), theme.ComputerIcon().Name(), theme.MailSendIcon().Name():
			t.Errorf("%s has the icon %s, which says something else", m.ID, methodIcon(m.ID).Name())
		}
	}
}

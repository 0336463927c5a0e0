package flow_test

import (
	"testing"

	"aalogon/auth"
	"aalogon/auth/flow"
)

// TestMethodsAreDeclaredOnce: each method the client knows has one
// declaration, with a title, an icon and a way to ask; a Confirm method
// says what to do while it waits.
func TestMethodsAreDeclaredOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range flow.Methods() {
		name := m.ID.Name()
		if seen[name] {
			t.Errorf("%s is declared twice", name)
		}
		seen[name] = true
		if m.TitleKey != "method."+name {
			t.Errorf("%s: TitleKey = %q, want %q", name, m.TitleKey, "method."+name)
		}
		if m.IconKey == "" || m.Interaction == 0 {
			t.Errorf("%s: IconKey %q, Interaction %d; want both set", name, m.IconKey, m.Interaction)
		}
		if (m.Interaction == flow.Confirm) != (m.WaitKey != "") {
			t.Errorf("%s: WaitKey = %q with interaction %d; only Confirm methods have one", name, m.WaitKey, m.Interaction)
		}
	}
	for _, id := range []auth.MethodID{auth.MethodLDAPPassword, auth.MethodPassword, auth.MethodRADIUS,
		auth.MethodEmergPassword, auth.MethodTOTP, auth.MethodHOTP, auth.MethodSMSOTP, auth.MethodEmailOTP,
		auth.MethodVoiceOTP, auth.MethodSecQuest, auth.MethodSmartphone, auth.MethodVoice, auth.MethodFinger} {
		if !seen[id.Name()] {
			t.Errorf("%s has no declaration", id)
		}
	}
}

// TestLookup: a method is found by name whatever its version suffix; an
// unknown method is not found (it is never given a stand-in).
func TestLookup(t *testing.T) {
	cases := []struct {
		name string
		id   auth.MethodID
		want flow.Interaction
		ok   bool
	}{
		{"password", auth.MethodLDAPPassword, flow.TypePassword, true},
		{"code", auth.MethodTOTP, flow.TypeCode, true},
		{"another version", "SMS_OTP:2", flow.SentCode, true},
		{"call", auth.MethodVoice, flow.Confirm, true},
		{"finger", auth.MethodFinger, flow.Finger, true},
		{"unknown", auth.MethodU2F, 0, false},
		{"empty", "", 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := flow.Lookup(tc.id)
			if ok != tc.ok || m.Interaction != tc.want {
				t.Errorf("Lookup(%q) = %d, %v; want %d, %v", tc.id, m.Interaction, ok, tc.want, tc.ok)
			}
		})
	}
}

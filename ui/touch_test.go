package ui_test

import (
	"context"
	"testing"

	"aalogon/auth/aasim"
	"aalogon/auth/flow"
	"aalogon/ui"
)

// plainFinger is a fingerprint source over the test's reader that, like a
// real reader, cannot be touched from the window.
type plainFinger struct{ d demoFinger }

func (p plainFinger) Template(ctx context.Context) ([]byte, error) { return p.d.Template(ctx) }

// offTouch is a touchable source whose reader cannot be touched now.
type offTouch struct{ demoFinger }

func (offTouch) CanTouch() bool { return false }

// TestTouchButtonComesFromTheReader: the fingerprint screen offers "Touch
// the virtual reader" only when the logon's fingerprint source says its
// reader can be touched; a real reader's screen has no such button.
func TestTouchButtonComesFromTheReader(t *testing.T) {
	cases := []struct {
		name   string
		source func(h *harness, user string) flow.FingerprintSource
		button bool
	}{
		{"virtual reader", func(h *harness, user string) flow.FingerprintSource {
			return demoFinger{h.reader, h.events, user}
		}, true},
		{"real reader", func(h *harness, user string) flow.FingerprintSource {
			return plainFinger{demoFinger{h.reader, h.events, user}}
		}, false},
		{"touchable reader not in use", func(h *harness, user string) flow.FingerprintSource {
			return offTouch{demoFinger{h.reader, h.events, user}}
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var h *harness
			h = newHarness(t, aasim.Config{}, ui.Options{Fingerprint: func(user string) flow.FingerprintSource {
				return tc.source(h, user)
			}})
			h.signInAs("denis")
			h.password(aasim.DemoPassword)
			h.waitFor("the fingerprint screen", func() bool { return h.c.Finger != nil })
			h.ui(func() {
				if got := h.c.Finger.Touch != nil; got != tc.button {
					t.Errorf("touch button shown = %v, want %v", got, tc.button)
				}
			})
			h.reader.Touch()
			h.waitSignedIn(`JAGUAR\denis`)
		})
	}
}

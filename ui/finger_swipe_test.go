package ui_test

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"aalogon/device"
	"aalogon/ui"
)

// The fingerprint screen asks for the finger as the reader in use takes it:
// swiped across a swipe sensor, placed on a press sensor, in the person's
// language, from the driver's declaration that the reader's events carry.
func TestFingerScreenSaysSwipeForSwipeReaders(t *testing.T) {
	test.NewTempApp(t)
	t.Cleanup(func() { ui.LoadTranslations("en") })
	swipe := device.Info{Driver: "vfs5011", Name: "Validity VFS5011", Presentation: device.Swipe}
	press := device.Info{Driver: "uru4000", Name: "U.are.U 4000B / 4500", Presentation: device.Press}
	for _, tc := range []struct {
		lang   string
		reader device.Info
		want   string
	}{
		{"en", swipe, "Swipe your finger across the reader, from the first joint down."},
		{"de", swipe, "Ziehen Sie den Finger über den Leser, vom ersten Gelenk abwärts."},
		{"en", press, "Place your finger on the reader."},
		{"de", press, "Legen Sie Ihren Finger auf den Leser."},
	} {
		t.Run(tc.lang+"/"+tc.reader.Driver, func(t *testing.T) {
			if err := ui.LoadTranslations(tc.lang); err != nil {
				t.Fatal(err)
			}
			s := ui.NewFingerScreen(nil, func() {})
			s.Event(device.Event{Kind: device.WaitingForFinger, Reader: tc.reader})
			if s.Instruction.Text != tc.want {
				t.Errorf("waiting: %q, want %q", s.Instruction.Text, tc.want)
			}
			s.Retry(2, 3) // a second try keeps asking the same way
			if s.Instruction.Text != tc.want {
				t.Errorf("after a retry: %q, want %q", s.Instruction.Text, tc.want)
			}
		})
	}
}

package ui_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"aalogon/ui"
)

// TestKeyboard_EnterSpaceAndKeypadEnterPressAButton: every key that
// presses a button presses the window's; a disabled one stays up.
func TestKeyboard_EnterSpaceAndKeypadEnterPressAButton(t *testing.T) {
	for _, tc := range []struct {
		name     string
		key      fyne.KeyName
		disabled bool
		want     int
	}{
		{"Return", fyne.KeyReturn, false, 1},
		{"keypad Enter", fyne.KeyEnter, false, 1},
		{"Space", fyne.KeySpace, false, 1},
		{"Tab is no press", fyne.KeyTab, false, 0},
		{"a disabled button", fyne.KeyReturn, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			test.NewTempApp(t)
			cancels := 0
			s := ui.NewQuestionScreen("In which city were you born?", func(string) {}, func() { cancels++ })
			w := test.NewTempWindow(t, s.Root)
			w.Canvas().Focus(s.Cancel)
			if tc.disabled { // while it has the focus, as Sign in has when the password goes
				s.Cancel.Disable()
			}
			s.Cancel.TypedKey(&fyne.KeyEvent{Name: tc.key})
			if cancels != tc.want {
				t.Errorf("%s on the focused Cancel: pressed %d times, want %d", tc.name, cancels, tc.want)
			}
		})
	}
}

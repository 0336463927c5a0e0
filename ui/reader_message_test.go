package ui_test

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2/test"

	"aalogon/device"
	"aalogon/ui"
)

// A capture refused for showing too little of the finger tells the person,
// in their language, to cover more of the sensor.
func TestTooLittleOfTheFingerIsTranslated(t *testing.T) {
	test.NewTempApp(t)
	if err := ui.LoadTranslations("de"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ui.LoadTranslations("en") })
	s := ui.NewFingerScreen(nil, func() {})
	s.Event(device.Event{Kind: device.Failed, Err: fmt.Errorf("capture: 2 minutiae, 5 needed: %w", device.ErrTooLittle)})
	if want := "Es war zu wenig vom Finger zu sehen. Bedecken Sie mehr vom Sensor und versuchen Sie es erneut."; s.Reader.Text != want {
		t.Errorf("too little of the finger, German: %q, want %q", s.Reader.Text, want)
	}
}

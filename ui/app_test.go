package ui_test

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"aalogon/ui"
)

func TestPlaceholderPointsToTheTerminalLogonAndQuits(t *testing.T) {
	test.NewTempApp(t)
	quit := false
	root := ui.Placeholder(func() { quit = true })
	w := test.NewTempWindow(t, root)
	var sawHint bool
	var button *widget.Button
	for _, o := range test.LaidOutObjects(w.Content()) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "aalogon logon") {
			sawHint = true
		}
		if b, ok := o.(*widget.Button); ok {
			button = b
		}
	}
	if !sawHint || button == nil {
		t.Fatalf("hint %v, button %v", sawHint, button)
	}
	test.Tap(button)
	if !quit {
		t.Error("Quit did not quit")
	}
}

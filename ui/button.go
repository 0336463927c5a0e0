package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Button is the window's button: a Fyne button that the keyboard presses
// with Enter (Return or the keypad's Enter) as well as with Space, and on
// which Esc does what it does elsewhere on the screen (OnEscape): a focused
// Fyne button would otherwise swallow both keys. Every screen makes its
// buttons with newButton.
type Button struct {
	widget.Button
	// OnEscape runs on Esc while the button has the focus. Nil: Esc does
	// nothing. The controller sets it to cancel the logon (watchInput).
	OnEscape func()
}

// newButton returns a button labelled label that calls tapped when it is
// tapped, or pressed with Enter or Space.
func newButton(label string, tapped func()) *Button {
	b := &Button{}
	b.Text, b.OnTapped = label, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Return and keypad Enter (a disabled
// button stays up, as for a tap), hands Esc to OnEscape, and passes every
// other key, Space among them, to Fyne's button.
func (b *Button) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(&fyne.PointEvent{})
	case fyne.KeyEscape:
		if b.OnEscape != nil {
			b.OnEscape()
		}
	default:
		b.Button.TypedKey(e)
	}
}

package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Entry is a text field on which Esc goes back or cancels (OnEscape): a
// focused field would otherwise swallow the key. OnInput hears every key,
// rune, shortcut and tap the field receives (the kiosk's activity);
// OnShortcut sees a shortcut first and returns true when it took it (a
// focused field would otherwise swallow the kiosk's exit combination).
type Entry struct {
	widget.Entry
	OnEscape   func()
	OnInput    func()
	OnShortcut func(fyne.Shortcut) bool
}

// newEntry returns a field; password masks it (with Fyne's reveal button).
func newEntry(password bool) *Entry {
	e := &Entry{}
	if password {
		e.Password = true
		e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	}
	e.ExtendBaseWidget(e)
	return e
}

func (e *Entry) input() {
	if e.OnInput != nil {
		e.OnInput()
	}
}

// TypedKey handles Esc, and passes every other key to the field.
func (e *Entry) TypedKey(k *fyne.KeyEvent) {
	e.input()
	if k.Name == fyne.KeyEscape && e.OnEscape != nil {
		e.OnEscape()
		return
	}
	e.Entry.TypedKey(k)
}

// TypedRune passes a typed character to the field.
func (e *Entry) TypedRune(r rune) {
	e.input()
	e.Entry.TypedRune(r)
}

// TypedShortcut offers s to OnShortcut, then to the field.
func (e *Entry) TypedShortcut(s fyne.Shortcut) {
	e.input()
	if e.OnShortcut != nil && e.OnShortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// Tapped passes a tap to the field.
func (e *Entry) Tapped(ev *fyne.PointEvent) {
	e.input()
	e.Entry.Tapped(ev)
}

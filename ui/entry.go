package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Entry is a text field on which Esc goes back or cancels (OnEscape): a
// focused field would otherwise swallow the key.
type Entry struct {
	widget.Entry
	OnEscape func()
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

// TypedKey handles Esc, and passes every other key to the field.
func (e *Entry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.OnEscape != nil {
		e.OnEscape()
		return
	}
	e.Entry.TypedKey(k)
}

package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth"
	"aalogon/auth/flow"
)

// ChainScreen lets the person choose a chain: one button per chain with its
// methods as icons; a chain this client cannot complete is disabled with
// the reason; the last choice is marked. The buttons are one column of
// equal width, the icons and the notes columns beside them.
type ChainScreen struct {
	Root fyne.CanvasObject
	// Title is the screen's heading, "Choose how to sign in".
	Title   *widget.Label
	Buttons []*Button
	Cancel  *Button
	// Wait says "One moment…" once a chain is chosen.
	Wait *widget.Label
	wait *waitLine

	preferred *Button
}

// NewChainScreen returns the choice among opts; last is the name chosen the
// previous time. onChoose gets the index in opts.
func NewChainScreen(opts []flow.ChainOption, last string, onChoose func(int), onCancel func()) *ChainScreen {
	return newChainScreen(opts, last, false, onChoose, onCancel)
}

// newChainScreen is NewChainScreen; noReader marks the chains with a
// fingerprint as needing a reader, and never as "Last used".
func newChainScreen(opts []flow.ChainOption, last string, noReader bool, onChoose func(int), onCancel func()) *ChainScreen {
	s := &ChainScreen{}
	s.Title = widget.NewLabelWithStyle(t("chains.title", "Choose how to sign in"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	var cells []fyne.CanvasObject // a row per chain: button, methods' icons, note
	for i, o := range opts {
		b := newButton(o.Chain.Name, func() { onChoose(i) })
		b.Alignment = widget.ButtonAlignLeading
		icons := container.NewHBox()
		for _, m := range o.Chain.Methods {
			icons.Add(widget.NewIcon(methodIcon(m)))
		}
		note := lowLabel("")
		note.Wrapping = fyne.TextWrapWord
		switch {
		case !o.Supported:
			b.Disable()
			note.SetText(t("chains.unavailable", "Not on this computer: {{.Method}}",
				map[string]any{"Method": methodTitle(o.Missing)}))
		case noReader && slices.ContainsFunc(o.Chain.Methods, needsReader):
			note.SetText(t("chains.needs_reader", "Needs a fingerprint reader: plug one in"))
		case o.Chain.Name == last:
			b.Importance = widget.HighImportance
			note.SetText(t("chains.last", "Last used"))
			s.preferred = b
		}
		if s.preferred == nil && o.Supported && !(noReader && slices.ContainsFunc(o.Chain.Methods, needsReader)) {
			s.preferred = b // the first one this client can complete, unless the last used follows
		}
		s.Buttons = append(s.Buttons, b)
		cells = append(cells, b, icons, note)
	}
	s.Cancel = newButton(t("common.cancel", "Cancel"), onCancel)
	s.wait = newWaitLine()
	s.Wait = s.wait.text
	s.Root = newScreen(screenSlots{Title: s.Title, Content: newTable(3, cells...),
		Message: []fyne.CanvasObject{s.wait.root}, Actions: actionRow([]fyne.CanvasObject{s.Cancel})})
	return s
}

// SetBusy shows the choice as made and the logon starting: every chain
// disabled (the next screen follows), and "One moment…".
func (s *ChainScreen) SetBusy(busy bool) {
	if busy {
		for _, b := range s.Buttons {
			b.Disable()
		}
	}
	s.wait.set(busy)
}

// Preferred is the button the keyboard focus starts on: the last-used
// chain's, else the first chain this client can complete now; nil when it
// can complete none.
func (s *ChainScreen) Preferred() *Button { return s.preferred }

// needsReader reports whether method m takes a finger on a reader.
func needsReader(m auth.MethodID) bool {
	d, _ := flow.Lookup(m)
	return d.Interaction == flow.Finger
}

func lowLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Importance = widget.LowImportance
	return l
}

// errorLabel is a screen's refusal text: red, wrapped, hidden until there
// is something to say.
func errorLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

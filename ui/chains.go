package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth/flow"
)

// ChainScreen lets the person choose a chain: one button per chain with its
// methods as icons; a chain this client cannot complete is disabled with
// the reason; the last choice is marked.
type ChainScreen struct {
	Root    fyne.CanvasObject
	Buttons []*Button
	Cancel  *Button

	preferred *Button
}

// NewChainScreen returns the choice among opts; last is the name chosen the
// previous time. onChoose gets the index in opts.
func NewChainScreen(opts []flow.ChainOption, last string, onChoose func(int), onCancel func()) *ChainScreen {
	s := &ChainScreen{}
	rows := []fyne.CanvasObject{widget.NewLabelWithStyle(t("chains.title", "Choose how to sign in"),
		fyne.TextAlignCenter, fyne.TextStyle{Bold: true})}
	for i, o := range opts {
		b := newButton(o.Chain.Name, func() { onChoose(i) })
		b.Alignment = widget.ButtonAlignLeading
		icons := container.NewHBox()
		for _, m := range o.Chain.Methods {
			icons.Add(widget.NewIcon(methodIcon(m)))
		}
		row := []fyne.CanvasObject{b, icons}
		switch {
		case !o.Supported:
			b.Disable()
			row = append(row, lowLabel(t("chains.unavailable", "Not on this computer: {{.Method}}",
				map[string]any{"Method": methodTitle(o.Missing)})))
		case o.Chain.Name == last:
			b.Importance = widget.HighImportance
			row = append(row, lowLabel(t("chains.last", "Last used")))
			s.preferred = b
		}
		if s.preferred == nil && o.Supported {
			s.preferred = b // the first one this client can complete, unless the last used follows
		}
		s.Buttons = append(s.Buttons, b)
		rows = append(rows, container.NewHBox(row...))
	}
	s.Cancel = newButton(t("common.cancel", "Cancel"), onCancel)
	rows = append(rows, container.NewHBox(s.Cancel))
	s.Root = container.NewVBox(rows...)
	return s
}

// Preferred is the button the keyboard focus starts on: the last-used
// chain's, else the first chain this client can complete; nil when it can
// complete none.
func (s *ChainScreen) Preferred() *Button { return s.preferred }

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

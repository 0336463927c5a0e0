package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth/flow"
)

// Stepper shows the chain in progress: done, current and next methods.
type Stepper struct {
	Root  *fyne.Container
	Steps []*widget.Label
}

// NewStepper returns an empty stepper.
func NewStepper() *Stepper { return &Stepper{Root: container.NewHBox()} }

// Set shows progress p.
func (s *Stepper) Set(p flow.Progress) {
	s.Root.RemoveAll()
	s.Steps = nil
	done := map[int]bool{}
	for i := range p.Completed {
		done[i] = true
	}
	current := len(p.Completed)
	for i, m := range p.Chain.Methods {
		l := widget.NewLabel(methodTitle(m))
		icon := theme.RadioButtonIcon()
		switch {
		case done[i]:
			icon = theme.ConfirmIcon()
			l.Importance = widget.SuccessImportance
		case i == current && p.Current != "":
			icon = theme.RadioButtonCheckedIcon()
			l.TextStyle = fyne.TextStyle{Bold: true}
		default:
			l.Importance = widget.LowImportance
		}
		s.Steps = append(s.Steps, l)
		s.Root.Add(container.NewHBox(widget.NewIcon(icon), l))
	}
	s.Root.Refresh()
}

// Clear hides the stepper.
func (s *Stepper) Clear() {
	s.Root.RemoveAll()
	s.Steps = nil
	s.Root.Refresh()
}

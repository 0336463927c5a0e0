package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// waitLine is a step screen's "One moment…" with a spinner: hidden until
// the answer the screen sent has been on its way for Options.BusyAfter
// (the controller's busy timer), so that a slow server never leaves a
// screen looking as if it still waited for the person.
type waitLine struct {
	root    *fyne.Container
	spinner *widget.Activity
	text    *widget.Label
}

func newWaitLine() *waitLine {
	w := &waitLine{spinner: widget.NewActivity(), text: lowLabel(t("common.wait", "One moment…"))}
	w.root = container.NewCenter(container.NewHBox(w.spinner, w.text))
	w.set(false)
	return w
}

// set shows or hides the line.
func (w *waitLine) set(busy bool) {
	if busy {
		w.spinner.Show()
		w.spinner.Start()
		w.text.Show()
		return
	}
	w.spinner.Stop()
	w.spinner.Hide()
	w.text.Hide()
}

// setBusy shows the screen on show as waiting for the server: its inputs
// disabled and "One moment…". UI thread.
func (c *Controller) setBusy() {
	switch {
	case c.showing(c.SignIn.Root):
		c.SignIn.SetBusy(true)
	case c.OTP != nil && c.showing(c.OTP.Root):
		c.OTP.SetBusy(true)
	case c.Question != nil && c.showing(c.Question.Root):
		c.Question.SetBusy(true)
	case c.Chains != nil && c.showing(c.Chains.Root):
		c.Chains.SetBusy(true)
	case c.Finger != nil && c.showing(c.Finger.Root):
		c.Finger.SetBusy(true)
	}
}

// clearBusy ends every screen's waiting look. UI thread.
func (c *Controller) clearBusy() {
	if c.SignIn != nil {
		c.SignIn.SetBusy(false)
	}
	if c.OTP != nil {
		c.OTP.SetBusy(false)
	}
	if c.Question != nil {
		c.Question.SetBusy(false)
	}
	if c.Chains != nil {
		c.Chains.SetBusy(false)
	}
	if c.Finger != nil {
		c.Finger.SetBusy(false)
	}
}

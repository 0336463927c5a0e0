package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth"
)

// PushScreen waits for the person to confirm elsewhere: in the app on
// their phone, or by answering a call (flow.Confirm methods).
type PushScreen struct {
	Root    fyne.CanvasObject
	Message *widget.Label
	Spinner *widget.Activity
	Retry   *Button
	Cancel  *Button
}

// NewPushScreen returns the waiting screen of method m, saying what m
// asks for. onRetry sends the push again after a refusal or timeout (see
// OfferRetry).
func NewPushScreen(m auth.MethodID, onRetry, onCancel func()) *PushScreen {
	s := &PushScreen{}
	s.Message = widget.NewLabel(methodWait(m))
	s.Message.Wrapping = fyne.TextWrapWord
	s.Message.Alignment = fyne.TextAlignCenter
	s.Spinner = widget.NewActivity()
	s.Spinner.Start()
	s.Retry = newButton(t("push.retry", "Try again"), onRetry)
	s.Retry.Importance = widget.HighImportance
	s.Retry.Hide()
	s.Cancel = newButton(t("common.cancel", "Cancel"), onCancel)
	s.Root = newScreen(screenSlots{Title: widget.NewLabelWithStyle(methodTitle(m), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		Prompt: s.Message, Content: s.Spinner, Actions: actionRow([]fyne.CanvasObject{s.Cancel}, s.Retry)})
	return s
}

// Waiting shows the spinner and msg.
func (s *PushScreen) Waiting(msg string) {
	s.Message.Importance = widget.MediumImportance
	s.Message.SetText(msg)
	s.Spinner.Show()
	s.Spinner.Start()
	s.Retry.Hide()
}

// Refused shows why the push failed; OfferRetry then offers Retry.
func (s *PushScreen) Refused(msg string) {
	s.Message.Importance = widget.DangerImportance
	s.Message.SetText(msg)
	s.Spinner.Stop()
	s.Spinner.Hide()
}

// OfferRetry shows Retry, which calls onRetry: the answer to the question
// "try again?", offered only once it is asked.
func (s *PushScreen) OfferRetry(onRetry func()) {
	s.Retry.OnTapped = onRetry
	s.Retry.Show()
}

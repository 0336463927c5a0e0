package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth"
)

// OTPScreen asks for a one-time code: typed from an authenticator, or sent
// by SMS, e-mail or voice (with "Send a new code").
type OTPScreen struct {
	Root    fyne.CanvasObject
	Prompt  *widget.Label
	Demo    *widget.Label // the demo's code (ShowDemo); hidden otherwise
	Code    *Entry
	Note    *widget.Label
	Message *widget.Label
	Submit  *Button
	Resend  *Button
	Cancel  *Button
	// Wait says "One moment…" while the code is on its way.
	Wait *widget.Label
	wait *waitLine
}

// NewOTPScreen returns the code entry for method m; resend is nil when the
// code cannot be sent again.
func NewOTPScreen(m auth.MethodID, sent bool, onSubmit func(string), onResend, onCancel func()) *OTPScreen {
	s := &OTPScreen{}
	prompt := t("otp.typed", "Type the code from your authenticator ({{.Method}}).", map[string]any{"Method": methodTitle(m)})
	if sent {
		prompt = t("otp.sent", "Type the code you received.") // the note beneath says it was sent
	}
	s.Prompt = widget.NewLabel(prompt)
	s.Prompt.Wrapping = fyne.TextWrapWord
	s.Demo = widget.NewLabel("")
	s.Demo.Wrapping = fyne.TextWrapWord
	s.Demo.Hide()
	s.Code = newEntry(false)
	s.Code.OnEscape = onCancel
	s.Code.SetPlaceHolder(t("otp.code", "Code"))
	s.Message = errorLabel()
	s.Note = lowLabel("")
	s.Note.Hide()
	submit := func() {
		code := strings.ReplaceAll(strings.TrimSpace(s.Code.Text), " ", "")
		for _, r := range code {
			if r < '0' || r > '9' {
				s.ShowMessage(t("otp.digits", "The code has only digits."))
				return
			}
		}
		if code != "" {
			onSubmit(code)
		}
	}
	s.Code.OnSubmitted = func(string) { submit() }
	s.Submit = newButton(t("common.submit", "OK"), submit)
	s.Submit.Importance = widget.HighImportance
	s.Cancel = newButton(t("common.cancel", "Cancel"), onCancel)
	leading := []fyne.CanvasObject{s.Cancel}
	if onResend != nil {
		s.Resend = newButton(t("otp.resend", "Send a new code"), onResend)
		leading = append(leading, s.Resend)
	}
	s.wait = newWaitLine()
	s.Wait = s.wait.text
	s.Root = newScreen(screenSlots{Title: widget.NewLabelWithStyle(methodTitle(m), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		Prompt: container.NewVBox(s.Prompt, s.Demo), Content: container.NewVBox(s.Code, s.Note), Message: []fyne.CanvasObject{s.Message, s.wait.root},
		Actions: actionRow(leading, s.Submit)})
	return s
}

// SetBusy shows the code as sent and waiting for the server: the field and
// buttons disabled (a fresh screen asks again), and "One moment…".
func (s *OTPScreen) SetBusy(busy bool) {
	if busy {
		s.Code.Disable()
		s.Submit.Disable()
		if s.Resend != nil {
			s.Resend.Disable()
		}
	}
	s.wait.set(busy)
}

// ShowMessage shows a refusal in place and empties the code.
func (s *OTPScreen) ShowMessage(msg string) {
	s.Message.SetText(msg)
	s.Message.Show()
	s.Code.SetText("")
}

// ShowNote shows a quiet note, such as "code sent".
func (s *OTPScreen) ShowNote(msg string) {
	s.Note.SetText(msg)
	s.Note.Show()
}

// ShowDemo shows the code the demo's simulator sent, above the field.
func (s *OTPScreen) ShowDemo(msg string) {
	s.Demo.SetText(msg)
	s.Demo.Show()
}

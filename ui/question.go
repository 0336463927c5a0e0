package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// QuestionScreen asks one security question.
type QuestionScreen struct {
	Root     fyne.CanvasObject
	Question *widget.Label
	Answer   *Entry
	Message  *widget.Label
	Submit   *Button
	Cancel   *Button
}

// NewQuestionScreen asks question (the server's words).
func NewQuestionScreen(question string, onSubmit func(string), onCancel func()) *QuestionScreen {
	s := &QuestionScreen{}
	s.Question = widget.NewLabelWithStyle(question, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.Question.Wrapping = fyne.TextWrapWord
	s.Answer = newEntry(true)
	s.Answer.OnEscape = onCancel
	s.Answer.SetPlaceHolder(t("question.answer", "Answer"))
	s.Message = errorLabel()
	submit := func() {
		if s.Answer.Text != "" {
			onSubmit(s.Answer.Text)
		}
	}
	s.Answer.OnSubmitted = func(string) { submit() }
	s.Submit = newButton(t("common.submit", "OK"), submit)
	s.Submit.Importance = widget.HighImportance
	s.Cancel = newButton(t("common.cancel", "Cancel"), onCancel)
	s.Root = container.NewVBox(s.Question, s.Answer, s.Message,
		container.NewHBox(s.Cancel, layout.NewSpacer(), s.Submit))
	return s
}

// ShowMessage shows a refusal above the answer.
func (s *QuestionScreen) ShowMessage(msg string) {
	s.Message.SetText(msg)
	s.Message.Show()
}

package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	// Wait says "One moment…" while the answer is on its way.
	Wait *widget.Label
	wait *waitLine
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
	s.wait = newWaitLine()
	s.Wait = s.wait.text
	// A refusal stands above the question: it is about the answers given
	// before, not about this question. Each question is a fresh screen, so
	// the refusal is there from the start and moves nothing.
	s.Root = newScreen(screenSlots{Prompt: container.NewVBox(s.Message, s.Question), Content: s.Answer,
		Message: []fyne.CanvasObject{s.wait.root}, Actions: actionRow([]fyne.CanvasObject{s.Cancel}, s.Submit)})
	return s
}

// SetBusy shows the answer as sent and waiting for the server: the field
// and OK disabled (a fresh screen asks again), and "One moment…".
func (s *QuestionScreen) SetBusy(busy bool) {
	if busy {
		s.Answer.Disable()
		s.Submit.Disable()
	}
	s.wait.set(busy)
}

// ShowMessage shows a refusal above the answer.
func (s *QuestionScreen) ShowMessage(msg string) {
	s.Message.SetText(msg)
	s.Message.Show()
}

package ui

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// The fingerprint screen between two captures: a reader that failed and
// the offer to try it again, and a capture on its way to the server.

// ReaderFailed shows that the reader failed, in msg's words when the
// reader's own event has not said why already.
func (s *FingerScreen) ReaderFailed(msg string) {
	if s.state != FingerNoReader && s.state != FingerUnavailable {
		s.readerProblem(FingerUnavailable, msg)
	}
	s.stopSpinner()
}

// OfferTryAgain shows Try again, which calls onRetry: the answer to "try
// the reader again?". Plugging a reader in does the same (the controller).
func (s *FingerScreen) OfferTryAgain(onRetry func()) {
	s.TryAgain.OnTapped = func() {
		s.TryAgain.Hide()
		onRetry()
	}
	s.TryAgain.Show()
}

// SetBusy shows a capture on its way to the server: the spinner, and the
// virtual reader's button disabled until the server has answered.
func (s *FingerScreen) SetBusy(busy bool) {
	if busy {
		s.Spinner.Show()
		s.Spinner.Start()
	}
	if s.Touch == nil {
		return
	}
	if busy {
		s.Touch.Disable()
	} else {
		s.Touch.Enable()
	}
}

// Attempts shows how many attempts are left when attempt of limit is
// next; limit 0 (not known) shows nothing.
func (s *FingerScreen) Attempts(attempt, limit int) {
	left := limit - attempt + 1
	if limit <= 0 || left < 1 {
		s.Attempt.Hide()
		return
	}
	s.Attempt.SetText(lang.XN("finger.attempts_left", "{{.Count}} attempts left", left, map[string]any{"Count": left}))
	s.Attempt.Importance = widget.MediumImportance
	if left == 1 {
		s.Attempt.Importance = widget.DangerImportance
	}
	s.Attempt.Show()
	s.Attempt.Refresh()
}

// Retry shows that the server did not recognise the finger and that
// attempt of limit is next.
// The capture it judged may still report its end afterwards (the reader's
// events come on their own way): that does not replace the verdict.
func (s *FingerScreen) Retry(attempt, limit int) {
	s.judged = true
	s.setState(FingerNotRecognised)
	s.say("")
	s.Instruction.SetText(s.placeText())
	s.stopSpinner()
	s.Attempts(attempt, limit)
}

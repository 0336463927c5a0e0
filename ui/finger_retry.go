package ui

// The fingerprint screen between two captures: a reader that failed and
// the offer to try it again, and a capture on its way to the server.

// ReaderFailed shows that the reader failed, in msg's words when the
// reader's own event has not said why already.
func (s *FingerScreen) ReaderFailed(msg string) {
	if s.state != FingerNoReader && s.state != FingerUnavailable {
		s.setState(FingerUnavailable)
	}
	if !s.Reader.Visible() {
		s.say(msg)
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

package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth"
)

// SignInScreen asks for the user name and, when the chosen chain starts
// with a password, for the password on the same screen.
type SignInScreen struct {
	Root fyne.CanvasObject
	// Title is the screen's heading, "Sign in".
	Title   *widget.Label
	Where   *widget.Label
	User    *Entry
	Pass    *Entry
	Forgot  *Link
	Message *widget.Label
	Busy    *widget.Activity
	Submit  *Button
	Back    *Button
	Retry   *Button
	// Support saves a support file after a failed sign-in (not in a
	// kiosk); SupportNote says where it went.
	Support     *Button
	SupportNote *widget.Label
	// Remember: "Remember my password on this computer"; RememberNote says
	// why it is disabled.
	Remember     *Check
	RememberNote *widget.Label
	// Saved, Forget and UseAnother: the saved-password state.
	Saved      *widget.Label
	Forget     *Button
	UseAnother *Button
	// Kiosk hides links that would open a browser (a way out of a kiosk).
	Kiosk     bool
	passForm  *fyne.Container
	savedForm *fyne.Container

	onUser func(user string)
	onPass func(pass string)
	onBack func()
	method auth.MethodID
}

// NewSignInScreen returns the screen in its first phase: the user name.
// onUser gets the name; onPass the password once asked; onBack cancels the
// password phase; onRetry repeats the last attempt after an error.
func NewSignInScreen(where string, onUser func(string), onPass func(string), onBack, onRetry func()) *SignInScreen {
	s := &SignInScreen{onUser: onUser, onPass: onPass, onBack: onBack}
	s.Where = widget.NewLabel(where)
	s.Where.Importance = widget.LowImportance
	s.Where.Alignment = fyne.TextAlignCenter
	s.Where.Wrapping = fyne.TextWrapWord
	s.User = newEntry(false)
	s.User.SetPlaceHolder(t("signin.user", "User name"))
	s.User.OnSubmitted = func(string) { s.submit() }
	s.Pass = newEntry(true)
	s.Pass.OnSubmitted = func(string) { s.submit() }
	s.Pass.OnEscape = func() {
		if s.onBack != nil {
			s.onBack()
		}
	}
	s.Forgot = newLink(t("signin.forgot", "Forgot password?"))
	s.Forgot.Hide()
	s.Message = errorLabel()
	s.Busy = widget.NewActivity()
	s.Busy.Hide()
	s.Submit = newButton(t("signin.continue", "Continue"), s.submit)
	s.Submit.Importance = widget.HighImportance
	s.Back = newButton(t("signin.back", "Back"), func() {
		if s.onBack != nil {
			s.onBack()
		}
	})
	s.Back.Hide()
	s.Retry = newButton(t("signin.retry", "Retry"), onRetry)
	s.Retry.Importance = widget.HighImportance // in place of Continue
	s.Retry.Hide()
	s.Support = newButton(t("signin.support", "Save a support file"), nil)
	s.Support.Hide()
	s.SupportNote = lowLabel("")
	s.SupportNote.Wrapping = fyne.TextWrapWord
	s.SupportNote.Hide()
	s.Remember = newCheck(t("signin.remember", "Remember my password on this computer"))
	s.Remember.Hide()
	s.RememberNote = lowLabel("")
	s.RememberNote.Wrapping = fyne.TextWrapWord
	s.RememberNote.Hide()
	s.passForm = newColumn(s.Pass, s.Forgot, s.Remember, s.RememberNote) // wrapped: asked their height at the width
	s.passForm.Hide()
	s.Saved = widget.NewLabel(t("signin.saved", "Using your saved password"))
	s.Forget = newButton(t("signin.forget", "Forget"), nil)
	s.UseAnother = newButton(t("signin.use_another", "Use another password"), nil)
	s.savedForm = container.NewVBox(s.Saved, container.NewHBox(s.Forget, s.UseAnother))
	s.savedForm.Hide()
	s.Title = widget.NewLabelWithStyle(t("signin.submit", "Sign in"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	// The spinner, a refusal and the support file's button and note share
	// the message line: none of them moves the buttons.
	s.Root = newScreen(screenSlots{Title: s.Title, Prompt: s.Where,
		Content: newColumn(s.User, s.passForm, s.savedForm),
		Message: []fyne.CanvasObject{s.Busy, s.Message, container.NewHBox(s.Support), s.SupportNote},
		Actions: actionRow([]fyne.CanvasObject{s.Back}, s.Retry, s.Submit)})
	return s
}

// whereLine is the line under the title: the event and the server the
// window signs in to, as far as they are known ("Event on server", the one
// that is, or nothing).
func whereLine(event, server string) string {
	if event == "" || server == "" {
		return event + server
	}
	return t("signin.where", "{{.Event}} on {{.Server}}", map[string]any{"Event": event, "Server": server})
}

func (s *SignInScreen) submit() {
	if s.savedForm.Visible() {
		if s.onPass != nil {
			s.onPass("")
		}
		return
	}
	if s.passForm.Visible() {
		if s.Pass.Text == "" { // refused here: sent, it would cost an attempt
			s.ShowMessage(t("signin.need_password", "Type your password."), false)
			return
		}
		if s.onPass != nil {
			s.onPass(s.Pass.Text)
		}
		return
	}
	if auth.NormalizeUser(s.User.Text) == "" {
		s.ShowMessage(t("signin.need_user", "Type your user name."), false)
		return
	}
	if s.onUser != nil {
		s.onUser(s.User.Text)
	}
}

// AskPassword turns the screen to its password phase for method m, with
// the "Forgot password?" link when policy enables SSPR with an https URL
// (never in a kiosk).
func (s *SignInScreen) AskPassword(m auth.MethodID, policy *auth.Policy) {
	s.method = m
	s.User.Disable()
	s.Pass.Enable()
	s.Submit.Enable()
	s.Pass.SetPlaceHolder(methodTitle(m))
	s.Pass.SetText("")
	s.Forgot.Hide()
	if u := ssprURL(policy); u != nil && !s.Kiosk {
		s.Forgot.SetURL(u)
		if policy.SSPRCaption != "" {
			s.Forgot.SetText(policy.SSPRCaption)
		}
		s.Forgot.Show()
	}
	s.savedForm.Hide()
	s.passForm.Show()
	s.Submit.SetText(t("signin.submit", "Sign in"))
	s.Back.Show()
	s.SetBusy(false)
}

// ssprURL is the server's self-service password reset address when the
// policy enables it and it is an https URL with a host; nil otherwise (a
// file:, javascript: or plain-http link from the server is never shown).
func ssprURL(policy *auth.Policy) *url.URL {
	if policy == nil || !policy.SSPREnabled || policy.SSPRURL == "" {
		return nil
	}
	u, err := url.Parse(policy.SSPRURL)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
		return nil
	}
	return u
}

// Freeze disables the answer and Sign in while the answer is sent; the
// next question or Reset enables them again.
func (s *SignInScreen) Freeze() {
	s.Pass.Disable()
	s.Submit.Disable()
}

// ShowSaved turns the password phase into "Using your saved password",
// with Forget and Use another password.
func (s *SignInScreen) ShowSaved(onForget, onAnother func()) {
	s.User.Disable()
	s.passForm.Hide()
	s.Forget.OnTapped = onForget
	s.UseAnother.OnTapped = onAnother
	s.savedForm.Show()
	s.Submit.SetText(t("signin.submit", "Sign in"))
	s.Back.Show()
	s.SetBusy(false)
}

// UsingSaved reports whether the screen offers the saved password.
func (s *SignInScreen) UsingSaved() bool { return s.savedForm.Visible() }

// OfferRemember shows the "remember" box, enabled, or disabled with why;
// without the box, why still shows when there is one.
func (s *SignInScreen) OfferRemember(show bool, why string) {
	if !show {
		s.Remember.Hide()
		s.RememberNote.SetText(why)
		s.RememberNote.Hidden = why == ""
		s.RememberNote.Refresh()
		return
	}
	s.Remember.Show()
	if why != "" {
		s.Remember.SetChecked(false)
		s.Remember.Disable()
		s.RememberNote.SetText(why)
		s.RememberNote.Show()
		return
	}
	s.Remember.Enable()
	s.RememberNote.Hide()
}

// Reset returns to the first phase, keeping the user name unless wipe.
func (s *SignInScreen) Reset(wipe bool) {
	s.User.Enable()
	s.Pass.Enable()
	if wipe {
		s.User.SetText("")
	}
	s.Pass.SetText("")
	s.passForm.Hide()
	s.savedForm.Hide()
	s.Remember.SetChecked(false)
	s.Back.Hide()
	s.Submit.SetText(t("signin.continue", "Continue"))
	s.HideMessage()
	s.Support.Hide()
	s.SupportNote.Hide()
	s.SetBusy(false)
}

// OfferSupport shows the button that saves a support file for the help
// desk; save runs when it is tapped.
func (s *SignInScreen) OfferSupport(save func()) {
	s.Support.OnTapped = save
	s.Support.Enable()
	s.Support.Show()
	s.SupportNote.Hide()
}

// SupportDone says where the support file went, or that it could not be
// written (path empty).
func (s *SignInScreen) SupportDone(path string) {
	if path == "" {
		s.SupportNote.SetText(t("signin.support_failed", "The support file could not be saved."))
	} else {
		s.SupportNote.SetText(t("signin.support_saved", "Support file saved: {{.Path}}", map[string]any{"Path": path}))
	}
	s.SupportNote.Show()
	s.Support.Hide()
}

// ShowMessage shows an error in place; retry offers Retry in place of
// Continue, the one action (both would start the same sign-in again).
func (s *SignInScreen) ShowMessage(msg string, retry bool) {
	s.Message.SetText(msg)
	s.Message.Show()
	s.offerRetry(retry)
	s.SetBusy(false)
}

// HideMessage hides the error and Retry, and brings back Continue.
func (s *SignInScreen) HideMessage() {
	s.Message.Hide()
	s.offerRetry(false)
}

// offerRetry shows Retry or Submit, never both.
func (s *SignInScreen) offerRetry(retry bool) {
	if retry {
		s.Submit.Hide()
		s.Retry.Show()
		return
	}
	s.Retry.Hide()
	s.Submit.Show()
}

// SetBusy shows the spinner and disables submitting while a request runs.
func (s *SignInScreen) SetBusy(busy bool) {
	if busy {
		s.Busy.Show()
		s.Busy.Start()
		s.Submit.Disable()
		return
	}
	s.Busy.Stop()
	s.Busy.Hide()
	if s.passForm.Visible() && s.Pass.Disabled() {
		return // a password was sent: Submit comes back with the next question (AskPassword)
	}
	s.Submit.Enable()
}

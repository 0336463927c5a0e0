package ui

import (
	"context"
	"errors"
	"fmt"

	"aalogon/auth"
	"aalogon/auth/flow"
)

// The prompter: the flow's goroutine asks, the UI thread answers. Each
// question gets its own reply channel, and the screen built for it gets an
// answer function bound to that channel: an answer counts once, and only
// for the question it was given to (a second Enter on a screen already
// answered is dropped, never taken as the answer to the next question).

// wait registers a question, shows its screen and waits for its reply.
// show runs on the UI thread with the question's answer function.
func (c *Controller) wait(ctx context.Context, show func(answer func(reply))) (reply, error) {
	ch := make(chan reply, 1)
	c.mu.Lock()
	c.pending = ch
	c.mu.Unlock()
	answer := func(r reply) { // UI thread
		c.mu.Lock()
		if c.pending != ch {
			c.mu.Unlock()
			return // answered already, or cancelled
		}
		c.pending = nil
		c.mu.Unlock()
		if !errors.Is(r.err, flow.ErrCancelled) { // an answer, or "send a new code": the server's turn
			c.freezeInputs()
			c.startBusy()
		}
		ch <- r
	}
	c.do(func() { show(answer) })
	select {
	case r := <-ch:
		return r, r.err
	case <-ctx.Done():
		c.mu.Lock()
		if c.pending == ch {
			c.pending = nil
		}
		c.mu.Unlock()
		return reply{}, ctx.Err()
	}
}

// freezeInputs disables the answered screen's fields and buttons until
// the next question or the outcome replaces it. UI thread.
func (c *Controller) freezeInputs() {
	switch {
	case c.showing(c.SignIn.Root):
		c.SignIn.Freeze()
	case c.OTP != nil && c.showing(c.OTP.Root):
		c.OTP.Code.Disable()
		c.OTP.Submit.Disable()
	case c.Question != nil && c.showing(c.Question.Root):
		c.Question.Answer.Disable()
		c.Question.Submit.Disable()
	case c.Chains != nil && c.showing(c.Chains.Root):
		for _, b := range c.Chains.Buttons {
			b.Disable()
		}
	}
}

// Ask implements flow.Prompter.
func (c *Controller) Ask(ctx context.Context, q flow.Question) (auth.Secret, error) {
	r, err := c.wait(ctx, func(answer func(reply)) { c.showQuestion(q, answer) })
	return r.s, err
}

// ChooseChain implements flow.ChainChooser.
func (c *Controller) ChooseChain(ctx context.Context, opts []flow.ChainOption) (int, error) {
	r, err := c.wait(ctx, func(answer func(reply)) {
		last := ""
		if prefs := c.prefs(); prefs != nil {
			last = prefs.String("chain." + c.user)
		}
		noReader := false
		if rp, ok := c.source.(ReaderPresence); ok {
			noReader = !rp.HasReader()
		}
		c.Chains = newChainScreen(opts, last, noReader, func(i int) {
			c.activity()
			c.chosen = opts[i].Chain.Name // "Last used" once the sign-in succeeds
			answer(reply{i: i})
		}, c.Cancel)
		c.show(c.Chains.Root)
		if b := c.Chains.Preferred(); b != nil {
			c.focus(b)
		}
	})
	return r.i, err
}

// showQuestion shows a fresh screen for q, chosen by the kind of
// interaction its method is declared with (flow.Methods): the password on
// the sign-in screen, codes on the OTP screen, security questions on the
// question screen, "try again?" on the push screen and, after the reader
// failed, on the fingerprint screen. A method without a
// declaration has no screen: its question is refused. UI thread.
func (c *Controller) showQuestion(q flow.Question, answer func(reply)) {
	c.stopBusy()
	submit := func(s string) { c.activity(); answer(reply{s: auth.Secret(s)}) }
	d, _ := flow.Lookup(q.Method)
	switch d.Interaction {
	case flow.TypePassword:
		if q.Attempt == 1 {
			c.SignIn.Message.Hide()
		}
		c.askPassword(q, answer)
	case flow.TypeCode, flow.SentCode:
		var resend func()
		if q.CanResend {
			resend = func() { c.activity(); answer(reply{err: flow.ErrResend}) }
		}
		c.OTP = NewOTPScreen(q.Method, q.CanResend, submit, resend, c.Cancel)
		if c.otpNote != "" {
			c.OTP.ShowNote(c.otpNote)
			c.otpNote = ""
		}
		if c.failText != "" {
			c.OTP.ShowMessage(c.failText)
			c.failText = ""
		}
		if d.Interaction == flow.SentCode {
			c.showDemoCode(q.Method)
		}
		c.show(c.OTP.Root)
		c.focus(c.OTP.Code)
	case flow.SecurityQuestions:
		c.Question = NewQuestionScreen(q.Text, submit, c.Cancel)
		if c.failText != "" {
			c.Question.ShowMessage(c.failText)
			c.failText = ""
		}
		c.show(c.Question.Root)
		c.focus(c.Question.Answer)
	case flow.Confirm:
		retry := func() { c.activity(); answer(reply{}) }
		if c.Push == nil || !c.showing(c.Push.Root) {
			c.Push = NewPushScreen(q.Method, retry, c.Cancel)
			c.show(c.Push.Root)
		}
		c.Push.OfferRetry(retry)
		c.focus(c.Push.Retry)
		c.pushWaiting(false)
	case flow.Finger: // the reader failed: try again, by hand or when one is plugged in
		if c.Finger == nil {
			answer(reply{err: fmt.Errorf("%w: %s", flow.ErrUnsupportedMethod, q.Method)})
			return
		}
		retry := func() {
			c.activity()
			c.fingerRetry = nil
			c.Finger.TryAgain.Hide()
			answer(reply{})
		}
		c.fingerRetry = retry
		if q.Reason != nil {
			n := flow.NoticeFor(q.Reason)
			n.Method = q.Method
			c.Finger.ReaderFailed(noticeText(n))
		}
		c.Finger.OfferTryAgain(retry)
	default:
		answer(reply{err: fmt.Errorf("%w: %s", flow.ErrUnsupportedMethod, q.Method)})
	}
}

// showDemoCode shows, in the demo, the code its simulator "sent" by method
// m: the person has no phone or mailbox it went to. With a real server
// (no Options.DemoCode) nothing is shown. UI thread.
func (c *Controller) showDemoCode(m auth.MethodID) {
	if c.opts.DemoCode == nil {
		return
	}
	if code := c.opts.DemoCode(c.user, m); code != "" {
		c.OTP.ShowDemo(t("otp.demo_code", "Demo: the code sent ({{.Method}}) is {{.Code}}",
			map[string]any{"Method": methodTitle(m), "Code": code}))
	}
}

// Show implements flow.Prompter.
func (c *Controller) Show(n flow.Notice) {
	if n.Key == flow.NoticeFailed {
		c.refused(n.Method)
	}
	c.do(func() {
		switch n.Key {
		case flow.NoticeFailed:
			c.showFailure(n)
		case flow.NoticeOTPSent:
			c.otpNote = noticeText(n)
		case flow.NoticePushWaiting:
			if c.Push == nil || !c.showing(c.Push.Root) {
				c.Push = NewPushScreen(n.Method, nil, c.Cancel)
				c.show(c.Push.Root)
			}
			c.Push.Waiting(methodWait(n.Method))
			if c.w != nil && c.w.Canvas().Focused() == c.Push.Retry {
				c.w.Canvas().Unfocus() // Retry is hidden again
			}
			c.pushWaiting(true)
		case flow.NoticeFingerPlace:
			c.stopBusy() // the person's turn: a finger, or the virtual reader's button
			if c.Finger == nil || !c.showing(c.Finger.Root) {
				var touch func()
				if tc := c.toucher; tc != nil && tc.CanTouch() {
					touch = func() { c.activity(); c.startBusy(); tc.Touch() }
				}
				c.Finger = NewFingerScreen(touch, c.Cancel)
				if c.lastReader != nil {
					c.Finger.Event(*c.lastReader)
				}
				c.show(c.Finger.Root)
				if c.Finger.Touch != nil {
					c.focus(c.Finger.Touch) // demo: Space touches the reader
				}
			}
			c.Finger.Attempts(n.Attempt, n.MaxAttempts)
		case flow.NoticeFingerRetry:
			c.stopBusy() // the finger was sent and refused: the person again
			if c.Finger != nil {
				c.Finger.Retry(n.Attempt, n.MaxAttempts)
			}
		case flow.NoticeRestart:
			c.SignIn.ShowMessage(noticeText(n), false)
		}
	})
}

// showFailure shows a refused answer: in place on the sign-in and push
// screens, else on the fresh screen of the next question. UI thread.
func (c *Controller) showFailure(n flow.Notice) {
	text := noticeText(n)
	switch {
	case c.showing(c.SignIn.Root):
		c.SignIn.ShowMessage(text, false)
	case c.Push != nil && c.showing(c.Push.Root):
		c.Push.Refused(text)
		c.pushWaiting(false)
	default:
		c.failText = text
	}
}

// pushWaiting tells the kiosk whether a push is pending. UI thread.
func (c *Controller) pushWaiting(waiting bool) {
	if c.kiosk != nil {
		c.kiosk.hold(waiting)
	}
}

// Progress implements flow.Prompter.
func (c *Controller) Progress(p flow.Progress) {
	c.do(func() {
		c.policy = p.Policy
		if p.Current == "" {
			c.Stepper.Clear()
			return
		}
		c.Stepper.Set(p)
	})
}

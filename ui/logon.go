package ui

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"time"

	"aalogon/auth"
	"aalogon/auth/flow"
)

// One logon's life in the window: started from the sign-in screen, walked
// on its own goroutine (the flow talks to the window through the prompter),
// cancelled by Esc or Cancel, finished on the signed-in or an error screen.

// errInternal ends a logon that panicked: the person reads "Something went
// wrong", the log has the stack.
var errInternal = errors.New("ui: internal error")

// Start starts a logon for user (as typed: it is normalised here). UI
// thread.
func (c *Controller) Start(typed string) {
	user := auth.NormalizeUser(typed)
	if user == "" {
		c.SignIn.ShowMessage(t("signin.need_user", "Type your user name."), false)
		return
	}
	c.mu.Lock()
	if c.cancel != nil {
		c.mu.Unlock()
		return // one logon at a time
	}
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	c.offer, c.remember = nil, false
	c.mu.Unlock()
	c.user, c.policy = user, nil
	c.dropStepScreens()
	c.SignIn.User.SetText(user)
	c.SignIn.HideMessage()
	c.SignIn.Support.Hide()
	c.SignIn.SupportNote.Hide()
	c.startBusy()
	fcfg := c.opts.FlowConfig
	fcfg.Client, fcfg.Prompter, fcfg.Fingerprint = c.opts.Client, c, nil
	c.toucher = nil
	if c.opts.Fingerprint != nil {
		fcfg.Fingerprint = c.opts.Fingerprint(user)
		c.toucher, _ = fcfg.Fingerprint.(Toucher)
	}
	c.source = fcfg.Fingerprint
	f, err := flow.New(fcfg)
	if err != nil {
		c.mu.Lock()
		c.cancel = nil // no logon runs: the next Start may
		c.mu.Unlock()
		cancel()
		c.finish(nil, err)
		return
	}
	c.running.Add(1)
	go c.run(ctx, cancel, f, user)
}

// run is the logon goroutine: the walk, then the saved password's rules,
// then the outcome on screen.
func (c *Controller) run(ctx context.Context, cancel context.CancelFunc, f *flow.Flow, user string) {
	defer c.running.Done()
	res, err := c.walk(ctx, f, user)
	c.mu.Lock()
	c.cancel = nil
	offer, remember := c.offer, c.remember
	c.offer = nil
	c.mu.Unlock()
	cancel()
	if err == nil {
		c.keepPassword(offer, res, remember)
	}
	c.do(func() { c.finish(res, err) })
	if err == nil {
		c.loadDetails(res)
	}
}

// walk reads the saved password and walks the chain. A panic anywhere in
// it ends this logon with errInternal and a log line with the stack, and
// leaves the window usable for the next one.
func (c *Controller) walk(ctx context.Context, f *flow.Flow, user string) (res *flow.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			c.logPanic(p)
			res, err = nil, errInternal
		}
	}()
	c.loadOffer(ctx, user)
	opts, err := f.Options(ctx, user, c.opts.Event)
	if err != nil {
		return nil, err
	}
	var chains []auth.Chain
	for _, o := range opts {
		chains = append(chains, o.Chain)
	}
	return f.Run(ctx, flow.Request{User: user, Event: c.opts.Event, Chains: chains})
}

// logPanic logs a recovered panic with its stack. The panic's value is
// logged only when the runtime made it (an index out of range, a nil
// pointer): any other value might carry an answer.
func (c *Controller) logPanic(p any) {
	what := fmt.Sprintf("%T", p)
	if re, ok := p.(runtime.Error); ok {
		what = re.Error()
	}
	c.opts.Log.Error("sign-in failed: internal error", "panic", what, "stack", string(debug.Stack()))
}

// Cancel cancels the logon in progress: the flow deletes the process on the
// server. UI thread or any.
func (c *Controller) Cancel() {
	c.mu.Lock()
	ch := c.pending
	c.pending = nil
	if c.cancel != nil {
		c.cancel()
	}
	c.mu.Unlock()
	if ch != nil {
		ch <- reply{err: flow.ErrCancelled}
	}
}

// Wait waits for the logon goroutine to end (tests, shutdown).
func (c *Controller) Wait() { c.running.Wait() }

// Close ends the controller when its window goes: the logon in progress is
// cancelled (the process deleted on the server) and waited for, and the
// kiosk's timers stop, so that none fires on a window that is gone. Not on
// the UI thread: it waits for the logon, which needs that thread.
func (c *Controller) Close() {
	c.Cancel()
	c.Wait()
	c.do(func() {
		c.stopBusy()
		if c.kiosk != nil {
			c.kiosk.stopTimers()
		}
	})
}

// finish shows the outcome of a logon. UI thread.
func (c *Controller) finish(res *flow.Result, err error) {
	if prefs := c.prefs(); err == nil && prefs != nil && c.chosen != "" {
		prefs.SetString("chain."+c.user, c.chosen) // only a sign-in that succeeded is "Last used"
	}
	c.Stepper.Clear()
	c.stopBusy()
	c.dropStepScreens()
	if err != nil {
		n := flow.NoticeFor(err)
		c.opts.Log.Info("sign-in ended", "notice", n.Key)
		c.SignIn.Reset(false)
		c.show(c.SignIn.Root)
		if n.Key != flow.NoticeCancelled {
			c.SignIn.ShowMessage(noticeText(n), n.Retry)
			if c.opts.SupportBundle != nil && c.kiosk == nil {
				c.SignIn.OfferSupport(c.saveSupportBundle)
			}
		}
		c.focus(c.SignIn.User)
		return
	}
	c.result = res
	c.opts.Log.Info("signed in", "user", res.User.UserName, "chain", res.Chain.Name)
	c.SignedIn = NewSignedInScreen(res.User, c.SignOut)
	c.show(c.SignedIn.Root)
	if c.kiosk != nil {
		c.kiosk.signedIn()
	}
}

// loadDetails reads the login session and the templates for the
// signed-in screen. Flow goroutine.
func (c *Controller) loadDetails(res *flow.Result) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var created string
	if ls, err := c.opts.Client.LoginSession(ctx, res.LoginSession); err == nil {
		created = ls.Created
	}
	tpl, _ := c.opts.Client.Templates(ctx, res.User.UserID, res.LoginSession)
	c.do(func() {
		if c.SignedIn != nil && c.result == res {
			c.SignedIn.SetDetails(created, tpl)
		}
	})
}

// SignOut ends the login session and returns to an empty sign-in screen.
// UI thread.
func (c *Controller) SignOut() {
	res := c.result
	c.result = nil
	if c.kiosk != nil {
		c.kiosk.signedOut()
	}
	if res != nil {
		c.opts.Log.Info("signed out", "user", res.User.UserName)
		c.running.Add(1)
		go func() {
			defer c.running.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = c.opts.Client.Logout(ctx, res.LoginSession)
		}()
	}
	c.SignedIn = nil
	c.user, c.policy = "", nil
	c.dropStepScreens()
	c.newSignIn()
}

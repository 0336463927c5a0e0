package ui

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"aalogon/auth"
	"aalogon/auth/credstore"
	"aalogon/auth/flow"
	"aalogon/device"
)

// Options configure the application. Client is required.
type Options struct {
	Client *auth.Client
	// Event is the AA event to sign in to.
	Event string
	// Server is shown quietly on the sign-in screen.
	Server string
	// Fingerprint returns the FINGER source for a logon of user. Nil:
	// chains with FINGER cannot be completed here.
	Fingerprint func(user string) flow.FingerprintSource
	// ReaderEvents are the reader's events, shown on the fingerprint screen.
	ReaderEvents <-chan device.Event
	// Touch, in demo mode, touches the virtual reader; nil otherwise.
	Touch func()
	// Kiosk locks the window down; see Kiosk.
	Kiosk Kiosk
	// Prefs keeps the last chain chosen per user. Nil: not remembered.
	Prefs fyne.Preferences
	// FlowConfig tunes the flow (push timeout, poll interval…); its
	// Client, Prompter and Fingerprint are set by the controller.
	FlowConfig flow.Config
	// Do runs a function on the UI thread. Nil: fyne.Do.
	Do func(func())
	// BusyAfter is how long a request runs before the spinner shows.
	// Zero: 150 ms.
	BusyAfter time.Duration
	// Log receives one line per outcome (signed in, refused, signed out),
	// never an answer. Nil: discard.
	Log *slog.Logger
	// Passwords keeps LDAP passwords the person asks to remember. Nil, or
	// in kiosk mode: passwords are never saved.
	Passwords *credstore.Store
}

// Kiosk configures kiosk mode: full screen, no closing, an administrator
// exit, an idle reset and an automatic sign-out.
type Kiosk struct {
	Enabled bool
	// IdleTimeout cancels the logon and wipes every field after this long
	// without input. Zero: 60 s.
	IdleTimeout time.Duration
	// SignOutAfter signs out automatically after this long on the
	// signed-in screen. Zero: 5 min.
	SignOutAfter time.Duration
	// ExitPIN is asked by the administrator exit. Empty: no exit.
	ExitPIN string
	// ExitKey is the exit's key combination (ParseShortcut). Empty:
	// Ctrl+Shift+Q.
	ExitKey string
}

// Controller drives one window: it shows the screen each question of the
// flow needs and waits for the answer. All widget work happens on the UI
// thread; the flow runs on its own goroutine.
type Controller struct {
	opts Options
	w    fyne.Window
	do   func(func())

	Root     fyne.CanvasObject
	Stepper  *Stepper
	SignIn   *SignInScreen
	Chains   *ChainScreen
	OTP      *OTPScreen
	Question *QuestionScreen
	Push     *PushScreen
	Finger   *FingerScreen
	SignedIn *SignedInScreen
	body     *fyne.Container

	// UI thread only.
	user       string
	policy     *auth.Policy
	failText   string
	otpNote    string
	result     *flow.Result
	busyTimer  *time.Timer
	idleTimer  *time.Timer
	outTimer   *time.Timer
	lastReader *device.Event

	keyringErr error // why passwords cannot be saved; UI thread

	mu        sync.Mutex
	pending   chan reply
	cancel    context.CancelFunc
	running   sync.WaitGroup
	saved     auth.Secret // the saved password of this logon's user
	usedSaved bool        // the last password answer was the saved one
	remember  bool        // the person ticked "Remember my password"
	logonUser string      // the user of the running logon
}

type reply struct {
	s   auth.Secret
	i   int
	err error
}

// NewController builds the window's content for w.
func NewController(w fyne.Window, opts Options) *Controller {
	c := &Controller{opts: opts, w: w, do: opts.Do}
	if c.do == nil {
		c.do = fyne.Do
	}
	if c.opts.Log == nil {
		c.opts.Log = slog.New(slog.DiscardHandler)
	}
	if c.opts.BusyAfter == 0 {
		c.opts.BusyAfter = 150 * time.Millisecond
	}
	if c.opts.Kiosk.IdleTimeout == 0 {
		c.opts.Kiosk.IdleTimeout = time.Minute
	}
	if c.opts.Kiosk.SignOutAfter == 0 {
		c.opts.Kiosk.SignOutAfter = 5 * time.Minute
	}
	c.Stepper = NewStepper()
	c.body = container.NewStack()
	c.Root = container.NewBorder(container.NewCenter(c.Stepper.Root), nil, nil, nil, container.NewPadded(c.body))
	c.newSignIn()
	if opts.ReaderEvents != nil {
		go c.forwardReaderEvents(opts.ReaderEvents)
	}
	if c.store() != nil {
		go func() { // the keyring answers over D-Bus: not on the UI thread
			err := c.store().Available()
			c.do(func() { c.keyringErr = err })
		}()
	}
	if w != nil {
		w.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
			if e.Name == fyne.KeyEscape {
				c.Cancel()
			}
		})
	}
	return c
}

func (c *Controller) newSignIn() {
	where := ""
	if c.opts.Event != "" || c.opts.Server != "" {
		where = t("signin.where", "{{.Event}} on {{.Server}}", map[string]any{"Event": c.opts.Event, "Server": c.opts.Server})
	}
	c.SignIn = NewSignInScreen(where, func(u string) { c.poke(); c.Start(u) },
		func(p string) { c.poke(); c.submitPassword(p) },
		func() { c.poke(); c.Cancel() },
		func() { c.poke(); c.Start(c.user) })
	c.show(c.SignIn.Root)
	if c.w != nil && c.w.Content() == c.Root {
		c.focus(c.SignIn.User)
	}
}

// FocusFirst puts the keyboard focus in the first field of the current
// screen. Call it once the window shows Root.
func (c *Controller) FocusFirst() { c.focus(c.SignIn.User) }

// show puts a screen in the window. UI thread.
func (c *Controller) show(o fyne.CanvasObject) {
	c.stopBusy()
	c.body.Objects = []fyne.CanvasObject{o}
	c.body.Refresh()
}

func (c *Controller) focus(e fyne.Focusable) {
	if c.w != nil {
		c.w.Canvas().Focus(e)
	}
}

// Start starts a logon for user. UI thread.
func (c *Controller) Start(user string) {
	c.mu.Lock()
	if c.cancel != nil {
		c.mu.Unlock()
		return // one logon at a time
	}
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	c.saved, c.usedSaved, c.remember, c.logonUser = "", false, false, user
	c.mu.Unlock()
	c.user, c.policy, c.failText, c.otpNote = user, nil, "", ""
	c.SignIn.Message.Hide()
	c.SignIn.Retry.Hide()
	c.startBusy()
	fcfg := c.opts.FlowConfig
	fcfg.Client, fcfg.Prompter, fcfg.Fingerprint = c.opts.Client, c, nil
	if c.opts.Fingerprint != nil {
		fcfg.Fingerprint = c.opts.Fingerprint(user)
	}
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
	go func() {
		defer c.running.Done()
		if st := c.store(); st != nil {
			if pw, err := st.Load(c.key(user)); err == nil {
				c.mu.Lock()
				c.saved = pw
				c.mu.Unlock()
			}
		}
		var res *flow.Result
		opts, err := f.Options(ctx, user, c.opts.Event)
		if err == nil {
			var chains []auth.Chain
			for _, o := range opts {
				chains = append(chains, o.Chain)
			}
			res, err = f.Run(ctx, flow.Request{User: user, Event: c.opts.Event, Chains: chains})
		}
		c.mu.Lock()
		c.cancel = nil
		remember := c.remember
		c.saved = ""
		c.mu.Unlock()
		cancel()
		if err == nil {
			c.keepPassword(user, res, remember)
		}
		c.do(func() { c.finish(res, err) })
		if err == nil {
			c.loadDetails(res)
		}
	}()
}

// Cancel cancels the logon in progress: the flow deletes the process on the
// server. UI thread or any.
func (c *Controller) Cancel() {
	c.answer(reply{err: flow.ErrCancelled})
	c.mu.Lock()
	if c.cancel != nil {
		c.cancel()
	}
	c.mu.Unlock()
}

// Wait waits for the logon goroutine to end (tests, shutdown).
func (c *Controller) Wait() { c.running.Wait() }

// finish shows the outcome of a logon. UI thread.
func (c *Controller) finish(res *flow.Result, err error) {
	c.Stepper.Clear()
	c.stopBusy()
	if err != nil {
		n := flow.NoticeFor(err)
		c.opts.Log.Info("sign-in ended", "notice", n.Key)
		c.SignIn.Reset(false)
		c.show(c.SignIn.Root)
		if n.Key != flow.NoticeCancelled {
			c.SignIn.ShowMessage(noticeText(n), n.Retry)
		}
		c.focus(c.SignIn.User)
		return
	}
	c.result = res
	c.opts.Log.Info("signed in", "user", res.User.UserName, "chain", res.Chain.Name)
	c.SignedIn = NewSignedInScreen(res.User, c.SignOut)
	c.show(c.SignedIn.Root)
	if c.opts.Kiosk.Enabled {
		c.outTimer = time.AfterFunc(c.opts.Kiosk.SignOutAfter, func() { c.do(c.SignOut) })
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
	if c.outTimer != nil {
		c.outTimer.Stop()
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
	c.newSignIn()
}

// answer hands a reply to the question waiting for one.
func (c *Controller) answer(r reply) {
	c.mu.Lock()
	ch := c.pending
	c.pending = nil
	c.mu.Unlock()
	if ch != nil {
		ch <- r
	}
}

// wait registers a question and waits for its reply.
func (c *Controller) wait(ctx context.Context, show func()) (reply, error) {
	ch := make(chan reply, 1)
	c.mu.Lock()
	c.pending = ch
	c.mu.Unlock()
	c.do(show)
	select {
	case r := <-ch:
		if r.err == nil {
			c.do(c.startBusy)
		}
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

// Ask implements flow.Prompter.
func (c *Controller) Ask(ctx context.Context, q flow.Question) (auth.Secret, error) {
	r, err := c.wait(ctx, func() { c.showQuestion(q) })
	return r.s, err
}

// ChooseChain implements flow.ChainChooser.
func (c *Controller) ChooseChain(ctx context.Context, opts []flow.ChainOption) (int, error) {
	last := ""
	if c.opts.Prefs != nil {
		last = c.opts.Prefs.String("chain." + c.user)
	}
	r, err := c.wait(ctx, func() {
		c.Chains = NewChainScreen(opts, last, func(i int) {
			c.poke()
			if c.opts.Prefs != nil {
				c.opts.Prefs.SetString("chain."+c.user, opts[i].Chain.Name)
			}
			c.answer(reply{i: i})
		}, c.Cancel)
		c.show(c.Chains.Root)
	})
	return r.i, err
}

// showQuestion shows the screen for q. UI thread.
func (c *Controller) showQuestion(q flow.Question) {
	c.stopBusy()
	submit := func(s string) { c.poke(); c.answer(reply{s: auth.Secret(s)}) }
	switch q.Kind {
	case flow.AskPassword:
		if q.Attempt == 1 {
			c.SignIn.Message.Hide()
		}
		c.mu.Lock()
		saved := c.saved
		c.mu.Unlock()
		if q.Method == auth.MethodLDAPPassword && !saved.IsZero() {
			c.SignIn.ShowSaved(func() { c.poke(); c.forgetSaved(q) }, func() { c.poke(); c.askPassword(q) })
			c.show(c.SignIn.Root)
			c.focus(c.SignIn.Submit)
			return
		}
		c.askPassword(q)
	case flow.AskOTP:
		if c.OTP == nil || q.Attempt == 1 && c.otpNote == "" {
			var resend func()
			if q.CanResend {
				resend = func() { c.poke(); c.answer(reply{err: flow.ErrResend}) }
			}
			c.OTP = NewOTPScreen(q.Method, q.CanResend, submit, resend, c.Cancel)
		}
		if c.otpNote != "" {
			c.OTP.ShowNote(c.otpNote)
			c.otpNote = ""
		}
		if c.failText != "" {
			c.OTP.ShowMessage(c.failText)
			c.failText = ""
		}
		c.show(c.OTP.Root)
		c.focus(c.OTP.Code)
	case flow.AskSecurityAnswer:
		c.Question = NewQuestionScreen(q.Text, submit, c.Cancel)
		if c.failText != "" {
			c.Question.ShowMessage(c.failText)
			c.failText = ""
		}
		c.show(c.Question.Root)
		c.focus(c.Question.Answer)
	case flow.AskRetry:
		if c.Push == nil {
			c.Push = NewPushScreen(c.retryPush, c.Cancel)
		}
		c.show(c.Push.Root)
	}
}

func (c *Controller) retryPush() { c.poke(); c.answer(reply{}) }

// askPassword shows the password field, with "Remember my password" when
// the policy allows saving. UI thread.
func (c *Controller) askPassword(q flow.Question) {
	c.SignIn.AskPassword(q.Method, c.policy)
	offer := c.store() != nil && q.Method == auth.MethodLDAPPassword && c.policy != nil && c.policy.SavePassword
	why := ""
	if c.keyringErr != nil {
		why = t("signin.no_keyring", "Passwords cannot be saved here: no keyring is available.")
	}
	c.SignIn.OfferRemember(offer, why)
	c.show(c.SignIn.Root)
	c.focus(c.SignIn.Pass)
}

// submitPassword answers the password question: the saved password when
// the screen offers it, else what was typed. UI thread.
func (c *Controller) submitPassword(typed string) {
	c.mu.Lock()
	c.remember = c.SignIn.Remember.Visible() && !c.SignIn.Remember.Disabled() && c.SignIn.Remember.Checked
	pw := auth.Secret(typed)
	c.usedSaved = c.SignIn.UsingSaved()
	if c.usedSaved {
		pw = c.saved
	}
	c.mu.Unlock()
	c.answer(reply{s: pw})
}

// forgetSaved deletes the saved password and asks for one. UI thread.
func (c *Controller) forgetSaved(q flow.Question) {
	c.mu.Lock()
	c.saved = ""
	c.mu.Unlock()
	if st := c.store(); st != nil {
		key := c.key(c.user)
		go func() { _ = st.Forget(key) }()
	}
	c.askPassword(q)
}

// store is the password store, or nil when passwords are never saved.
func (c *Controller) store() *credstore.Store {
	if c.opts.Kiosk.Enabled {
		return nil
	}
	return c.opts.Passwords
}

// ServerURL is the API root the window signs in to.
func (c *Controller) ServerURL() string { return c.opts.Client.BaseURL() }

func (c *Controller) key(user string) credstore.Key {
	return credstore.Key{Server: c.opts.Client.BaseURL(), Event: c.opts.Event, User: user}
}

// keepPassword saves the LDAP password after a successful logon when the
// person asked and the policy allows it, else applies the policy (a
// password the server no longer allows is deleted). Logon goroutine.
func (c *Controller) keepPassword(user string, res *flow.Result, remember bool) {
	st := c.store()
	if st == nil {
		return
	}
	key := c.key(user)
	if pw := res.TakeLDAPPassword(); remember && !pw.IsZero() {
		if err := st.Save(key, pw, res.Policy, true); err != nil {
			c.opts.Log.Warn("password not saved", "reason", err.Error())
		}
		return
	}
	_ = st.Enforce(key, res.Policy)
}

// Show implements flow.Prompter.
func (c *Controller) Show(n flow.Notice) {
	if n.Key == flow.NoticeFailed {
		c.mu.Lock()
		refusedSaved, user := c.usedSaved, c.logonUser
		c.usedSaved, c.saved = false, ""
		c.mu.Unlock()
		if st := c.store(); refusedSaved && st != nil {
			_ = st.Forget(c.key(user)) // the server refused it: never offer it again
		}
	}
	c.do(func() {
		switch n.Key {
		case flow.NoticeFailed:
			c.showFailure(n)
		case flow.NoticeOTPSent:
			c.otpNote = noticeText(n)
			if c.OTP != nil {
				c.OTP.ShowNote(c.otpNote)
			}
		case flow.NoticePushWaiting:
			if c.Push == nil || !c.showing(c.Push.Root) {
				c.Push = NewPushScreen(c.retryPush, c.Cancel)
				c.show(c.Push.Root)
			}
			c.Push.Waiting(t("push.waiting", "Confirm the sign-in on your phone."))
		case flow.NoticeFingerPlace:
			if c.Finger == nil || !c.showing(c.Finger.Root) {
				c.Finger = NewFingerScreen(c.opts.Touch, c.Cancel)
				if c.lastReader != nil {
					c.Finger.Event(*c.lastReader)
				}
				c.show(c.Finger.Root)
				if c.Finger.Touch != nil {
					c.focus(c.Finger.Touch) // demo: Space touches the reader
				}
			}
		case flow.NoticeFingerRetry:
			if c.Finger != nil {
				c.Finger.Retry(n.Attempt, n.MaxAttempts)
			}
		case flow.NoticeRestart:
			c.SignIn.ShowMessage(noticeText(n), false)
		}
	})
}

// showFailure shows a refused answer in place. UI thread.
func (c *Controller) showFailure(n flow.Notice) {
	text := noticeText(n)
	switch {
	case c.showing(c.SignIn.Root):
		c.SignIn.ShowMessage(text, false)
	case c.OTP != nil && c.showing(c.OTP.Root):
		c.OTP.ShowMessage(text)
	case c.Push != nil && c.showing(c.Push.Root):
		c.Push.Refused(text)
	default:
		c.failText = text // shown by the next question's screen
	}
}

func (c *Controller) showing(o fyne.CanvasObject) bool {
	return len(c.body.Objects) == 1 && c.body.Objects[0] == o
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

func (c *Controller) forwardReaderEvents(events <-chan device.Event) {
	for e := range events {
		c.do(func() {
			c.lastReader = &e
			if c.Finger != nil {
				c.Finger.Event(e)
				if e.Preview != nil {
					c.Finger.ShowPreview(e.Preview)
				}
			}
		})
	}
}

// startBusy shows the spinner once a request has run for BusyAfter. UI thread.
func (c *Controller) startBusy() {
	c.stopBusy()
	c.busyTimer = time.AfterFunc(c.opts.BusyAfter, func() {
		c.do(func() {
			if c.busyTimer != nil && c.showing(c.SignIn.Root) {
				c.SignIn.SetBusy(true)
			}
		})
	})
}

func (c *Controller) stopBusy() {
	if c.busyTimer != nil {
		c.busyTimer.Stop()
		c.busyTimer = nil
	}
	if c.SignIn != nil {
		c.SignIn.SetBusy(false)
	}
}

// poke records input: it restarts the kiosk idle timer. UI thread.
func (c *Controller) poke() {
	if !c.opts.Kiosk.Enabled {
		return
	}
	if c.idleTimer != nil {
		c.idleTimer.Stop()
	}
	c.idleTimer = time.AfterFunc(c.opts.Kiosk.IdleTimeout, func() { c.do(c.IdleReset) })
}

// IdleReset cancels any logon, deletes its process on the server, and
// wipes every field and answer: the kiosk is as the next person should find
// it. UI thread.
func (c *Controller) IdleReset() {
	c.Cancel()
	if c.result != nil {
		c.SignOut()
	}
	c.user, c.policy, c.failText, c.otpNote = "", nil, "", ""
	c.OTP, c.Question, c.Push, c.Finger, c.Chains = nil, nil, nil, nil, nil
	c.Stepper.Clear()
	c.newSignIn()
}

var _ interface {
	flow.Prompter
	flow.ChainChooser
} = (*Controller)(nil)

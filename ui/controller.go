package ui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"aalogon/auth"
	"aalogon/auth/credstore"
	"aalogon/auth/flow"
	"aalogon/device"
)

// errInternal ends a logon that panicked: the person reads "Something went
// wrong", the log has the stack.
var errInternal = errors.New("ui: internal error")

// Controller moves the window between its screens and runs one logon at a
// time. Threading rule: every field below "UI thread only" and every widget
// is touched on the UI thread; the flow runs on its own goroutine and
// reaches the window only through the prompter (prompter.go), which hands
// over with c.do. Fields under mu are shared by both.
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
	user       string // the normalised user name of the logon on screen
	policy     *auth.Policy
	failText   string
	otpNote    string
	result     *flow.Result
	busyTimer  *time.Timer
	lastReader *device.Event
	toucher    Toucher // the running logon's fingerprint source, when it can be touched
	saved      savedState
	kiosk      *kiosk // nil outside kiosk mode

	mu       sync.Mutex
	pending  chan reply // the question waiting for its answer
	cancel   context.CancelFunc
	offer    *credstore.Offer // the running logon's saved password
	remember bool             // the person ticked "Remember my password"
	running  sync.WaitGroup
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
	if c.opts.Kiosk.Enabled {
		c.kiosk = newKiosk(c, c.opts.Kiosk)
	}
	c.Stepper = NewStepper()
	c.body = container.NewStack()
	c.Root = container.NewBorder(container.NewCenter(c.Stepper.Root), nil, nil, nil, container.NewPadded(c.body))
	c.newSignIn()
	if opts.ReaderEvents != nil {
		go c.forwardReaderEvents(opts.ReaderEvents)
	}
	c.checkKeyring()
	if w != nil {
		w.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
			c.activity()
			if e.Name == fyne.KeyEscape {
				c.Cancel()
			}
		})
		w.Canvas().SetOnTypedRune(func(rune) { c.activity() })
	}
	return c
}

// newSignIn puts a fresh, empty sign-in screen in the window. UI thread.
func (c *Controller) newSignIn() {
	where := ""
	if c.opts.Event != "" || c.opts.Server != "" {
		where = t("signin.where", "{{.Event}} on {{.Server}}", map[string]any{"Event": c.opts.Event, "Server": c.opts.Server})
	}
	c.SignIn = NewSignInScreen(where, func(u string) { c.activity(); c.Start(u) },
		func(p string) { c.activity(); c.submitPassword(p) },
		func() { c.activity(); c.Cancel() },
		func() { c.activity(); c.Start(c.user) })
	c.SignIn.Kiosk = c.kiosk != nil
	c.show(c.SignIn.Root)
	if c.w != nil && c.w.Content() == c.Root {
		c.focus(c.SignIn.User)
	}
}

// FocusFirst puts the keyboard focus in the first field of the current
// screen. Call it once the window shows Root.
func (c *Controller) FocusFirst() { c.focus(c.SignIn.User) }

// show puts a screen in the window and hooks its fields to the kiosk's
// activity and exit. UI thread.
func (c *Controller) show(o fyne.CanvasObject) {
	c.stopBusy()
	c.watchInput(o)
	c.body.Objects = []fyne.CanvasObject{o}
	c.body.Refresh()
}

// watchInput makes every field of o report its input as activity, and
// offer shortcuts to the kiosk's exit first.
func (c *Controller) watchInput(o fyne.CanvasObject) {
	switch x := o.(type) {
	case *Entry:
		x.OnInput = c.activity
		if c.kiosk != nil {
			x.OnShortcut = c.kiosk.shortcut
		}
	case *fyne.Container:
		for _, child := range x.Objects {
			c.watchInput(child)
		}
	}
}

func (c *Controller) focus(e fyne.Focusable) {
	if c.w != nil {
		c.w.Canvas().Focus(e)
	}
}

func (c *Controller) showing(o fyne.CanvasObject) bool {
	return len(c.body.Objects) == 1 && c.body.Objects[0] == o
}

// dropStepScreens forgets the screens of the last logon's steps, so that
// every step of the next one gets a fresh, empty screen. UI thread.
func (c *Controller) dropStepScreens() {
	c.OTP, c.Question, c.Push, c.Finger, c.Chains = nil, nil, nil, nil, nil
	c.failText, c.otpNote = "", ""
	c.saved.answer = nil
	c.pushWaiting(false)
}

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
	c.SignIn.Message.Hide()
	c.SignIn.Retry.Hide()
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

// ServerURL is the API root the window signs in to.
func (c *Controller) ServerURL() string { return c.opts.Client.BaseURL() }

// prefs is where the last chain per user is kept; nil in kiosk mode.
func (c *Controller) prefs() fyne.Preferences {
	if c.kiosk != nil {
		return nil
	}
	return c.opts.Prefs
}

func (c *Controller) forwardReaderEvents(events <-chan device.Event) {
	for e := range events {
		c.do(func() {
			if last, ok := readerState(e); ok {
				c.lastReader = &last
			}
			if e.Kind == device.FingerOn || e.Kind == device.Capturing {
				c.activity() // a finger on the reader is input, and its capture a request
				if c.Finger != nil && c.showing(c.Finger.Root) {
					c.startBusy()
				}
			}
			if c.Finger != nil {
				c.Finger.Event(e)
			}
		})
	}
}

// startBusy marks an answer in flight (the kiosk's wipe waits for it) and
// shows the spinner once it has run for BusyAfter. The next screen ends it.
// UI thread.
func (c *Controller) startBusy() {
	c.stopBusy()
	var tm *time.Timer
	tm = time.AfterFunc(c.opts.BusyAfter, func() {
		c.do(func() {
			if c.busyTimer == tm && c.showing(c.SignIn.Root) { // not stopped or replaced since
				c.SignIn.SetBusy(true)
			}
		})
	})
	c.busyTimer = tm
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

var _ interface {
	flow.Prompter
	flow.ChainChooser
} = (*Controller)(nil)

package ui

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth"
	"aalogon/auth/credstore"
	"aalogon/auth/flow"
	"aalogon/device"
)

// Controller moves the window between its screens and runs one logon at a
// time. Threading rule: every field below "UI thread only" and every widget
// is touched on the UI thread; the flow runs on its own goroutine and
// reaches the window only through the prompter (prompter.go), which hands
// over with c.do. Fields under mu are shared by both.
type Controller struct {
	opts Options
	w    fyne.Window
	do   func(func())

	Root    fyne.CanvasObject
	Stepper *Stepper
	// Brand is the organisation's name at the top of the card; nil when
	// Options.Branding has none.
	Brand    *widget.Label
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
	chosen     string // the chain the person chose for it; remembered only once it succeeds
	policy     *auth.Policy
	failText   string
	otpNote    string
	result     *flow.Result
	busyTimer  *time.Timer
	lastReader *device.Event
	toucher    Toucher // the running logon's fingerprint source, when it can be touched
	saved      savedState
	kiosk      *kiosk // nil outside kiosk mode

	// fingerRetry answers "try the reader again?" while the flow asks it:
	// a reader plugged in answers it as Try again does. UI thread only.
	fingerRetry func()
	// source is the running logon's fingerprint source, nil without one.
	// UI thread only.
	source flow.FingerprintSource

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
	header := container.NewVBox()
	brand, name := newBrandHeader(opts.Branding)
	if brand != nil {
		header.Add(brand)
	}
	c.Brand = name
	header.Add(stepperSlot(c.Stepper))
	c.Root = newCard(header, c.body)
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
	c.SignIn = NewSignInScreen(whereLine(c.opts.Event, c.opts.Server), func(u string) { c.activity(); c.Start(u) },
		func(p string) { c.activity(); c.submitPassword(p) },
		func() { c.activity(); c.Cancel() },
		func() { c.activity(); c.Start(c.SignIn.User.Text) }) // Retry: the name as it stands now
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
// activity and exit. The keyboard focus leaves the screen that went (the
// caller then focuses the new one's field): no key lands in a field no
// longer shown. The kiosk's exit dialog keeps its focus. UI thread.
func (c *Controller) show(o fyne.CanvasObject) {
	c.stopBusy()
	c.watchInput(o)
	c.body.Objects = []fyne.CanvasObject{o}
	c.body.Refresh()
	if c.w != nil && (c.kiosk == nil || c.kiosk.exit == nil) {
		c.w.Canvas().Unfocus()
	}
}

// watchInput makes every field of o report its input as activity, and
// offer shortcuts to the kiosk's exit first; Esc on a focused button,
// check box or link, or in a field that has no Esc of its own, cancels the
// logon as it does with nothing focused.
func (c *Controller) watchInput(o fyne.CanvasObject) {
	switch x := o.(type) {
	case *Entry:
		x.OnInput = c.activity
		if x.OnEscape == nil {
			x.OnEscape = c.escape
		}
		if c.kiosk != nil {
			x.OnShortcut = c.kiosk.shortcut
		}
	case *Button:
		x.OnEscape = c.escape
	case *Check:
		x.OnEscape = c.escape
	case *Link:
		x.OnEscape = c.escape
	case *fyne.Container:
		for _, child := range x.Objects {
			c.watchInput(child)
		}
	case *container.Scroll: // a screen's content (layout.go)
		c.watchInput(x.Content)
	}
}

// escape is Esc: the person's activity, and the logon cancelled. UI thread.
func (c *Controller) escape() {
	c.activity()
	c.Cancel()
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
	c.chosen = ""
	c.fingerRetry = nil
	c.pushWaiting(false)
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
			if retry := c.fingerRetry; e.Kind == device.Attached && retry != nil {
				retry() // a reader came: the capture it waited for
			}
		})
	}
}

// startBusy marks an answer in flight (the kiosk's wipe waits for it) and
// shows the screen as waiting (setBusy) once it has run for BusyAfter.
// The next screen ends it. UI thread.
func (c *Controller) startBusy() {
	c.stopBusy()
	var tm *time.Timer
	tm = time.AfterFunc(c.opts.BusyAfter, func() {
		c.do(func() {
			if c.busyTimer == tm { // not stopped or replaced since
				c.setBusy()
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
	c.clearBusy()
}

var _ interface {
	flow.Prompter
	flow.ChainChooser
} = (*Controller)(nil)

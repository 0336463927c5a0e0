package ui

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/crypto/bcrypt"
)

// pinGate checks the administrator exit's PIN against its bcrypt hash and
// slows guessing down: after the n-th wrong PIN in a row, no PIN is checked
// for 2^(n-1) seconds, at most maxPINDelay.
type pinGate struct {
	hash  []byte
	now   func() time.Time
	fails int
	until time.Time
}

const maxPINDelay = 5 * time.Minute

// newPINGate returns a gate for hash; now nil: time.Now.
func newPINGate(hash []byte, now func() time.Time) *pinGate {
	if now == nil {
		now = time.Now
	}
	return &pinGate{hash: hash, now: now}
}

// wait is how long before the next PIN is checked.
func (g *pinGate) wait() time.Duration {
	return max(g.until.Sub(g.now()), 0)
}

// check reports whether pin is right. During a delay it checks nothing and
// returns false with the time left; a wrong PIN returns the new delay.
func (g *pinGate) check(pin string) (ok bool, wait time.Duration) {
	if w := g.wait(); w > 0 {
		return false, w
	}
	if bcrypt.CompareHashAndPassword(g.hash, []byte(pin)) == nil {
		g.fails = 0
		return true, 0
	}
	g.fails++
	d := time.Duration(math.Pow(2, float64(min(g.fails-1, 16)))) * time.Second
	d = min(d, maxPINDelay)
	g.until = g.now().Add(d)
	return false, d
}

// exitDialog asks for the administrator's PIN: the field has the focus,
// Return submits, Esc closes (on the buttons too).
type exitDialog struct {
	PIN     *Entry
	Message *widget.Label
	Submit  *Button
	Cancel  *Button
	d       dialog.Dialog
}

// openExit shows the administrator exit. UI thread.
func (k *kiosk) openExit() {
	w := k.c.w
	if k.gate == nil || k.exit != nil || w == nil {
		return // no PIN configured: no exit; or it is open already
	}
	e := &exitDialog{}
	e.PIN = newEntry(true)
	e.PIN.SetPlaceHolder(t("kiosk.pin", "PIN"))
	e.Message = errorLabel()
	hide := func() {
		e.d.Hide()
	}
	submit := func() {
		ok, wait := k.gate.check(e.PIN.Text)
		e.PIN.SetText("")
		if ok {
			e.d.Hide()
			if k.quit != nil {
				k.quit()
			}
			return
		}
		secs := int(math.Ceil(wait.Seconds()))
		e.Message.SetText(t("kiosk.pin_wait", "Wrong PIN. Try again in {{.Seconds}} s.", map[string]any{"Seconds": secs}))
		e.Message.Show()
	}
	e.PIN.OnSubmitted = func(string) { submit() }
	e.PIN.OnEscape = hide
	e.Submit = newButton(t("common.submit", "OK"), submit)
	e.Submit.Importance = widget.HighImportance
	e.Cancel = newButton(t("common.cancel", "Cancel"), hide)
	e.Submit.OnEscape, e.Cancel.OnEscape = hide, hide
	body := container.NewVBox(e.PIN, e.Message, container.NewHBox(e.Cancel, layout.NewSpacer(), e.Submit))
	e.d = dialog.NewCustomWithoutButtons(t("kiosk.exit", "Administrator exit"), body, w)
	e.d.SetOnClosed(func() {
		k.exit = nil
		k.activity()
	})
	k.exit = e
	e.d.Resize(fyne.NewSize(320, 0))
	e.d.Show()
	w.Canvas().Focus(e.PIN)
}

package ui

import (
	"image"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/crypto/bcrypt"

	"aalogon/device"
)

func newKioskWindow(t *testing.T, pin string) (*Controller, fyne.Window, *bool) {
	t.Helper()
	test.NewTempApp(t)
	hash, err := bcrypt.GenerateFromPassword([]byte(pin), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, widget.NewLabel(""))
	c := NewController(w, Options{Do: func(f func()) { f() }, Kiosk: Kiosk{Enabled: true, ExitPINHash: string(hash), IdleTimeout: time.Hour}})
	w.SetContent(c.Root)
	w.Resize(fyne.NewSize(460, 400))
	quit := false
	c.kiosk.quit = func() { quit = true }
	c.FocusFirst()
	return c, w, &quit
}

func pressExit(w fyne.Window) {
	sc := &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift}
	w.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(sc)
}

// TestKioskExitFromTheKeyboard: Ctrl+Shift+Q with the focus in the user
// name opens the exit with the PIN focused; Return submits; Esc closes.
func TestKioskExitFromTheKeyboard(t *testing.T) {
	c, w, quit := newKioskWindow(t, "4711")
	if w.Canvas().Focused() != c.SignIn.User {
		t.Fatal("the user name field has no focus")
	}
	pressExit(w)
	if c.kiosk.exit == nil || w.Canvas().Focused() != c.kiosk.exit.PIN {
		t.Fatal("Ctrl+Shift+Q in the user name field did not open the exit with the PIN focused")
	}
	e := c.kiosk.exit
	test.Type(e.PIN, "0000")
	e.PIN.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if *quit || !e.Message.Visible() || e.Message.Text != "Wrong PIN. Try again in 1 s." {
		t.Errorf("wrong PIN: quit %v, message %q", *quit, e.Message.Text)
	}
	e.PIN.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.kiosk.exit != nil {
		t.Error("Esc did not close the exit")
	}
	pressExit(w)
	time.Sleep(time.Second) // the delay after the wrong PIN
	test.Type(c.kiosk.exit.PIN, "4711")
	c.kiosk.exit.PIN.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !*quit {
		t.Error("the right PIN and Return did not close the kiosk")
	}
}

func TestPINGateDelaysGrow(t *testing.T) {
	hash, _ := bcrypt.GenerateFromPassword([]byte("4711"), bcrypt.MinCost)
	now := time.Unix(0, 0)
	g := newPINGate(hash, func() time.Time { return now })
	var waits []time.Duration
	for range 4 {
		ok, wait := g.check("0000")
		if ok {
			t.Fatal("a wrong PIN was accepted")
		}
		waits = append(waits, wait)
		if ok, _ := g.check("4711"); ok {
			t.Fatal("the right PIN was checked during the delay")
		}
		now = now.Add(wait)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}
	for i := range want {
		if waits[i] != want[i] {
			t.Errorf("delay after wrong PIN %d = %v, want %v", i+1, waits[i], want[i])
		}
	}
	if ok, _ := g.check("4711"); !ok {
		t.Error("the right PIN after the delay was refused")
	}
}

// TestKioskIdleWipeDropsThePreview: the last fingerprint preview is not
// kept for the next person.
func TestKioskIdleWipeDropsThePreview(t *testing.T) {
	test.NewTempApp(t)
	var mu sync.Mutex
	ui := func(f func()) { mu.Lock(); defer mu.Unlock(); f() }
	events := make(chan device.Event, 1)
	t.Cleanup(func() { close(events) })
	c := NewController(nil, Options{Do: ui, ReaderEvents: events, Kiosk: Kiosk{Enabled: true}})
	events <- device.Event{Kind: device.FingerOff, Preview: image.NewGray(image.Rect(0, 0, 4, 4))}
	for seen := false; !seen; time.Sleep(5 * time.Millisecond) {
		ui(func() { seen = c.lastReader != nil })
	}
	ui(func() {
		c.IdleReset()
		if c.lastReader == nil || c.lastReader.Kind != device.FingerOff || c.lastReader.Preview != nil {
			t.Errorf("after the idle wipe: last reader event %+v", c.lastReader)
		}
	})
}

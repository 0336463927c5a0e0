package cli

import (
	"context"
	"image"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/virtual"
)

// untouchable is a reader that, like every real one, has no Touch.
type untouchable struct{ device.Reader }

type oneReaderBus struct{ r device.Reader }

func (b oneReaderBus) Scan() ([]device.Info, error)            { return []device.Info{b.r.Info()}, nil }
func (b oneReaderBus) Open(device.Info) (device.Reader, error) { return b.r, nil }

// TestWindowTouchesOnlyATouchableReader: the window's fingerprint source
// can be touched when the Manager's reader is the virtual one, and a touch
// reaches that reader's capture; with a real reader, or none, it cannot.
func TestWindowTouchesOnlyATouchableReader(t *testing.T) {
	newReader := func() *virtual.Reader {
		return virtual.New(virtual.Images(image.NewGray(image.Rect(0, 0, 8, 8))), virtual.Options{})
	}
	t.Run("virtual reader", func(t *testing.T) {
		r := newReader()
		m := device.NewManager(device.ManagerConfig{Bus: virtualBus{r}})
		t.Cleanup(m.Close)
		m.Scan()
		s := managedSource{m: m}
		if !s.CanTouch() {
			t.Fatal("the virtual reader cannot be touched from the window")
		}
		done := make(chan error, 1)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		go func() { _, err := m.Capture(ctx, nil); done <- err }()
		s.Touch()
		if err := <-done; err != nil {
			t.Errorf("capture after the window's touch: %v", err)
		}
	})
	t.Run("real reader", func(t *testing.T) {
		m := device.NewManager(device.ManagerConfig{Bus: oneReaderBus{untouchable{newReader()}}})
		t.Cleanup(m.Close)
		m.Scan()
		if (managedSource{m: m}).CanTouch() {
			t.Error("a reader without Touch is offered to be touched")
		}
	})
	t.Run("no reader", func(t *testing.T) {
		m := device.NewManager(device.ManagerConfig{Bus: oneReaderBus{newReader()}})
		t.Cleanup(m.Close)
		if (managedSource{m: m}).CanTouch() {
			t.Error("a reader not yet found is offered to be touched")
		}
		managedSource{m: m}.Touch() // nothing to touch: no panic
	})
}

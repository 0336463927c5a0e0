package device_test

import (
	"context"
	"errors"
	"image"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/virtual"
)

// fakeBus is a USB bus whose readers the test plugs in and out.
type fakeBus struct {
	mu      sync.Mutex
	present []device.Info
	openErr error
	opened  int
}

func (b *fakeBus) plug(i ...device.Info) { b.mu.Lock(); b.present = i; b.mu.Unlock() }

func (b *fakeBus) Scan() ([]device.Info, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]device.Info(nil), b.present...), nil
}

func (b *fakeBus) Open(i device.Info) (device.Reader, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.openErr != nil {
		return nil, b.openErr
	}
	b.opened++
	return virtual.New(virtual.Images(image.NewGray(image.Rect(0, 0, 8, 8))), virtual.Options{AutoTouch: true, Name: i.Name}), nil
}

var (
	uru = device.Info{Driver: "uru4000", Name: "U.are.U 4500", VID: 0x05ba, PID: 0x000a, Bus: 1, Address: 50}
	nb  = device.Info{Driver: "nb1010", Name: "NB-1010-U", VID: 0x298d, PID: 0x1010, Bus: 1, Address: 3}
)

func TestManagerFollowsPlugAndUnplug(t *testing.T) {
	bus := &fakeBus{}
	m := device.NewManager(device.ManagerConfig{Bus: bus})
	events, stop := m.Subscribe()
	defer stop()

	m.Scan()
	if s, err := m.State(); s != device.NoReader || err != nil {
		t.Fatalf("empty bus: %v %v, want 'no reader' and no error", s, err)
	}
	if _, err := m.Capture(context.Background(), nil); !errors.Is(err, device.ErrNoReader) {
		t.Errorf("capture without reader: %v, want ErrNoReader", err)
	}

	bus.plug(uru)
	m.Scan()
	if s, _ := m.State(); s != device.Ready {
		t.Fatalf("after plugging in: %v", s)
	}
	if e := <-events; e.Kind != device.Attached || e.Reader.Name != "U.are.U 4500" {
		t.Errorf("event %+v, want attached", e)
	}
	if _, err := m.Capture(context.Background(), nil); err != nil {
		t.Errorf("capture: %v", err)
	}

	bus.plug()
	m.Scan()
	if e := <-events; e.Kind != device.Detached {
		t.Errorf("event %+v, want detached", e)
	}
	if s, _ := m.State(); s != device.NoReader {
		t.Errorf("after unplugging: %v", s)
	}

	bus.plug(uru) // plugged back: opened again
	m.Scan()
	if e := <-events; e.Kind != device.Attached || bus.opened != 2 {
		t.Errorf("event %+v after %d opens, want attached after 2", e, bus.opened)
	}
}

func TestManagerPrefersTheConfiguredReader(t *testing.T) {
	bus := &fakeBus{}
	bus.plug(uru, nb)
	m := device.NewManager(device.ManagerConfig{Bus: bus, Prefer: "298d:1010"})
	m.Scan()
	r, err := m.Reader()
	if err != nil || r.Info().Name != "NB-1010-U" {
		t.Fatalf("reader %v %v, want the preferred NB-1010-U", r, err)
	}
}

func TestManagerReportsABusyReader(t *testing.T) {
	bus := &fakeBus{openErr: device.ErrBusy}
	bus.plug(uru)
	m := device.NewManager(device.ManagerConfig{Bus: bus})
	m.Scan()
	s, err := m.State()
	if s != device.Unavailable || !errors.Is(err, device.ErrBusy) {
		t.Fatalf("state %v %v, want unavailable: busy", s, err)
	}
	if msg := device.Message(err); msg == "" || msg == device.Message(nil) {
		t.Errorf("message %q", msg)
	}
}

func TestManagerRunPollsUntilCancelled(t *testing.T) {
	bus := &fakeBus{}
	m := device.NewManager(device.ManagerConfig{Bus: bus, Interval: 10 * time.Millisecond})
	events, stop := m.Subscribe()
	defer stop()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	bus.plug(nb)
	select {
	case e := <-events:
		if e.Kind != device.Attached {
			t.Errorf("event %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the manager did not notice the reader")
	}
	cancel()
	<-done
}

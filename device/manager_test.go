package device_test

import (
	"context"
	"errors"
	"image"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/virtual"
)

// fakeBus is a USB bus whose readers the test plugs in and out. Like
// libusb, it refuses to open a reader that is still open (ErrBusy) unless
// shared is set.
type fakeBus struct {
	mu      sync.Mutex
	present []device.Info
	scanErr error
	openErr error
	shared  bool
	// newReader makes the readers Open returns. Nil: virtual readers that
	// capture at once.
	newReader func(device.Info) device.Reader
	// gate, when set, holds Open until it is closed.
	gate    chan struct{}
	opening chan struct{}
	opened  int
	open    []*trackedReader
}

func (b *fakeBus) plug(i ...device.Info) { b.mu.Lock(); b.present = i; b.mu.Unlock() }

func (b *fakeBus) failScans(err error) { b.mu.Lock(); b.scanErr = err; b.mu.Unlock() }

func (b *fakeBus) Scan() ([]device.Info, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.scanErr != nil {
		return nil, b.scanErr
	}
	return append([]device.Info(nil), b.present...), nil
}

func (b *fakeBus) Open(i device.Info) (device.Reader, error) {
	if b.gate != nil {
		b.opening <- struct{}{}
		<-b.gate
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.openErr != nil {
		return nil, b.openErr
	}
	if !b.shared && b.stillOpen() > 0 {
		return nil, device.ErrBusy
	}
	b.opened++
	var r device.Reader = virtual.New(virtual.Images(image.NewGray(image.Rect(0, 0, 8, 8))), virtual.Options{AutoTouch: true, Name: i.Name})
	if b.newReader != nil {
		r = b.newReader(i)
	}
	t := &trackedReader{Reader: r}
	b.open = append(b.open, t)
	return t, nil
}

// stillOpen counts the readers opened and not closed; b.mu is held.
func (b *fakeBus) stillOpen() int {
	n := 0
	for _, r := range b.open {
		if r.closes.Load() == 0 {
			n++
		}
	}
	return n
}

func (b *fakeBus) openReaders() int { b.mu.Lock(); defer b.mu.Unlock(); return b.stillOpen() }

// trackedReader counts Close calls and notes a Close that came while a
// Capture was still running on the reader.
type trackedReader struct {
	device.Reader
	capturing   atomic.Int32
	closes      atomic.Int32
	closedInUse atomic.Bool
}

func (r *trackedReader) Capture(ctx context.Context, events chan<- device.Event) (*device.Sample, error) {
	r.capturing.Add(1)
	defer r.capturing.Add(-1)
	return r.Reader.Capture(ctx, events)
}

func (r *trackedReader) Close() error {
	if r.capturing.Load() > 0 {
		r.closedInUse.Store(true)
	}
	r.closes.Add(1)
	return r.Reader.Close()
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

// A scan that fails (libusb cannot list the bus for a moment) must close the
// reader it drops: left open, the reader stays "in use by another program"
// until the program ends.
func TestManagerClosesTheReaderWhenAScanFails(t *testing.T) {
	bus := &fakeBus{}
	bus.plug(uru)
	m := device.NewManager(device.ManagerConfig{Bus: bus})
	events, stop := m.Subscribe()
	t.Cleanup(stop)
	m.Scan()
	<-events // attached

	bus.failScans(device.ErrNoUSB)
	m.Scan()
	if s, err := m.State(); s != device.Unavailable || !errors.Is(err, device.ErrNoUSB) {
		t.Errorf("after a failed scan: %v %v, want unavailable: %v", s, err, device.ErrNoUSB)
	}
	if n := bus.openReaders(); n != 0 {
		t.Errorf("%d readers left open after the failed scan, want 0", n)
	}
	if e := next(t, events); e.Kind != device.Detached {
		t.Errorf("event %+v, want detached", e)
	}

	bus.failScans(nil)
	m.Scan()
	if s, err := m.State(); s != device.Ready {
		t.Fatalf("after the bus came back: %v %v, want ready", s, err)
	}
}

// Unplugging the reader during a capture ends the capture with
// ErrUnplugged, and only then is the reader closed.
func TestManagerUnplugDuringCaptureEndsItBeforeClosing(t *testing.T) {
	waiting := make(chan device.Event, 8)
	bus := &fakeBus{newReader: func(i device.Info) device.Reader {
		return virtual.New(virtual.Images(image.NewGray(image.Rect(0, 0, 8, 8))), virtual.Options{Name: i.Name}) // waits for a touch
	}}
	bus.plug(uru)
	m := device.NewManager(device.ManagerConfig{Bus: bus})
	m.Scan()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	done := make(chan error, 1)
	go func() {
		_, err := m.Capture(ctx, waiting)
		done <- err
	}()
	if e := <-waiting; e.Kind != device.WaitingForFinger {
		t.Fatalf("event %+v, want waiting for finger", e)
	}
	bus.plug() // pulled out while the person is asked for a finger
	m.Scan()

	var err error
	select {
	case err = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the capture did not end when the reader was unplugged")
	}
	if !errors.Is(err, device.ErrUnplugged) {
		t.Errorf("capture error %v, want ErrUnplugged", err)
	}
	r := bus.open[0]
	if r.closedInUse.Load() {
		t.Error("the reader was closed while the capture was still using it")
	}
	if n := r.closes.Load(); n != 1 {
		t.Errorf("the reader was closed %d times, want once", n)
	}
}

// Two scans at once (the polling loop, and a capture that saw the reader
// go) open the reader once; the other must not open a second one and lose it.
func TestManagerOverlappingScansOpenTheReaderOnce(t *testing.T) {
	bus := &fakeBus{shared: true, gate: make(chan struct{}), opening: make(chan struct{}, 2)}
	bus.plug(nb)
	m := device.NewManager(device.ManagerConfig{Bus: bus})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); m.Scan() }()
	<-bus.opening // the first scan is opening the reader
	go func() { defer wg.Done(); m.Scan() }()
	time.Sleep(50 * time.Millisecond) // let the second scan reach the bus
	close(bus.gate)
	wg.Wait()

	if n := bus.openReaders(); n != 1 {
		t.Errorf("%d readers open after two scans, want 1", n)
	}
	m.Close()
	if n := bus.openReaders(); n != 0 {
		t.Errorf("%d readers open after Close, want 0", n)
	}
}

// Run's end (the window closes) ends a capture in progress, then closes the
// reader once.
func TestManagerRunEndsTheCaptureThenClosesTheReader(t *testing.T) {
	waiting := make(chan device.Event, 8)
	bus := &fakeBus{newReader: func(i device.Info) device.Reader {
		return virtual.New(virtual.Images(image.NewGray(image.Rect(0, 0, 8, 8))), virtual.Options{Name: i.Name})
	}}
	bus.plug(nb)
	m := device.NewManager(device.ManagerConfig{Bus: bus, Interval: time.Hour})
	events, stop := m.Subscribe()
	t.Cleanup(stop)
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { m.Run(ctx); close(ran) }()
	<-events // attached

	captured := make(chan error, 1)
	go func() {
		_, err := m.Capture(context.Background(), waiting)
		captured <- err
	}()
	<-waiting
	cancel()
	select {
	case err := <-captured:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("capture error %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the capture did not end with Run")
	}
	<-ran
	r := bus.open[0]
	if r.closedInUse.Load() || r.closes.Load() != 1 {
		t.Errorf("closed %d times, during the capture: %v; want once, after it", r.closes.Load(), r.closedInUse.Load())
	}
}

// next returns the next event, or fails the test after 5 s.
func next(t *testing.T, events <-chan device.Event) device.Event {
	t.Helper()
	select {
	case e := <-events:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event in 5 s")
	}
	return device.Event{}
}

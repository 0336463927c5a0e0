package vfs5011_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
	"aalogon/device/vfs5011"
	"aalogon/internal/shared"
)

// faulty wraps the recorded reader: the nth IN transfer of n bytes on
// endpoint ep breaks as mode says. It also counts transfers still in
// flight, which must be none once Capture returns.
type faulty struct {
	usb.Transport
	ep   uint8
	n    int
	nth  int
	mode string // "unplug", "short", "garbage", "stall"

	mu      sync.Mutex
	seen    int
	pending int
}

func (f *faulty) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	t, err := f.Transport.Submit(ep, n, data)
	if err != nil {
		return t, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pending++
	mode := ""
	if ep == f.ep && n == f.n {
		if f.seen++; f.seen == f.nth {
			mode = f.mode
		}
	}
	return &brokenTransfer{inner: t, mode: mode, f: f}, nil
}

func (f *faulty) inFlight() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pending
}

type brokenTransfer struct {
	inner usb.Transfer
	mode  string
	f     *faulty
	once  sync.Once
}

func (b *brokenTransfer) done() { b.once.Do(func() { b.f.mu.Lock(); b.f.pending--; b.f.mu.Unlock() }) }

func (b *brokenTransfer) Wait(ctx context.Context) ([]byte, error) {
	defer b.done()
	switch b.mode {
	case "stall":
		<-ctx.Done()
		b.inner.Cancel()
		return nil, ctx.Err()
	case "unplug":
		b.inner.Cancel()
		return nil, usb.ErrGone
	}
	data, err := b.inner.Wait(ctx)
	if err == nil && b.mode == "short" {
		data = data[:len(data)/2]
	}
	if err == nil && b.mode == "garbage" {
		data = append([]byte(nil), data...)
		for i := range data {
			data[i] ^= 0xa5
		}
	}
	return data, err
}

func (b *brokenTransfer) Cancel() { b.done(); b.inner.Cancel() }

func TestFaults(t *testing.T) {
	dir, err := shared.Path("usb-recordings/vfs5011")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		ep   uint8
		n    int
		nth  int
		mode string
		want error
	}{
		{"unplugged mid-swipe", 0x82, 256 * 240, 3, "unplug", device.ErrUnplugged},
		// The 6th 64-byte control reply is init_02's, which must be 00 00.
		{"short reply while initialising", 0x81, 64, 6, "short", device.ErrProtocol},
		// The 3rd 2368-byte control reply is prepare_04's "done".
		{"garbage reply while arming", 0x81, 2368, 3, "garbage", device.ErrProtocol},
		{"no answer while arming", 0x82, 84032, 1, "stall", device.ErrTimeout},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			rep, dev, err := usb.OpenRecording(dir)
			if err != nil {
				t.Fatal(err)
			}
			f := &faulty{Transport: rep, ep: tc.ep, n: tc.n, nth: tc.nth, mode: tc.mode}
			r, err := vfs5011.Open(f, dev.VID, dev.PID, vfs5011.Options{})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			s, err := r.Capture(ctx, nil)
			if !errors.Is(err, tc.want) || s != nil {
				t.Fatalf("Capture() = %v, %v; want no sample and %v", s, err, tc.want)
			}
			if n := f.inFlight(); n != 0 {
				t.Errorf("%d transfers left in flight", n)
			}
			r.Close()
			for i := 0; i < 100 && runtime.NumGoroutine() > before; i++ {
				time.Sleep(10 * time.Millisecond)
			}
			if n := runtime.NumGoroutine(); n > before {
				t.Errorf("%d goroutines left behind", n-before)
			}
		})
	}
}

// idleSensor is an armed VFS5011 with nobody at it: every command is
// answered "done" and every line is blank.
type idleSensor struct {
	mu    sync.Mutex
	inits int // cmd_19 commands: one per initialisation
}

func (s *idleSensor) Control(context.Context, usb.Setup, []byte) (int, error) { return 0, nil }
func (s *idleSensor) Close() error                                            { return nil }
func (s *idleSensor) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	if ep == 0x01 && len(data) == 1 && data[0] == 0x19 {
		s.mu.Lock()
		s.inits++
		s.mu.Unlock()
	}
	switch ep {
	case 0x81:
		return answered([]byte{0, 0}), nil
	case 0x82:
		return answered(make([]byte, n)), nil
	}
	return answered(nil), nil
}

type answered []byte

func (a answered) Wait(ctx context.Context) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return a, nil
}
func (answered) Cancel() {}

func TestCancelWhileWaitingForTheSwipe(t *testing.T) {
	sensor := &idleSensor{}
	r, err := vfs5011.Open(sensor, vfs5011.VID, 0x0011, vfs5011.Options{})
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan device.Event, 8)
	for attempt := 1; attempt <= 2; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_, err = r.Capture(ctx, events)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("attempt %d: err = %v, want the deadline", attempt, err)
		}
		if e := <-events; e.Kind != device.WaitingForFinger {
			t.Errorf("attempt %d: first event %v, want waiting for finger", attempt, e.Kind)
		}
		if len(events) != 0 {
			t.Errorf("attempt %d: events after waiting: %v", attempt, (<-events).Kind)
		}
	}
	// A capture that ended in an error leaves the sensor in an unknown
	// state: the next one initialises it again.
	if sensor.inits != 2 {
		t.Errorf("%d initialisations for two cancelled captures, want 2", sensor.inits)
	}
}

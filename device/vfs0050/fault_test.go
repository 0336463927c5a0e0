package vfs0050_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
	"aalogon/device/vfs0050"
	"aalogon/internal/shared"
)

// faulty wraps a transport: the nth IN transfer of n bytes on endpoint ep
// breaks as mode says. It records the commands written and counts the
// transfers still in flight, which must be none once Capture returns.
type faulty struct {
	usb.Transport
	ep   uint8
	n    int
	nth  int
	mode string // "unplug", "short", "garbage", "stall"

	mu       sync.Mutex
	seen     int
	pending  int
	commands [][]byte
}

func (f *faulty) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	t, err := f.Transport.Submit(ep, n, data)
	if err != nil {
		return t, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if ep&0x80 == 0 {
		f.commands = append(f.commands, append([]byte(nil), data...))
	}
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
	dir, err := shared.Path("usb-recordings/vfs0050")
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
		// Three drains of 0x82 come before the image's reads.
		{"unplugged mid-swipe", 0x82, 65536, 8, "unplug", device.ErrUnplugged},
		{"short return code", 0x81, 2, 2, "short", device.ErrProtocol},
		{"garbage for the empty interrupt", 0x83, 5, 1, "garbage", device.ErrProtocol},
		// The 3rd 5-byte interrupt is the finger's.
		{"unknown finger interrupt", 0x83, 5, 3, "garbage", device.ErrProtocol},
		{"no commit response", 0x81, 1106, 1, "stall", device.ErrTimeout},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			rep, dev, err := usb.OpenRecording(dir)
			if err != nil {
				t.Fatal(err)
			}
			f := &faulty{Transport: rep, ep: tc.ep, n: tc.n, nth: tc.nth, mode: tc.mode}
			r, err := vfs0050.Open(f, dev.VID, dev.PID, vfs0050.Options{})
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
			checkCommands(t, f.commands)
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

// noFinger is a VFS0050 with nobody at it: every command is answered, the
// endpoints are empty, and once the light is on the finger interrupt never
// comes.
type noFinger struct {
	mu       sync.Mutex
	lightOn  bool
	irqs     int // 5-byte interrupt reads since the light came on
	commands [][]byte
}

func (s *noFinger) Control(context.Context, usb.Setup, []byte) (int, error) { return 0, nil }
func (s *noFinger) Close() error                                            { return nil }
func (s *noFinger) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ep&0x80 == 0 {
		s.commands = append(s.commands, append([]byte(nil), data...))
		if len(data) == 125 {
			s.lightOn = data[1] == 0x20 // turn_on is 39 20…, turn_off 39 01…
			s.irqs = 0
		}
		return reply(nil), nil
	}
	if ep == 0x83 && n == 5 && s.lightOn {
		// The first is the commit's empty interrupt, the next the finger's.
		if s.irqs++; s.irqs > 1 {
			return never{}, nil
		}
	}
	switch {
	case n == 65536: // drains: nothing there
		return reply(nil), nil
	}
	return reply(make([]byte, n)), nil
}

type reply []byte

func (r reply) Wait(ctx context.Context) ([]byte, error) { return r, ctx.Err() }
func (reply) Cancel()                                    {}

type never struct{}

func (never) Wait(ctx context.Context) ([]byte, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}
func (never) Cancel() {}

func TestCancelWhileWaitingForFingerPowersDown(t *testing.T) {
	sensor := &noFinger{}
	r, err := vfs0050.Open(sensor, vfs0050.VID, vfs0050.PID, vfs0050.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	events := make(chan device.Event, 8)
	_, err = r.Capture(ctx, events)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	if n := len(events); n != 1 || (<-events).Kind != device.WaitingForFinger {
		t.Errorf("%d events, want only waiting for finger", n)
	}
	if sensor.lightOn {
		t.Error("the light is still on after the cancel")
	}
	checkCommands(t, sensor.commands)
}

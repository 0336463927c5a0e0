package vfs301_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
	"aalogon/device/vfs301"
)

// faulty wraps the recorded reader: it breaks the at-th read (from 1) of n
// bytes on ep and notes every message the driver sends.
type faulty struct {
	usb.Transport
	ep   uint8
	n    int
	at   int
	mode string // "unplug", "short", "stall", "garbage"

	mu      sync.Mutex
	seen    int
	hit     bool
	gone    bool
	written [][]byte
}

func (f *faulty) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	f.mu.Lock()
	if ep&0x80 == 0 {
		f.written = append(f.written, append([]byte(nil), data...))
	}
	if f.gone {
		f.mu.Unlock()
		return nil, usb.ErrGone
	}
	if ep == f.ep && n == f.n {
		f.seen++
	}
	hit := !f.hit && ep == f.ep && n == f.n && f.seen == max(f.at, 1)
	if hit {
		f.hit = true
		f.gone = f.mode == "unplug"
	}
	f.mu.Unlock()
	t, err := f.Transport.Submit(ep, n, data)
	if err != nil || !hit {
		return t, err
	}
	return &broken{t, f.mode}, nil
}

// stopped reports whether the driver sent the stop command (0x04) and then
// the idle program after it.
func (f *faulty) stopped() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, w := range f.written {
		if len(w) == 1 && w[0] == 0x04 {
			return i+1 < len(f.written) && len(f.written[i+1]) > 1000
		}
	}
	return false
}

type broken struct {
	inner usb.Transfer
	mode  string
}

func (b *broken) Wait(ctx context.Context) ([]byte, error) {
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
	switch {
	case err != nil:
	case b.mode == "short":
		data = data[:len(data)/2]
	case b.mode == "garbage":
		for i := range data {
			data[i] = 0x5a
		}
	}
	return data, err
}

func (b *broken) Cancel() { b.inner.Cancel() }

func TestFaults(t *testing.T) {
	cases := []struct {
		name     string
		ep       uint8
		n, at    int
		mode     string
		want     error
		stopSent bool // the fault came after the swipe was armed
	}{
		{"unplugged during activation", 0x82, 53248, 1, "unplug", device.ErrUnplugged, false},
		{"calibration scan cut short", 0x82, 11648, 1, "short", device.ErrProtocol, false},
		{"version reply never comes", 0x81, 38, 2, "stall", device.ErrTimeout, false},
		// The first 7-byte reply belongs to activation; the second is the
		// first swipe check.
		{"swipe check never answers", 0x81, 7, 2, "stall", device.ErrTimeout, true},
		{"swipe check answers garbage", 0x81, 7, 2, "garbage", device.ErrProtocol, true},
		{"swipe header cut short", 0x82, 64, 1, "short", device.ErrProtocol, true},
		{"unplugged mid-swipe", 0x82, 84096, 1, "unplug", device.ErrUnplugged, false},
		{"strip never comes", 0x82, 84032, 1, "stall", device.ErrTimeout, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			rep, dev, _ := openRecording(t)
			f := &faulty{Transport: rep, ep: tc.ep, n: tc.n, at: tc.at, mode: tc.mode}
			r, err := vfs301.Open(f, dev.VID, dev.PID, vfs301.Options{PollInterval: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			s, err := r.Capture(ctx, nil)
			if !errors.Is(err, tc.want) || s != nil {
				t.Fatalf("Capture() = %v, %v; want error %v", s, err, tc.want)
			}
			if !f.hit {
				t.Fatal("the fault was never reached")
			}
			if tc.stopSent && !f.stopped() {
				t.Error("the scan was not stopped after the fault")
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

// A person who walks away while the reader waits for a swipe: the capture
// ends with the context, and the armed scan is stopped all the same.
func TestCancelWhileWaitingForSwipe(t *testing.T) {
	rep, dev, _ := openRecording(t)
	f := &faulty{Transport: rep} // no fault: the log answers "no swipe" first
	r, err := vfs301.Open(f, dev.VID, dev.PID, vfs301.Options{PollInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	events := make(chan device.Event, 4)
	_, err = r.Capture(ctx, events)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Capture() error = %v, want the deadline", err)
	}
	if e := <-events; e.Kind != device.WaitingForFinger {
		t.Errorf("first event %v, want %v", e.Kind, device.WaitingForFinger)
	}
	if len(events) != 0 {
		t.Errorf("event after waiting: %v", (<-events).Kind)
	}
	if !f.stopped() {
		t.Error("the armed scan was not stopped")
	}
}

func TestOpenRefusesOtherReaders(t *testing.T) {
	rep, _, _ := openRecording(t)
	if _, err := vfs301.Open(rep, 0x138a, 0x0050, vfs301.Options{}); !errors.Is(err, device.ErrUnsupported) {
		t.Errorf("Open(138a:0050) error = %v, want %v", err, device.ErrUnsupported)
	}
}

package vfs7552_test

import (
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/usb"
	"aalogon/device/vfs7552"
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

// stopped reports whether the driver tried to stop the sensor (command
// 0x04). After a fault the replay cannot answer it, so trying is all a test
// can see.
func (f *faulty) stopped() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, w := range f.written {
		if len(w) == 1 && w[0] == 0x04 {
			return true
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
		stopSent bool // the fault came after imaging started
	}{
		{"unplugged during initialisation", 0x81, 64, 1, "unplug", device.ErrUnplugged, false},
		{"image start answer cut short", 0x81, 2048, 1, "short", device.ErrProtocol, false},
		// Six 64-byte replies belong to initialisation; the seventh is the
		// first "is a frame ready?" answer.
		{"frame state garbage", 0x81, 64, 7, "garbage", device.ErrProtocol, true},
		{"frame state never comes", 0x81, 64, 7, "stall", device.ErrTimeout, true},
		{"image chunk cut short", 0x81, 4806, 1, "short", device.ErrProtocol, true},
		{"image chunk never comes", 0x81, 4806, 1, "stall", device.ErrTimeout, true},
		{"unplugged mid-frame", 0x81, 4806, 2, "unplug", device.ErrUnplugged, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			f := &faulty{Transport: newReplay(t), ep: tc.ep, n: tc.n, at: tc.at, mode: tc.mode}
			r, err := vfs7552.Open(f, vfs7552.VID, vfs7552.PID, vfs7552.Options{})
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
			if got := f.stopped(); got != tc.stopSent {
				t.Errorf("stop sent = %v, want %v", got, tc.stopSent)
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

// A person who walks away while the sensor waits for a finger: the capture
// ends with the context, no finger is reported, and the sensor is stopped.
func TestCancelWhileWaitingForFinger(t *testing.T) {
	f := &faulty{Transport: newReplay(t), ep: 0x83, n: 8, at: 1, mode: "stall"}
	r, err := vfs7552.Open(f, vfs7552.VID, vfs7552.PID, vfs7552.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	events := make(chan device.Event, 4)
	if _, err := r.Capture(ctx, events); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Capture() error = %v, want the deadline", err)
	}
	if e := <-events; e.Kind != device.WaitingForFinger {
		t.Errorf("first event %v, want %v", e.Kind, device.WaitingForFinger)
	}
	if len(events) != 0 {
		t.Errorf("event after waiting: %v", (<-events).Kind)
	}
	if !f.stopped() {
		t.Error("the sensor was not stopped")
	}
}

func TestOpenRefusesOtherReaders(t *testing.T) {
	if _, err := vfs7552.Open(newReplay(t), 0x138a, 0x0090, vfs7552.Options{}); !errors.Is(err, device.ErrUnsupported) {
		t.Errorf("Open(138a:0090) error = %v, want %v", err, device.ErrUnsupported)
	}
}

// newReplay is the recording with a short stall, so that a driver that goes
// on after a fault learns it quickly.
func newReplay(t *testing.T) *usb.Replay {
	t.Helper()
	dir := recordingDir(t)
	dev, err := usb.ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := usb.ReadIoctl(filepath.Join(dir, "capture.ioctl"))
	if err != nil {
		t.Fatal(err)
	}
	return usb.NewReplay(recs, usb.ReplayOptions{EndpointTypes: asRecorded(dev), Stall: 100 * time.Millisecond})
}

package aes3500_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/aes3500"
	"aalogon/device/usb"
)

// faulty wraps the recorded sensor and breaks its at-th transfer (from 1,
// writes and reads counted together). It remembers every read it handed
// out, so a test can check that none is left pending.
type faulty struct {
	usb.Transport
	at   int
	mode string // "unplug", "short", "stall", "hang", "silent"

	mu    sync.Mutex
	n     int
	reads []*brokenTransfer
}

func (f *faulty) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	t, err := f.Transport.Submit(ep, n, data)
	if err != nil {
		return t, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	b := &brokenTransfer{inner: t, done: make(chan struct{})}
	if f.n == f.at {
		b.mode = f.mode
	}
	if ep&0x80 != 0 {
		f.reads = append(f.reads, b)
	}
	return b, nil
}

// pending counts reads neither finished nor cancelled.
func (f *faulty) pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.reads {
		select {
		case <-r.done:
		default:
			n++
		}
	}
	return n
}

type brokenTransfer struct {
	inner usb.Transfer
	mode  string
	once  sync.Once
	done  chan struct{} // closed once Wait returned or Cancel was called

	mu        sync.Mutex
	cancelled bool // the driver called Cancel
}

func (b *brokenTransfer) wasCancelled() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.cancelled
}

func (b *brokenTransfer) end() { b.once.Do(func() { close(b.done) }) }

func (b *brokenTransfer) Wait(ctx context.Context) ([]byte, error) {
	defer b.end()
	switch b.mode {
	case "unplug":
		b.inner.Cancel()
		return nil, usb.ErrGone
	case "stall":
		b.inner.Cancel()
		return nil, usb.ErrStall
	case "hang", "silent": // the sensor never answers; silent: nor does the finger come
		b.inner.Cancel()
		<-ctx.Done()
		return nil, ctx.Err()
	}
	data, err := b.inner.Wait(ctx)
	if err == nil && b.mode == "short" {
		data = data[:len(data)-100]
	}
	return data, err
}

func (b *brokenTransfer) Cancel() {
	b.mu.Lock()
	b.cancelled = true
	b.mu.Unlock()
	b.inner.Cancel()
	b.end()
}

func TestFaults(t *testing.T) {
	// Transfers: 10 activation writes, 3 arming writes, then the image read (14).
	cases := []struct {
		name string
		at   int
		mode string
		want error
	}{
		{"unplugged while activating", 3, "unplug", device.ErrUnplugged},
		{"unplugged while waiting for the finger", 14, "unplug", device.ErrUnplugged},
		{"short image", 14, "short", device.ErrProtocol},
		{"image endpoint stalls", 14, "stall", device.ErrProtocol},
		{"register write stalls", 12, "stall", device.ErrProtocol},
		{"a register write is never answered", 9, "hang", device.ErrTimeout},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			before := runtime.NumGoroutine()
			rep, dev, _ := recording(t)
			f := &faulty{Transport: rep, at: tc.at, mode: tc.mode}
			r, err := aes3500.Open(f, dev.VID, dev.PID, aes3500.Options{})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			s, err := r.Capture(ctx, nil)
			if !errors.Is(err, tc.want) || s != nil {
				t.Fatalf("Capture() = %v, %v, want %v", s, err, tc.want)
			}
			if n := f.pending(); n != 0 {
				t.Errorf("%d reads left pending: the sensor was not deactivated", n)
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

// A person who never puts a finger on: cancelling the wait ends Capture
// with the cancellation, the image read is cancelled and nothing but
// WaitingForFinger was reported.
func TestCancelWhileWaitingForFinger(t *testing.T) {
	rep, dev, _ := recording(t)
	f := &faulty{Transport: rep, at: 14, mode: "silent"}
	r, err := aes3500.Open(f, dev.VID, dev.PID, aes3500.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	events := make(chan device.Event, 4)
	_, err = r.Capture(ctx, events)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	if errors.Is(err, device.ErrTimeout) {
		t.Errorf("err = %v: the person's own deadline is not a sensor that stopped answering", err)
	}
	if n := f.pending(); n != 0 {
		t.Errorf("%d reads left pending", n)
	}
	if read := f.reads[0]; !read.wasCancelled() {
		t.Error("the image read was not cancelled: the sensor was left armed")
	}
	if e := <-events; e.Kind != device.WaitingForFinger {
		t.Errorf("first event %v", e.Kind)
	}
	if len(events) != 0 {
		t.Errorf("events after waiting: %v", <-events)
	}
}

func TestOpenRefusesOtherIDs(t *testing.T) {
	if _, err := aes3500.Open(nil, 0x08ff, 0x2580, aes3500.Options{}); !errors.Is(err, device.ErrUnsupported) {
		t.Errorf("Open(08ff:2580) error = %v, want ErrUnsupported", err)
	}
}

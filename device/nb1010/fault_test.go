package nb1010_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/nb1010"
	"aalogon/device/usb"
	"aalogon/internal/shared"
)

// faulty wraps the recorded reader and breaks the n-th IN transfer.
type faulty struct {
	usb.Transport
	mu    sync.Mutex
	reads int
	at    int    // which IN transfer (from 1) to break
	mode  string // "unplug", "short", "stall", "nofinger"
}

type brokenTransfer struct {
	inner usb.Transfer
	mode  string
}

func (b *brokenTransfer) Wait(ctx context.Context) ([]byte, error) {
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
	return data, err
}

func (b *brokenTransfer) Cancel() { b.inner.Cancel() }

// noFinger answers every finger check with level 0.
type noFinger struct{}

func (noFinger) Control(context.Context, usb.Setup, []byte) (int, error) { return 0, nil }
func (noFinger) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	return doneTransfer(make([]byte, n)), nil
}
func (noFinger) Close() error { return nil }

type doneTransfer []byte

func (d doneTransfer) Wait(ctx context.Context) ([]byte, error) {
	if len(d) > 0 {
		d[0], d[1] = 0x80, 0x37 // a finger-level reply saying: nothing there
	}
	return d, nil
}
func (doneTransfer) Cancel() {}

func (f *faulty) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	t, err := f.Transport.Submit(ep, n, data)
	if err != nil || ep&0x80 == 0 {
		return t, err
	}
	f.mu.Lock()
	f.reads++
	hit := f.reads == f.at
	f.mu.Unlock()
	if hit {
		return &brokenTransfer{t, f.mode}, nil
	}
	return t, nil
}

func TestFaults(t *testing.T) {
	dir, err := shared.Path("usb-recordings/nb1010")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		at   int
		mode string
		want error
	}{
		{"unplugged during the image", 10, "unplug", device.ErrUnplugged},
		{"short image chunk", 12, "short", device.ErrProtocol},
		{"reply never comes", 2, "stall", device.ErrTimeout},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			rep, dev, err := usb.OpenRecording(dir)
			if err != nil {
				t.Fatal(err)
			}
			r, _ := nb1010.Open(&faulty{Transport: rep, at: tc.at, mode: tc.mode}, dev.VID, dev.PID, nb1010.Options{})
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err = r.Capture(ctx, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			rep.Close()
			for i := 0; i < 100 && runtime.NumGoroutine() > before; i++ {
				time.Sleep(10 * time.Millisecond)
			}
			if n := runtime.NumGoroutine(); n > before {
				t.Errorf("%d goroutines left behind", n-before)
			}
		})
	}
}

func TestCancelWhileWaitingForFinger(t *testing.T) {
	r, _ := nb1010.Open(noFinger{}, nb1010.VID, nb1010.PID, nb1010.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	events := make(chan device.Event, 4)
	_, err := r.Capture(ctx, events)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	if e := <-events; e.Kind != device.WaitingForFinger {
		t.Errorf("first event %v", e.Kind)
	}
	if len(events) != 0 {
		t.Errorf("events after waiting: %v", <-events)
	}
}

package upektcimg_test

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/upektcimg"
	"aalogon/device/usb"
)

// faulty wraps the recorded coprocessor and breaks its at-th read (from
// 1). After the fault the recording is left: an unplugged reader fails
// every transfer; otherwise a stand-in coprocessor takes every write and
// answers every read with a bare reply, so the test sees what the driver
// sends on its way out.
type faulty struct {
	usb.Transport
	at   int
	mode string // "unplug", "short", "garbage", "silent"

	mu     sync.Mutex
	reads  int
	broken bool
	after  [][]byte // writes after the fault
}

// bareReply is a valid message with nothing in it.
var bareReplyBytes = []byte{'C', 'i', 'a', 'o', 0x01, 0x00, 0x00, 0x30, 0x37}

func (f *faulty) Control(ctx context.Context, s usb.Setup, data []byte) (int, error) {
	f.mu.Lock()
	broken, mode := f.broken, f.mode
	f.mu.Unlock()
	switch {
	case broken && mode == "unplug":
		return 0, usb.ErrGone
	case broken:
		return len(data), nil
	}
	return f.Transport.Control(ctx, s, data)
}

func (f *faulty) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.broken {
		if f.mode == "unplug" {
			return nil, usb.ErrGone
		}
		if ep&0x80 == 0 {
			f.after = append(f.after, append([]byte(nil), data...))
			return done(nil), nil
		}
		return done(append([]byte(nil), bareReplyBytes...)), nil
	}
	t, err := f.Transport.Submit(ep, n, data)
	if err != nil || ep&0x80 == 0 {
		return t, err
	}
	if f.reads++; f.reads != f.at {
		return t, nil
	}
	f.broken = true
	return &brokenTransfer{inner: t, mode: f.mode}, nil
}

// deinitSent reports whether the driver sent deinit after the fault.
func (f *faulty) deinitSent() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, w := range f.after {
		if len(w) > 4 && bytes.HasPrefix(w, []byte("Ciao")) && w[4] == 0x07 {
			return true
		}
	}
	return false
}

type done []byte

func (d done) Wait(context.Context) ([]byte, error) { return d, nil }
func (done) Cancel()                                {}

type brokenTransfer struct {
	inner usb.Transfer
	mode  string
}

func (b *brokenTransfer) Wait(ctx context.Context) ([]byte, error) {
	switch b.mode {
	case "unplug":
		b.inner.Cancel()
		return nil, usb.ErrGone
	case "silent":
		b.inner.Cancel()
		<-ctx.Done()
		return nil, ctx.Err()
	}
	data, err := b.inner.Wait(ctx)
	switch {
	case err != nil:
	case b.mode == "short":
		data = data[:len(data)/2]
	case b.mode == "garbage":
		data = bytes.Repeat([]byte{0xe8}, len(data))
	}
	return data, err
}

func (b *brokenTransfer) Cancel() { b.inner.Cancel() }

func TestFaults(t *testing.T) {
	// Reads: 6 during activation, 3 statuses (7–9), then each frame's
	// head and rest: the first frame is reads 10 and 11.
	cases := []struct {
		name string
		at   int
		mode string
		want error
	}{
		{"unplugged during the image", 13, "unplug", device.ErrUnplugged},
		{"unplugged while activating", 2, "unplug", device.ErrUnplugged},
		{"short frame", 11, "short", device.ErrProtocol},
		{"garbage frame", 14, "garbage", device.ErrProtocol},
		{"garbage sensor description", 6, "garbage", device.ErrProtocol},
		{"no answer with the finger on", 12, "silent", device.ErrTimeout},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			before := runtime.NumGoroutine()
			rep, dev, _ := recording(t)
			f := &faulty{Transport: rep, at: tc.at, mode: tc.mode}
			r, err := upektcimg.Open(f, dev.VID, dev.PID, upektcimg.Options{})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			s, err := r.Capture(ctx, nil)
			if !errors.Is(err, tc.want) || s != nil {
				t.Fatalf("Capture() = %v, %v, want %v", s, err, tc.want)
			}
			if tc.mode != "unplug" && !f.deinitSent() {
				t.Error("no deinit after the fault: the coprocessor was left scanning")
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

// A person who never swipes: cancelling the wait ends Capture with the
// cancellation (not a reader fault), deinit still goes out, and nothing
// but WaitingForFinger was reported.
func TestCancelWhileWaitingForFinger(t *testing.T) {
	rep, dev, _ := recording(t)
	f := &faulty{Transport: rep, at: 7, mode: "silent"}
	r, err := upektcimg.Open(f, dev.VID, dev.PID, upektcimg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	events := make(chan device.Event, 4)
	_, err = r.Capture(ctx, events)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, device.ErrTimeout) {
		t.Fatalf("err = %v, want the caller's deadline alone", err)
	}
	if !f.deinitSent() {
		t.Error("no deinit after the cancellation")
	}
	if e := <-events; e.Kind != device.WaitingForFinger {
		t.Errorf("first event %v", e.Kind)
	}
	if len(events) != 0 {
		t.Errorf("events after waiting: %v", <-events)
	}
}

func TestOpenRefusesOtherIDs(t *testing.T) {
	if _, err := upektcimg.Open(nil, 0x147e, 0x2017, upektcimg.Options{}); !errors.Is(err, device.ErrUnsupported) {
		t.Errorf("Open(147e:2017) error = %v, want ErrUnsupported", err)
	}
}

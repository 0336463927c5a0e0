package aes2501_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/aes2501"
	"aalogon/device/internal/faultusb"
	"aalogon/device/usb"
)

// In the recording the 711th to 758th reads are the 48 strips; the 2nd is
// the register dump of the calibration poll.
func TestFaults(t *testing.T) {
	cases := []struct {
		name string
		at   int
		mode faultusb.Mode
		want error
	}{
		{"unplugged mid-swipe", 740, faultusb.Unplug, device.ErrUnplugged},
		{"short strip", 730, faultusb.Short, device.ErrProtocol},
		{"garbled strip", 720, faultusb.Garbage, device.ErrProtocol},
		{"register dump never comes", 2, faultusb.Stall, device.ErrTimeout},
		{"unplugged while waiting for a finger", 100, faultusb.Unplug, device.ErrUnplugged},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			rep, dev, err := usb.OpenRecording(recording(t))
			if err != nil {
				t.Fatal(err)
			}
			f := &faultusb.Transport{Transport: rep, At: tc.at, Mode: tc.mode}
			r, err := aes2501.Open(f, device.Info{VID: dev.VID, PID: dev.PID}, aes2501.Options{})
			if err != nil {
				t.Fatal(err)
			}
			aes2501.SetTransferTimeout(r, 200*time.Millisecond)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			s, err := r.Capture(ctx, nil)
			if !errors.Is(err, tc.want) || s != nil {
				t.Fatalf("Capture() = %v, %v, want %v", s, err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "aes2501: ") {
				t.Errorf("error %q does not name the driver", err)
			}
			// The sensor measures one-shot: a driver that gives up sends
			// nothing more and leaves it idle.
			if n := f.After(); n != 0 {
				t.Errorf("%d transfers after the fault", n)
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

// noFinger is a sensor nobody touches: every read is a blank histogram.
type noFinger struct{}

func (noFinger) Control(context.Context, usb.Setup, []byte) (int, error) { return 0, nil }
func (noFinger) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	return blank(make([]byte, n)), nil
}
func (noFinger) Close() error { return nil }

type blank []byte

func (b blank) Wait(ctx context.Context) ([]byte, error) { return b, ctx.Err() }
func (blank) Cancel()                                    {}

func TestCancelWhileWaitingForFinger(t *testing.T) {
	r, err := aes2501.Open(noFinger{}, device.Info{VID: 0x08ff, PID: 0x2500}, aes2501.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	events := make(chan device.Event, 4)
	_, err = r.Capture(ctx, events)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, device.ErrTimeout) {
		t.Fatalf("err = %v, want the caller's deadline, not a reader timeout", err)
	}
	if e := <-events; e.Kind != device.WaitingForFinger || e.Reader.Name != "AuthenTec AES2500" {
		t.Errorf("first event %v from %q", e.Kind, e.Reader.Name)
	}
	if len(events) != 0 {
		t.Errorf("events after waiting: %v", (<-events).Kind)
	}
}

func TestOpenRefusesAnotherReader(t *testing.T) {
	_, err := aes2501.Open(noFinger{}, device.Info{VID: 0x08ff, PID: 0x5731}, aes2501.Options{})
	if !errors.Is(err, device.ErrUnsupported) {
		t.Errorf("err = %v, want ErrUnsupported", err)
	}
}

package egis0570_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/egis0570"
	"aalogon/device/internal/faultusb"
	"aalogon/device/usb"
)

// In the recording the 23rd read brings the background; then each round is
// three command replies and five frames, the finger showing in the last
// rounds (227 reads in all).
func TestFaults(t *testing.T) {
	cases := []struct {
		name string
		at   int
		mode faultusb.Mode
		want error
	}{
		{"unplugged mid-swipe", 223, faultusb.Unplug, device.ErrUnplugged},
		{"short frames", 227, faultusb.Short, device.ErrProtocol},
		{"garbled command reply", 130, faultusb.Garbage, device.ErrProtocol},
		{"command reply never comes", 2, faultusb.Stall, device.ErrTimeout},
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
			r, err := egis0570.Open(f, device.Info{VID: dev.VID, PID: dev.PID}, egis0570.Options{})
			if err != nil {
				t.Fatal(err)
			}
			egis0570.SetTransferTimeout(r, 200*time.Millisecond)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			s, err := r.Capture(ctx, nil)
			if !errors.Is(err, tc.want) || s != nil {
				t.Fatalf("Capture() = %v, %v, want %v", s, err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "egis0570: ") {
				t.Errorf("error %q does not name the driver", err)
			}
			// The sensor keeps no state between rounds: a driver that gives
			// up sends nothing more and leaves it idle.
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

// noFinger is a sensor nobody touches: replies say SIGE, frames are blank.
type noFinger struct{}

func (noFinger) Control(context.Context, usb.Setup, []byte) (int, error) { return 0, nil }
func (noFinger) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	return blank(make([]byte, n)), nil
}
func (noFinger) Close() error { return nil }

type blank []byte

func (b blank) Wait(ctx context.Context) ([]byte, error) {
	copy(b, "SIGE")
	return b, ctx.Err()
}
func (blank) Cancel() {}

func TestCancelWhileWaitingForFinger(t *testing.T) {
	r, err := egis0570.Open(noFinger{}, device.Info{VID: 0x1c7a, PID: 0x0571}, egis0570.Options{})
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
	if e := <-events; e.Kind != device.WaitingForFinger || e.Reader.Name != "Egis Technology (LighTuning) 0571" {
		t.Errorf("first event %v from %q", e.Kind, e.Reader.Name)
	}
	if len(events) != 0 {
		t.Errorf("events after waiting: %v", (<-events).Kind)
	}
}

func TestOpenRefusesAnotherReader(t *testing.T) {
	_, err := egis0570.Open(noFinger{}, device.Info{VID: 0x1c7a, PID: 0x0572}, egis0570.Options{})
	if !errors.Is(err, device.ErrUnsupported) {
		t.Errorf("err = %v, want ErrUnsupported", err)
	}
}

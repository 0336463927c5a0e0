package elan_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/elan"
	"aalogon/device/internal/faultusb"
	"aalogon/device/usb"
)

var stop = []byte{0x00, 0x0b}

// In the recording the reads are: firmware, size, background, calibration
// mean, six calibration polls, the second background and mean, then from
// the 13th a finger check and a frame in turn, ten times.
func TestFaults(t *testing.T) {
	cases := []struct {
		name     string
		at       int
		mode     faultusb.Mode
		want     error
		stopSent bool
	}{
		{"unplugged mid-swipe", 21, faultusb.Unplug, device.ErrUnplugged, true},
		{"short frame", 16, faultusb.Short, device.ErrProtocol, true},
		{"garbled finger check", 13, faultusb.Garbage, device.ErrProtocol, true},
		{"unplugged while calibrating", 7, faultusb.Unplug, device.ErrUnplugged, true},
		{"size never comes", 2, faultusb.Stall, device.ErrTimeout, false},
	}
	dir := recording(t)
	recs, err := usb.ReadIoctl(filepath.Join(dir, "capture.ioctl"))
	if err != nil {
		t.Fatal(err)
	}
	dev, err := usb.ReadDeviceFile(filepath.Join(dir, "device"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			// The stop after a fault leaves the recording: let the replay
			// say so quickly.
			rep := usb.NewReplay(recs, usb.ReplayOptions{EndpointTypes: dev.EndpointTypes, Stall: 100 * time.Millisecond})
			f := &faultusb.Transport{Transport: rep, At: tc.at, Mode: tc.mode}
			r, err := elan.Open(f, device.Info{VID: dev.VID, PID: dev.PID}, elan.Options{})
			if err != nil {
				t.Fatal(err)
			}
			elan.SetTransferTimeout(r, 200*time.Millisecond)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			s, err := r.Capture(ctx, nil)
			if !errors.Is(err, tc.want) || s != nil {
				t.Fatalf("Capture() = %v, %v, want %v", s, err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "elan: ") {
				t.Errorf("error %q does not name the driver", err)
			}
			sent := f.Sent()
			if tc.stopSent && (len(sent) != 1 || !bytes.Equal(sent[0], stop)) {
				t.Errorf("after the fault the driver sent % x, want only the stop command", sent)
			}
			if !tc.stopSent && len(sent) != 0 {
				t.Errorf("after a failed activation the driver sent % x, want nothing", sent)
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

// idle is a calibrated sensor nobody touches: old firmware (no
// self-calibration), 96×96, and finger checks that time out, or with
// empty set that end at once without a byte.
type idle struct {
	sent  chan []byte
	empty bool
}

func (i idle) Control(context.Context, usb.Setup, []byte) (int, error) { return 0, nil }
func (i idle) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	if ep&0x80 == 0 {
		select {
		case i.sent <- append([]byte(nil), data...):
		default:
		}
	}
	return &idleTransfer{ep: ep, n: n, empty: i.empty}, nil
}
func (i idle) Close() error { return nil }

type idleTransfer struct {
	ep    uint8
	n     int
	empty bool
}

func (t *idleTransfer) Wait(ctx context.Context) ([]byte, error) {
	switch {
	case t.ep&0x80 == 0:
		return nil, nil
	case t.n == 1 && t.empty:
		return []byte{}, nil
	case t.n == 1: // the finger check: nothing until the deadline
		<-ctx.Done()
		return nil, fmt.Errorf("%w: %w", usb.ErrCancelled, ctx.Err()) // as both transports say it
	case t.n == 2: // firmware 0x0100
		return []byte{0x01, 0x00}, nil
	case t.n == 4: // 96×96
		return []byte{0x60, 0, 0x60, 0}, nil
	}
	return make([]byte, t.n), nil
}
func (t *idleTransfer) Cancel() {}

// Cancelling while the sensor waits for a finger returns the caller's
// cancellation and still switches the sensor off.
func TestCancelWhileWaitingForFinger(t *testing.T) {
	tr := idle{sent: make(chan []byte, 64)}
	r, err := elan.Open(tr, device.Info{VID: 0x04f3, PID: 0x0c03}, elan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	events := make(chan device.Event, 4)
	_, err = r.Capture(ctx, events)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, device.ErrTimeout) {
		t.Fatalf("err = %v, want the caller's deadline, not a reader timeout", err)
	}
	if e := <-events; e.Kind != device.WaitingForFinger || e.Reader.Name != "ElanTech Fingerprint Sensor 0c03" {
		t.Errorf("first event %v from %q", e.Kind, e.Reader.Name)
	}
	close(tr.sent)
	var last []byte
	for b := range tr.sent {
		last = b
	}
	if !bytes.Equal(last, stop) {
		t.Errorf("last command % x, want the stop command", last)
	}
}

func TestOpenRefusesAnotherReader(t *testing.T) {
	_, err := elan.Open(idle{}, device.Info{VID: 0x04f3, PID: 0x0c99}, elan.Options{})
	if !errors.Is(err, device.ErrUnsupported) {
		t.Errorf("err = %v, want ErrUnsupported", err)
	}
}

// An empty reply to a finger check is how umockdev replays the recorded
// timeout, and libfprint's emulation mode takes it as the end of the swipe;
// from real hardware it is a protocol error.
func TestEmptyFingerReplyIsAnErrorUnlessReplaying(t *testing.T) {
	info := device.Info{VID: 0x04f3, PID: 0x0c26}
	r, _ := elan.Open(idle{sent: make(chan []byte, 64), empty: true}, info, elan.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := r.Capture(ctx, nil); !errors.Is(err, device.ErrProtocol) {
		t.Errorf("hardware: err = %v, want ErrProtocol", err)
	}
	// Replaying, no frames came: the swipe was too short, so the driver
	// calibrates and waits again until the caller gives up.
	r, _ = elan.Open(idle{sent: make(chan []byte, 64), empty: true}, info, elan.Options{Replay: true})
	ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := r.Capture(ctx, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("replay: err = %v, want the caller's deadline", err)
	}
}

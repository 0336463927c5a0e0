package elan_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/elan"
	"aalogon/device/internal/drivertest"
	"aalogon/device/usb"
)

var stop = []byte{0x00, 0x0b}

// In the recording the reads are: firmware, size, background, calibration
// mean, six calibration polls, the second background and mean, then from
// the 13th a finger check and a frame in turn, ten times.
func TestFaults(t *testing.T) {
	fault := func(name string, at int, b drivertest.Break, want error, stopSent bool) drivertest.FaultCase {
		return drivertest.FaultCase{Name: name, Fault: drivertest.Fault{Nth: at, Break: b}, Want: want,
			Check: func(t *testing.T, f *drivertest.Transport) {
				sent := f.WritesAfter()
				if stopSent && (len(sent) != 1 || !bytes.Equal(sent[0], stop)) {
					t.Errorf("after the fault the driver sent % x, want only the stop command", sent)
				}
				if !stopSent && len(sent) != 0 {
					t.Errorf("after a failed activation the driver sent % x, want nothing", sent)
				}
			}}
	}
	recs, dev := drivertest.Records(t, "elan")
	drivertest.Faults{
		Recording: "elan",
		// The stop after a fault leaves the recording: let the replay say
		// so quickly.
		Replay: func(*testing.T) usb.Transport {
			return usb.NewReplay(recs, usb.ReplayOptions{EndpointTypes: dev.EndpointTypes, Stall: 100 * time.Millisecond})
		},
		Open: func(tr usb.Transport, dev *usb.DeviceFile) (device.Reader, error) {
			r, err := elan.Open(tr, drivertest.Info(dev), elan.Options{})
			if err == nil {
				elan.SetTransferTimeout(r, 200*time.Millisecond)
			}
			return r, err
		},
		Timeout: 20 * time.Second,
		Prefix:  "elan: ",
	}.Run(t, []drivertest.FaultCase{
		fault("unplugged mid-swipe", 21, drivertest.Unplug, device.ErrUnplugged, true),
		fault("short frame", 16, drivertest.Short, device.ErrProtocol, true),
		fault("garbled finger check", 13, drivertest.Garbage, device.ErrProtocol, true),
		fault("unplugged while calibrating", 7, drivertest.Unplug, device.ErrUnplugged, true),
		fault("size never comes", 2, drivertest.Hang, device.ErrTimeout, false),
	})
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
	if e := drivertest.GiveUp(t, r, 300*time.Millisecond); e.Reader.Name != "ElanTech Fingerprint Sensor 0c03" {
		t.Errorf("event from %q", e.Reader.Name)
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

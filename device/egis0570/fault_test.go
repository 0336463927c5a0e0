package egis0570_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/egis0570"
	"aalogon/device/internal/drivertest"
	"aalogon/device/usb"
)

// In the recording the 23rd read brings the background; then each round is
// three command replies and five frames, the finger showing in the last
// rounds (227 reads in all).
func TestFaults(t *testing.T) {
	drivertest.Faults{
		Recording: "egis0570",
		Open: func(tr usb.Transport, dev *usb.DeviceFile) (device.Reader, error) {
			r, err := egis0570.Open(tr, drivertest.Info(dev), egis0570.Options{})
			if err == nil {
				egis0570.SetTransferTimeout(r, 200*time.Millisecond)
			}
			return r, err
		},
		Timeout: 20 * time.Second,
		Prefix:  "egis0570: ",
		// The sensor keeps no state between rounds: a driver that gives
		// up sends nothing more and leaves it idle.
		Check: drivertest.NothingAfter,
	}.Run(t, []drivertest.FaultCase{
		{Name: "unplugged mid-swipe", Fault: drivertest.Fault{Nth: 223, Break: drivertest.Unplug}, Want: device.ErrUnplugged},
		{Name: "short frames", Fault: drivertest.Fault{Nth: 227, Break: drivertest.Short}, Want: device.ErrProtocol},
		{Name: "garbled command reply", Fault: drivertest.Fault{Nth: 130, Break: drivertest.Garbage}, Want: device.ErrProtocol},
		{Name: "command reply never comes", Fault: drivertest.Fault{Nth: 2, Break: drivertest.Hang}, Want: device.ErrTimeout},
		{Name: "unplugged while waiting for a finger", Fault: drivertest.Fault{Nth: 100, Break: drivertest.Unplug}, Want: device.ErrUnplugged},
	})
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
	if e := drivertest.GiveUp(t, r, 200*time.Millisecond); e.Reader.Name != "Egis Technology (LighTuning) 0571" {
		t.Errorf("event from %q", e.Reader.Name)
	}
}

func TestOpenRefusesAnotherReader(t *testing.T) {
	_, err := egis0570.Open(noFinger{}, device.Info{VID: 0x1c7a, PID: 0x0572}, egis0570.Options{})
	if !errors.Is(err, device.ErrUnsupported) {
		t.Errorf("err = %v, want ErrUnsupported", err)
	}
}

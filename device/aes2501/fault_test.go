package aes2501_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/aes2501"
	"aalogon/device/internal/drivertest"
	"aalogon/device/usb"
)

// In the recording the 711th to 758th reads are the 48 strips; the 2nd is
// the register dump of the calibration poll.
func TestFaults(t *testing.T) {
	drivertest.Faults{
		Recording: "aes2501",
		Open: func(tr usb.Transport, dev *usb.DeviceFile) (device.Reader, error) {
			r, err := aes2501.Open(tr, drivertest.Info(dev), aes2501.Options{})
			if err == nil {
				aes2501.SetTransferTimeout(r, 200*time.Millisecond)
			}
			return r, err
		},
		Timeout: 20 * time.Second,
		Prefix:  "aes2501: ",
		// The sensor measures one-shot: a driver that gives up sends
		// nothing more and leaves it idle.
		Check: drivertest.NothingAfter,
	}.Run(t, []drivertest.FaultCase{
		{Name: "unplugged mid-swipe", Fault: drivertest.Fault{Nth: 740, Break: drivertest.Unplug}, Want: device.ErrUnplugged},
		{Name: "short strip", Fault: drivertest.Fault{Nth: 730, Break: drivertest.Short}, Want: device.ErrProtocol},
		{Name: "garbled strip", Fault: drivertest.Fault{Nth: 720, Break: drivertest.Garbage}, Want: device.ErrProtocol},
		{Name: "register dump never comes", Fault: drivertest.Fault{Nth: 2, Break: drivertest.Hang}, Want: device.ErrTimeout},
		{Name: "unplugged while waiting for a finger", Fault: drivertest.Fault{Nth: 100, Break: drivertest.Unplug}, Want: device.ErrUnplugged},
	})
}

// noFinger is a sensor nobody touches: every read is a blank histogram.
type noFinger struct{}

func (noFinger) Control(context.Context, usb.Setup, []byte) (int, error) { return 0, nil }
func (noFinger) Submit(ep uint8, n int, data []byte) (usb.Transfer, error) {
	return drivertest.Reply(make([]byte, n)), nil
}
func (noFinger) Close() error { return nil }

func TestCancelWhileWaitingForFinger(t *testing.T) {
	r, err := aes2501.Open(noFinger{}, device.Info{VID: 0x08ff, PID: 0x2500}, aes2501.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if e := drivertest.GiveUp(t, r, 200*time.Millisecond); e.Reader.Name != "AuthenTec AES2500" {
		t.Errorf("event from %q", e.Reader.Name)
	}
}

func TestOpenRefusesAnotherReader(t *testing.T) {
	_, err := aes2501.Open(noFinger{}, device.Info{VID: 0x08ff, PID: 0x5731}, aes2501.Options{})
	if !errors.Is(err, device.ErrUnsupported) {
		t.Errorf("err = %v, want ErrUnsupported", err)
	}
}
